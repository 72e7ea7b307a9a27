package io.kanban.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.error.IncompatibleBoard;
import io.kanban.core.model.Completion;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import io.kanban.core.model.TaskDetail;
import io.kanban.core.model.TaskFilter;
import io.kanban.core.model.Workspace;
import io.kanban.core.testing.ScratchBoard;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One board file, two kernels: a board laid out by the reference kernel is adopted in place. */
class ReferenceBoardTest {
    private static final List<String> TABLES = List.of("tasks", "task_links", "task_comments", "task_events",
            "task_runs", "kanban_notify_subs");

    /** The board file; its clock starts after every time the reference scripts wrote. */
    @RegisterExtension
    final ScratchBoard scratch = ScratchBoard.onSqlite();

    /** Lays out the board file as the reference kernel of the seed era left it. */
    void referenceBoard() throws Exception {
        runScript("/reference/seed-era-board.sql");
    }

    @Test
    void a_reference_board_is_adopted_and_every_row_reads_correctly() throws Exception {
        referenceBoard();
        List<String> before = dumpRows();
        try (Board board = scratch.open()) {
            assertEquals(8, board.tasks().list(TaskFilter.all().withArchived(true)).size());
            Task running = board.tasks().get("t_44444444");
            assertEquals(Status.RUNNING, running.status());
            assertEquals("oldhost:901", running.claimLock());
            assertEquals(Instant.ofEpochSecond(1767601000), running.claimExpires());
            assertEquals(902L, running.workerPid());
            assertEquals(2L, running.currentRunId());
            assertEquals(Workspace.parse("dir:/srv/research"), running.workspace());
            assertEquals(Duration.ofHours(1), running.maxRuntime());
            assertEquals(List.of("git-ops", "py"), board.tasks().get("t_22222222").skills());
            assertEquals(Status.TRIAGE, board.tasks().get("t_0a1b2c3d").status());
            TaskDetail done = board.tasks().detail("t_66666666");
            assertEquals("shipped", done.task().result());
            assertEquals("{\"words\": 900}", done.runs().get(0).metadata());
            assertEquals("need the deploy key", board.comments().list("t_55555555").get(0).body());
            assertEquals(1, board.notifySubscriptions().list("t_11111111").size());
            assertTrue(board.notifySubscriptions().list("t_11111111").get(0).id().startsWith("n_"),
                    "adoption gives the reference's subscriptions an id");
            assertEquals(4, board.events().since(0, 100).size());
        }
        assertEquals(before, dumpRows(), "adoption adds columns and history but changes no row");
    }

    @Test
    void our_kernel_claims_completes_and_promotes_on_an_adopted_board() throws Exception {
        referenceBoard();
        try (Board board = scratch.open()) {
            var claim = board.claims().claimNext("pm").orElseThrow();
            assertEquals("t_11111111", claim.task().id());
            board.claims().complete("t_11111111", Completion.withSummary("spec written").forRun(claim.run().id()));
            assertEquals(Status.READY, board.tasks().get("t_22222222").status());
            assertEquals(Status.TODO, board.tasks().get("t_33333333").status());
            assertEquals(Status.READY, board.claims().unblock("t_55555555").status());
        }
    }

    /** Lays out the board file as today's reference kernel leaves it, review and scheduled cards included. */
    void currentReferenceBoard() throws Exception {
        runScript("/reference/current-board.sql");
    }

    private void runScript(String resource) throws Exception {
        try (Connection c = scratch.jdbc(); Statement st = c.createStatement()) {
            for (String sql : script(resource)) {
                st.executeUpdate(sql);
            }
        }
    }

    @Test
    void a_current_reference_board_with_review_and_scheduled_cards_is_adopted_in_place() throws Exception {
        currentReferenceBoard();
        List<String> before = dumpRows(Set.of("spawn_failures", "last_spawn_error"));
        try (Board board = scratch.open()) {
            Task review = board.tasks().get("t_aaaa0001");
            assertEquals(Status.REVIEW, review.status());
            assertEquals(3, review.maxRetries());
            assertEquals(Status.SCHEDULED, board.tasks().get("t_aaaa0002").status());
            assertEquals("anthropic/claude-opus-4", board.tasks().get("t_aaaa0002").modelOverride());
            assertEquals("openrouter", board.tasks().get("t_aaaa0002").providerOverride());
            Task blocked = board.tasks().get("t_aaaa0004");
            assertEquals("needs_input", blocked.blockKind());
            assertEquals(1, blocked.blockRecurrences());
            assertEquals(io.kanban.core.model.RunOutcome.REVIEW_REQUESTED,
                    board.tasks().detail("t_aaaa0001").runs().get(0).outcome());
        }
        assertEquals(before, dumpRows(Set.of("spawn_failures", "last_spawn_error")),
                "adoption adds columns and history but changes no row");
        try (Connection c = scratch.jdbc(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(
                     "SELECT count(*) FROM pragma_table_info('tasks') WHERE name IN ('block_kind', 'model_override',"
                             + " 'provider_override', 'reasoning_effort')")) {
            assertTrue(rs.next());
            assertEquals(4, rs.getInt(1), "the reference's own columns are kept, not added twice");
        }
    }

    @Test
    void our_kernel_works_the_review_lane_and_typed_blocks_of_a_current_reference_board() throws Exception {
        currentReferenceBoard();
        try (Board board = scratch.open()) {
            // The reviewer run the reference claimed from review returns to review when reclaimed.
            assertEquals(Status.REVIEW, board.tasks().reclaim("t_aaaa0003", "reviewer host gone").status());
            // A review card the reference wrote: our reviewer claims it and sends it back to its implementer.
            var review = board.claims().claimReview("t_aaaa0001").orElseThrow();
            Task back = board.claims().requestChanges("t_aaaa0001", "add tests", review.run().id());
            assertEquals(Status.READY, back.status());
            assertEquals("coder", back.assignee(), "the implementer the reference recorded");
            // A scheduled card without a due time waits for a person, as in the reference.
            assertEquals(Status.READY, board.claims().unblock("t_aaaa0002").status());
            // The reference counted one recurrence of needs_input: the next one is a loop.
            board.claims().unblock("t_aaaa0004");
            Task looped = board.claims().block("t_aaaa0004", "still no answer",
                    io.kanban.core.model.BlockKind.NEEDS_INPUT, null, null);
            assertEquals(Status.TRIAGE, looped.status());
        }
    }

    @Test
    void a_second_open_changes_nothing() throws Exception {
        referenceBoard();
        scratch.open().close();
        List<String> schema = dumpSchema();
        List<String> rows = dumpRows();
        scratch.open().close();
        assertEquals(schema, dumpSchema());
        assertEquals(rows, dumpRows());
    }

    @Test
    void a_board_older_than_the_first_supported_layout_is_refused_naming_what_is_missing() throws Exception {
        try (Connection c = scratch.jdbc(); Statement st = c.createStatement()) {
            for (String sql : script("/reference/seed-era-board.sql")) {
                if (!sql.startsWith("INSERT") && !sql.startsWith("UPDATE")) {
                    st.executeUpdate(sql.replace(", skills TEXT", "").replace(", current_step_key TEXT", ""));
                }
            }
        }
        List<String> before = dumpSchema();
        IncompatibleBoard error = assertThrows(IncompatibleBoard.class, scratch::open);
        assertTrue(error.getMessage().contains("tasks.current_step_key"), error.getMessage());
        assertTrue(error.getMessage().contains("tasks.skills"), error.getMessage());
        assertEquals(before, dumpSchema(), "a refused board is left untouched");
    }

    @Test
    void columns_another_kernel_adds_later_do_not_disturb_any_operation() throws Exception {
        referenceBoard();
        scratch.open().close();
        try (Connection c = scratch.jdbc(); Statement st = c.createStatement()) {
            st.executeUpdate("ALTER TABLE tasks ADD COLUMN token_budget INTEGER");
            st.executeUpdate("ALTER TABLE tasks ADD COLUMN goal_mode INTEGER DEFAULT 0");
            st.executeUpdate("ALTER TABLE task_runs ADD COLUMN tokens_used INTEGER");
            st.executeUpdate("ALTER TABLE kanban_notify_subs ADD COLUMN routing TEXT");
        }
        try (Board board = scratch.open()) {
            Task made = TestBoards.create(board, "after the reference upgraded", "t_66666666");
            assertEquals(Status.READY, made.status());
            var claim = board.claims().claim(made.id()).orElseThrow();
            board.claims().heartbeat(made.id(), "working", claim.run().id());
            board.comments().add(made.id(), "me", "hi");
            board.claims().complete(made.id(), Completion.withSummary("ok"));
            board.links().link(made.id(), "t_0a1b2c3d");
            board.notifySubscriptions().subscribe(made.id(), "slack", "C1", null, null);
            assertEquals(Status.DONE, board.tasks().detail(made.id()).task().status());
            assertTrue(board.tasks().stats().byStatus().get("done") >= 2);
        }
    }

    @Test
    void a_board_our_kernel_wrote_reads_back_with_the_reference_meanings() throws Exception {
        try (Board board = scratch.open()) {
            Task parent = TestBoards.create(board, "p");
            TestBoards.create(board, "c", parent.id());
            var claim = board.claims().claim(parent.id()).orElseThrow();
            board.comments().add(parent.id(), "me", "note");
            board.claims().complete(parent.id(), new Completion("done", "result", "{\"a\":1}", claim.run().id()));
        }
        Set<String> statuses = Set.of("triage", "todo", "ready", "running", "blocked", "done", "archived");
        try (Connection c = scratch.jdbc(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT id, status, typeof(created_at), created_at, "
                    + "typeof(completed_at), skills FROM tasks")) {
                while (rs.next()) {
                    assertTrue(rs.getString(1).matches("t_[0-9a-f]{8,}"), rs.getString(1));
                    assertTrue(statuses.contains(rs.getString(2)));
                    assertEquals("integer", rs.getString(3));
                    assertEquals(scratch.clock().instant().getEpochSecond(), rs.getLong(4));
                    assertTrue(Set.of("integer", "null").contains(rs.getString(5)));
                    assertNull(rs.getString(6), "no skills are stored as NULL, as the reference does");
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT status, outcome, typeof(started_at), metadata FROM task_runs")) {
                assertTrue(rs.next());
                assertEquals("done", rs.getString(1));
                assertEquals("completed", rs.getString(2));
                assertEquals("integer", rs.getString(3));
                assertEquals("{\"a\":1}", rs.getString(4));
            }
            List<String> kinds = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT kind FROM task_events ORDER BY id")) {
                while (rs.next()) {
                    kinds.add(rs.getString(1));
                }
            }
            assertEquals(List.of("created", "created", "claimed", "commented", "completed", "promoted"), kinds);
        }
    }

    static List<String> script(String resource) throws IOException {
        try (InputStream in = ReferenceBoardTest.class.getResourceAsStream(resource)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> statements = new ArrayList<>();
            for (String part : text.replaceAll("(?m)^--.*$", "").split(";")) {
                if (!part.isBlank()) {
                    statements.add(part.strip());
                }
            }
            return statements;
        }
    }

    /** Columns our migrations add (V1's later-reference pair, V2, V3; V4 changes an index); they read as defaults. */
    static final java.util.Set<String> OUR_COLUMNS = java.util.Set.of("consecutive_failures", "last_failure_error",
            "log_path", "scope", "scope_tenant", "with_descendants", "event_kinds", "lease_owner", "lease_expires",
            "failures", "retry_at", "last_error", "sub_id", "block_kind", "block_recurrences", "max_retries",
            "scheduled_until", "model_override", "provider_override", "reasoning_effort");

    List<String> dumpRows() throws SQLException {
        return dumpRows(Set.of());
    }

    /** The rows of every table, without our columns and the columns named in {@code alsoIgnored}. */
    List<String> dumpRows(Set<String> alsoIgnored) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = scratch.jdbc(); Statement st = c.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet rs = st.executeQuery("SELECT * FROM " + table + " ORDER BY rowid")) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder(table);
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            // Columns we added read as their default; compare the reference's own columns.
                            String name = md.getColumnName(i);
                            if (!OUR_COLUMNS.contains(name) && !alsoIgnored.contains(name)) {
                                row.append('|').append(name).append('=').append(rs.getString(i));
                            }
                        }
                        rows.add(row.toString());
                    }
                }
            }
        }
        return rows;
    }

    List<String> dumpSchema() throws SQLException {
        List<String> schema = new ArrayList<>();
        try (Connection c = scratch.jdbc(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT type, name, sql FROM sqlite_master ORDER BY type, name")) {
            while (rs.next()) {
                schema.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
            }
        }
        return schema;
    }
}
