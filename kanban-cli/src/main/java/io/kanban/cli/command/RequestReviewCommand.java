package io.kanban.cli.command;

import io.kanban.cli.UsageFailure;
import io.kanban.core.Claims;
import io.kanban.core.error.ValidationError;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code kanban request-review} command: Hand a running or ready task to review; a reviewer run claims it from
 * the review column.
 */
@Command(name = "request-review", mixinStandardHelpOptions = true,
        description = {"Hand a running or ready task to review; a reviewer run claims it from the review column.",
                "The implementer is recorded, so request-changes returns the task to them."})
public final class RequestReviewCommand extends BoardCommand {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Option(names = "--summary", required = true, paramLabel = "TEXT", description = "What is ready for review.")
    String summary;

    @Option(names = "--reviewer", paramLabel = "PROFILE",
            description = "The profile that reviews (default: the last one that requested changes, else unchanged).")
    String reviewer;

    @Option(names = "--metadata", paramLabel = "JSON", converter = JsonObjectConverter.class,
            description = "A JSON object of facts for the reviewer, as in {\"pr\": 12}.")
    String metadata;

    @Option(names = "--artifact", paramLabel = "PATH",
            description = "A file in the task's scratch workspace to hand the reviewer as an attachment; repeatable.")
    List<String> artifacts;

    @Option(names = "--force", description = "Hand it over even though its worker is alive (a person's override).")
    boolean force;

    @Override
    int execute() {
        Claims.ReviewRequest request = new Claims.ReviewRequest(summary, reviewer, metadata, workerRunId(), force);
        return Bulk.apply(this, List.of(id), "review requested for", t -> {
            try {
                return board().claims().requestReview(t, request, artifacts);
            } catch (ValidationError e) {
                // A reviewer that is no profile is a usage error (2), as in the reference; a missing or oversized
                // artifact is a refused hand-over (1), as on complete.
                if ("artifacts".equals(e.field())) {
                    throw e;
                }
                throw new UsageFailure(e.getMessage());
            }
        });
    }
}
