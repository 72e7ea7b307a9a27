package io.kanban.cli.command;

import io.kanban.core.Claims;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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

    @Option(names = "--force", description = "Hand it over even though its worker is alive (a person's override).")
    boolean force;

    @Override
    int execute() {
        Claims.ReviewRequest request = new Claims.ReviewRequest(summary, reviewer, metadata, workerRunId(), force);
        return Bulk.apply(this, java.util.List.of(id), "review requested for",
                t -> usage(() -> board().claims().requestReview(t, request)));
    }
}
