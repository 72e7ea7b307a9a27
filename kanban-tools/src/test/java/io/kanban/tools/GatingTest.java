package io.kanban.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without HERMES_KANBAN_TASK an agent session gets no tools, no guidance, and no board access. */
class GatingTest {
    /** The reference's order, without its orchestrator-only tools (kanban_list, kanban_unblock). */
    static final List<String> WORKER_TOOLS = List.of("kanban_show", "kanban_complete", "kanban_block",
            "kanban_schedule", "kanban_request_review", "kanban_request_changes", "kanban_heartbeat", "kanban_comment",
            "kanban_attach", "kanban_attach_url", "kanban_attachments", "kanban_create", "kanban_link");
    /** The reference's fifteen, in its order (HERMES-UPSTREAM section 4). */
    static final List<String> ALL_TOOLS = List.of("kanban_show", "kanban_list", "kanban_complete", "kanban_block",
            "kanban_schedule", "kanban_request_review", "kanban_request_changes", "kanban_heartbeat", "kanban_comment",
            "kanban_attach", "kanban_attach_url", "kanban_attachments", "kanban_create", "kanban_unblock",
            "kanban_link");
    static final List<String> ORCHESTRATOR_TOOLS = List.of("kanban_show", "kanban_list", "kanban_comment",
            "kanban_create", "kanban_unblock", "kanban_link");

    @TempDir
    Path dir;

    @Test
    void a_normal_agent_session_gets_zero_tools_and_no_guidance() {
        KanbanTools tools = KanbanTools.standard();
        Map<String, String> env = Map.of("HERMES_PROFILE", "assistant", "HERMES_KANBAN_DB", "/tmp/x.db");
        assertFalse(tools.available(env));
        assertEquals(List.of(), tools.definitions(env));
        assertTrue(tools.guidance(env).isEmpty());
        assertEquals(List.of(), tools.definitions(Map.of("HERMES_KANBAN_TASK", "  ")), "blank counts as unset");
    }

    @Test
    void the_registry_holds_the_reference_fifteen_in_its_order() {
        KanbanTools tools = KanbanTools.standard();
        assertEquals(ALL_TOOLS, tools.names());
        assertEquals(ALL_TOOLS, tools.allDefinitions().stream().map(ToolDefinition::name).toList());
        Map<String, String> outside = Map.of("HERMES_PROFILE", "lead");
        assertEquals(ALL_TOOLS, names(tools.definitions(outside, ToolAccess.TOOLSET)),
                "a profile with the kanban toolset on, outside a worker, sees all fifteen");
        assertEquals(ORCHESTRATOR_TOOLS, names(tools.definitions(outside, ToolAccess.ORCHESTRATOR)));
        Map<String, String> worker = Map.of("HERMES_KANBAN_TASK", "t_abc123abc123");
        for (ToolAccess access : ToolAccess.values()) {
            List<String> seen = names(tools.definitions(worker, access));
            assertFalse(seen.contains("kanban_list") || seen.contains("kanban_unblock"), access + ": " + seen);
        }
        assertEquals(WORKER_TOOLS, names(tools.definitions(worker, ToolAccess.TOOLSET)));
        assertEquals(List.of("kanban_show", "kanban_comment", "kanban_create", "kanban_link"),
                names(tools.definitions(worker, ToolAccess.ORCHESTRATOR)));
        try (ToolSession session = tools.session(outside, ToolAccess.ORCHESTRATOR)) {
            assertEquals(ORCHESTRATOR_TOOLS, names(session.definitions()));
        }
    }

    private static List<String> names(List<ToolDefinition> definitions) {
        return definitions.stream().map(ToolDefinition::name).toList();
    }

    @Test
    void a_worker_gets_the_thirteen_tools_and_the_guidance_naming_its_task() {
        KanbanTools tools = KanbanTools.standard();
        Map<String, String> env = new HashMap<>(Map.of("HERMES_KANBAN_TASK", "t_abc123abc123",
                "HERMES_KANBAN_WORKSPACE", "/work/t_abc123abc123", "HERMES_TENANT", "acme"));
        assertTrue(tools.available(env));
        assertEquals(WORKER_TOOLS, tools.definitions(env).stream().map(ToolDefinition::name).toList());
        String guidance = tools.guidance(env).orElseThrow();
        assertTrue(guidance.startsWith(WorkerGuidance.TEXT.strip()));
        assertTrue(guidance.contains("t_abc123abc123"));
        assertTrue(guidance.contains("acme"));
    }

    @Test
    void a_call_without_the_gate_is_refused_before_any_board_is_opened() {
        Path file = dir.resolve("kanban.db");
        ObjectNode result = KanbanTools.standard().call("kanban_show", Fixture.json("{}"),
                Map.of("HERMES_KANBAN_DB", file.toString()));
        assertFalse(result.get("ok").asBoolean());
        assertEquals("tools_unavailable", result.get("code").asText());
        assertFalse(file.toFile().exists());
    }

    @Test
    void the_guidance_constant_is_the_classpath_resource_and_covers_the_lifecycle() throws IOException {
        String resource;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(WorkerGuidance.RESOURCE)) {
            resource = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(resource, WorkerGuidance.TEXT);
        for (String tool : WORKER_TOOLS) {
            assertTrue(WorkerGuidance.TEXT.contains(tool), tool + " is explained");
        }
        for (String topic : List.of("HERMES_KANBAN_TASK", "HERMES_KANBAN_WORKSPACE", "heartbeat", "secrets",
                "parents", "tenant", "summary", "metadata")) {
            assertTrue(WorkerGuidance.TEXT.contains(topic), topic + " is covered");
        }
    }

    @Test
    void an_orchestrator_session_gets_the_orchestrator_guidance_naming_its_tools() {
        KanbanTools tools = KanbanTools.standard();
        String text = tools.guidance(Map.of(), ToolAccess.ORCHESTRATOR).orElseThrow();
        for (String tool : ORCHESTRATOR_TOOLS) {
            assertTrue(text.contains(tool), tool + " is explained");
        }
        assertTrue(tools.guidance(Map.of(), ToolAccess.WORKER).isEmpty());
        Map<String, String> worker = Map.of("HERMES_KANBAN_TASK", "t_abc123abc123");
        assertEquals(tools.guidance(worker), tools.guidance(worker, ToolAccess.ORCHESTRATOR),
                "inside a worker the worker's guidance, whatever the access");
    }

    @Test
    void every_definition_is_a_closed_2020_12_object_schema_with_a_described_property_set() {
        for (ToolDefinition d : KanbanTools.standard().allDefinitions()) {
            ObjectNode schema = d.inputSchema();
            assertEquals("https://json-schema.org/draft/2020-12/schema", schema.get("$schema").asText(), d.name());
            assertEquals("object", schema.get("type").asText());
            assertFalse(schema.get("additionalProperties").asBoolean());
            schema.get("properties").forEach(p -> assertFalse(p.path("description").asText().isBlank(), d.name()));
            assertTrue(d.description().length() > 80, d.name() + " has a description written for a model");
            ObjectNode wire = d.toJson();
            assertEquals(d.name(), wire.get("name").asText());
            assertEquals(schema, wire.get("input_schema"));
        }
    }
}
