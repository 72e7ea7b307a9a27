package io.kanban.cli.command;

import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

/** The {@code kanban init} command: Create the board (or migrate an older one) and print where it is. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Create the board (or migrate an older one) and print where it is.")
public final class InitCommand extends BoardCommand {
    @Override
    int execute() {
        // A schema on a server is created and migrated just the same; whether it existed is not ours to see.
        boolean existed = root().file().map(Files::exists).orElse(true);
        board();
        String where = root().shownLocation();
        if (json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("db", where);
            doc.put("created", !existed);
            printJson(doc);
        } else {
            out().println((existed ? "board ready at " : "created board at ") + where);
        }
        return 0;
    }
}
