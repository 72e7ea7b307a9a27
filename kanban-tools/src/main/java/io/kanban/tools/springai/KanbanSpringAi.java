package io.kanban.tools.springai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kanban.tools.ToolSession;
import java.util.List;
import org.springframework.ai.chat.model.ToolContext;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;

/**
 * The kanban tools as Spring AI {@link ToolCallback}s, one per tool the session serves, ready for
 * {@code chatClient.prompt(...).toolCallbacks(KanbanSpringAi.toolCallbacks(session))} or
 * {@code ToolCallingChatOptions.builder().toolCallbacks(...)}. Each definition carries the tool's JSON Schema as is;
 * a call hands the model's JSON arguments to {@link ToolSession#call(String, String)} and returns its JSON result or
 * error object, so a refused call reaches the model as text it can act on, never as an exception. Needs
 * {@code org.springframework.ai:spring-ai-model} on the class path (kanban-tools does not bring it).
 */
public final class KanbanSpringAi {
    private static final ObjectMapper JSON = new ObjectMapper();

    private KanbanSpringAi() {
    }

    /**
     * The session's tools, in the reference's order.
     *
     * @param session the worker's (or orchestrator's) session; the caller closes it
     * @return one callback per tool
     */
    public static List<ToolCallback> toolCallbacks(ToolSession session) {
        return session.definitions().stream().map(d -> (ToolCallback) new KanbanToolCallback(d, session)).toList();
    }

    /** One kanban tool behind Spring AI's interface. */
    private static final class KanbanToolCallback implements ToolCallback {
        private final ToolDefinition definition;
        private final String name;
        private final ToolSession session;

        KanbanToolCallback(io.kanban.tools.ToolDefinition tool, ToolSession session) {
            this.definition = ToolDefinition.builder()
                    .name(tool.name())
                    .description(tool.description())
                    .inputSchema(text(tool))
                    .build();
            this.name = tool.name();
            this.session = session;
        }

        @Override
        public ToolDefinition getToolDefinition() {
            return definition;
        }

        @Override
        public String call(String toolInput) {
            return session.call(name, toolInput);
        }

        @Override
        public String call(String toolInput, ToolContext toolContext) {
            // The worker's identity comes from its environment, never from what the app or the model passes in.
            return call(toolInput);
        }

        private static String text(io.kanban.tools.ToolDefinition tool) {
            try {
                return JSON.writeValueAsString(tool.inputSchema());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a tool schema could not be written as JSON", e);
            }
        }
    }
}
