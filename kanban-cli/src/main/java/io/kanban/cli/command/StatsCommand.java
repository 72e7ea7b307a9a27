package io.kanban.cli.command;

import io.kanban.cli.render.Table;
import io.kanban.core.model.BoardStats;
import io.kanban.core.model.StuckTask;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

@Command(name = "stats", mixinStandardHelpOptions = true,
        description = {"Counts per status and per assignee, how long the oldest ready task has waited (since it",
                "became ready), and the ready tasks a dispatcher reported as stuck, with the cause."})
public final class StatsCommand extends BoardCommand {
    @Override
    int execute() {
        BoardStats s = board().tasks().stats();
        if (json()) {
            printJson(s);
        } else {
            print(out(), s);
        }
        return 0;
    }

    static void print(PrintWriter out, BoardStats s) {
        Table statuses = new Table("STATUS", "TASKS");
        s.byStatus().forEach(statuses::row);
        if (statuses.isEmpty()) {
            out.println("no tasks");
        } else {
            statuses.print(out);
        }
        if (!s.byAssignee().isEmpty()) {
            out.println();
            Table who = new Table("ASSIGNEE", "TASKS");
            for (Map.Entry<String, Map<String, Long>> e : s.byAssignee().entrySet()) {
                who.row(e.getKey(), e.getValue().entrySet().stream().map(x -> x.getKey() + "=" + x.getValue())
                        .collect(Collectors.joining(" ")));
            }
            who.print(out);
        }
        out.println();
        out.println("oldest ready task waiting: "
                + (s.oldestReadyAgeSeconds() == null ? "none ready" : s.oldestReadyAgeSeconds() + "s"));
        printStuck(out, s.stuck());
    }

    static void printStuck(PrintWriter out, List<StuckTask> stuck) {
        if (stuck.isEmpty()) {
            return;
        }
        out.println();
        out.println("stuck ready tasks (no worker started past the threshold):");
        Table table = new Table("ID", "SINCE", "CAUSE", "DETAIL");
        stuck.forEach(t -> table.row(t.taskId(), time(t.readySince()), t.cause().wire(), t.detail() == null ? "-"
                : t.detail()));
        table.print(out);
    }
}
