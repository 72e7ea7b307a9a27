package io.kanban.cli.command;

import io.kanban.cli.UsageFailure;
import io.kanban.core.model.BlockKind;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code kanban block} command: Stop work on a task until someone unblocks it. */
@Command(name = "block", mixinStandardHelpOptions = true,
        description = {"Stop work on a task until someone unblocks it.",
                "The reason is kept on the run and the event, and added as a \"BLOCKED: <reason>\" comment",
                "signed by $HERMES_PROFILE (else user)."})
public final class BlockCommand extends BoardCommand {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "REASON", description = "The reason, as words.")
    List<String> words = new ArrayList<>();

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why it cannot go on.")
    String reason;

    @Option(names = "--ids", arity = "1..*", paramLabel = "ID", description = "More tasks to block for the same reason.")
    List<String> more = new ArrayList<>();

    @Option(names = "--kind", paramLabel = "KIND", description = {"dependency (waits in todo), needs_input, capability or",
            "transient; the same kind again after an unblock is a recurrence, and the second sends it to triage."})
    String kind;

    @Override
    int execute() {
        if (reason != null && !words.isEmpty()) {
            throw new UsageFailure("give the reason either with --reason or as words, not both");
        }
        String why = reason != null ? reason : words.isEmpty() ? null : String.join(" ", words);
        List<String> ids = new ArrayList<>();
        ids.add(id);
        ids.addAll(more);
        BlockKind typed = usage(() -> BlockKind.parse(kind));
        Long run = workerRunId();
        String author = root().env().get("HERMES_PROFILE");
        String signer = author == null || author.isBlank() ? null : author;
        return Bulk.apply(this, ids, "blocked", t -> board().claims().block(t, why, typed, run, signer));
    }
}
