package io.kanban.cli.command;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code kanban reopen-review} command: Take tasks out of review, back to their implementer: ready (todo while
 * a parent is open).
 */
@Command(name = "reopen-review", mixinStandardHelpOptions = true,
        description = "Take tasks out of review, back to their implementer: ready (todo while a parent is open).")
public final class ReopenReviewCommand extends BoardCommand {
    @Parameters(arity = "1..*", paramLabel = "ID")
    List<String> ids;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, kept on the event.")
    String reason;

    @Override
    int execute() {
        return Bulk.apply(this, ids, "reopened", t -> board().tasks().reopenReview(t, reason));
    }
}
