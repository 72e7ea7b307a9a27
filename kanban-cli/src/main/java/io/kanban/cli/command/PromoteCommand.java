package io.kanban.cli.command;

import io.kanban.core.model.Task;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code kanban promote} command: Move todo or blocked tasks to ready, only when every parent is done or
 * archived.
 */
@Command(name = "promote", mixinStandardHelpOptions = true,
        description = {"Move todo or blocked tasks to ready, only when every parent is done or archived.",
                "A refusal names each unfinished parent and its status."})
public final class PromoteCommand extends BoardCommand {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "REASON", description = "Why, as words.")
    List<String> words = new ArrayList<>();

    @Option(names = "--ids", arity = "1..*", paramLabel = "ID", description = "More tasks to promote.")
    List<String> more = new ArrayList<>();

    @Option(names = "--dry-run", description = "Only check whether it could be promoted; change nothing.")
    boolean dryRun;

    @Override
    int execute() {
        String why = words.isEmpty() ? null : String.join(" ", words);
        String actor = root().env().get("HERMES_PROFILE");
        String who = actor == null || actor.isBlank() ? null : actor;
        List<String> ids = new ArrayList<>();
        ids.add(id);
        ids.addAll(more);
        if (dryRun && ids.size() == 1) {
            Task t = board().tasks().promote(id, why, who, true);
            if (json()) {
                var doc = about(t);
                doc.put("dry_run", true);
                printJson(doc);
            } else {
                out().println("would promote " + t.id() + " (" + t.status().wire() + " -> ready)");
            }
            return 0;
        }
        return Bulk.apply(this, ids, dryRun ? "would promote" : "promoted",
                t -> board().tasks().promote(t, why, who, dryRun));
    }
}
