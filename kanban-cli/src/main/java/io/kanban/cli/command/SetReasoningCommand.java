package io.kanban.cli.command;

import io.kanban.core.model.Task;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The {@code kanban set-reasoning} command: sets or clears the reasoning level a card's workers run with instead of
 * their profile's.
 */
@Command(name = "set-reasoning", mixinStandardHelpOptions = true,
        description = {"Set the reasoning level this card's workers run with (passed as --reasoning) instead of their",
                "profile's: none, minimal, low, medium, high or xhigh; 'default' or no LEVEL clears it.",
                "A running worker keeps the level it started with."})
public final class SetReasoningCommand extends BoardCommand {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Parameters(index = "1", arity = "0..1", paramLabel = "LEVEL|default",
            description = "none, minimal, low, medium, high or xhigh; default clears it.")
    String level;

    @Override
    int execute() {
        Task t = usage(() -> board().tasks().setReasoningEffort(id, level));
        if (json()) {
            printJson(about(t));
        } else if (t.reasoningEffort() == null) {
            out().println("cleared the reasoning level of " + t.id() + " (its profile's applies)");
        } else {
            out().println("reasoning of " + t.id() + ": " + t.reasoningEffort());
        }
        return 0;
    }
}
