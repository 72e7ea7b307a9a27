package io.kanban.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.error.BoardTooNew;
import io.kanban.core.model.Status;
import io.kanban.core.model.TaskFilter;
import io.kanban.core.store.SqliteSchema;
import io.kanban.core.store.jooq.Tables;
import io.kanban.core.testing.ScratchBoard;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SchemaTest {
    /** The reference's columns and declared types, from HERMES-FACTS §1 (untyped columns count as TEXT). */
    static final Map<String, String> REFERENCE_TASK_COLUMNS = columns(
            "id TEXT, title TEXT, body TEXT, assignee TEXT, status TEXT, priority INTEGER, created_by TEXT,"
                    + " created_at INTEGER, started_at INTEGER, completed_at INTEGER, workspace_kind TEXT,"
                    + " workspace_path TEXT, claim_lock TEXT, claim_expires INTEGER, tenant TEXT, result TEXT,"
                    + " idempotency_key TEXT, spawn_failures INTEGER, worker_pid INTEGER, last_spawn_error TEXT,"
                    + " max_runtime_seconds INTEGER, last_heartbeat_at INTEGER, current_run_id INTEGER,"
                    + " workflow_template_id TEXT, current_step_key TEXT, skills TEXT,"
                    + " consecutive_failures INTEGER, last_failure_error TEXT");
    static final Map<String, Map<String, String>> REFERENCE = Map.of(
            "tasks", REFERENCE_TASK_COLUMNS,
            "task_links", columns("parent_id TEXT, child_id TEXT"),
            "task_comments", columns("id INTEGER, task_id TEXT, author TEXT, body TEXT, created_at INTEGER"),
            "task_events", columns("id INTEGER, task_id TEXT, run_id INTEGER, kind TEXT, payload TEXT,"
                    + " created_at INTEGER"),
            "task_runs", columns("id INTEGER, task_id TEXT, profile TEXT, step_key TEXT, status TEXT,"
                    + " claim_lock TEXT, claim_expires INTEGER, worker_pid INTEGER, max_runtime_seconds INTEGER,"
                    + " last_heartbeat_at INTEGER, started_at INTEGER, ended_at INTEGER, outcome TEXT, summary TEXT,"
                    + " metadata TEXT, error TEXT"),
            "kanban_notify_subs", columns("task_id TEXT, platform TEXT, chat_id TEXT, thread_id TEXT, user_id TEXT,"
                    + " created_at INTEGER, last_event_id INTEGER"));

    @RegisterExtension
    final ScratchBoard scratch = ScratchBoard.onSqlite();

    @Test
    void a_new_board_has_every_reference_column_with_its_type() throws Exception {
        scratch.open().close();
        try (Connection c = scratch.jdbc()) {
            for (var table : REFERENCE.entrySet()) {
                Map<String, String> actual = new LinkedHashMap<>();
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("PRAGMA table_info(" + table.getKey() + ")")) {
                    while (rs.next()) {
                        actual.put(rs.getString("name"), rs.getString("type"));
                    }
                }
                table.getValue().forEach((column, type) ->
                        assertEquals(type, actual.get(column), table.getKey() + "." + column));
            }
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
                assertEquals("wal", rs.getString(1));
            }
        }
    }

    @Test
    void latest_version_matches_the_highest_migration_shipped() throws URISyntaxException, java.io.IOException {
        Path folder = Path.of(getClass().getResource("/db/migration/sqlite").toURI());
        try (Stream<Path> files = Files.list(folder)) {
            int highest = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
                    .max().orElseThrow();
            assertEquals(SqliteSchema.LATEST_VERSION, highest);
        }
    }

    @Test
    void v5_adds_the_references_block_columns_only_where_another_kernel_has_not_already() throws Exception {
        Flyway.configure().dataSource("jdbc:sqlite:" + scratch.file(), null, null)
                .locations("classpath:db/migration/sqlite").target("4").load().migrate();
        try (Connection c = scratch.jdbc(); Statement st = c.createStatement()) {
            // The reference kernel opened our V4 board and added two of its later columns.
            st.executeUpdate("ALTER TABLE tasks ADD COLUMN block_kind TEXT");
            st.executeUpdate("ALTER TABLE tasks ADD COLUMN max_retries INTEGER");
            st.executeUpdate("INSERT INTO tasks (id, title, status, created_at, block_kind, max_retries) VALUES"
                    + " ('t_bbbbbbbbbbbb', 'typed', 'blocked', 1767600000, 'capability', 4)");
        }
        try (Board board = scratch.open()) {
            var task = board.tasks().get("t_bbbbbbbbbbbb");
            assertEquals("capability", task.blockKind());
            assertEquals(4, task.maxRetries());
            assertEquals(0, task.blockRecurrences());
        }
        try (Connection c = scratch.jdbc(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pragma_table_info('tasks') WHERE name IN"
                     + " ('block_kind', 'block_recurrences', 'max_retries', 'scheduled_until')")) {
            assertEquals(4, rs.getInt(1));
        }
    }

    @Test
    void a_first_version_board_with_data_is_migrated_and_keeps_its_rows() throws Exception {
        Flyway.configure().dataSource("jdbc:sqlite:" + scratch.file(), null, null)
                .locations("classpath:db/migration/sqlite").target("1").load().migrate();
        try (Connection c = scratch.jdbc(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO tasks (id, title, status, created_at) VALUES ('t_aaaaaaaaaaaa', 'kept',"
                    + " 'ready', 1767600000)");
            st.executeUpdate("INSERT INTO task_runs (task_id, status, started_at, ended_at, outcome) VALUES"
                    + " ('t_aaaaaaaaaaaa', 'crashed', 1767600001, 1767600002, 'crashed')");
        }
        try (Board board = scratch.open()) {
            assertEquals("kept", board.tasks().get("t_aaaaaaaaaaaa").title());
            assertEquals(1, board.runs().of("t_aaaaaaaaaaaa").size());
            assertEquals(Status.READY, board.tasks().list(TaskFilter.all()).get(0).status());
        }
        try (Connection c = scratch.jdbc(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT max(CAST(version AS INTEGER)) FROM flyway_schema_history")) {
            assertEquals(String.valueOf(SqliteSchema.LATEST_VERSION), rs.getString(1));
        }
    }

    @Test
    void a_board_written_by_a_newer_version_is_refused_with_a_clear_error() throws Exception {
        scratch.open().close();
        try (Connection c = scratch.jdbc(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
                    + " checksum, installed_by, installed_on, execution_time, success) VALUES (99, '99', 'future',"
                    + " 'SQL', 'V99__future.sql', 0, 'later', '2030-01-01 00:00:00', 1, 1)");
        }
        BoardTooNew error = assertThrows(BoardTooNew.class, scratch::open);
        assertTrue(error.getMessage().contains("99"), error.getMessage());
    }

    @Test
    void a_query_through_the_generated_tables_reads_a_migrated_board() throws Exception {
        try (Board board = scratch.open()) {
            TestBoards.create(board, "one");
            TestBoards.create(board, "two");
        }
        try (Connection c = scratch.jdbc()) {
            List<String> titles = DSL.using(c, SQLDialect.SQLITE).select(Tables.TASKS.TITLE).from(Tables.TASKS)
                    .orderBy(Tables.TASKS.TITLE).fetch(Tables.TASKS.TITLE);
            assertEquals(List.of("one", "two"), titles);
            assertEquals(scratch.clock().instant(), DSL.using(c, SQLDialect.SQLITE).select(Tables.TASKS.CREATED_AT)
                    .from(Tables.TASKS).limit(1).fetchOne(Tables.TASKS.CREATED_AT));
        }
    }

    private static Map<String, String> columns(String spec) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String part : spec.split(",")) {
            String[] nameType = part.strip().split(" ");
            map.put(nameType[0], nameType[1]);
        }
        return map;
    }
}
