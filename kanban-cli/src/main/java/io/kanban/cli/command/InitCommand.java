package io.kanban.cli.command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Create the board (or migrate an older one) and print where it is.")
public final class InitCommand extends BoardCommand {
    @Override
    int execute() {
        Path path = root().location().toAbsolutePath();
        boolean existed = Files.exists(path);
        board();
        if (json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("db", path.toString());
            doc.put("created", !existed);
            printJson(doc);
        } else {
            out().println((existed ? "board ready at " : "created board at ") + path);
        }
        return 0;
    }
}
