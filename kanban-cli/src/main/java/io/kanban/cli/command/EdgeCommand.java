package io.kanban.cli.command;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Parameters;

/** link and unlink: the same PARENT CHILD arguments and the same report of what changed. */
abstract class EdgeCommand extends BoardCommand {
    @Parameters(index = "0", paramLabel = "PARENT")
    String parent;

    @Parameters(index = "1", paramLabel = "CHILD")
    String child;

    int report(boolean changed, String doneVerb, String unchangedText) {
        if (json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("parent_id", parent);
            doc.put("child_id", child);
            doc.put("changed", changed);
            printJson(doc);
        } else {
            out().println((changed ? doneVerb + " " : unchangedText + ": ") + parent + " -> " + child);
        }
        return 0;
    }
}
