package io.kanban.cli.command;

import io.kanban.core.model.Task;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code kanban reassign} command: Give a task to another profile, with a fresh failure count. A running task
 * only with
 */
@Command(name = "reassign", mixinStandardHelpOptions = true,
        description = {"Give a task to another profile, with a fresh failure count. A running task only with",
                "--reclaim, which takes it back from its worker first."})
public final class ReassignCommand extends BoardCommand {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Parameters(index = "1", paramLabel = "PROFILE")
    String profile;

    @Option(names = "--reclaim", description = "Reclaim a running task first.")
    boolean reclaim;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, kept on the event.")
    String reason;

    @Override
    int execute() {
        Task t = usage(() -> board().tasks().reassign(id, Unassigned.means(profile) ? null : profile, reclaim,
                reason));
        if (json()) {
            printJson(about(t));
        } else {
            out().println(t.assignee() == null ? "unassigned " + t.id()
                    : "reassigned " + t.id() + " to " + t.assignee() + " (" + t.status().wire() + ")");
        }
        return 0;
    }
}
