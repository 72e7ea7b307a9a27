package io.kanban.cli.command;

import io.kanban.cli.UsageFailure;
import io.kanban.cli.render.Table;
import io.kanban.core.Diagnostics.Query;
import io.kanban.core.dispatch.DispatchPolicy;
import io.kanban.core.model.Diagnostic;
import io.kanban.core.model.Diagnostic.Action;
import io.kanban.core.model.Diagnostic.Severity;
import io.kanban.core.spi.DispatcherProvider;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code kanban diagnostics} command: Problems with cards that a person can fix, most severe first, each with
 * the actions that fix it: repeated failures and crashes, cards blocked for a day or cycling between blocked and
 * unblocked, cards stranded in ready, running cards nobody reclaims.
 */
@Command(name = "diagnostics", mixinStandardHelpOptions = true,
        description = {"Problems with cards that a person can fix, most severe first, each with the actions that "
                + "fix it: repeated failures and crashes, cards blocked for a day or cycling between blocked and "
                + "unblocked, cards stranded in ready, running cards nobody reclaims."})
public final class DiagnosticsCommand extends BoardCommand {
    @Option(names = "--severity", paramLabel = "LEVEL",
            description = "Only this severity and above: info, warning or error.")
    String severity;

    @Option(names = "--task", paramLabel = "ID", description = "Only the diagnostics of this card.")
    String task;

    @Override
    int execute() {
        Query query = Query.all().withFailureLimit(failureLimit()).withTask(task);
        if (severity != null) {
            query = query.withMinSeverity(Severity.parse(severity).orElseThrow(() -> new UsageFailure(
                    "--severity must be info, warning or error, got '" + severity + "'")));
        }
        List<Diagnostic> found = board().diagnostics().list(query);
        if (json()) {
            printJson(Map.of("diagnostics", found));
        } else {
            print(out(), found);
        }
        return 0;
    }

    /** The dispatcher's configured failure limit, the threshold of repeated_failures. */
    private int failureLimit() {
        return DispatcherProvider.find().map(p -> p.configuredPolicy(root().env()).failureLimit())
                .orElse(DispatchPolicy.DEFAULT_FAILURE_LIMIT);
    }

    static void print(PrintWriter out, List<Diagnostic> found) {
        if (found.isEmpty()) {
            out.println("no diagnostics: nothing needs a person");
            return;
        }
        Table table = new Table("SEVERITY", "KIND", "TASK", "TITLE", "LAST SEEN");
        found.forEach(d -> table.row(d.severity().wire(), d.kind().wire(), d.taskId(), d.title(),
                time(d.lastSeenAt())));
        table.print(out);
        for (Diagnostic d : found) {
            out.println();
            out.println(d.taskId() + "  " + d.kind().wire() + ": " + d.detail());
            for (Action a : d.actions()) {
                out.println("  " + (a.suggested() ? "* " : "  ") + describe(a));
            }
        }
    }

    private static String describe(Action a) {
        return switch (a.kind()) {
            case "cli_hint" -> "run: " + a.payload().get("command");
            case "unblock" -> "unblock: kanban unblock " + a.payload().get("task_id");
            case "reclaim" -> "reclaim: kanban reclaim " + a.payload().get("task_id");
            case "reassign" -> "reassign: kanban assign " + a.payload().get("task_id") + " PROFILE";
            case "comment" -> "comment: kanban comment " + a.payload().get("task_id") + " TEXT";
            default -> a.kind() + ": " + a.label();
        };
    }
}
