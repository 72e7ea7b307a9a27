package io.kanban.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kanban.tools.KanbanTools;
import io.kanban.tools.ToolSession;
import java.util.Map;

/**
 * A stand-in agent the dispatcher starts as a real child process: it works its card only through the kanban tools,
 * as a model would call them. It reads its card, tries to change a neighbouring card (a parent or child) and another
 * board, which must be refused, then completes its own card with what the refusals said in the run's metadata.
 */
public final class ScriptedToolWorker {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ScriptedToolWorker() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        try (ToolSession tools = KanbanTools.standard().session(env)) {
            JsonNode shown = call(tools, "kanban_show", JSON.createObjectNode());
            String own = shown.at("/task/id").asText();
            ObjectNode metadata = JSON.createObjectNode();
            String other = !shown.at("/parents/0/id").isMissingNode() ? shown.at("/parents/0/id").asText()
                    : shown.at("/children/0/id").asText(null);
            if (other != null) {
                ObjectNode foreign = JSON.createObjectNode().put("task_id", other).put("summary", "not mine");
                metadata.put("foreign_complete", call(tools, "kanban_complete", foreign).path("code").asText());
                ObjectNode block = JSON.createObjectNode().put("task_id", other).put("reason", "not mine either");
                metadata.put("foreign_block", call(tools, "kanban_block", block).path("code").asText());
            }
            ObjectNode elsewhere = JSON.createObjectNode().put("task_id", own).put("body", "hi")
                    .put("board", "elsewhere");
            metadata.put("other_board", call(tools, "kanban_comment", elsewhere).path("code").asText());
            ObjectNode done = JSON.createObjectNode().put("summary", "Done: " + shown.at("/task/title").asText());
            done.set("metadata", metadata);
            JsonNode result = call(tools, "kanban_complete", done);
            if (!result.path("ok").asBoolean()) {
                System.err.println("completion refused: " + result);
                System.exit(1);
            }
        }
    }

    private static JsonNode call(ToolSession tools, String name, ObjectNode args) throws Exception {
        String result = tools.call(name, JSON.writeValueAsString(args));
        System.out.println(name + " -> " + result);
        return JSON.readTree(result);
    }
}
