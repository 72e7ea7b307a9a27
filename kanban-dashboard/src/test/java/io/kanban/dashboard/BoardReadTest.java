package io.kanban.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kanban.core.Board;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** GET /api/board reads the core's card projection and reuses its render while the board is unchanged. */
class BoardReadTest {
    @RegisterExtension
    final Dashboard d = new Dashboard();

    private static JsonNode card(JsonNode board, String id) {
        for (JsonNode column : board.get("columns")) {
            for (JsonNode c : column.get("cards")) {
                if (c.get("id").asText().equals(id)) {
                    return c;
                }
            }
        }
        return null;
    }

    private static List<String> titles(JsonNode board, String status) {
        List<String> out = new ArrayList<>();
        for (JsonNode column : board.get("columns")) {
            if (column.get("status").asText().equals(status)) {
                column.get("cards").forEach(c -> out.add(c.get("title").asText()));
            }
        }
        return out;
    }

    @Test
    void a_card_on_the_board_is_the_same_card_every_other_route_sends() {
        String id = d.post("/api/tasks", Dashboard.json(Map.of("title", "shape", "assignee", "coder", "priority", 2,
                "skills", List.of("java", "sql"), "tenant", "acme"))).expect(201).json().at("/task/id").asText();
        JsonNode fromBoard = card(d.get("/api/board").expect(200).json(), id);
        assertEquals(d.get("/api/tasks/" + id).expect(200).json().get("card"), fromBoard);
        assertEquals(List.of("id", "title", "assignee", "status", "priority", "tenant", "skills", "created_at",
                "consecutive_failures", "last_failure_error", "scheduled_until", "completed_at", "moves"),
                fieldNames(fromBoard));
        assertTrue(fromBoard.get("scheduled_until").isNull(), "only a scheduled card with a due time has one");
        assertTrue(fromBoard.get("last_failure_error").isNull());
        assertTrue(fromBoard.get("completed_at").isNull(), "a card that never completed has no completion time");
        assertEquals("[\"java\",\"sql\"]", fromBoard.get("skills").toString());
        assertTrue(fromBoard.get("body") == null, "the board leaves bodies to the task detail route");
        assertTrue(fromBoard.get("created_at").isIntegralNumber(), "epoch seconds: " + fromBoard);
        assertEquals(d.board.tasks().get(id).createdAt().getEpochSecond(), fromBoard.get("created_at").asLong());
    }

    @Test
    void a_change_by_another_process_shows_on_the_next_read_although_the_last_one_was_cached() throws Exception {
        String id = d.create("before");
        JsonNode first = d.get("/api/board").expect(200).json();
        JsonNode again = d.get("/api/board").expect(200).json();
        assertEquals(first.get("columns"), again.get("columns"), "an unchanged board reads the same");
        assertEquals(first.get("latest_event_id"), again.get("latest_event_id"));

        OtherProcess.run(d.file, "move", id, "blocked");
        JsonNode after = d.get("/api/board").expect(200).json();
        assertEquals(List.of("before"), titles(after, "blocked"));
        assertEquals(List.of(), titles(after, "ready"));
        assertEquals(d.board.events().latestId(), after.get("latest_event_id").asLong());
        assertNotEquals(first.get("latest_event_id"), after.get("latest_event_id"));
    }

    @Test
    void events_no_card_shows_leave_the_render_in_use_and_comments_or_other_events_replace_it() throws Exception {
        String id = d.create("watched");
        long runId = d.board.claims().claim(id).orElseThrow().run().id();
        JsonNode first = d.get("/api/board").expect(200).json();
        long cursor = first.get("latest_event_id").asLong();

        d.board.claims().heartbeat(id, "alive", runId);
        assertTrue(d.board.events().latestId() > cursor);
        JsonNode reused = d.get("/api/board").expect(200).json();
        assertEquals(first.get("columns"), reused.get("columns"));
        // The render read before that event is served as is: its cursor makes the live stream replay it.
        assertEquals(cursor, reused.get("latest_event_id").asLong());

        // A comment changes no card's row, but a rich card counts comments: the board is read again.
        OtherProcess.run(d.file, "comment", id, "a comment from the CLI");
        JsonNode commented = d.get("/api/board").expect(200).json();
        assertEquals(d.board.events().latestId(), commented.get("latest_event_id").asLong());
        assertEquals(1, commented.at("/columns").findValues("facts").stream().flatMap(f -> {
            List<JsonNode> all = new ArrayList<>();
            f.forEach(all::add);
            return all.stream();
        }).filter(f -> f.get("task_id").asText().equals(id)).findFirst().orElseThrow().get("comments").asInt());

        d.board.tasks().reprioritize(id, 9);
        JsonNode fresh = d.get("/api/board").expect(200).json();
        assertEquals(d.board.events().latestId(), fresh.get("latest_event_id").asLong());
        assertEquals(9, card(fresh, id).get("priority").asInt());
    }

    @Test
    void each_filter_is_rendered_and_cached_on_its_own() {
        d.post("/api/tasks", Dashboard.json(Map.of("title", "alice's", "assignee", "alice"))).expect(201);
        d.post("/api/tasks", Dashboard.json(Map.of("title", "bob's", "assignee", "bob"))).expect(201);
        for (int round = 0; round < 2; round++) {
            assertEquals(List.of("alice's"), titles(d.get("/api/board?assignee=alice").json(), "ready"));
            assertEquals(List.of("bob's"), titles(d.get("/api/board?assignee=bob").json(), "ready"));
            assertEquals(2, d.get("/api/board").json().get("total").asInt());
            JsonNode filters = d.get("/api/board?assignee=bob").json().get("filters");
            assertEquals("bob", filters.get("assignee").asText());
        }
    }

    @Test
    void garbage_collection_by_another_handle_clears_a_cached_archived_column() {
        String old = d.create("old and archived");
        d.delete("/api/tasks/" + old).expect(200);
        d.create("newest"); // its event stays the newest: gc alone does not move the event cursor
        assertEquals(List.of("old and archived"), titles(d.get("/api/board?archived=true").json(), "archived"));
        Board other = d.open(d.file);
        assertEquals(1, other.tasks().gc(d.clock.instant().plusSeconds(60), null).tasksRemoved());
        assertEquals(List.of(), titles(d.get("/api/board?archived=true").json(), "archived"));
    }

    @Test
    void now_is_the_server_clock_on_every_read_even_when_the_board_is_cached() throws Exception {
        d.create("t");
        long first = d.get("/api/board").json().get("now").asLong();
        d.clock.advance(Duration.ofSeconds(1)); // whole seconds apart, so a cached "now" could not pass
        JsonNode now = d.get("/api/board").json().get("now");
        assertTrue(now.isIntegralNumber(), "epoch seconds: " + now);
        assertTrue(now.asLong() > first, first + " then " + now);
    }

    @Test
    void cards_come_in_priority_then_age_order_within_their_column() {
        for (int i = 0; i < 5; i++) {
            d.board.tasks().create(NewTask.titled("p" + (i % 3) + " #" + i).priority(i % 3).build());
        }
        d.board.tasks().move(d.board.tasks().create(NewTask.titled("blocked one").build()).task().id(),
                Status.BLOCKED, "waiting");
        JsonNode board = d.get("/api/board").expect(200).json();
        assertEquals(List.of("p2 #2", "p1 #1", "p1 #4", "p0 #0", "p0 #3"), titles(board, "ready"));
        assertEquals(List.of("blocked one"), titles(board, "blocked"));
        assertEquals(6, board.get("total").asInt());
    }

    @Test
    void the_board_is_bounded_by_its_limit_and_a_column_pages_on() {
        for (int i = 0; i < 25; i++) {
            d.board.tasks().create(NewTask.titled("task " + i).build());
        }
        JsonNode board = d.get("/api/board?limit=10").expect(200).json();
        JsonNode ready = column(board, "ready");
        assertEquals(25, ready.get("count").asInt());
        assertEquals(10, ready.get("cards").size());
        assertTrue(ready.get("has_more").asBoolean());
        assertEquals(25, board.get("total").asInt());
        List<String> seen = new ArrayList<>(titles(board, "ready"));
        for (int offset = 10; offset < 25; offset += 10) {
            JsonNode page = d.get("/api/board/columns/ready?offset=" + offset + "&limit=10").expect(200).json();
            assertEquals(25, page.get("count").asInt());
            assertEquals(offset, page.get("offset").asInt());
            page.get("cards").forEach(c -> seen.add(c.get("title").asText()));
            assertEquals(offset + 10 < 25, page.get("has_more").asBoolean());
        }
        assertEquals(25, new java.util.HashSet<>(seen).size());
        // The default slice is bounded too.
        for (int i = 25; i < BoardHandler.DEFAULT_LIMIT + 5; i++) {
            d.board.tasks().create(NewTask.titled("task " + i).build());
        }
        assertEquals(BoardHandler.DEFAULT_LIMIT, column(d.get("/api/board").json(), "ready").get("cards").size());
        assertEquals(0, column(d.get("/api/board?limit=0").json(), "ready").get("cards").size());
    }

    @Test
    void search_runs_on_the_server_and_counts_only_matches() {
        d.create("Fix the login page");
        d.create("write the docs");
        JsonNode board = d.get("/api/board?q=LOGIN").expect(200).json();
        assertEquals(List.of("Fix the login page"), titles(board, "ready"));
        assertEquals(1, board.get("total").asInt());
        assertEquals("LOGIN", board.get("filters").get("q").asText());
        assertEquals(List.of("write the docs"), d.get("/api/board/columns/ready?q=docs").expect(200).json()
                .get("cards").findValuesAsText("title"));
    }

    @Test
    void a_bad_slice_or_status_is_a_400_naming_the_parameter() {
        assertEquals("limit", d.get("/api/board?limit=100000").expect(400).json().get("field").asText());
        assertEquals("limit", d.get("/api/board?limit=ten").expect(400).json().get("field").asText());
        assertEquals("offset", d.get("/api/board/columns/ready?offset=-1").expect(400).json().get("field").asText());
        assertEquals("status", d.get("/api/board/columns/nowhere").expect(400).json().get("field").asText());
        assertEquals("q", d.get("/api/board?q=" + "x".repeat(201)).expect(400).json().get("field").asText());
    }

    private static JsonNode column(JsonNode board, String status) {
        for (JsonNode c : board.get("columns")) {
            if (c.get("status").asText().equals(status)) {
                return c;
            }
        }
        throw new AssertionError("no column " + status + " in " + board);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
