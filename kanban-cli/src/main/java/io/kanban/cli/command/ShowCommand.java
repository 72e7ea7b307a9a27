package io.kanban.cli.command;

import io.kanban.cli.render.Table;
import io.kanban.core.model.Comment;
import io.kanban.core.model.Event;
import io.kanban.core.model.Run;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import io.kanban.core.model.TaskDetail;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** The {@code kanban show} command: Show a task with its parents, children, comments, runs and latest events. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show a task with its parents, children, comments, runs and latest events.")
public final class ShowCommand extends BoardCommand {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Override
    int execute() {
        TaskDetail d = board().tasks().detail(id);
        if (json()) {
            printJson(d);
            return 0;
        }
        PrintWriter out = out();
        // Why a card that is not ready waits: "waiting for t_x (running, coder)", one line per open parent.
        List<String> waiting = ready(d.task()) ? List.of() : board().tasks().waitingFor(id);
        printTask(out, d.task(), waiting);
        if (!d.parents().isEmpty()) {
            out.println();
            out.println("parents:");
            d.parents().forEach(p -> out.println("  " + p.id() + "  " + p.status().wire() + "  " + p.title()));
        }
        if (!d.children().isEmpty()) {
            out.println();
            out.println("children:");
            d.children().forEach(c -> out.println("  " + c.id() + "  " + c.status().wire() + "  " + c.title()));
        }
        if (!d.comments().isEmpty()) {
            out.println();
            out.println("comments:");
            for (Comment c : d.comments()) {
                out.println("  [" + time(c.createdAt()) + "] " + c.author() + ": " + c.body());
            }
        }
        if (!d.runs().isEmpty()) {
            out.println();
            out.println("runs:");
            printRuns(out, d.runs());
        }
        if (!d.events().isEmpty()) {
            out.println();
            out.println("events:");
            for (Event e : d.events()) {
                out.println("  #" + e.id() + "  " + time(e.createdAt()) + "  " + e.kind()
                        + (e.payload() == null ? "" : "  " + e.payload()));
            }
        }
        return 0;
    }

    private static boolean ready(Task t) {
        return t.status() == Status.READY || t.status() == Status.RUNNING || t.status() == Status.DONE
                || t.status() == Status.ARCHIVED;
    }

    static void printTask(PrintWriter out, Task t, List<String> waiting) {
        out.println(t.id() + "  " + t.title());
        field(out, "status", t.status().wire());
        field(out, "assignee", t.assignee());
        field(out, "priority", String.valueOf(t.priority()));
        field(out, "tenant", t.tenant());
        field(out, "workspace", t.workspace().toString());
        if (!t.skills().isEmpty()) {
            field(out, "skills", String.join(", ", t.skills()));
        }
        if (t.modelOverride() != null) {
            field(out, "model", t.modelOverride()
                    + (t.providerOverride() == null ? "" : " (provider " + t.providerOverride() + ")"));
        }
        if (t.reasoningEffort() != null) {
            field(out, "reasoning", t.reasoningEffort());
        }
        if (t.maxRuntime() != null) {
            field(out, "max runtime", t.maxRuntime().toSeconds() + "s");
        }
        field(out, "created", time(t.createdAt()) + (t.createdBy() == null ? "" : " by " + t.createdBy()));
        if (t.startedAt() != null) {
            field(out, "started", time(t.startedAt()));
        }
        if (t.completedAt() != null) {
            field(out, "completed", time(t.completedAt()));
        }
        if (t.claimLock() != null) {
            field(out, "claimed by", t.claimLock() + " until " + time(t.claimExpires()));
        }
        if (t.blockKind() != null) {
            field(out, "block kind", t.blockKind() + (t.blockRecurrences() > 0
                    ? " (recurrences: " + t.blockRecurrences() + ")" : ""));
        }
        if (t.scheduledUntil() != null) {
            field(out, "due", time(t.scheduledUntil()));
        }
        waiting.forEach(w -> out.println("  " + w));
        if (t.consecutiveFailures() > 0) {
            field(out, "failures", t.consecutiveFailures() + " (last: " + t.lastFailureError() + ")");
        }
        if (t.body() != null) {
            out.println();
            t.body().lines().forEach(line -> out.println("  " + line));
        }
        if (t.result() != null) {
            out.println();
            out.println("result:");
            t.result().lines().forEach(line -> out.println("  " + line));
        }
    }

    static void printRuns(PrintWriter out, java.util.List<Run> runs) {
        Table table = new Table("RUN", "PROFILE", "STATUS", "STARTED", "ENDED", "SUMMARY / ERROR");
        for (Run r : runs) {
            table.row(r.id(), r.profile(), r.status(), time(r.startedAt()), time(r.endedAt()),
                    r.summary() != null ? r.summary() : r.error());
        }
        table.print(out);
    }

    private static void field(PrintWriter out, String name, String value) {
        out.printf("  %-12s %s%n", name, value == null ? "-" : value);
    }
}
