package io.kanban.cli.command;

import io.kanban.cli.UsageFailure;
import io.kanban.cli.render.JsonPrinter;
import io.kanban.core.Events;
import io.kanban.core.model.Event;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code kanban tail} command: Print the event log after a cursor (all tasks, or one); -f follows it live. */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = {"Print the event log after a cursor (all tasks, or one); -f follows it live.",
                "-f follows events written by any process until interrupted.",
                "With --json: an array, or with -f one JSON object per line."})
public final class TailCommand extends BoardCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "Only this task's events.")
    String id;

    @Option(names = "--since", paramLabel = "EVENT_ID", defaultValue = "0",
            description = "Start after this event id (default 0: from the beginning).")
    long since;

    @Option(names = {"-f", "--follow"}, description = "Keep following new events.")
    boolean follow;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "1.0",
            description = "With -f, the longest wait before looking again (default 1.0); new events end the wait early.")
    double interval;

    @Override
    int execute() throws Exception {
        if (interval <= 0 || since < 0) {
            throw new UsageFailure("--interval must be positive and --since zero or more");
        }
        if (id != null) {
            board().tasks().get(id);
        }
        long cursor = since;
        PrintWriter out = out();
        if (!follow) {
            List<Event> all = new ArrayList<>();
            for (List<Event> page = page(cursor); !page.isEmpty(); page = page(cursor)) {
                cursor = page.get(page.size() - 1).id();
                page.stream().filter(this::wanted).forEach(all::add);
            }
            if (json()) {
                printJson(all);
            } else {
                all.forEach(e -> out.println(line(e)));
            }
            return 0;
        }
        long sleepMillis = Math.max(10, (long) (interval * 1000));
        while (!Thread.currentThread().isInterrupted()) {
            List<Event> page = page(cursor);
            for (Event e : page) {
                cursor = e.id();
                if (wanted(e)) {
                    out.println(json() ? JsonPrinter.compact(e) : line(e));
                }
            }
            out.flush();
            if (page.size() < Events.MAX_PAGE) {
                try {
                    // Returns as soon as a newer event exists: at once on PostgreSQL (NOTIFY), within 100 ms on
                    // SQLite; the interval only bounds the wait.
                    board().events().awaitAfter(cursor, java.time.Duration.ofMillis(sleepMillis));
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        return 0;
    }

    private List<Event> page(long cursor) {
        return board().events().since(cursor, Events.MAX_PAGE);
    }

    private boolean wanted(Event e) {
        return id == null || id.equals(e.taskId());
    }

    static String line(Event e) {
        return "#" + e.id() + "  " + time(e.createdAt()) + "  " + e.taskId() + "  " + e.kind()
                + (e.runId() == null ? "" : "  run=" + e.runId()) + (e.payload() == null ? "" : "  " + e.payload());
    }
}
