package io.kanban.cli.command;

import io.kanban.core.model.Task;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code kanban heartbeat} command: Tell the board the worker on a running task is alive; pushes its claim a
 * full TTL ahead.
 */
@Command(name = "heartbeat", mixinStandardHelpOptions = true,
        description = "Tell the board the worker on a running task is alive; pushes its claim a full TTL ahead.")
public final class HeartbeatCommand extends BoardCommand {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Option(names = "--note", paramLabel = "TEXT", description = "What the worker is doing.")
    String note;

    @Override
    int execute() {
        Task t = board().claims().heartbeat(id, note, workerRunId());
        if (json()) {
            printJson(about(t));
        } else {
            out().println("heartbeat " + t.id() + " (claim until " + time(t.claimExpires()) + ")");
        }
        return 0;
    }
}
