package io.kanban.cli.command;

import io.kanban.core.model.Run;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** The {@code kanban runs} command: List a task's attempts, oldest first. */
@Command(name = "runs", mixinStandardHelpOptions = true, description = "List a task's attempts, oldest first.")
public final class RunsCommand extends BoardCommand {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Override
    int execute() {
        List<Run> runs = board().runs().of(id);
        if (json()) {
            printJson(runs);
        } else if (runs.isEmpty()) {
            out().println("no runs for " + id);
        } else {
            ShowCommand.printRuns(out(), runs);
        }
        return 0;
    }
}
