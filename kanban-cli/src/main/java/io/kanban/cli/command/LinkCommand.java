package io.kanban.cli.command;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "link", mixinStandardHelpOptions = true, description = "Make CHILD wait for PARENT (a ready child goes back to todo).")
public final class LinkCommand extends BoardCommand {
    @Parameters(index = "0", paramLabel = "PARENT")
    String parent;

    @Parameters(index = "1", paramLabel = "CHILD")
    String child;

    @Override
    int execute() {
        boolean changed = board().links().link(parent, child);
        if (json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("parent_id", parent);
            doc.put("child_id", child);
            doc.put("changed", changed);
            printJson(doc);
        } else {
            out().println((changed ? "linked " : "already linked: ") + parent + " -> " + child);
        }
        return 0;
    }
}
