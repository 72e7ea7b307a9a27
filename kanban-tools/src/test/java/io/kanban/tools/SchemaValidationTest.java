package io.kanban.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kanban.core.model.ClaimedTask;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator.ValidationResponse;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Arguments are checked against each tool's schema before the board is touched. */
class SchemaValidationTest {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    @TempDir
    Path dir;

    private static ToolError failure(String tool, String args) {
        ToolDefinition d = KanbanTools.standard().allDefinitions().stream()
                .filter(t -> t.name().equals(tool)).findFirst().orElseThrow();
        ToolFailure f = assertThrows(ToolFailure.class, () -> SchemaValidator.check(d.inputSchema(), Fixture.json(args)));
        return f.error();
    }

    private static void passes(String tool, String args) {
        ToolDefinition d = KanbanTools.standard().allDefinitions().stream()
                .filter(t -> t.name().equals(tool)).findFirst().orElseThrow();
        SchemaValidator.check(d.inputSchema(), Fixture.json(args));
    }

    @Test
    void wrong_types_are_rejected_naming_the_argument_and_the_expected_type() {
        ToolError e = failure("kanban_complete", "{'summary': 12}");
        assertEquals("invalid_argument", e.code());
        assertEquals("summary", e.field());
        assertEquals("summary: expected a string, got an integer", e.message());

        assertEquals("priority", failure("kanban_create", "{'title': 't', 'assignee': 'a', 'priority': 'high'}").field());
        assertEquals("priority", failure("kanban_create", "{'title': 't', 'assignee': 'a', 'priority': 1.5}").field());
        assertEquals("triage", failure("kanban_create", "{'title': 't', 'assignee': 'a', 'triage': 'yes'}").field());
        assertEquals("parents", failure("kanban_create", "{'title': 't', 'assignee': 'a', 'parents': 't_1'}").field());
        assertEquals("parents[1]", failure("kanban_create", "{'title': 't', 'assignee': 'a', 'parents': ['t_1', 2]}")
                .field());
        assertEquals("metadata", failure("kanban_complete", "{'summary': 's', 'metadata': 'files=2'}").field());
        assertTrue(failure("kanban_show", "{'task_id': null}").message().contains("null"));
    }

    @Test
    void missing_required_arguments_are_named() {
        ToolError e = failure("kanban_link", "{'child_id': 't_1'}");
        assertEquals("missing_argument", e.code());
        assertEquals("parent_id", e.field());
        assertEquals("assignee", failure("kanban_create", "{'title': 't'}").field());
        assertEquals("reason", failure("kanban_block", "{}").field());
        assertEquals("body", failure("kanban_comment", "{'task_id': 't_1'}").field());
    }

    @Test
    void unknown_fields_are_rejected_with_the_list_of_known_ones() {
        ToolError e = failure("kanban_heartbeat", "{'notes': 'typo'}");
        assertEquals("unknown_field", e.code());
        assertEquals("notes", e.field());
        assertTrue(e.message().contains("task_id, note"), e.message());
    }

    @Test
    void oversize_text_enum_and_bounds_are_checked() {
        assertEquals("oversize_text", failure("kanban_block", "{'reason': '" + "r".repeat(4001) + "'}").code());
        assertEquals("workspace_kind",
                failure("kanban_create", "{'title': 't', 'assignee': 'a', 'workspace_kind': 'vm'}").field());
        assertEquals("max_runtime_seconds",
                failure("kanban_create", "{'title': 't', 'assignee': 'a', 'max_runtime_seconds': -5}").field());
        assertEquals("skills", failure("kanban_create", "{'title': 't', 'assignee': 'a', 'skills': ['x', 'x']}").field());
        passes("kanban_create", "{'title': 't', 'assignee': 'a', 'priority': 2.0, 'max_runtime_seconds': 60}");
    }

    @Test
    void invalid_arguments_never_reach_the_board() {
        try (Fixture f = new Fixture(dir)) {
            ClaimedTask claim = f.claimed("x");
            ObjectNode result = f.call(f.worker(claim), "kanban_complete", "{'summary': 'ok', 'extra': 1}");
            assertEquals("unknown_field", result.get("code").asText());
            assertEquals(io.kanban.core.model.Status.RUNNING, f.board.tasks().get(claim.task().id()).status());
            assertEquals(2, f.board.tasks().detail(claim.task().id()).events().size(), "created + claimed only");
        }
    }

    @Test
    void the_tools_take_the_reference_argument_names() {
        Map<String, Set<String>> expected = new LinkedHashMap<>();
        expected.put("kanban_show", Set.of("task_id"));
        expected.put("kanban_complete", Set.of("task_id", "summary", "result", "metadata"));
        expected.put("kanban_block", Set.of("task_id", "reason"));
        expected.put("kanban_heartbeat", Set.of("task_id", "note"));
        expected.put("kanban_comment", Set.of("task_id", "body"));
        expected.put("kanban_create", Set.of("title", "body", "assignee", "parents", "tenant", "priority",
                "workspace_kind", "workspace_path", "triage", "idempotency_key", "max_runtime_seconds", "skills"));
        expected.put("kanban_link", Set.of("parent_id", "child_id"));
        for (ToolDefinition d : KanbanTools.standard().allDefinitions()) {
            Set<String> names = new TreeSet<>();
            d.inputSchema().get("properties").fieldNames().forEachRemaining(names::add);
            assertEquals(new TreeSet<>(expected.get(d.name())), names, d.name());
        }
    }

    /** An independent JSON Schema implementation (networknt, shipped with the MCP SDK) agrees with ours. */
    @Test
    void the_schemas_are_valid_2020_12_and_an_independent_validator_agrees_on_every_case() {
        DefaultJsonSchemaValidator reference = new DefaultJsonSchemaValidator(Fixture.JSON);
        List<String[]> cases = new ArrayList<>(List.of(
                new String[] {"kanban_show", "{}"},
                new String[] {"kanban_show", "{'task_id': 't_1'}"},
                new String[] {"kanban_show", "{'task_id': 5}"},
                new String[] {"kanban_show", "{'task_id': ''}"},
                new String[] {"kanban_show", "{'id': 't_1'}"},
                new String[] {"kanban_complete", "{'summary': 's', 'metadata': {'a': [1]}}"},
                new String[] {"kanban_complete", "{'summary': 's', 'metadata': [1]}"},
                new String[] {"kanban_block", "{}"},
                new String[] {"kanban_block", "{'reason': 'why'}"},
                new String[] {"kanban_heartbeat", "{'note': null}"},
                new String[] {"kanban_comment", "{'body': 'b'}"},
                new String[] {"kanban_create", "{'title': 't', 'assignee': 'a', 'priority': 3, 'triage': false}"},
                new String[] {"kanban_create", "{'title': 't', 'assignee': 'a', 'priority': 3.5}"},
                new String[] {"kanban_create", "{'title': 't', 'assignee': 'a', 'workspace_kind': 'dir'}"},
                new String[] {"kanban_create", "{'title': 't', 'assignee': 'a', 'workspace_kind': 'pod'}"},
                new String[] {"kanban_create", "{'title': 't', 'assignee': 'a', 'skills': ['s', 's']}"},
                new String[] {"kanban_create", "{'title': 't', 'assignee': 'a', 'max_runtime_seconds': 0}"},
                new String[] {"kanban_create", "{'title': 't'}"},
                new String[] {"kanban_link", "{'parent_id': 'a', 'child_id': 'b'}"},
                new String[] {"kanban_link", "{'parent_id': 'a', 'child_id': 'b', 'x': 1}"},
                new String[] {"kanban_block", "{'reason': '" + "r".repeat(4001) + "'}"}));
        for (ToolDefinition d : KanbanTools.standard().allDefinitions()) {
            Map<String, Object> schema = Fixture.JSON.convertValue(d.inputSchema(), MAP);
            assertTrue(reference.validateSchema(schema).valid(), d.name() + " schema is valid");
        }
        for (String[] c : cases) {
            ToolDefinition d = KanbanTools.standard().allDefinitions().stream()
                    .filter(t -> t.name().equals(c[0])).findFirst().orElseThrow();
            ObjectNode args = Fixture.json(c[1]);
            ValidationResponse theirs = reference.validate(Fixture.JSON.convertValue(d.inputSchema(), MAP),
                    Fixture.JSON.convertValue(args, MAP));
            boolean ours;
            try {
                SchemaValidator.check(d.inputSchema(), args);
                ours = true;
            } catch (ToolFailure e) {
                ours = false;
            }
            assertEquals(theirs.valid(), ours, c[0] + " " + c[1] + ": " + theirs.errorMessage());
        }
        assertFalse(cases.isEmpty());
    }
}
