package io.kanban.cli.command;

import io.kanban.cli.UsageFailure;
import io.kanban.core.Events;
import io.kanban.core.model.BoardStats;
import io.kanban.core.model.Event;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import io.kanban.core.model.TaskFilter;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code kanban watch} command: A live board summary (counts, running tasks, latest events), redrawn as events
 * arrive. Ctrl-C exits.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "A live board summary (counts, running tasks, latest events), redrawn as events arrive. Ctrl-C exits.")
public final class WatchCommand extends BoardCommand {
    static final int RECENT = 12;
    /** Events read back at start to fill the list (ids are sparse on PostgreSQL: this counts events, not ids). */
    static final int BACKLOG = 200;
    static final String CLEAR = "\033[H\033[2J";

    @Option(names = "--assignee", paramLabel = "PROFILE", description = "Only this profile's running tasks and events.")
    String assignee;

    @Option(names = "--kinds", paramLabel = "KIND,KIND", description = "Only these event kinds, as in claimed,completed.")
    String kinds;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "0.5",
            description = "Seconds between polls (default 0.5).")
    double interval;

    @Override
    int execute() {
        if (interval <= 0) {
            throw new UsageFailure("--interval must be positive");
        }
        Set<String> onlyKinds = kinds == null ? Set.of() : new HashSet<>(Arrays.asList(kinds.split(",")));
        Deque<Event> recent = new ArrayDeque<>();
        long cursor = board().events().cursorBefore(BACKLOG);
        boolean first = true;
        long sleepMillis = Math.max(10, (long) (interval * 1000));
        while (!Thread.currentThread().isInterrupted()) {
            List<Event> page = board().events().since(cursor, Events.MAX_PAGE);
            for (Event e : page) {
                cursor = e.id();
                if ((onlyKinds.isEmpty() || onlyKinds.contains(e.kind())) && mine(e)) {
                    recent.addLast(e);
                    if (recent.size() > RECENT) {
                        recent.removeFirst();
                    }
                }
            }
            if (first || !page.isEmpty()) {
                draw(recent);
                first = false;
            }
            try {
                Thread.sleep(sleepMillis);
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
            }
        }
        return 0;
    }

    private boolean mine(Event e) {
        if (assignee == null) {
            return true;
        }
        try {
            return assignee.equals(board().tasks().get(e.taskId()).assignee());
        } catch (io.kanban.core.error.KanbanException gone) {
            return false;
        }
    }

    private void draw(Deque<Event> recent) {
        PrintWriter out = out();
        BoardStats stats = board().tasks().stats();
        out.print(CLEAR);
        out.println("kanban watch  " + time(board().options().clock().instant()) + "  (" + io.kanban.core.BoardLocation.shown(board().location())
                + ")");
        StringBuilder counts = new StringBuilder();
        for (Status s : Status.values()) {
            Long n = stats.byStatus().get(s.wire());
            if (n != null && n > 0) {
                counts.append(s.wire()).append('=').append(n).append("  ");
            }
        }
        out.println(counts.length() == 0 ? "no tasks" : counts.toString().stripTrailing());
        out.println();
        TaskFilter running = TaskFilter.all().withStatus(Status.RUNNING).withAssignee(assignee).withLimit(20);
        List<Task> tasks = board().tasks().list(running);
        out.println("running (" + tasks.size() + (tasks.size() == 20 ? "+" : "") + "):");
        tasks.forEach(t -> out.println("  " + t.id() + "  " + (t.assignee() == null ? "-" : t.assignee()) + "  "
                + t.title()));
        out.println();
        out.println("latest events:");
        recent.forEach(e -> out.println("  " + TailCommand.line(e)));
        out.flush();
    }
}
