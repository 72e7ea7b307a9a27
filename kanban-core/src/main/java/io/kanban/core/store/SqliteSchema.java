package io.kanban.core.store;

import io.kanban.core.error.BoardTooNew;
import io.kanban.core.error.IncompatibleBoard;
import io.kanban.core.error.StorageFailure;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Brings a board file to the schema this code needs: creates a new board, migrates an older one, adopts a
 * board written by the reference kernel in place, and refuses one written by a newer version.
 *
 * <p>The common case, a board already current, costs one query and never starts Flyway.
 */
public final class SqliteSchema {
    /** The highest migration shipped in {@code db/migration/sqlite}; a test keeps the two in step. */
    public static final int LATEST_VERSION = 11;
    static final String HISTORY_TABLE = "flyway_schema_history";
    static final String MIGRATIONS = "classpath:db/migration/sqlite";

    /** Columns every reference board has, first release to current; without them we cannot adopt it. */
    static final Map<String, List<String>> REFERENCE_COLUMNS = Map.of(
            "tasks", List.of("id", "title", "body", "assignee", "status", "priority", "created_by", "created_at",
                    "started_at", "completed_at", "workspace_kind", "workspace_path", "claim_lock", "claim_expires",
                    "tenant", "result", "idempotency_key", "worker_pid", "max_runtime_seconds", "last_heartbeat_at",
                    "current_run_id", "workflow_template_id",
                    "current_step_key", "skills"),
            "task_links", List.of("parent_id", "child_id"),
            "task_comments", List.of("id", "task_id", "author", "body", "created_at"),
            "task_events", List.of("id", "task_id", "run_id", "kind", "payload", "created_at"),
            "task_runs", List.of("id", "task_id", "profile", "step_key", "status", "claim_lock", "claim_expires",
                    "worker_pid", "max_runtime_seconds", "last_heartbeat_at", "started_at", "ended_at", "outcome",
                    "summary", "metadata", "error"),
            "kanban_notify_subs", List.of("task_id", "platform", "chat_id", "thread_id", "user_id", "created_at",
                    "last_event_id"));

    /**
     * Columns of our first layout that a reference board may lack: the pair later versions added, and the seed's
     * spawn-failure pair, which boards the current reference creates no longer have (we still keep it up to date
     * for older reference kernels on the same board).
     */
    static final Map<String, String> LATER_TASK_COLUMNS = new LinkedHashMap<>(Map.of(
            "consecutive_failures", "INTEGER NOT NULL DEFAULT 0",
            "last_failure_error", "TEXT",
            "spawn_failures", "INTEGER NOT NULL DEFAULT 0",
            "last_spawn_error", "TEXT"));

    /**
     * Reference columns V5, V8 and V10 add to {@code tasks} only where missing: each has a placeholder
     * {@code skip_<column>} in its script, which comments out its ALTER when the board already has the column.
     */
    static final List<String> OPTIONAL_REFERENCE_COLUMNS = List.of("block_kind", "block_recurrences", "max_retries",
            "model_override", "provider_override", "reasoning_effort");

    private SqliteSchema() {
    }

    /**
     * Makes the board at {@code path} current, or throws a clear error and leaves it untouched.
     *
     * @param db the board database
     * @param path the board file's absolute path
     */
    public static void ensureCurrent(SqliteDatabase db, Path path) {
        try {
            Integer version = db.inspect(SqliteSchema::appliedVersion);
            if (version != null && version == LATEST_VERSION) {
                return;
            }
            if (version != null && version > LATEST_VERSION) {
                throw new BoardTooNew(db.location(), String.valueOf(version), String.valueOf(LATEST_VERSION));
            }
        } catch (SQLException e) {
            throw SqliteDatabase.storageFailure("cannot read the schema of board " + db.location(), e);
        }
        // Someone has to migrate: one process at a time, and re-check once we hold the lock. The lock file lives
        // in the temporary directory, keyed by the board's path, so nothing is left beside the user's board.
        Path lockFile = migrationLock(path);
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lock(channel, db);
             Connection c = db.openMaintenanceConnection()) {
            migrateLocked(db, c);
        } catch (IOException e) {
            throw new StorageFailure("cannot lock board " + db.location() + " for migration: " + e.getMessage(), e);
        } catch (SQLException e) {
            throw SqliteDatabase.storageFailure("cannot migrate board " + db.location(), e);
        }
    }

    /**
     * The migration lock, waited for. A file lock belongs to the whole process, so when another thread of this one
     * holds it (two handles opening the same new board at once) {@code lock()} throws instead of waiting: wait
     * here for that thread to finish migrating, then re-check as any other waiter does.
     */
    private static FileLock lock(FileChannel channel, SqliteDatabase db) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SqliteDatabase.BUSY_TIMEOUT_MILLIS);
        while (true) {
            try {
                return channel.lock();
            } catch (OverlappingFileLockException e) {
                if (System.nanoTime() > deadline) {
                    throw new StorageFailure("board " + db.location() + " was being migrated by another thread for "
                            + SqliteDatabase.BUSY_TIMEOUT_MILLIS / 1000 + " s", e);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                if (Thread.currentThread().isInterrupted()) {
                    throw new StorageFailure("interrupted while waiting to migrate board " + db.location(), e);
                }
            }
        }
    }

    private static void migrateLocked(SqliteDatabase db, Connection c) throws SQLException {
        Integer version = appliedVersion(c);
        if (version != null && version > LATEST_VERSION) {
            throw new BoardTooNew(db.location(), String.valueOf(version), String.valueOf(LATEST_VERSION));
        }
        if (version != null && version == LATEST_VERSION) {
            return;
        }
        Set<String> tables = tables(c);
        boolean adopting = version == null && !tables.isEmpty();
        if (adopting) {
            prepareAdoption(db, c, tables);
        }
        try {
            Flyway.configure()
                    .dataSource("jdbc:sqlite:" + db.location(), null, null)
                    .locations(MIGRATIONS)
                    .table(HISTORY_TABLE)
                    .baselineOnMigrate(adopting)
                    .baselineVersion("1")
                    .baselineDescription("adopted reference board")
                    .placeholders(skipPresentColumns(columns(c, "tasks")))
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new StorageFailure("cannot migrate board " + db.location() + ": " + firstLine(e.getMessage()), e);
        }
    }

    static Path migrationLock(Path board) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(board.toAbsolutePath().normalize().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String key = java.util.HexFormat.of().formatHex(digest, 0, 12);
            return Path.of(System.getProperty("java.io.tmpdir"), "kanban-migrate-" + key + ".lock");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** A reference board: check it has the first layout, then add the columns later versions brought. */
    private static void prepareAdoption(SqliteDatabase db, Connection c, Set<String> tables) throws SQLException {
        if (!tables.contains("tasks")) {
            throw new IncompatibleBoard("file " + db.location() + " has tables " + tables
                    + " but no 'tasks' table: it is not a kanban board");
        }
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, List<String>> table : REFERENCE_COLUMNS.entrySet()) {
            if (!tables.contains(table.getKey())) {
                missing.add("table " + table.getKey());
                continue;
            }
            Set<String> present = columns(c, table.getKey());
            for (String column : table.getValue()) {
                if (!present.contains(column)) {
                    missing.add(table.getKey() + "." + column);
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new IncompatibleBoard("board " + db.location()
                    + " was written by a reference kernel older than the first layout we support; missing: "
                    + String.join(", ", missing) + ". Open it once with a current Hermes to upgrade it.");
        }
        Set<String> taskColumns = columns(c, "tasks");
        try (Statement st = c.createStatement()) {
            for (Map.Entry<String, String> column : LATER_TASK_COLUMNS.entrySet()) {
                if (!taskColumns.contains(column.getKey())) {
                    st.executeUpdate("ALTER TABLE tasks ADD COLUMN " + column.getKey() + " " + column.getValue());
                }
            }
        }
    }

    /** The V5 and V8 placeholders for a board whose {@code tasks} has {@code present} (empty on a new board). */
    static Map<String, String> skipPresentColumns(Set<String> present) {
        Map<String, String> placeholders = new LinkedHashMap<>();
        for (String column : OPTIONAL_REFERENCE_COLUMNS) {
            placeholders.put("skip_" + column, present.contains(column) ? "--" : "/**/");
        }
        return placeholders;
    }

    /** The highest successfully applied migration, or null when the file has no migration history. */
    static Integer appliedVersion(Connection c) throws SQLException {
        if (!tables(c).contains(HISTORY_TABLE)) {
            return null;
        }
        int highest = 0;
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version FROM " + HISTORY_TABLE + " WHERE success = 1")) {
            while (rs.next()) {
                String v = rs.getString(1);
                if (v != null) {
                    highest = Math.max(highest, majorVersion(v));
                }
            }
        }
        return highest;
    }

    static int majorVersion(String version) {
        int dot = version.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static Set<String> tables(Connection c) throws SQLException {
        Set<String> names = new LinkedHashSet<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(
                     "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    static Set<String> columns(Connection c, String table) throws SQLException {
        Set<String> names = new LinkedHashSet<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rs.next()) {
                names.add(rs.getString("name"));
            }
        }
        return names;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
