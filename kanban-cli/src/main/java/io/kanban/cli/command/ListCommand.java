package io.kanban.cli.command;

import io.kanban.cli.render.Table;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import io.kanban.core.model.TaskFilter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code kanban list} command: List tasks by priority, then age. Archived tasks only with --archived. */
@Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true,
        description = "List tasks by priority, then age. Archived tasks only with --archived.")
public final class ListCommand extends BoardCommand {
    @Option(names = "--assignee", paramLabel = "PROFILE", description = "Only this profile's tasks.")
    String assignee;

    @Option(names = "--mine", description = "Only tasks of $HERMES_PROFILE.")
    boolean mine;

    @Option(names = "--status", paramLabel = "STATUS", converter = StatusConverter.class, split = ",",
            description = "Only these statuses (repeatable or comma-separated).")
    List<Status> statuses;

    @Option(names = "--archived", description = "Include archived tasks.")
    boolean archived;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0", description = "At most N tasks (0: all).")
    int limit;

    @Override
    int execute() {
        String who = assignee;
        if (mine) {
            who = root().env().get("HERMES_PROFILE");
            if (who == null || who.isBlank()) {
                throw new io.kanban.cli.UsageFailure("--mine needs $HERMES_PROFILE to be set");
            }
        }
        Set<Status> wanted = statuses == null ? Set.of() : new HashSet<>(statuses);
        List<Task> tasks = board().tasks().list(new TaskFilter(wanted, who, null, archived, Math.max(0, limit)));
        if (json()) {
            printJson(tasks);
            return 0;
        }
        if (tasks.isEmpty()) {
            out().println("no tasks");
            return 0;
        }
        // A due column only when a scheduled task is listed, so other listings keep their shape.
        boolean due = false;
        for (Task t : tasks) {
            due |= t.status() == Status.SCHEDULED;
        }
        Table table = due ? new Table("ID", "STATUS", "PRI", "ASSIGNEE", "DUE", "TITLE")
                : new Table("ID", "STATUS", "PRI", "ASSIGNEE", "TITLE");
        for (Task t : tasks) {
            if (due) {
                table.row(t.id(), t.status().wire(), t.priority(), t.assignee(),
                        t.status() == Status.SCHEDULED ? dueText(t) : null, t.title());
            } else {
                table.row(t.id(), t.status().wire(), t.priority(), t.assignee(), t.title());
            }
        }
        table.print(out());
        return 0;
    }

    /** A scheduled task without a due time waits for a person, as in the reference. */
    private static String dueText(Task t) {
        return t.scheduledUntil() == null ? "unblock" : time(t.scheduledUntil());
    }
}
