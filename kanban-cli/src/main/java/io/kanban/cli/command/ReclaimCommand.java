package io.kanban.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code kanban reclaim} command: Take a running task back from its worker: the run closes as reclaimed, the
 * dispatcher stops
 */
@Command(name = "reclaim", mixinStandardHelpOptions = true,
        description = {"Take a running task back from its worker: the run closes as reclaimed, the dispatcher stops",
                "the worker, the failure count resets; the task returns to ready (review for a reviewer's run)."})
public final class ReclaimCommand extends BoardCommand {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, kept on the run and the event.")
    String reason;

    @Override
    int execute() {
        return Bulk.apply(this, java.util.List.of(id), "reclaimed", t -> board().tasks().reclaim(t, reason));
    }
}
