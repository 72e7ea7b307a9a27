package io.kanban.cli.command;

import io.kanban.cli.UsageFailure;
import io.kanban.core.model.Completion;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code kanban complete} command: Mark tasks done; children whose parents are now all done become ready. */
@Command(name = "complete", mixinStandardHelpOptions = true,
        description = "Mark tasks done; children whose parents are now all done become ready.")
public final class CompleteCommand extends BoardCommand {
    @Parameters(arity = "1..*", paramLabel = "ID")
    List<String> ids;

    @Option(names = "--summary", paramLabel = "TEXT", description = "One to three sentences on what was done.")
    String summary;

    @Option(names = "--result", paramLabel = "TEXT", description = "The result children and people read.")
    String result;

    @Option(names = "--metadata", paramLabel = "JSON", converter = JsonObjectConverter.class,
            description = "A JSON object of facts about the run, as in {\"files\": 3}.")
    String metadata;

    @Option(names = "--artifact", paramLabel = "PATH",
            description = "A file in the task's scratch workspace to keep as an attachment; repeatable.")
    List<String> artifacts;

    @Option(names = "--force", description = "Complete even though its worker is alive (a person's override).")
    boolean force;

    @Override
    int execute() {
        if (ids.size() > 1 && (summary != null || metadata != null || artifacts != null)) {
            throw new UsageFailure("--summary, --metadata and --artifact describe one run; give a single ID");
        }
        Completion completion = new Completion(summary, result, metadata, workerRunId(), force);
        return Bulk.apply(this, ids, "completed", id -> {
            var finished = board().claims().finish(id, completion, artifacts, null);
            if (!finished.suspectedReferences().isEmpty()) {
                // Advisory, as in the reference: the card is done; stderr keeps stdout (and --json) unchanged.
                err().println("kanban: warning: " + id + ": the summary or result mentions "
                        + String.join(", ", finished.suspectedReferences())
                        + ", which name no card (on record as suspected_hallucinated_references)");
                err().flush();
            }
            return finished.task();
        });
    }
}
