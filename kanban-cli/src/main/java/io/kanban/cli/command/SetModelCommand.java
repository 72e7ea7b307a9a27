package io.kanban.cli.command;

import io.kanban.core.model.Task;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code kanban set-model} command: Set the model (and its provider) this card's workers run with instead of
 * their profile's;
 */
@Command(name = "set-model", mixinStandardHelpOptions = true,
        description = {"Set the model (and its provider) this card's workers run with instead of their profile's;",
                "'none' or no MODEL clears the override. A running worker keeps the model it started with."})
public final class SetModelCommand extends BoardCommand {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Parameters(index = "1", arity = "0..1", paramLabel = "MODEL|none",
            description = "The model name the worker gets as -m, or none to clear.")
    String model;

    @Option(names = "--provider", paramLabel = "NAME",
            description = "The model's provider, passed as --provider; needs a MODEL.")
    String provider;

    @Override
    int execute() {
        Task t = usage(() -> board().tasks().setModel(id, model, provider));
        if (json()) {
            printJson(about(t));
        } else if (t.modelOverride() == null) {
            out().println("cleared the model override of " + t.id() + " (its profile's model applies)");
        } else {
            out().println("model of " + t.id() + ": " + t.modelOverride()
                    + (t.providerOverride() == null ? "" : " (provider " + t.providerOverride() + ")"));
        }
        return 0;
    }
}
