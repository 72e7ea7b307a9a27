package io.kanban.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.maps;
import static org.quicktheories.generators.SourceDSL.strings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.kanban.core.model.ClaimedTask;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Arguments are checked against each tool's schema before the board is touched. */
class SchemaValidationTest {
    private static final long SEED = 20260302L;
    private static final KanbanTools TOOLS = KanbanTools.standard();
    private static final Set<String> ARGUMENT_CODES = Set.of(ToolError.INVALID_ARGUMENT, ToolError.MISSING_ARGUMENT,
            ToolError.UNKNOWN_FIELD, ToolError.OVERSIZE_TEXT);

    private static ToolError failure(String tool, String args) {
        return assertThrows(ToolFailure.class, () -> TOOLS.arguments().check(tool, Fixture.json(args))).error();
    }

    private static void passes(String tool, String args) {
        TOOLS.arguments().check(tool, Fixture.json(args));
    }

    private static ToolDefinition definition(String tool) {
        return TOOLS.allDefinitions().stream().filter(t -> t.name().equals(tool)).findFirst().orElseThrow();
    }

    @Test
    void wrong_types_are_rejected_naming_the_argument_and_the_expected_type() {
        ToolError e = failure("kanban_complete", "{'summary': 12}");
        assertEquals("invalid_argument", e.code());
        assertEquals("summary", e.field());
        assertEquals("summary: expected a string, got an integer", e.message());

        assertEquals("priority: expected an integer, got a string",
                failure("kanban_create", "{'title': 't', 'assignee': 'a', 'priority': 'high'}").message());
        assertEquals("priority: expected an integer, got a number",
                failure("kanban_create", "{'title': 't', 'assignee': 'a', 'priority': 1.5}").message());
        assertEquals("triage", failure("kanban_create", "{'title': 't', 'assignee': 'a', 'triage': 'yes'}").field());
        assertEquals("parents", failure("kanban_create", "{'title': 't', 'assignee': 'a', 'parents': 't_1'}").field());
        ToolError item = failure("kanban_create", "{'title': 't', 'assignee': 'a', 'parents': ['t_1', 2]}");
        assertEquals("parents[1]", item.field());
        assertEquals("parents[1]: expected a string, got an integer", item.message());
        assertEquals("metadata: expected an object, got a string",
                failure("kanban_complete", "{'summary': 's', 'metadata': 'files=2'}").message());
        assertEquals("task_id: expected a string, got null (leave an optional argument out instead of sending null)",
                failure("kanban_show", "{'task_id': null}").message());
    }

    @Test
    void missing_required_arguments_are_named() {
        ToolError e = failure("kanban_link", "{'child_id': 't_1'}");
        assertEquals("missing_argument", e.code());
        assertEquals("parent_id", e.field());
        assertEquals("parent_id: is required", e.message());
        assertEquals("assignee", failure("kanban_create", "{'title': 't'}").field());
        assertEquals("reason", failure("kanban_block", "{}").field());
        assertEquals("body", failure("kanban_comment", "{'task_id': 't_1'}").field());
    }

    @Test
    void unknown_fields_are_rejected_with_the_list_of_known_ones() {
        ToolError e = failure("kanban_heartbeat", "{'notes': 'typo'}");
        assertEquals("unknown_field", e.code());
        assertEquals("notes", e.field());
        assertEquals("notes: is not an argument of this tool; known arguments: task_id, note, board. Nothing"
                + " changed.", e.message());
    }

    @Test
    void oversize_text_enum_and_bounds_are_checked() {
        ToolError oversize = failure("kanban_block", "{'reason': '" + "r".repeat(4001) + "'}");
        assertEquals("oversize_text", oversize.code());
        assertEquals("reason", oversize.field());
        assertEquals("reason: is 4001 characters; the limit is 4000", oversize.message());
        // Characters, not UTF-16 units: 4000 emoji fit.
        passes("kanban_block", "{'reason': '" + "\uD83D\uDE80".repeat(4000) + "'}");

        ToolError kind = failure("kanban_create", "{'title': 't', 'assignee': 'a', 'workspace_kind': 'vm'}");
        assertEquals("workspace_kind", kind.field());
        assertEquals("workspace_kind: must be one of [\"scratch\",\"worktree\",\"dir\"], got \"vm\"", kind.message());
        assertEquals("max_runtime_seconds: must be at least 1, got -5",
                failure("kanban_create", "{'title': 't', 'assignee': 'a', 'max_runtime_seconds': -5}").message());
        assertEquals("priority: must be at most 2147483647, got 2147483648",
                failure("kanban_create", "{'title': 't', 'assignee': 'a', 'priority': 2147483648}").message());
        assertEquals("title: must not be empty", failure("kanban_create", "{'title': '', 'assignee': 'a'}").message());
        assertEquals("skills: \"x\" is listed twice",
                failure("kanban_create", "{'title': 't', 'assignee': 'a', 'skills': ['x', 'y', 'x']}").message());
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 65; i++) {
            many.add("'t_" + i + "'");
        }
        assertEquals("parents: at most 64 items, got 65",
                failure("kanban_create", "{'title': 't', 'assignee': 'a', 'parents': " + many + "}").message());
        // Draft 2020-12: a number with a zero fraction is an integer.
        passes("kanban_create", "{'title': 't', 'assignee': 'a', 'priority': 2.0, 'max_runtime_seconds': 60}");
    }

    @Test
    void a_call_with_several_problems_is_told_about_its_shape_first() {
        assertEquals("title", failure("kanban_create", "{'assignee': 5, 'colour': 'red'}").field());
        assertEquals("colour", failure("kanban_create", "{'title': 't', 'assignee': 5, 'colour': 'red'}").field());
        assertEquals("assignee", failure("kanban_create", "{'title': 't', 'assignee': 5}").field());
    }

    @Test
    void invalid_arguments_never_reach_the_board() {
        try (Fixture f = new Fixture()) {
            ClaimedTask claim = f.claimed("x");
            ObjectNode result = f.call(f.worker(claim), "kanban_complete", "{'summary': 'ok', 'extra': 1}");
            assertEquals(Fixture.json("{'ok': false, 'error': 'extra: is not an argument of this tool; known"
                    + " arguments: task_id, summary, result, metadata, evidence, created_cards, artifacts, board."
                    + " Nothing changed.', 'code': 'unknown_field', 'field': 'extra'}"),
                    result);
            assertEquals(io.kanban.core.model.Status.RUNNING, f.board.tasks().get(claim.task().id()).status());
            assertEquals(2, f.board.tasks().detail(claim.task().id()).events().size(), "created + claimed only");
        }
    }

    @Test
    void the_tools_take_the_reference_argument_names() {
        Map<String, Set<String>> expected = new LinkedHashMap<>();
        expected.put("kanban_show", Set.of("task_id"));
        expected.put("kanban_list", Set.of("assignee", "status", "tenant", "include_archived", "limit"));
        expected.put("kanban_unblock", Set.of("task_id"));
        expected.put("kanban_complete", Set.of("task_id", "summary", "result", "metadata", "evidence",
                "created_cards", "artifacts"));
        expected.put("kanban_block", Set.of("task_id", "reason", "kind"));
        expected.put("kanban_schedule", Set.of("task_id", "reason", "at"));
        expected.put("kanban_request_review", Set.of("task_id", "summary", "reviewer", "metadata", "artifacts"));
        expected.put("kanban_request_changes", Set.of("task_id", "reason"));
        expected.put("kanban_heartbeat", Set.of("task_id", "note"));
        expected.put("kanban_comment", Set.of("task_id", "body"));
        expected.put("kanban_attach", Set.of("task_id", "filename", "content_base64", "content_type"));
        expected.put("kanban_attach_url", Set.of("task_id", "url", "filename", "content_type"));
        expected.put("kanban_attachments", Set.of("task_id"));
        expected.put("kanban_create", Set.of("title", "body", "assignee", "parents", "tenant", "priority",
                "workspace_kind", "workspace_path", "triage", "initial_status", "idempotency_key",
                "max_runtime_seconds", "skills", "model", "provider"));
        expected.put("kanban_link", Set.of("parent_id", "child_id"));
        for (ToolDefinition d : TOOLS.allDefinitions()) {
            Set<String> names = new TreeSet<>();
            d.inputSchema().get("properties").fieldNames().forEachRemaining(names::add);
            Set<String> wanted = new TreeSet<>(expected.get(d.name()));
            wanted.add("board"); // the reference's optional board, on every schema
            assertEquals(wanted, names, d.name());
            assertEquals("string", d.inputSchema().at("/properties/board/type").asText(), d.name());
            assertFalse(d.inputSchema().path("required").toString().contains("board"), d.name() + ": optional");
        }
    }

    @Test
    void every_tool_schema_is_a_valid_2020_12_schema() {
        com.networknt.schema.Schema meta = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(SchemaLocation.of(Schema.DIALECT));
        for (ToolDefinition d : TOOLS.allDefinitions()) {
            assertEquals(List.of(), meta.validate(d.inputSchema()), d.name());
        }
        assertFalse(meta.validate(Fixture.json("{'type': 'object', 'properties': {'a': {'minLength': -1}}}")).isEmpty(),
                "the meta-schema check can fail");
    }

    @Test
    void calls_pass_or_fail_with_the_expected_code_and_argument() {
        // tool, arguments, expected code or null for a pass, expected field
        String[][] cases = {
            {"kanban_show", "{}", null, null},
            {"kanban_show", "{'task_id': 't_1'}", null, null},
            {"kanban_show", "{'task_id': 5}", "invalid_argument", "task_id"},
            {"kanban_show", "{'task_id': ''}", "invalid_argument", "task_id"},
            {"kanban_show", "{'id': 't_1'}", "unknown_field", "id"},
            {"kanban_complete", "{'summary': 's', 'metadata': {'a': [1]}}", null, null},
            {"kanban_complete", "{'summary': 's', 'metadata': [1]}", "invalid_argument", "metadata"},
            {"kanban_complete", "{'summary': 's', 'evidence': [{'kind': 'test', 'detail': 'green'}]}", null, null},
            {"kanban_complete", "{'summary': 's', 'evidence': [{'kind': 'test'}]}", "missing_argument",
                "evidence[0].detail"},
            {"kanban_complete", "{'summary': 's', 'evidence': [{'kind': 'test', 'detail': 'd', 'by': 'x'}]}",
                "unknown_field", "evidence[0].by"},
            {"kanban_complete", "{'summary': 's', 'evidence': {'kind': 'test'}}", "invalid_argument", "evidence"},
            {"kanban_complete", "{'summary': 's', 'created_cards': 't_1'}", "invalid_argument", "created_cards"},
            {"kanban_complete", "{'summary': 's', 'created_cards': ['t_1', 't_1']}", "invalid_argument",
                "created_cards"},
            {"kanban_request_review", "{'summary': 's', 'artifacts': ['a.md']}", null, null},
            {"kanban_list", "{'limit': 0}", "invalid_argument", "limit"},
            {"kanban_unblock", "{}", "missing_argument", "task_id"},
            {"kanban_block", "{}", "missing_argument", "reason"},
            {"kanban_block", "{'reason': 'why'}", null, null},
            {"kanban_block", "{'reason': 'why', 'kind': 'needs_input'}", null, null},
            {"kanban_block", "{'reason': 'why', 'kind': 'sulking'}", "invalid_argument", "kind"},
            {"kanban_schedule", "{}", null, null},
            {"kanban_schedule", "{'reason': 'r', 'at': 7200}", "invalid_argument", "at"},
            {"kanban_request_review", "{}", "missing_argument", "summary"},
            {"kanban_request_review", "{'summary': 's', 'metadata': {'pr': 1}}", null, null},
            {"kanban_request_changes", "{}", "missing_argument", "reason"},
            {"kanban_request_changes", "{'reason': 'r', 'kind': 'x'}", "unknown_field", "kind"},
            {"kanban_heartbeat", "{'note': null}", "invalid_argument", "note"},
            {"kanban_comment", "{'body': 'b'}", null, null},
            {"kanban_create", "{'title': 't', 'assignee': 'a', 'priority': 3, 'triage': false}", null, null},
            {"kanban_create", "{'title': 't', 'assignee': 'a', 'priority': '3'}", "invalid_argument", "priority"},
            {"kanban_create", "{'title': 't', 'assignee': 'a', 'priority': 3.5}", "invalid_argument", "priority"},
            {"kanban_create", "{'title': 't', 'assignee': 'a', 'workspace_kind': 'dir'}", null, null},
            {"kanban_create", "{'title': 't', 'assignee': 'a', 'workspace_kind': 'pod'}", "invalid_argument",
                "workspace_kind"},
            {"kanban_create", "{'title': 't', 'assignee': 'a', 'skills': ['s', 's']}", "invalid_argument", "skills"},
            {"kanban_create", "{'title': 't', 'assignee': 'a', 'skills': ['']}", "invalid_argument", "skills[0]"},
            {"kanban_create", "{'title': 't', 'assignee': 'a', 'max_runtime_seconds': 0}", "invalid_argument",
                "max_runtime_seconds"},
            {"kanban_create", "{'title': 't'}", "missing_argument", "assignee"},
            {"kanban_create", "{'title': 't', 'assignee': 'a', 'provider': 'openrouter'}", "invalid_argument",
                "provider"},
            {"kanban_create", "{'title': 't', 'assignee': 'a', 'model': 'gpt-5', 'provider': 'openai'}", null, null},
            {"kanban_create", "{'title': 't', 'assignee': 'a', 'model': 5}", "invalid_argument", "model"},
            {"kanban_link", "{'parent_id': 'a', 'child_id': 'b'}", null, null},
            {"kanban_link", "{'parent_id': 'a', 'child_id': 'b', 'x': 1}", "unknown_field", "x"},
            {"kanban_block", "{'reason': '" + "r".repeat(4001) + "'}", "oversize_text", "reason"},
        };
        for (String[] c : cases) {
            String label = c[0] + " " + c[1];
            if (c[2] == null) {
                TOOLS.arguments().check(c[0], Fixture.json(c[1]));
                continue;
            }
            ToolError e = failure(c[0], c[1]);
            assertEquals(c[2], e.code(), label);
            assertEquals(c[3], e.field(), label);
            assertTrue(e.message().startsWith(c[3] + ": "), label + ": " + e.message());
        }
    }

    /** Any arguments a model might send: the call passes, or one error names an argument it sent or must send. */
    @Test
    void any_arguments_pass_or_fail_with_one_error_naming_an_argument() {
        ToolDefinition create = definition("kanban_create");
        List<String> names = new ArrayList<>();
        create.inputSchema().get("properties").fieldNames().forEachRemaining(names::add);
        names.add("colour");
        Set<String> required = Set.of("title", "assignee");
        qt().withFixedSeed(SEED).withExamples(400)
                .forAll(maps().of(Generate.pick(names), values()).ofSizeBetween(0, 6))
                .checkAssert(generated -> {
                    ObjectNode args = JsonNodeFactory.instance.objectNode();
                    generated.forEach(args::set);
                    try {
                        TOOLS.arguments().check("kanban_create", args);
                        assertTrue(args.has("title") && args.has("assignee") && !args.has("colour"),
                                "seed " + SEED + ": passed " + args);
                    } catch (ToolFailure f) {
                        ToolError e = f.error();
                        String label = "seed " + SEED + ": " + args + " -> " + e;
                        assertTrue(ARGUMENT_CODES.contains(e.code()), label);
                        assertNotNull(e.field(), label);
                        assertTrue(e.message().startsWith(e.field() + ": "), label);
                        String top = e.field().split("[.\\[]", 2)[0];
                        assertTrue(args.has(top) || required.contains(top), label);
                        assertEquals(0, f.getStackTrace().length, "no stack trace rides along");
                    }
                });
    }

    private static Gen<JsonNode> values() {
        JsonNodeFactory json = JsonNodeFactory.instance;
        Gen<String> text = strings().basicLatinAlphabet().ofLengthBetween(0, 4);
        return Generate.oneOf(
                text.map(t -> (JsonNode) json.textNode(t)),
                integers().between(-3, 3).map(i -> (JsonNode) json.numberNode(i)),
                integers().between(-3, 3).map(i -> (JsonNode) json.numberNode(i + 0.5)),
                booleans().all().map(b -> (JsonNode) json.booleanNode(b)),
                Generate.constant((JsonNode) json.nullNode()),
                lists().of(text).ofSizeBetween(0, 3).map(l -> {
                    var array = json.arrayNode();
                    l.forEach(array::add);
                    return (JsonNode) array;
                }),
                Generate.constant((JsonNode) json.objectNode().put("k", 1)));
    }

    @Test
    void each_schema_is_compiled_once_and_shared_by_derived_registries() {
        KanbanTools tools = KanbanTools.standard();
        ArgumentValidator arguments = tools.arguments();
        assertSame(arguments, tools.withBoardOpener(location -> null).arguments());
        arguments.check("kanban_show", Fixture.json("{}"));
        Map<String, com.networknt.schema.Schema> first = arguments.compiled();
        assertNotNull(first);
        arguments.check("kanban_block", Fixture.json("{'reason': 'r'}"));
        assertSame(first, arguments.compiled());
        assertNull(KanbanTools.standard().arguments().compiled(), "nothing is compiled before the first call");
    }
}
