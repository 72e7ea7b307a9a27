package io.kanban.core.store;

import io.kanban.core.error.BoardTooNew;
import io.kanban.core.error.IncompatibleBoard;
import io.kanban.core.error.StorageFailure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Brings a PostgreSQL board to the schema this code needs, from {@code db/migration/postgresql}: the same
 * versions as the SQLite folder, so {@link SqliteSchema#LATEST_VERSION} means one layout on both. Processes
 * that start together take turns through a session advisory lock (the file lock's counterpart); a board
 * already current costs one query.
 */
public final class PostgresSchema {
    static final String MIGRATIONS = "classpath:db/migration/postgresql";

    private PostgresSchema() {
    }

    /**
     * Brings the board to this code's schema, migrating it under the advisory lock if it is older.
     *
     * @param db the board database
     * @throws io.kanban.core.error.BoardTooNew if a newer version migrated it
     * @throws io.kanban.core.error.IncompatibleBoard if the schema holds a {@code tasks} table this code did not make
     * @throws io.kanban.core.error.StorageFailure if the migration fails
     */
    public static void ensureCurrent(PostgresDatabase db) {
        String board = PostgresDatabase.redact(db.location());
        try (Connection c = db.openMaintenanceConnection()) {
            Integer version = appliedVersion(c);
            c.commit();
            if (version != null && version == SqliteSchema.LATEST_VERSION) {
                return;
            }
            if (version != null && version > SqliteSchema.LATEST_VERSION) {
                throw new BoardTooNew(board, String.valueOf(version), String.valueOf(SqliteSchema.LATEST_VERSION));
            }
            lock(c, db.schema(), true);
            try {
                migrateLocked(db, c, board);
            } finally {
                lock(c, db.schema(), false);
            }
        } catch (SQLException e) {
            throw PostgresDatabase.storageFailure("cannot migrate board " + board, e);
        }
    }

    private static void migrateLocked(PostgresDatabase db, Connection c, String board) throws SQLException {
        Integer version = appliedVersion(c);
        c.commit();
        if (version != null && version > SqliteSchema.LATEST_VERSION) {
            throw new BoardTooNew(board, String.valueOf(version), String.valueOf(SqliteSchema.LATEST_VERSION));
        }
        if (version != null && version == SqliteSchema.LATEST_VERSION) {
            return;
        }
        if (version == null && tableExists(c, "tasks")) {
            throw new IncompatibleBoard("schema " + (db.schema() == null ? "(default)" : db.schema()) + " of "
                    + board + " has a 'tasks' table but no migration history: it is not a board this code made");
        }
        c.commit();
        try {
            FluentConfiguration config = Flyway.configure()
                    .dataSource(db.writeDataSource())
                    .locations(MIGRATIONS)
                    .table(SqliteSchema.HISTORY_TABLE);
            if (db.schema() != null) {
                config.schemas(db.schema()).defaultSchema(db.schema()).createSchemas(true);
            }
            config.load().migrate();
        } catch (FlywayException e) {
            throw new StorageFailure("cannot migrate board " + board + ": " + firstLine(e.getMessage()), e);
        }
    }

    private static void lock(Connection c, String schema, boolean take) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(take
                ? "select pg_advisory_lock(hashtext(?))" : "select pg_advisory_unlock(hashtext(?))")) {
            ps.setString(1, "kanban-migrate:" + (schema == null ? "" : schema));
            ps.executeQuery().close();
        }
        c.commit();
    }

    /** The highest applied migration, or null when the schema has no history table (or does not exist yet). */
    static Integer appliedVersion(Connection c) throws SQLException {
        if (!tableExists(c, SqliteSchema.HISTORY_TABLE)) {
            return null;
        }
        int highest = 0;
        try (PreparedStatement ps = c.prepareStatement(
                "select version from " + SqliteSchema.HISTORY_TABLE + " where success and version is not null");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                highest = Math.max(highest, SqliteSchema.majorVersion(rs.getString(1)));
            }
        }
        return highest;
    }

    /** Looks in the connection's own schema only ({@code current_schema()} is null when it does not exist). */
    static boolean tableExists(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select 1 from information_schema.tables"
                + " where table_schema = current_schema() and table_name = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
