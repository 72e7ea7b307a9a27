package io.kanban.cli.command;

import io.kanban.cli.UsageFailure;
import io.kanban.core.model.Task;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code kanban edit} command: Change a task's title, body, priority, result, or its last run's summary. */
@Command(name = "edit", mixinStandardHelpOptions = true,
        description = "Change a task's title, body, priority, result, or its last run's summary.")
public final class EditCommand extends BoardCommand {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Option(names = "--title", paramLabel = "TEXT", description = "A new title.")
    String title;

    @Option(names = "--body", paramLabel = "TEXT", description = "A new body.")
    String body;

    @Option(names = "--priority", paramLabel = "N", description = "A new priority.")
    Integer priority;

    @Option(names = "--result", paramLabel = "TEXT", description = "A new result, the text children read.")
    String result;

    @Option(names = "--summary", paramLabel = "TEXT", description = "A new summary of the latest run.")
    String summary;

    @Override
    int execute() {
        if (title == null && body == null && priority == null && result == null && summary == null) {
            throw new UsageFailure("edit needs at least one of --title, --body, --priority, --result, --summary");
        }
        Task t = null;
        if (title != null || body != null || result != null || summary != null) {
            t = usage(() -> board().tasks().edit(id, title, body, result, summary));
        }
        if (priority != null) {
            t = board().tasks().reprioritize(id, priority);
        }
        if (json()) {
            printJson(about(t));
        } else {
            out().println("edited " + t.id() + "  " + t.title());
        }
        return 0;
    }
}
