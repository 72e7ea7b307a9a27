package io.kanban.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.kanban.core.model.NewTask;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The OpenAPI document as a contract: a real request for every operation it lists, each answered with a status
 * the document gives for that operation and a body its schema accepts (JSON Schema validation of the document's
 * own schemas, OpenAPI 3.0's {@code nullable} read as a null type). The same for a request without the token (the
 * 401 of every guarded operation). An operation the document lists but this test does not call fails it, so the
 * document cannot grow or drift without being checked against the server.
 */
class OpenApiContractTest {
    @RegisterExtension
    final Dashboard d = Dashboard.onHome();

    private JsonNode doc;
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    record Call(String operationId, Supplier<Dashboard.Reply> send, int expected) {
    }

    @Test
    void every_operation_answers_as_the_document_says() throws Exception {
        doc = d.get("/api/openapi.json").expect(200).json();
        assertFalse(doc.path("servers").isEmpty(), "servers");
        assertEquals("Apache-2.0", doc.at("/info/license/name").asText());
        Set<String> ids = new HashSet<>();
        doc.get("paths").forEach(item -> item.forEach(op -> {
            assertTrue(op.hasNonNull("operationId"), op.toString());
            assertTrue(ids.add(op.get("operationId").asText()), "unique: " + op.get("operationId"));
            List<String> codes = new ArrayList<>();
            op.get("responses").fieldNames().forEachRemaining(codes::add);
            assertTrue(codes.stream().anyMatch(c -> c.startsWith("4")), "a 4XX on " + op.get("operationId"));
        }));

        String a = d.create("contract a");
        String b = d.create("contract b");
        String parent = d.create("contract parent");
        String running = d.board.tasks().create(NewTask.titled("contract running").assignee("dev").build()).task().id();
        long runId = d.board.claims().claim(running).orElseThrow().run().id();
        String toReview = d.board.tasks().create(NewTask.titled("to review").build()).task().id();
        String reviewer = d.board.tasks().create(NewTask.titled("reviewed").assignee("dev").build()).task().id();
        d.board.claims().claim(reviewer).orElseThrow();
        String blocked = d.create("contract blocked");
        d.board.claims().block(blocked, "needs a person", null);
        Dashboard.Reply uploaded = upload(b);
        long attachmentId = uploaded.expect(201).json().get("id").asLong();
        d.board.comments().add(a, "ann", "a comment");

        List<Call> calls = List.of(
                new Call("getOpenApiDocument", () -> d.get("/api/openapi.json"), 200),
                new Call("createBoard", () -> d.post("/api/boards", Dashboard.json(Map.of("slug", "contract",
                        "name", "Contract", "icon", "C"))), 201),
                new Call("listBoards", () -> d.get("/api/boards"), 200),
                new Call("updateBoard", () -> d.patch("/api/boards/contract", Dashboard.json(Map.of("name",
                        "Contract two", "color", "#336699"))), 200),
                new Call("switchBoard", () -> d.post("/api/boards/contract/switch", ""), 200),
                new Call("exportBoard", () -> d.post("/api/boards/contract/export?include_logs=true", ""), 200),
                new Call("importBoard", this::importDefaultBoard, 201),
                new Call("archiveBoard", () -> d.delete("/api/boards/contract"), 200),
                new Call("getBoard", () -> d.get("/api/board?limit=5&q=contract"), 200),
                new Call("getBoardColumn", () -> d.get("/api/board/columns/ready?offset=1&limit=2"), 200),
                new Call("getLifecycle", () -> d.get("/api/lifecycle"), 200),
                new Call("getStats", () -> d.get("/api/stats"), 200),
                new Call("getFleet", () -> d.get("/api/fleet?window=1h"), 200),
                new Call("getAssignees", () -> d.get("/api/assignees"), 200),
                new Call("getWarnings", () -> d.get("/api/warnings"), 200),
                new Call("createTask", () -> d.post("/api/tasks", Dashboard.json(Map.of("title", "new one",
                        "assignee", "dev", "skills", List.of("java")))), 201),
                new Call("bulkTasks", () -> d.post("/api/tasks/bulk", Dashboard.json(Map.of("ids", List.of(a,
                        "t_missing"), "action", "reprioritize", "priority", 2))), 200),
                new Call("getTask", () -> d.get("/api/tasks/" + a), 200),
                new Call("updateTask", () -> d.patch("/api/tasks/" + a, Dashboard.json(Map.of("title", "renamed",
                        "model_override", "gpt-5", "provider_override", "openai", "reasoning_effort", "high"))),
                        200),
                new Call("listTaskEvents", () -> d.get("/api/tasks/" + a + "/events"), 200),
                new Call("listTaskComments", () -> d.get("/api/tasks/" + a + "/comments"), 200),
                new Call("addTaskComment", () -> d.post("/api/tasks/" + a + "/comments",
                        Dashboard.json(Map.of("body", "hello"))), 201),
                new Call("addTaskParent", () -> d.post("/api/tasks/" + b + "/parents",
                        Dashboard.json(Map.of("parent_id", parent))), 201),
                new Call("deleteTaskParent", () -> d.delete("/api/tasks/" + b + "/parents/" + parent), 200),
                new Call("listTaskRuns", () -> d.get("/api/tasks/" + running + "/runs"), 200),
                new Call("listActiveWorkers", () -> d.get("/api/workers/active"), 200),
                new Call("inspectRun", () -> d.get("/api/runs/" + runId + "/inspect"), 200),
                new Call("terminateRun", () -> d.post("/api/runs/999999/terminate", ""), 404),
                new Call("listTaskAttachments", () -> d.get("/api/tasks/" + b + "/attachments"), 200),
                new Call("uploadTaskAttachment", () -> upload(a), 201),
                new Call("getAttachment", () -> d.get("/api/attachments/" + attachmentId), 200),
                new Call("deleteAttachment", () -> d.delete("/api/attachments/" + attachmentId), 200),
                new Call("getRunLog", () -> d.get("/api/runs/" + runId + "/log"), 404),
                new Call("promoteTask", () -> d.post("/api/tasks/" + a + "/promote",
                        Dashboard.json(Map.of("dry_run", true))), 409),
                new Call("scheduleTask", () -> d.post("/api/tasks/" + b + "/schedule",
                        Dashboard.json(Map.of("at", "+2h"))), 200),
                new Call("requestReviewTask", () -> d.post("/api/tasks/" + toReview + "/request-review",
                        Dashboard.json(Map.of("summary", "please look"))), 200),
                new Call("requestChangesTask", () -> d.post("/api/tasks/" + toReview + "/request-changes",
                        Dashboard.json(Map.of("reason", "more tests"))), 409),
                new Call("reassignTask", () -> d.post("/api/tasks/" + reviewer + "/reassign",
                        Dashboard.json(Map.of("profile", "qa", "reclaim_first", true))), 200),
                new Call("unblockTask", () -> d.post("/api/tasks/" + blocked + "/unblock", ""), 200),
                new Call("reclaimTask", () -> d.post("/api/tasks/" + running + "/reclaim",
                        Dashboard.json(Map.of("reason", "stuck"))), 200),
                new Call("getTaskReopenImpact", () -> d.get("/api/tasks/" + a + "/reopen-impact"), 200),
                new Call("archiveTask", () -> d.delete("/api/tasks/" + a), 200),
                new Call("getDispatch", () -> d.get("/api/dispatch"), 200),
                new Call("nudgeDispatch", () -> d.post("/api/dispatch/nudge", ""), 409),
                new Call("listNotifyTargets", () -> d.get("/api/notify/targets"), 200),
                new Call("testNotifyTarget", () -> d.post("/api/notify/targets/nowhere/test", ""), 404),
                new Call("listNotifySubscriptions", () -> d.get("/api/notify/subscriptions"), 200),
                new Call("createNotifySubscription", () -> d.post("/api/notify/subscriptions",
                        Dashboard.json(Map.of("target", "nowhere", "task_id", b))), 400),
                new Call("deleteNotifySubscription", () -> d.delete("/api/notify/subscriptions/n_missing"), 404),
                new Call("getDiagnostics", () -> d.get("/api/diagnostics"), 200));

        Map<String, JsonNode> operations = operations();
        Set<String> called = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        for (Call c : calls) {
            JsonNode op = operations.get(c.operationId());
            assertTrue(op != null, "the document has no operation " + c.operationId());
            called.add(c.operationId());
            Dashboard.Reply r = c.send().get();
            if (r.status() != c.expected()) {
                problems.add(c.operationId() + ": expected " + c.expected() + ", got " + r.status() + " " + r.text());
                continue;
            }
            check(c.operationId(), op, r, problems);
        }
        assertEquals(operations.keySet(), called, "every operation of the document is called");

        // Without the token every guarded operation answers 401 with the Error shape, as each one documents.
        for (Map.Entry<String, JsonNode> e : operations.entrySet()) {
            JsonNode op = e.getValue();
            String path = op.get("x-path").asText().replaceAll("\\{[^}]+}", "x1");
            if (path.equals("/api/openapi.json")) {
                continue;
            }
            Dashboard.Reply r = d.send(HttpRequest.newBuilder(URI.create(d.base() + path))
                    .timeout(Duration.ofSeconds(30)).method(op.get("x-method").asText().toUpperCase(),
                            HttpRequest.BodyPublishers.noBody()));
            if (r.status() != 401) {
                problems.add(e.getKey() + " without a token: " + r.status());
            } else {
                check(e.getKey(), op, r, problems);
            }
        }
        Dashboard.Reply notJson = d.send(HttpRequest.newBuilder(URI.create(d.base() + "/api/openapi.json"))
                .header("Accept", "text/html").GET());
        if (notJson.status() == 406) {
            check("getOpenApiDocument", operations.get("getOpenApiDocument"), notJson, problems);
        } else {
            problems.add("getOpenApiDocument with Accept: text/html: " + notJson.status());
        }
        assertEquals(List.of(), problems);
    }

    /** Exports the default board and sends the archive back: a new board, contract-copy. */
    private Dashboard.Reply importDefaultBoard() {
        try {
            byte[] archive = d.http.send(d.request("/api/boards/default/export")
                    .POST(HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body();
            return d.send(d.request("/api/boards/import?as=contract-copy").setHeader("Content-Type",
                    "application/gzip").POST(HttpRequest.BodyPublishers.ofByteArray(archive)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Dashboard.Reply upload(String taskId) {
        try {
            return d.send(HttpRequest.newBuilder(URI.create(d.base() + "/api/tasks/" + taskId + "/attachments"))
                    .timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + Dashboard.TOKEN)
                    .header("Content-Type", "multipart/form-data; boundary=" + AttachmentRoutesTest.BOUNDARY)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(AttachmentRoutesTest.multipart("notes.txt",
                            "text/plain", "some notes".getBytes(java.nio.charset.StandardCharsets.UTF_8)))));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Operations by id, each with its method and path added as x-method and x-path. */
    private Map<String, JsonNode> operations() {
        Map<String, JsonNode> out = new java.util.TreeMap<>();
        doc.get("paths").properties().forEach(path -> path.getValue().properties().forEach(m -> {
            ObjectNode op = ((ObjectNode) m.getValue()).deepCopy();
            op.put("x-method", m.getKey());
            op.put("x-path", path.getKey());
            out.put(op.get("operationId").asText(), op);
        }));
        return out;
    }

    /** The status is documented; a JSON body fits the schema documented for it. */
    private void check(String id, JsonNode op, Dashboard.Reply r, List<String> problems) {
        JsonNode response = op.get("responses").get(Integer.toString(r.status()));
        if (response == null) {
            problems.add(id + ": status " + r.status() + " is not documented");
            return;
        }
        if (response.has("$ref")) {
            response = doc.at(response.get("$ref").asText().substring(1));
        }
        JsonNode schema = response.at("/content/application~1json/schema");
        if (schema.isMissingNode()) {
            return; // a download or a body the document leaves open
        }
        if (r.json() == null) {
            problems.add(id + ": " + r.status() + " documented as JSON, got " + r.raw().headers()
                    .firstValue("Content-Type").orElse("no Content-Type"));
            return;
        }
        ObjectNode root = (ObjectNode) jsonSchema(schema.deepCopy());
        root.set("components", jsonSchema(doc.get("components").deepCopy()));
        Schema compiled = registry.getSchema(root);
        var errors = compiled.validate(r.json());
        if (!errors.isEmpty()) {
            problems.add(id + " " + r.status() + ": " + errors.stream().limit(5).map(Object::toString).toList());
        }
    }

    /** OpenAPI 3.0's schema dialect as JSON Schema: {@code nullable: true} becomes a null type. */
    static JsonNode jsonSchema(JsonNode node) {
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            if (o.path("nullable").asBoolean(false)) {
                o.remove("nullable");
                boolean composed = o.has("$ref") || o.has("allOf") || o.has("oneOf") || o.has("anyOf");
                if (o.has("type") && !composed) {
                    ArrayNode types = JsonNodeFactory.instance.arrayNode();
                    types.add(o.get("type").asText());
                    types.add("null");
                    o.set("type", types);
                } else {
                    // A reference or a composition (with the type linters ask beside it): either it, or null.
                    ObjectNode inner = JsonNodeFactory.instance.objectNode();
                    for (String k : List.of("type", "$ref", "allOf", "oneOf", "anyOf")) {
                        if (o.has(k)) {
                            inner.set(k, o.remove(k));
                        }
                    }
                    ArrayNode any = o.putArray("anyOf");
                    any.add(inner);
                    any.addObject().put("type", "null");
                }
            }
            o.properties().forEach(e -> jsonSchema(e.getValue()));
        } else if (node.isArray()) {
            node.forEach(OpenApiContractTest::jsonSchema);
        }
        return node;
    }
}
