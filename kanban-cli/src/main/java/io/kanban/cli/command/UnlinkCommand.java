package io.kanban.cli.command;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "unlink", mixinStandardHelpOptions = true, description = "Remove the dependency (a todo child whose other parents are done becomes ready).")
public final class UnlinkCommand extends BoardCommand {
    @Parameters(index = "0", paramLabel = "PARENT")
    String parent;

    @Parameters(index = "1", paramLabel = "CHILD")
    String child;

    @Override
    int execute() {
        boolean changed = board().links().unlink(parent, child);
        if (json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("parent_id", parent);
            doc.put("child_id", child);
            doc.put("changed", changed);
            printJson(doc);
        } else {
            out().println((changed ? "unlinked " : "no such link: ") + parent + " -> " + child);
        }
        return 0;
    }
}
