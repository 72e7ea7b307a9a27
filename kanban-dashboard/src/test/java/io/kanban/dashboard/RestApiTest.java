package io.kanban.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kanban.core.Lifecycle;
import io.kanban.core.model.Completion;
import io.kanban.core.model.Status;
import io.kanban.core.spi.DispatcherHandle;
import io.kanban.core.dispatch.TickReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class RestApiTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final Dashboard d = new Dashboard();

    /** A dispatcher that runs, has not ticked yet, and does {@code onNudge} when nudged. */
    private static DispatcherHandle runningHandle(Runnable onNudge) {
        return new DispatcherHandle() {
            @Override
            public void nudge() {
                onNudge.run();
            }

            @Override
            public Optional<TickReport> lastTick() {
                return Optional.empty();
            }

            @Override
            public boolean isRunning() {
                return true;
            }

            @Override
            public void stop(Duration timeout) {
            }
        };
    }

    private static void assertError(Dashboard.Reply r, int status, String code) {
        assertEquals(status, r.status(), r.text());
        assertTrue(r.json() != null && r.json().has("error"), () -> "JSON error body expected: " + r.text());
        assertEquals(code, r.json().get("code").asText(), r.text());
        assertFalse(r.text().contains("\tat "), "no stack trace in " + r.text());
    }

    private static List<String> ids(JsonNode column) {
        List<String> out = new ArrayList<>();
        column.get("cards").forEach(c -> out.add(c.get("id").asText()));
        return out;
    }

    private static JsonNode column(JsonNode board, String status) {
        for (JsonNode c : board.get("columns")) {
            if (c.get("status").asText().equals(status)) {
                return c;
            }
        }
        return null;
    }

    @Test
    void board_lists_the_eight_columns_with_cards_counts_and_the_event_cursor() {
        String a = d.create("first");
        JsonNode board = d.get("/api/board").expect(200).json();
        List<String> statuses = new ArrayList<>();
        board.get("columns").forEach(c -> statuses.add(c.get("status").asText()));
        assertEquals(List.of("triage", "todo", "scheduled", "ready", "running", "blocked", "review", "done"),
                statuses);
        assertEquals(List.of(a), ids(column(board, "ready")));
        assertEquals(1, column(board, "ready").get("count").asInt());
        assertEquals(d.board.events().latestId(), board.get("latest_event_id").asLong());
        JsonNode card = column(board, "ready").get("cards").get(0);
        assertEquals("first", card.get("title").asText());
        assertTrue(card.get("moves").toString().contains("done"));
        assertFalse(card.get("moves").toString().contains("running"), "running is never a move by hand");
    }

    @Test
    void board_filters_by_assignee_and_tenant_and_shows_archived_only_when_asked() {
        d.post("/api/tasks", Dashboard.json(Map.of("title", "for alice", "assignee", "alice"))).expect(201);
        d.post("/api/tasks", Dashboard.json(Map.of("title", "for acme", "tenant", "acme"))).expect(201);
        String gone = d.create("to archive");
        d.delete("/api/tasks/" + gone).expect(200);

        JsonNode alice = d.get("/api/board?assignee=alice").expect(200).json();
        assertEquals(1, alice.get("total").asInt());
        JsonNode acme = d.get("/api/board?tenant=acme").expect(200).json();
        assertEquals("for acme", column(acme, "ready").get("cards").get(0).get("title").asText());
        JsonNode plain = d.get("/api/board").expect(200).json();
        assertEquals(null, column(plain, "archived"));
        JsonNode withArchived = d.get("/api/board?archived=true").expect(200).json();
        assertEquals(List.of(gone), ids(column(withArchived, "archived")));
        assertError(d.get("/api/board?archived=maybe"), 400, "invalid_argument");
        assertError(d.get("/api/board?assignee=-rm"), 400, "invalid_argument");
    }

    @Test
    void create_answers_201_and_refuses_bad_input_with_a_json_error() {
        Dashboard.Reply created = d.post("/api/tasks", Dashboard.json(Map.of("title", "t", "assignee", "coder",
                "priority", 3, "skills", List.of("java"), "workspace", "worktree"))).expect(201);
        assertEquals("coder", created.json().at("/task/assignee").asText());
        assertEquals("worktree", created.json().at("/task/workspace_kind").asText());
        assertTrue(created.json().at("/task/workspace_path").isNull());
        assertEquals("java", created.json().at("/card/skills/0").asText());
        Dashboard.Reply blocked = d.post("/api/tasks", Dashboard.json(Map.of("title", "needs legal",
                "initial_status", "blocked"))).expect(201);
        assertEquals("blocked", blocked.json().at("/task/status").asText());

        assertError(d.post("/api/tasks", "{}"), 400, "invalid_argument");
        assertError(d.post("/api/tasks", "{\"title\":\"x\",\"initial_status\":\"paused\"}"), 400,
                "invalid_argument");
        assertError(d.post("/api/tasks", "{\"title\": "), 400, "bad_json");
        assertError(d.post("/api/tasks", ""), 400, "bad_json");
        assertError(d.post("/api/tasks", "[1,2]"), 400, "bad_json");
        assertError(d.post("/api/tasks", "{\"title\":\"x\",\"colour\":\"red\"}"), 400, "invalid_argument");
        assertError(d.post("/api/tasks", "{\"title\":\"x\",\"priority\":\"high\"}"), 400, "invalid_argument");
        assertError(d.post("/api/tasks", "{\"title\":\"x\",\"assignee\":\"-rf\"}"), 400, "invalid_argument");
        assertError(d.post("/api/tasks", "{\"title\":\"x\",\"parents\":[\"t_nope\"]}"), 400, "invalid_argument");
        assertError(d.post("/api/tasks", "{\"title\":\"x\",\"workspace\":\"dir:relative\"}"), 400, "invalid_argument");
        assertError(d.post("/api/tasks", Dashboard.json(Map.of("title", "x", "body", "b".repeat(70_000)))), 413,
                "oversize_text");
        assertError(d.post("/api/tasks", Dashboard.json(Map.of("title", "x", "body", "b".repeat(3_000_000)))), 413,
                "too_large");
        assertEquals(2, d.board.tasks().list(io.kanban.core.model.TaskFilter.all()).size(), "nothing half-created");
    }

    @Test
    void create_with_the_same_idempotency_key_returns_the_existing_task_with_200() {
        String body = Dashboard.json(Map.of("title", "once", "idempotency_key", "k-1"));
        String first = d.post("/api/tasks", body).expect(201).json().at("/task/id").asText();
        Dashboard.Reply again = d.post("/api/tasks", body).expect(200);
        assertEquals(first, again.json().at("/task/id").asText());
        assertTrue(again.json().get("existing").asBoolean());
    }

    @Test
    void detail_has_task_comments_runs_events_parents_and_children() {
        String parent = d.create("parent");
        String child = d.post("/api/tasks", Dashboard.json(Map.of("title", "child", "parents", List.of(parent))))
                .expect(201).json().at("/task/id").asText();
        d.board.claims().claim(parent).orElseThrow();
        d.board.claims().complete(parent, new Completion("did it", "the answer is 42", null, null));
        d.post("/api/tasks/" + parent + "/comments", "{\"body\":\"looks **good**\"}").expect(201);

        JsonNode detail = d.get("/api/tasks/" + parent).expect(200).json();
        assertEquals("done", detail.at("/task/status").asText());
        assertEquals("looks **good**", detail.at("/comments/0/body").asText());
        assertEquals("completed", detail.at("/runs/0/outcome").asText());
        assertEquals("did it", detail.at("/runs/0/summary").asText());
        assertEquals(child, detail.at("/children/0/id").asText());
        assertTrue(detail.get("events").size() >= 3);

        JsonNode childDetail = d.get("/api/tasks/" + child).expect(200).json();
        assertEquals(parent, childDetail.at("/parents/0/id").asText());
        assertEquals("ready", childDetail.at("/task/status").asText(), "completing the parent promoted the child");
        assertTrue(detail.at("/children/0/result").isNull(), "the child has not finished");

        assertError(d.get("/api/tasks/t_doesnotexist"), 404, "task_not_found");
    }

    @Test
    void a_finished_childs_result_shows_in_its_parents_detail() {
        String parent = d.create("parent");
        String child = d.post("/api/tasks", Dashboard.json(Map.of("title", "child", "parents", List.of(parent))))
                .json().at("/task/id").asText();
        d.board.tasks().move(parent, Status.DONE, "ok");
        d.board.claims().claim(child).orElseThrow();
        d.board.claims().complete(child, new Completion("sum", "child result text", null, null));
        JsonNode detail = d.get("/api/tasks/" + parent).expect(200).json();
        assertEquals("child result text", detail.at("/children/0/result").asText());
    }

    @Test
    void patch_moves_edits_assigns_and_reprioritizes_through_the_core() {
        String id = d.create("original");
        JsonNode moved = d.patch("/api/tasks/" + id, "{\"status\":\"blocked\",\"reason\":\"waiting on ops\"}")
                .expect(200).json();
        assertEquals("blocked", moved.at("/task/status").asText());
        JsonNode edited = d.patch("/api/tasks/" + id,
                "{\"title\":\"renamed\",\"body\":\"new body\",\"assignee\":\"bob\",\"priority\":7}").expect(200).json();
        assertEquals("renamed", edited.at("/task/title").asText());
        assertEquals("new body", edited.at("/task/body").asText());
        assertEquals("bob", edited.at("/task/assignee").asText());
        assertEquals(7, edited.at("/task/priority").asInt());
        JsonNode cleared = d.patch("/api/tasks/" + id, "{\"assignee\":null}").expect(200).json();
        assertTrue(cleared.at("/task/assignee").isNull());
        JsonNode done = d.patch("/api/tasks/" + id, "{\"status\":\"done\",\"reason\":\"shipped\"}").expect(200).json();
        assertEquals("done", done.at("/task/status").asText());
        var runs = d.board.runs().of(id);
        assertEquals("shipped", runs.get(runs.size() - 1).summary());
    }

    @Test
    void patch_refuses_running_illegal_moves_and_bad_fields() {
        String id = d.create("t");
        assertError(d.patch("/api/tasks/" + id, "{\"status\":\"running\"}"), 409, "illegal_transition");
        assertError(d.patch("/api/tasks/" + id, "{\"status\":\"flying\"}"), 400, "invalid_argument");
        assertError(d.patch("/api/tasks/" + id, "{}"), 400, "invalid_argument");
        assertError(d.patch("/api/tasks/" + id, "{\"priority\":1.5}"), 400, "invalid_argument");
        assertError(d.patch("/api/tasks/" + id, "{\"title\":\"\"}"), 400, "invalid_argument");
        assertError(d.patch("/api/tasks/" + id, "{\"title\":\"" + "x".repeat(600) + "\"}"), 413, "oversize_text");
        assertError(d.patch("/api/tasks/" + id, "not json"), 400, "bad_json");
        assertError(d.patch("/api/tasks/t_nope", "{\"status\":\"done\"}"), 404, "task_not_found");
        d.delete("/api/tasks/" + id).expect(200);
        assertError(d.patch("/api/tasks/" + id, "{\"status\":\"ready\"}"), 409, "illegal_transition");
        assertEquals(Status.ARCHIVED, d.board.tasks().get(id).status());
    }

    @Test
    void moving_to_ready_with_unfinished_parents_is_a_409_naming_them() {
        String p1 = d.create("parent one");
        String p2 = d.create("parent two");
        String child = d.post("/api/tasks", Dashboard.json(Map.of("title", "child", "parents", List.of(p1, p2))))
                .json().at("/task/id").asText();
        assertEquals("todo", d.board.tasks().get(child).status().wire());
        Dashboard.Reply r = d.patch("/api/tasks/" + child, "{\"status\":\"ready\"}");
        assertError(r, 409, "unfinished_parents");
        List<String> named = new ArrayList<>();
        r.json().get("parents").forEach(p -> named.add(p.asText()));
        assertEquals(List.of(p1, p2).stream().sorted().toList(), named.stream().sorted().toList());
        assertTrue(r.json().get("error").asText().contains(p1) && r.json().get("error").asText().contains(p2));
    }

    @Test
    void delete_archives_the_task_and_a_second_delete_is_a_409() {
        String id = d.create("t");
        assertEquals("archived", d.delete("/api/tasks/" + id).expect(200).json().at("/task/status").asText());
        assertEquals(Status.ARCHIVED, d.board.tasks().get(id).status());
        assertError(d.delete("/api/tasks/" + id), 409, "illegal_transition");
        assertError(d.delete("/api/tasks/t_nope"), 404, "task_not_found");
    }

    @Test
    void bulk_reports_per_id_and_one_bad_id_does_not_stop_the_rest() {
        String a = d.create("a");
        String b = d.create("b");
        String archived = d.create("c");
        d.board.tasks().archive(archived);
        JsonNode r = d.post("/api/tasks/bulk", Dashboard.json(Map.of("ids", List.of(a, "t_missing", archived, b),
                "action", "move", "status", "blocked", "reason", "freeze"))).expect(200).json();
        assertEquals(2, r.get("failed").asInt());
        JsonNode results = r.get("results");
        assertTrue(results.get(0).get("ok").asBoolean());
        assertEquals(404, results.get(1).get("status").asInt());
        assertEquals("task_not_found", results.get(1).get("code").asText());
        assertEquals(409, results.get(2).get("status").asInt());
        assertTrue(results.get(3).get("ok").asBoolean());
        assertEquals(Status.BLOCKED, d.board.tasks().get(a).status());
        assertEquals(Status.BLOCKED, d.board.tasks().get(b).status());

        JsonNode assigned = d.post("/api/tasks/bulk", Dashboard.json(Map.of("ids", List.of(a, b), "action", "assign",
                "assignee", "ops"))).expect(200).json();
        assertEquals(0, assigned.get("failed").asInt());
        assertEquals("ops", d.board.tasks().get(b).assignee());
        d.post("/api/tasks/bulk", Dashboard.json(Map.of("ids", List.of(a), "action", "reprioritize", "priority", 5)))
                .expect(200);
        assertEquals(5, d.board.tasks().get(a).priority());
        d.post("/api/tasks/bulk", Dashboard.json(Map.of("ids", List.of(a, b), "action", "archive"))).expect(200);
        assertEquals(Status.ARCHIVED, d.board.tasks().get(b).status());

        assertError(d.post("/api/tasks/bulk", "{\"ids\":[],\"action\":\"archive\"}"), 400, "invalid_argument");
        assertError(d.post("/api/tasks/bulk", "{\"ids\":[\"x\"],\"action\":\"explode\"}"), 400, "invalid_argument");
        assertError(d.post("/api/tasks/bulk", "{\"ids\":[\"x\"],\"action\":\"move\"}"), 400, "invalid_argument");
        assertError(d.post("/api/tasks/bulk", "{\"ids\":[\"x\"],\"action\":\"reprioritize\"}"), 400,
                "invalid_argument");
        assertError(d.post("/api/tasks/bulk", "{\"ids\":\"x\",\"action\":\"archive\"}"), 400, "invalid_argument");
    }

    @Test
    void comments_are_added_and_listed_and_bad_ones_refused() {
        String id = d.create("t");
        JsonNode c = d.post("/api/tasks/" + id + "/comments", "{\"body\":\"hello\",\"author\":\"ann\"}").expect(201)
                .json();
        assertEquals("ann", c.get("author").asText());
        assertEquals("hello", d.get("/api/tasks/" + id + "/comments").expect(200).json().at("/comments/0/body")
                .asText());
        assertError(d.post("/api/tasks/" + id + "/comments", "{\"body\":\"  \"}"), 400, "invalid_argument");
        assertError(d.post("/api/tasks/" + id + "/comments", "{}"), 400, "invalid_argument");
        assertError(d.post("/api/tasks/" + id + "/comments", Dashboard.json(Map.of("body", "x".repeat(70_000)))), 413,
                "oversize_text");
        assertError(d.post("/api/tasks/t_nope/comments", "{\"body\":\"hi\"}"), 404, "task_not_found");
        assertError(d.get("/api/tasks/t_nope/comments"), 404, "task_not_found");
    }

    @Test
    void links_are_added_and_removed_and_a_cycle_is_a_409() {
        String a = d.create("a");
        String b = d.create("b");
        JsonNode linked = d.post("/api/tasks/" + b + "/parents", "{\"parent_id\":\"" + a + "\"}").expect(201).json();
        assertEquals("todo", linked.at("/child/status").asText(), "a ready child of an unfinished parent waits");
        d.post("/api/tasks/" + b + "/parents", "{\"parent_id\":\"" + a + "\"}").expect(200);
        Dashboard.Reply cycle = d.post("/api/tasks/" + a + "/parents", "{\"parent_id\":\"" + b + "\"}");
        assertError(cycle, 409, "cycle");
        assertError(d.post("/api/tasks/" + a + "/parents", "{\"parent_id\":\"" + a + "\"}"), 400, "invalid_argument");
        assertError(d.post("/api/tasks/" + a + "/parents", "{\"parent_id\":\"t_nope\"}"), 404, "task_not_found");
        assertError(d.post("/api/tasks/" + a + "/parents", "{}"), 400, "invalid_argument");
        assertEquals("ready", d.delete("/api/tasks/" + b + "/parents/" + a).expect(200).json().at("/child/status")
                .asText());
        assertError(d.delete("/api/tasks/" + b + "/parents/" + a), 404, "link_not_found");
    }

    @Test
    void runs_and_a_runs_log_are_served() throws Exception {
        String id = d.create("work");
        var claim = d.board.claims().claim(id).orElseThrow();
        Path log = dir.resolve("worker.log");
        Files.writeString(log, "line one\nline two\n");
        d.board.dispatch().recordSpawned(id, claim.run().id(), 4242, log.toString());
        JsonNode runs = d.get("/api/tasks/" + id + "/runs").expect(200).json();
        assertEquals(claim.run().id(), runs.at("/runs/0/id").asLong());
        assertTrue(runs.at("/runs/0/has_log").asBoolean());
        Dashboard.Reply text = d.get("/api/runs/" + claim.run().id() + "/log").expect(200);
        assertEquals("line one\nline two\n", text.text());

        String other = d.create("no log");
        var claim2 = d.board.claims().claim(other).orElseThrow();
        assertError(d.get("/api/runs/" + claim2.run().id() + "/log"), 404, "no_log");
        Files.delete(log);
        assertError(d.get("/api/runs/" + claim.run().id() + "/log"), 404, "no_log");
        assertError(d.get("/api/runs/999999/log"), 404, "run_not_found");
        assertError(d.get("/api/runs/abc/log"), 400, "invalid_argument");
        assertError(d.get("/api/tasks/t_nope/runs"), 404, "task_not_found");
    }

    @Test
    void stats_assignees_warnings_and_lifecycle_report_the_board() {
        d.post("/api/tasks", Dashboard.json(Map.of("title", "x", "assignee", "alice"))).expect(201);
        String failing = d.create("flaky");
        d.board.tasks().move(failing, Status.BLOCKED, "stuck");
        JsonNode stats = d.get("/api/stats").expect(200).json();
        assertEquals(1, stats.at("/by_status/ready").asInt());
        assertEquals(1, stats.at("/by_status/blocked").asInt());
        assertEquals("alice", d.get("/api/assignees").expect(200).json().at("/assignees/0/assignee").asText());
        JsonNode warnings = d.get("/api/warnings?stuck_minutes=1").expect(200).json();
        assertEquals(1, warnings.get("stuck_minutes").asInt());
        assertTrue(warnings.get("warnings").isArray());
        assertError(d.get("/api/warnings?stuck_minutes=soon"), 400, "invalid_argument");
        assertError(d.get("/api/warnings?stuck_minutes=0"), 400, "invalid_argument");
        JsonNode lifecycle = d.get("/api/lifecycle").expect(200).json();
        assertFalse(lifecycle.at("/moves/ready").toString().contains("running"));
        assertTrue(lifecycle.at("/moves/archived").isEmpty());
        List<String> drops = new ArrayList<>();
        lifecycle.get("drop_targets").forEach(t -> drops.add(t.asText()));
        assertEquals(List.of("triage", "todo", "ready", "blocked", "done"), drops,
                "scheduled, running and review are not drop targets");

        // Per verb, the statuses its rows of the table apply from, in board order: what the card drawer offers.
        JsonNode verbs = lifecycle.get("verbs");
        assertEquals(List.of("running"), texts(verbs.get("reclaim")));
        assertEquals(List.of("todo", "blocked"), texts(verbs.get("promote")));
        assertEquals(List.of("ready", "running"), texts(verbs.get("request review")));
        assertEquals(List.of("running"), texts(verbs.get("request changes")));
        assertEquals(List.of("review"), texts(verbs.get("reopen review")));
        Map<String, Set<String>> table = new LinkedHashMap<>();
        for (Lifecycle.Transition t : Lifecycle.Transition.values()) {
            t.from().forEach(s -> table.computeIfAbsent(t.action(), a -> new TreeSet<>()).add(s.wire()));
        }
        assertEquals(new ArrayList<>(table.keySet()), fieldNames(verbs), "every verb of the table, in its order");
        table.forEach((verb, from) -> assertEquals(from, new TreeSet<>(texts(verbs.get(verb))), verb));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void diagnostics_list_what_needs_a_person_with_the_actions_that_fix_it() {
        String q = d.create("question");
        d.board.claims().block(q, "which database?", null);
        assertEquals(0, d.get("/api/diagnostics").expect(200).json().get("diagnostics").size());
        d.clock.advance(java.time.Duration.ofHours(25));

        JsonNode found = d.get("/api/diagnostics").expect(200).json().get("diagnostics");
        assertEquals(1, found.size(), found.toString());
        assertEquals("stuck_in_blocked", found.at("/0/kind").asText());
        assertEquals(q, found.at("/0/task_id").asText());
        assertEquals("unblock", found.at("/0/actions/0/kind").asText());
        assertEquals(q, found.at("/0/actions/0/payload/task_id").asText());
        assertEquals(0, d.get("/api/diagnostics?severity=error").expect(200).json().get("diagnostics").size());
        assertEquals(1, d.get("/api/diagnostics?task=" + q).expect(200).json().get("diagnostics").size());
        assertError(d.get("/api/diagnostics?severity=loud"), 400, "invalid_argument");
        assertError(d.get("/api/diagnostics?task=t_nope"), 404, "task_not_found");
    }

    @Test
    void nudge_without_a_dispatcher_is_a_409_with_a_clear_error() {
        Dashboard.Reply r = d.post("/api/dispatch/nudge", "");
        assertError(r, 409, "no_dispatcher");
        assertTrue(r.json().get("error").asText().contains("no dispatcher"));
        assertFalse(d.get("/api/dispatch").expect(200).json().get("in_process").asBoolean());
    }

    @Test
    void nudge_reaches_the_hosted_dispatcher() {
        AtomicInteger nudges = new AtomicInteger();
        try (Dashboard hosted = new Dashboard(
                DispatchHost.of(runningHandle(nudges::incrementAndGet)))) {
            hosted.post("/api/dispatch/nudge", "").expect(202);
            assertEquals(1, nudges.get());
            assertTrue(hosted.get("/api/dispatch").expect(200).json().get("in_process").asBoolean());
        }
    }

    @Test
    void unknown_api_routes_answer_a_json_404() {
        Dashboard.Reply r = d.get("/api/nothing-here");
        assertEquals(404, r.status());
        assertTrue(r.json() != null && r.json().has("error"), r.text());
    }

    @Test
    void bad_query_parameters_are_400s_naming_the_parameter() throws Exception {
        String id = d.create("t");
        assertEquals(1, d.get("/api/tasks/" + id + "/events?limit=1").expect(200).json().get("events").size());
        for (String limit : List.of("abc", "0", "-4", "1.5", "99999999999")) {
            Dashboard.Reply r = d.get("/api/tasks/" + id + "/events?limit=" + limit);
            assertError(r, 400, "invalid_argument");
            assertEquals("limit", r.json().get("field").asText());
        }
        assertError(d.get("/api/tasks/t_nope/events"), 404, "task_not_found");
        assertError(d.get("/api/warnings?stuck_minutes=99999999999"), 400, "invalid_argument");
        assertError(d.get("/api/board?tenant=%01"), 400, "invalid_argument");
        for (String cursor : List.of("abc", "-1", "1e3")) {
            java.util.concurrent.CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(
                    java.util.concurrent.CompletionException.class, () -> d.http.newWebSocketBuilder()
                            .buildAsync(java.net.URI.create("ws://127.0.0.1:" + d.port() + DashboardApp.LIVE_PATH
                                    + "?token=" + Dashboard.TOKEN + "&cursor=" + cursor),
                                    new java.net.http.WebSocket.Listener() { }).join());
            var refused = (java.net.http.WebSocketHandshakeException) e.getCause();
            assertEquals(400, refused.getResponse().statusCode(), "cursor=" + cursor);
        }
    }

    @Test
    void oversize_bodies_are_413_on_every_route_that_takes_one() {
        String id = d.create("t");
        String huge = Dashboard.json(Map.of("body", "b".repeat(3_000_000)));
        assertError(d.patch("/api/tasks/" + id, huge), 413, "too_large");
        assertError(d.post("/api/tasks/" + id + "/comments", huge), 413, "too_large");
        assertError(d.post("/api/tasks/" + id + "/parents", huge), 413, "too_large");
        assertError(d.post("/api/tasks/bulk", huge), 413, "too_large");
        assertEquals("t", d.board.tasks().get(id).title());
    }

    @Test
    void a_route_asked_with_the_wrong_method_answers_a_json_4xx() {
        for (Dashboard.Reply r : List.of(d.send(d.request("/api/board").PUT(
                java.net.http.HttpRequest.BodyPublishers.ofString("{}"))), d.delete("/api/stats"),
                d.post("/api/lifecycle", "{}"))) {
            assertTrue(r.status() == 404 || r.status() == 405, r.status() + " " + r.text());
            assertTrue(r.json() != null && r.json().has("error"), r.text());
        }
    }

    @Test
    void an_internal_bug_is_a_500_that_names_an_incident_and_nothing_internal() {
        DispatcherHandle broken = runningHandle(() -> {
            throw new IllegalStateException("secret detail: /home/ops/.hermes/config.yaml line 3");
        });
        try (Dashboard hosted = new Dashboard(DispatchHost.of(broken))) {
            Dashboard.Reply r = hosted.post("/api/dispatch/nudge", "");
            assertError(r, 500, "internal");
            String incident = r.json().get("incident").asText();
            assertTrue(incident.matches("[0-9a-f]{8}"), r.text());
            assertTrue(r.json().get("error").asText().contains(incident), r.text());
            for (String leak : List.of("secret", "config.yaml", "IllegalStateException", "io.kanban", "Exception")) {
                assertFalse(r.text().contains(leak), "leaks '" + leak + "': " + r.text());
            }
            hosted.get("/api/board").expect(200); // the dashboard serves on
        }
    }

    @Test
    void no_bad_input_ever_yields_a_5xx() {
        String id = d.create("t");
        List<String> bodies = List.of("", "null", "0", "\"x\"", "[]", "{", "{\"title\":null}", "{\"title\":[]}",
                "{\"status\":5}", "{\"ids\":[1]}", "{\"parent_id\":7}", "{\"priority\":99999999999}",
                "{\"max_runtime_seconds\":-5,\"title\":\"x\"}", "{\"skills\":[\"a b\"],\"title\":\"x\"}",
                "{\"title\":\"x\",\"tenant\":\"\\u0001\"}");
        List<String[]> routes = List.of(new String[] {"POST", "/api/tasks"}, new String[] {"PATCH", "/api/tasks/" + id},
                new String[] {"POST", "/api/tasks/bulk"}, new String[] {"POST", "/api/tasks/" + id + "/comments"},
                new String[] {"POST", "/api/tasks/" + id + "/parents"});
        for (String[] route : routes) {
            for (String body : bodies) {
                Dashboard.Reply r = route[0].equals("POST") ? d.post(route[1], body) : d.patch(route[1], body);
                assertTrue(r.status() < 500, route[0] + " " + route[1] + " " + body + " -> " + r.status() + " " + r.text());
                if (r.status() >= 400) {
                    assertTrue(r.json() != null && r.json().has("error") && r.json().has("code"), r.text());
                }
            }
        }
    }

    // ---- the workflow's moves and verbs (issue 19) ---------------------------------------------------------------

    /** A running task whose worker the dispatcher started and is alive: its pid is known, its claim not expired. */
    private String runningWithLiveWorker(String title, String assignee) {
        String id = d.board.tasks().create(io.kanban.core.model.NewTask.titled(title).assignee(assignee).build())
                .task().id();
        d.board.claims().claim(id, new io.kanban.core.Claims.Claimant("host:1", 4242L, Duration.ofMinutes(15)))
                .orElseThrow();
        return id;
    }

    private static void assertRefusedBy(Dashboard.Reply r, String rule) {
        assertError(r, 409, "illegal_transition");
        assertEquals(rule, r.json().get("rule").asText(), r.text());
        assertTrue(r.json().has("from"), r.text());
    }

    @Test
    void a_refused_move_is_a_409_naming_the_rule_and_where_the_task_stood() {
        String id = d.create("t");
        d.patch("/api/tasks/" + id, "{\"status\":\"triage\"}").expect(200);
        Dashboard.Reply r = d.patch("/api/tasks/" + id, "{\"status\":\"review\"}");
        assertRefusedBy(r, "request review");
        assertEquals("triage", r.json().get("from").asText());
        assertTrue(r.json().get("error").asText().contains("only from ready, running"), r.text());
        assertEquals(Status.TRIAGE, d.board.tasks().get(id).status());
        assertRefusedBy(d.patch("/api/tasks/" + id, "{\"status\":\"scheduled\"}"), "schedule");
    }

    @Test
    void patch_to_review_requests_a_forced_review_and_back_to_ready_reopens_it_for_the_implementer() {
        String id = runningWithLiveWorker("implement", "coder");
        JsonNode review = d.patch("/api/tasks/" + id, "{\"status\":\"review\",\"reason\":\"please look\"}")
                .expect(200).json();
        assertEquals("review", review.at("/task/status").asText());
        assertEquals("review", review.at("/card/status").asText());
        var runs = d.board.runs().of(id);
        assertEquals("please look", runs.get(runs.size() - 1).summary());
        assertEquals("review_requested", runs.get(runs.size() - 1).outcome().wire());
        d.board.tasks().assign(id, "reviewer");
        JsonNode back = d.patch("/api/tasks/" + id, "{\"status\":\"ready\"}").expect(200).json();
        assertEquals("ready", back.at("/task/status").asText());
        assertEquals("coder", back.at("/task/assignee").asText(), "reopen-review returns it to the implementer");
        assertTrue(d.board.events().forTask(id, 20).stream().anyMatch(e -> e.kind().equals("review_reopened")));
        assertError(d.patch("/api/tasks/" + id, "{\"status\":\"review\",\"title\":\"x\",\"at\":\"+1h\"}"),
                400, "invalid_argument");
    }

    @Test
    void patch_out_of_review_with_edits_is_a_400_naming_the_edit() {
        String id = d.create("t");
        d.board.claims().requestReview(id, io.kanban.core.Claims.ReviewRequest.of("done"));
        Dashboard.Reply r = d.patch("/api/tasks/" + id, "{\"status\":\"ready\",\"title\":\"renamed\"}");
        assertError(r, 400, "invalid_argument");
        assertEquals("title", r.json().get("field").asText());
        assertEquals(Status.REVIEW, d.board.tasks().get(id).status());
        assertEquals("t", d.board.tasks().get(id).title());
    }

    @Test
    void patch_to_blocked_with_a_kind_is_a_typed_block_and_a_dependency_waits_in_todo() {
        String id = d.create("t");
        JsonNode blocked = d.patch("/api/tasks/" + id,
                "{\"status\":\"blocked\",\"block_kind\":\"needs_input\",\"reason\":\"which db?\"}").expect(200).json();
        assertEquals("blocked", blocked.at("/task/status").asText());
        assertEquals("needs_input", blocked.at("/task/block_kind").asText());
        assertEquals(0, blocked.at("/task/block_recurrences").asInt());
        String other = d.create("u");
        JsonNode waits = d.patch("/api/tasks/" + other, "{\"status\":\"blocked\",\"block_kind\":\"dependency\"}")
                .expect(200).json();
        assertEquals("todo", waits.at("/task/status").asText());
        Dashboard.Reply bad = d.patch("/api/tasks/" + other, "{\"status\":\"blocked\",\"block_kind\":\"bored\"}");
        assertError(bad, 400, "invalid_argument");
        assertEquals("block_kind", bad.json().get("field").asText());
        Dashboard.Reply stray = d.patch("/api/tasks/" + other, "{\"status\":\"ready\",\"block_kind\":\"transient\"}");
        assertError(stray, 400, "invalid_argument");
        assertEquals("block_kind", stray.json().get("field").asText());
        assertRefusedBy(d.patch("/api/tasks/" + id, "{\"status\":\"blocked\",\"block_kind\":\"transient\"}"),
                "block");
    }

    @Test
    void patch_to_scheduled_with_a_due_time_stores_it_on_the_task_and_the_card() {
        String id = d.create("t");
        JsonNode s = d.patch("/api/tasks/" + id, "{\"status\":\"scheduled\",\"at\":\"+2h\"}").expect(200).json();
        long due = d.clock.instant().plus(Duration.ofHours(2)).getEpochSecond();
        assertEquals("scheduled", s.at("/task/status").asText());
        assertEquals(due, s.at("/task/scheduled_until").asLong());
        assertEquals(due, s.at("/card/scheduled_until").asLong());
        JsonNode onBoard = column(d.get("/api/board").expect(200).json(), "scheduled").get("cards").get(0);
        assertEquals(due, onBoard.get("scheduled_until").asLong());
        String plain = d.create("u");
        JsonNode noTimer = d.patch("/api/tasks/" + plain, "{\"status\":\"scheduled\"}").expect(200).json();
        assertTrue(noTimer.at("/task/scheduled_until").isNull(), "without at it waits for a person");
        Dashboard.Reply bad = d.patch("/api/tasks/" + d.create("v"), "{\"status\":\"scheduled\",\"at\":\"soonish\"}");
        assertError(bad, 400, "invalid_argument");
        assertEquals("at", bad.json().get("field").asText());
    }

    @Test
    void schedule_parks_a_task_with_or_without_a_due_time_and_refuses_bad_times_and_done_tasks() {
        String id = d.create("t");
        JsonNode s = d.post("/api/tasks/" + id + "/schedule", "{\"reason\":\"after the freeze\",\"at\":\"2030-01-05T10:00:00Z\"}")
                .expect(200).json();
        assertEquals("scheduled", s.at("/task/status").asText());
        assertEquals(java.time.Instant.parse("2030-01-05T10:00:00Z").getEpochSecond(),
                s.at("/card/scheduled_until").asLong());
        String plain = d.create("u");
        assertTrue(d.post("/api/tasks/" + plain + "/schedule", "").expect(200).json().at("/task/scheduled_until").isNull());
        Dashboard.Reply bad = d.post("/api/tasks/" + d.create("v") + "/schedule", "{\"at\":\"tomorrow\"}");
        assertError(bad, 400, "invalid_argument");
        assertEquals("at", bad.json().get("field").asText());
        String done = d.create("w");
        d.board.claims().complete(done, new Completion("shipped", null, null, null, false));
        assertRefusedBy(d.post("/api/tasks/" + done + "/schedule", "{}"), "schedule");
        assertError(d.post("/api/tasks/t_nope/schedule", "{}"), 404, "task_not_found");
    }

    @Test
    void request_review_hands_the_task_to_the_reviewer_and_needs_force_while_a_worker_is_alive() {
        d.create("reviewer's own task");
        d.board.tasks().assign(d.board.tasks().list(io.kanban.core.model.TaskFilter.all()).get(0).id(), "reviewer");
        String id = runningWithLiveWorker("implement", "coder");
        String body = "{\"summary\":\"parser done\",\"reviewer\":\"reviewer\",\"metadata\":{\"files\":3}}";
        Dashboard.Reply live = d.post("/api/tasks/" + id + "/request-review", body);
        assertRefusedBy(live, "request review");
        assertTrue(live.text().contains("force"), live.text());
        JsonNode r = d.post("/api/tasks/" + id + "/request-review",
                body.replace("}}", "},\"force\":true}")).expect(200).json();
        assertEquals("review", r.at("/task/status").asText());
        assertEquals("reviewer", r.at("/task/assignee").asText());
        var runs = d.board.runs().of(id);
        assertEquals("{\"files\":3}", runs.get(runs.size() - 1).metadata());
        Dashboard.Reply unknown = d.post("/api/tasks/" + d.create("x") + "/request-review",
                "{\"summary\":\"s\",\"reviewer\":\"nobody\"}");
        assertError(unknown, 400, "invalid_argument");
        assertEquals("reviewer", unknown.json().get("field").asText());
        Dashboard.Reply noSummary = d.post("/api/tasks/" + d.create("y") + "/request-review", "{}");
        assertError(noSummary, 400, "invalid_argument");
        assertEquals("summary", noSummary.json().get("field").asText());
        assertError(d.post("/api/tasks/" + d.create("z") + "/request-review", "{\"summary\":\"s\",\"metadata\":[1]}"),
                400, "invalid_argument");
        assertRefusedBy(d.post("/api/tasks/" + id + "/request-review", "{\"summary\":\"again\"}"), "request review");
    }

    @Test
    void request_changes_sends_a_reviewed_task_back_to_its_implementer_and_only_from_a_reviewers_run() {
        String id = d.board.tasks().create(io.kanban.core.model.NewTask.titled("t").assignee("coder").build()).task().id();
        d.board.tasks().create(io.kanban.core.model.NewTask.titled("r").assignee("reviewer").build());
        d.board.claims().requestReview(id, new io.kanban.core.Claims.ReviewRequest("done", "reviewer", null, null, false));
        assertRefusedBy(d.post("/api/tasks/" + id + "/request-changes", "{\"reason\":\"tests\"}"),
                "request changes");
        d.board.claims().claimReview(id).orElseThrow();
        Dashboard.Reply noReason = d.post("/api/tasks/" + id + "/request-changes", "{}");
        assertError(noReason, 400, "invalid_argument");
        assertEquals("reason", noReason.json().get("field").asText());
        JsonNode back = d.post("/api/tasks/" + id + "/request-changes", "{\"reason\":\"tests missing\"}").expect(200).json();
        assertEquals("ready", back.at("/task/status").asText());
        assertEquals("coder", back.at("/task/assignee").asText());
        String plain = d.create("p");
        d.board.claims().claim(plain).orElseThrow();
        assertRefusedBy(d.post("/api/tasks/" + plain + "/request-changes", "{\"reason\":\"x\"}"), "request changes");
    }

    @Test
    void reclaim_takes_a_running_task_back_and_refuses_one_that_is_not_running() {
        String id = runningWithLiveWorker("t", "coder");
        JsonNode r = d.post("/api/tasks/" + id + "/reclaim", "{\"reason\":\"stuck\"}").expect(200).json();
        assertEquals("ready", r.at("/task/status").asText());
        var runs = d.board.runs().of(id);
        assertEquals("reclaimed", runs.get(runs.size() - 1).outcome().wire());
        assertRefusedBy(d.post("/api/tasks/" + id + "/reclaim", ""), "reclaim");
        assertError(d.post("/api/tasks/" + id + "/reclaim", "{\"why\":\"x\"}"), 400, "invalid_argument");
    }

    @Test
    void unblock_puts_a_blocked_task_back_with_a_fresh_failure_count_and_refuses_everything_else() {
        String id = d.board.tasks().create(io.kanban.core.model.NewTask.titled("t").assignee("coder").build())
                .task().id();
        for (int i = 0; i < 2; i++) {
            long run = d.board.claims().claim(id).orElseThrow().run().id();
            d.board.dispatch().recordSpawnFailure(id, run, "no such binary", io.kanban.core.dispatch.DispatchPolicy
                    .defaults());
        }
        assertEquals(Status.BLOCKED, d.board.tasks().get(id).status());
        // Refusals change nothing: no token, a foreign Origin, an unknown field.
        assertEquals(401, d.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(d.base() + "/api/tasks/"
                + id + "/unblock")).POST(java.net.http.HttpRequest.BodyPublishers.noBody())).status());
        assertEquals(403, d.send(d.request("/api/tasks/" + id + "/unblock").header("Origin", "http://evil.example")
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody())).status());
        assertError(d.post("/api/tasks/" + id + "/unblock", "{\"reason\":\"x\"}"), 400, "invalid_argument");
        assertEquals(Status.BLOCKED, d.board.tasks().get(id).status());
        assertEquals(2, d.board.tasks().get(id).consecutiveFailures());

        JsonNode r = d.post("/api/tasks/" + id + "/unblock", "").expect(200).json();
        assertEquals("ready", r.at("/task/status").asText());
        assertEquals("ready", r.at("/card/status").asText());
        assertEquals(0, d.board.tasks().get(id).consecutiveFailures());
        assertTrue(d.board.events().forTask(id, 100).stream().anyMatch(e -> e.kind().equals("unblocked")));
        assertRefusedBy(d.post("/api/tasks/" + id + "/unblock", ""), "unblock");
        assertError(d.post("/api/tasks/t_missing/unblock", ""), 404, "task_not_found");
    }

    @Test
    void reassign_gives_the_task_to_another_profile_and_a_running_one_only_when_reclaimed_first() {
        String id = runningWithLiveWorker("t", "coder");
        assertRefusedBy(d.post("/api/tasks/" + id + "/reassign", "{\"profile\":\"senior\"}"), "assign");
        JsonNode r = d.post("/api/tasks/" + id + "/reassign", "{\"profile\":\"senior\",\"reclaim_first\":true}")
                .expect(200).json();
        assertEquals("senior", r.at("/task/assignee").asText());
        assertEquals("ready", r.at("/task/status").asText());
        assertTrue(d.post("/api/tasks/" + id + "/reassign", "{\"profile\":null}").expect(200).json()
                .at("/task/assignee").isNull());
        Dashboard.Reply missing = d.post("/api/tasks/" + id + "/reassign", "{}");
        assertError(missing, 400, "invalid_argument");
        assertEquals("profile", missing.json().get("field").asText());
        assertError(d.post("/api/tasks/" + id + "/reassign", "{\"profile\":\"-rf\"}"), 400, "invalid_argument");
    }

    @Test
    void promote_readies_a_task_whose_parents_are_done_and_names_the_unfinished_ones_otherwise() {
        String parent = d.board.tasks().create(io.kanban.core.model.NewTask.titled("p").assignee("coder").build())
                .task().id();
        String child = d.post("/api/tasks", Dashboard.json(Map.of("title", "c", "parents", List.of(parent))))
                .json().at("/task/id").asText();
        Dashboard.Reply waiting = d.post("/api/tasks/" + child + "/promote", "{\"dry_run\":true}");
        assertError(waiting, 409, "unfinished_parents");
        assertTrue(waiting.json().get("error").asText().contains("waiting for " + parent + " (ready, coder)"),
                waiting.text());
        d.board.claims().complete(parent, new Completion("done", null, null, null, false));
        d.board.tasks().move(child, Status.BLOCKED, "hold");
        JsonNode dry = d.post("/api/tasks/" + child + "/promote", "{\"dry_run\":true}").expect(200).json();
        assertTrue(dry.get("dry_run").asBoolean());
        assertEquals("blocked", dry.at("/task/status").asText(), "a dry run changes nothing");
        JsonNode promoted = d.post("/api/tasks/" + child + "/promote", "{\"reason\":\"go\"}").expect(200).json();
        assertEquals("ready", promoted.at("/task/status").asText());
        assertTrue(d.board.events().forTask(child, 20).stream().anyMatch(e -> e.kind().equals("promoted_manual")));
        assertRefusedBy(d.post("/api/tasks/" + child + "/promote", ""), "promote");
        assertError(d.post("/api/tasks/" + child + "/promote", "{\"dry_run\":\"yes\"}"), 400, "invalid_argument");
    }

    @Test
    void reopen_impact_lists_the_descendants_a_reopen_would_invalidate_and_the_reopen_does() {
        String root = d.create("root");
        String child = d.post("/api/tasks", Dashboard.json(Map.of("title", "child", "parents", List.of(root))))
                .json().at("/task/id").asText();
        assertEquals(0, d.get("/api/tasks/" + root + "/reopen-impact").expect(200).json().get("invalidated").size(),
                "nothing to invalidate while the task is not done");
        d.board.claims().complete(root, new Completion("done", null, null, null, false));
        assertEquals(Status.READY, d.board.tasks().get(child).status());
        JsonNode impact = d.get("/api/tasks/" + root + "/reopen-impact").expect(200).json();
        assertEquals(1, impact.get("invalidated").size());
        assertEquals(child, impact.at("/invalidated/0/id").asText());
        assertEquals("ready", impact.at("/invalidated/0/status").asText());
        d.patch("/api/tasks/" + root, "{\"status\":\"todo\"}").expect(200);
        assertEquals(Status.TODO, d.board.tasks().get(child).status());
        assertTrue(d.board.events().forTask(child, 20).stream().anyMatch(e -> e.kind().equals("descendant_invalidated")));
        assertError(d.get("/api/tasks/t_nope/reopen-impact"), 404, "task_not_found");
    }
}
