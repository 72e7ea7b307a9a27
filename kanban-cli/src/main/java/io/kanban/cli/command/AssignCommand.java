package io.kanban.cli.command;

import io.kanban.core.model.Task;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The {@code kanban assign} command: Give a task to a worker profile; none, - or null unassigns it. Refused while
 * it runs.
 */
@Command(name = "assign", mixinStandardHelpOptions = true,
        description = "Give a task to a worker profile; none, - or null unassigns it. Refused while it runs.")
public final class AssignCommand extends BoardCommand {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Parameters(index = "1", paramLabel = "PROFILE")
    String profile;

    @Override
    int execute() {
        Task t = board().tasks().assign(id, Unassigned.means(profile) ? null : profile);
        if (json()) {
            printJson(about(t));
        } else {
            out().println(t.assignee() == null ? "unassigned " + t.id() : "assigned " + t.id() + " to " + t.assignee());
        }
        return 0;
    }
}
