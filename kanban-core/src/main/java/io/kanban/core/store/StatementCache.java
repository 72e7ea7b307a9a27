package io.kanban.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prepared statements kept per connection, keyed by SQL text. SQLite spends a good part of a small
 * statement's cost in parsing it; the claim/complete hot path reuses the same dozen statements.
 */
final class StatementCache implements AutoCloseable {
    private static final int CAPACITY = 256;

    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() <= CAPACITY) {
                return false;
            }
            closeQuietly(eldest.getValue());
            return true;
        }
    };

    StatementCache(Connection connection) {
        this.connection = connection;
    }

    Connection connection() {
        return connection;
    }

    /**
     * The statement for {@code sql}, prepared once. Its parameters keep the values of its last execution: the
     * caller binds every one (the SQLite driver's clearParameters is a native call per execution, measurable
     * on the claim path).
     */
    PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    /** Closes the statements but leaves the connection open (a pooled connection goes back to its pool). */
    void closeStatements() {
        statements.values().forEach(StatementCache::closeQuietly);
        statements.clear();
    }

    @Override
    public void close() {
        closeStatements();
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing: nothing left to protect
        }
    }

    private static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException ignored) {
            // a statement that fails to close holds no data
        }
    }
}
