package io.kanban.tools.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.tool.ToolExecutor;
import io.kanban.core.Board;
import io.kanban.core.model.ClaimedTask;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Status;
import io.kanban.core.testing.ScratchBoard;
import io.kanban.tools.KanbanTools;
import io.kanban.tools.ToolAccess;
import io.kanban.tools.ToolSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The kanban tools inside LangChain4j, driven by its own request classes and its AiServices loop; no model. */
class KanbanLangChain4jTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The board the tests seed and check; its clock starts now, as the tools' own handles read the system clock. */
    @RegisterExtension
    final ScratchBoard scratch = ScratchBoard.onSqliteFromNow();

    interface Worker {
        String work(String instruction);
    }

    /** Plays the model: first asks for the tool calls it was given, then answers with text. */
    static final class ScriptedModel implements ChatModel {
        final List<ToolExecutionRequest> script;
        final List<ChatRequest> seen = new ArrayList<>();

        ScriptedModel(List<ToolExecutionRequest> script) {
            this.script = script;
        }

        @Override
        public ChatResponse doChat(ChatRequest request) {
            seen.add(request);
            if (seen.size() == 1) {
                return ChatResponse.builder().aiMessage(AiMessage.from(script)).build();
            }
            return ChatResponse.builder().aiMessage(AiMessage.from("finished")).build();
        }
    }

    @Test
    void an_ai_service_registers_the_worker_tools_and_completes_its_card_through_them() throws Exception {
        Path file = scratch.file();
        Board board = scratch.board();
        ClaimedTask claim;
        String other;
        claim = board.claims().claim(board.tasks().create(NewTask.titled("summarise the logs").assignee("coder")
                .build()).task().id()).orElseThrow();
        other = board.tasks().create(NewTask.titled("not mine").assignee("ops").build()).task().id();
        Map<String, String> env = Map.of("HERMES_KANBAN_TASK", claim.task().id(), "HERMES_KANBAN_DB", file.toString(),
                "HERMES_KANBAN_RUN_ID", Long.toString(claim.run().id()), "HERMES_PROFILE", "coder");
        ScriptedModel model = new ScriptedModel(List.of(
                ToolExecutionRequest.builder().id("1").name("kanban_complete")
                        .arguments("{\"task_id\": \"" + other + "\", \"summary\": \"not mine\"}").build(),
                ToolExecutionRequest.builder().id("2").name("kanban_complete")
                        .arguments("{\"summary\": \"Summarised: 3 errors, all timeouts.\","
                                + " \"evidence\": [{\"kind\": \"count\", \"detail\": \"3 ERROR lines\"}]}").build()));
        try (ToolSession session = KanbanTools.standard().session(env)) {
            Worker worker = AiServices.builder(Worker.class).chatModel(model)
                    .tools(KanbanLangChain4j.tools(session)).build();
            assertEquals("finished", worker.work("Do your kanban task."));
        }

        List<String> offered = model.seen.get(0).toolSpecifications().stream().map(ToolSpecification::name).toList();
        assertEquals(KanbanTools.standard().definitions(env).stream().map(d -> d.name()).toList(), offered);
        List<ToolExecutionResultMessage> results = new ArrayList<>();
        for (ChatMessage m : model.seen.get(1).messages()) {
            if (m instanceof ToolExecutionResultMessage r) {
                results.add(r);
            }
        }
        assertEquals(2, results.size());
        JsonNode refused = JSON.readTree(results.get(0).text());
        assertEquals("not_your_task", refused.get("code").asText(), "the model reads the refusal as text");
        assertTrue(JSON.readTree(results.get(1).text()).get("ok").asBoolean(), results.get(1).text());
        assertEquals(Status.DONE, board.tasks().get(claim.task().id()).status());
        assertEquals(Status.READY, board.tasks().get(other).status());
    }

    @Test
    void specifications_keep_names_descriptions_enums_nesting_and_closed_objects() {
        Map<String, ToolSpecification> byName = new java.util.HashMap<>();
        KanbanTools.standard().allDefinitions().forEach(d -> byName.put(d.name(), KanbanLangChain4j.specification(d)));
        assertEquals(15, byName.size());
        ToolSpecification block = byName.get("kanban_block");
        assertTrue(block.description().startsWith("Stop work on your kanban task"));
        assertEquals(List.of("reason"), block.parameters().required());
        assertEquals(Boolean.FALSE, block.parameters().additionalProperties());
        JsonEnumSchema kind = (JsonEnumSchema) block.parameters().properties().get("kind");
        assertEquals(List.of("dependency", "needs_input", "capability", "transient"), kind.enumValues());
        JsonArraySchema evidence = (JsonArraySchema) byName.get("kanban_complete").parameters().properties()
                .get("evidence");
        JsonObjectSchema item = (JsonObjectSchema) evidence.items();
        assertEquals(List.of("kind", "detail"), item.required());
        assertEquals(Boolean.TRUE, ((JsonObjectSchema) byName.get("kanban_complete").parameters().properties()
                .get("metadata")).additionalProperties(), "metadata is an open object");
    }

    @Test
    void an_executor_answers_bad_arguments_with_an_error_object_and_an_orchestrator_gets_its_set() {
        Map<String, String> lead = Map.of("HERMES_KANBAN_DB", scratch.dir().resolve("none.db").toString());
        try (ToolSession session = KanbanTools.standard().session(lead, ToolAccess.ORCHESTRATOR)) {
            Map<ToolSpecification, ToolExecutor> tools = KanbanLangChain4j.tools(session);
            assertEquals(List.of("kanban_show", "kanban_list", "kanban_comment", "kanban_create", "kanban_unblock",
                    "kanban_link"), tools.keySet().stream().map(ToolSpecification::name).toList());
            ToolSpecification unblock = tools.keySet().stream().filter(t -> t.name().equals("kanban_unblock"))
                    .findFirst().orElseThrow();
            String answer = tools.get(unblock).execute(ToolExecutionRequest.builder().id("9").name("kanban_unblock")
                    .arguments("{\"task_id\": 7}").build(), "memory");
            assertTrue(answer.contains("\"code\":\"invalid_argument\""), answer);
            assertTrue(answer.contains("\"field\":\"task_id\""), answer);
            assertFalse(scratch.dir().resolve("none.db").toFile().exists(), "refused before any board is opened");
        }
    }
}
