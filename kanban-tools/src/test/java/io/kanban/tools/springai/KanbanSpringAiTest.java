package io.kanban.tools.springai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kanban.core.Board;
import io.kanban.core.model.ClaimedTask;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Status;
import io.kanban.core.testing.ScratchBoard;
import io.kanban.tools.KanbanTools;
import io.kanban.tools.ToolAccess;
import io.kanban.tools.ToolDefinition;
import io.kanban.tools.ToolSession;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.DefaultToolCallingManager;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.model.tool.ToolExecutionResult;
import org.springframework.ai.tool.ToolCallback;

/** The kanban tools as Spring AI ToolCallbacks, run by Spring AI's own tool-calling manager; no model. */
class KanbanSpringAiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The board the tests seed and check; its clock starts now, as the tools' own handles read the system clock. */
    @RegisterExtension
    final ScratchBoard scratch = ScratchBoard.onSqliteFromNow();

    @Test
    void spring_ais_tool_calling_manager_runs_the_calls_a_model_asked_for() throws Exception {
        Path file = scratch.file();
        Board board = scratch.board();
        ClaimedTask claim;
        claim = board.claims().claim(board.tasks().create(NewTask.titled("triage the bug").assignee("coder")
                .build()).task().id()).orElseThrow();
        Map<String, String> env = Map.of("HERMES_KANBAN_TASK", claim.task().id(), "HERMES_KANBAN_DB", file.toString(),
                "HERMES_KANBAN_RUN_ID", Long.toString(claim.run().id()), "HERMES_PROFILE", "coder");
        try (ToolSession session = KanbanTools.standard().session(env)) {
            List<ToolCallback> callbacks = KanbanSpringAi.toolCallbacks(session);
            assertEquals(KanbanTools.standard().definitions(env).stream().map(ToolDefinition::name).toList(),
                    callbacks.stream().map(c -> c.getToolDefinition().name()).toList());
            Prompt prompt = new Prompt(List.of(new UserMessage("Do your kanban task.")),
                    ToolCallingChatOptions.builder().toolCallbacks(callbacks).build());
            AssistantMessage asked = AssistantMessage.builder().content("").toolCalls(List.of(
                    new AssistantMessage.ToolCall("c1", "function", "kanban_comment",
                            "{\"body\": \"reproduced on 2.3\", \"author\": \"boss\"}"),
                    new AssistantMessage.ToolCall("c2", "function", "kanban_block",
                            "{\"reason\": \"Which release should get the fix?\", \"kind\": \"needs_input\"}")))
                    .build();
            ToolExecutionResult result = DefaultToolCallingManager.builder().build()
                    .executeToolCalls(prompt, new ChatResponse(List.of(new Generation(asked))));
            List<Message> history = result.conversationHistory();
            ToolResponseMessage responses = (ToolResponseMessage) history.get(history.size() - 1);
            assertEquals(List.of("c1", "c2"), responses.getResponses().stream()
                    .map(ToolResponseMessage.ToolResponse::id).toList());
            JsonNode forged = JSON.readTree(responses.getResponses().get(0).responseData());
            assertEquals("unknown_field", forged.get("code").asText(), "the author is never an argument");
            JsonNode blocked = JSON.readTree(responses.getResponses().get(1).responseData());
            assertEquals("blocked", blocked.get("status").asText(), blocked.toString());
        }
        assertEquals(Status.BLOCKED, board.tasks().get(claim.task().id()).status());
        assertEquals("coder", board.comments().list(claim.task().id()).get(0).author(),
                "the block's comment is signed from the environment");
    }

    @Test
    void each_definition_carries_the_tool_schema_and_an_orchestrator_gets_its_set() throws Exception {
        Map<String, String> lead = Map.of("HERMES_KANBAN_DB", scratch.dir().resolve("none.db").toString());
        try (ToolSession session = KanbanTools.standard().session(lead, ToolAccess.ORCHESTRATOR)) {
            List<ToolCallback> callbacks = KanbanSpringAi.toolCallbacks(session);
            assertEquals(List.of("kanban_show", "kanban_list", "kanban_comment", "kanban_create", "kanban_unblock",
                    "kanban_link"), callbacks.stream().map(c -> c.getToolDefinition().name()).toList());
            for (ToolCallback c : callbacks) {
                ToolDefinition ours = KanbanTools.standard().allDefinitions().stream()
                        .filter(d -> d.name().equals(c.getToolDefinition().name())).findFirst().orElseThrow();
                assertEquals(ours.inputSchema(), JSON.readTree(c.getToolDefinition().inputSchema()));
                assertEquals(ours.description(), c.getToolDefinition().description());
            }
            String answer = callbacks.get(1).call("{\"limit\": 500}");
            assertTrue(answer.contains("\"field\":\"limit\""), answer);
        }
    }
}
