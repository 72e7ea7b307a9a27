package io.kanban.cli.command;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The {@code kanban request-changes} command: A reviewer sends a task back: it returns to the implementer recorded
 * at request-review,
 */
@Command(name = "request-changes", mixinStandardHelpOptions = true,
        description = {"A reviewer sends a task back: it returns to the implementer recorded at request-review,",
                "ready (todo while a parent is open). Only a run claimed from review may."})
public final class RequestChangesCommand extends BoardCommand {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "REASON", description = "What must change, as words.")
    List<String> words;

    @Override
    int execute() {
        String why = String.join(" ", words);
        Long run = workerRunId();
        return Bulk.apply(this, List.of(id), "changes requested for",
                t -> board().claims().requestChanges(t, why, run));
    }
}
