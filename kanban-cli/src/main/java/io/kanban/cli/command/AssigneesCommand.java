package io.kanban.cli.command;

import io.kanban.cli.render.Table;
import io.kanban.core.model.AssigneeSummary;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

/** The {@code kanban assignees} command: Every profile with tasks on the board: counts per status and last activity. */
@Command(name = "assignees", mixinStandardHelpOptions = true,
        description = "Every profile with tasks on the board: counts per status and last activity.")
public final class AssigneesCommand extends BoardCommand {
    @Override
    int execute() {
        List<AssigneeSummary> roster = board().tasks().assignees();
        if (json()) {
            printJson(roster);
            return 0;
        }
        if (roster.isEmpty()) {
            out().println("no assignees");
            return 0;
        }
        Table table = new Table("ASSIGNEE", "RUNNING", "TASKS", "LAST ACTIVITY");
        for (AssigneeSummary a : roster) {
            String counts = a.byStatus().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(" "));
            table.row(a.assignee(), a.running(), counts, time(a.lastActivity()));
        }
        table.print(out());
        return 0;
    }
}
