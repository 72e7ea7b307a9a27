package io.kanban.cli.command;

import io.kanban.core.DueTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code kanban schedule} command: Park a task in scheduled (from todo, ready, running or blocked). */
@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = {"Park a task in scheduled (from todo, ready, running or blocked).",
                "Without --at it waits for `kanban unblock`, as in Hermes; with --at the dispatcher moves it to ready",
                "(todo while a parent is open) once it is due."})
public final class ScheduleCommand extends BoardCommand {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "REASON", description = "Why it waits, as words.")
    List<String> words = new ArrayList<>();

    @Option(names = "--at", paramLabel = "TIME",
            description = "When it is due: ISO-8601 (2026-01-05T10:00:00Z) or a delay (+90s, +30m, +2h, +1d).")
    String at;

    @Option(names = "--ids", arity = "1..*", paramLabel = "ID", description = "More tasks to schedule the same way.")
    List<String> more = new ArrayList<>();

    @Override
    int execute() {
        String why = words.isEmpty() ? null : String.join(" ", words);
        Instant due = at == null ? null : usage(() -> DueTime.parse(at, board().options().clock().instant()));
        Long run = workerRunId();
        List<String> ids = new ArrayList<>();
        ids.add(id);
        ids.addAll(more);
        return Bulk.apply(this, ids, "scheduled", t -> board().claims().schedule(t, why, due, run));
    }
}
