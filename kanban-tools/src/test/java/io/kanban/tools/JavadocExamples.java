package io.kanban.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** The example in KanbanTools' Javadoc, compiled here and run by KanbanToolsJavadocTest. */
final class JavadocExamples {
    /** Stands for an agent runtime's tool registry. */
    interface AgentRuntime {
        void register(String name, String description, ObjectNode inputSchema);
    }

    private JavadocExamples() {
    }

    static void kanbanTools(Map<String, String> env, AgentRuntime runtime) {
        // example: KanbanTools
        KanbanTools tools = KanbanTools.standard();
        for (ToolDefinition d : tools.definitions(env)) {              // empty outside a kanban worker
            runtime.register(d.name(), d.description(), d.inputSchema());
        }
        try (ToolSession session = tools.session(env)) {
            String result = session.call("kanban_show", "{}");         // JSON: the task, or an error object
        }
        // end
    }
}
