package io.kanban.cli.command;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** The {@code kanban archive} command: Archive tasks (from any status); an open run is closed as reclaimed. */
@Command(name = "archive", mixinStandardHelpOptions = true,
        description = "Archive tasks (from any status); an open run is closed as reclaimed.")
public final class ArchiveCommand extends BoardCommand {
    @Parameters(arity = "1..*", paramLabel = "ID")
    List<String> ids;

    @Override
    int execute() {
        return Bulk.apply(this, ids, "archived", id -> board().tasks().archive(id));
    }
}
