package io.kanban.core.store;

import io.kanban.core.error.StorageFailure;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.ResultQuery;
import org.jooq.conf.ParamType;

/**
 * One open transaction. Statements are built with jOOQ from the generated tables (see {@link Sql}) and run
 * through cached prepared statements; values are bound the way the reference layout stores them
 * (Instant and Duration as epoch seconds, enums by their wire names).
 */
public final class Tx {
    private final StatementCache statements;

    Tx(StatementCache statements) {
        this.statements = statements;
    }

    /**
     * A jOOQ context for building the few queries whose shape varies (the garbage collector's deletes); run
     * them with {@link #execute(Query)} or {@link #fetch}. Everything else uses the pre-rendered statements.
     */
    public DSLContext dsl() {
        return Sql.RENDER;
    }

    public int update(String sql, Object... args) {
        try {
            PreparedStatement ps = statements.prepare(sql);
            bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) {
        try {
            PreparedStatement ps = statements.prepare(sql);
            bind(ps, args);
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... args) {
        try {
            PreparedStatement ps = statements.prepare(sql);
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(mapper.map(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    public long queryLong(String sql, Object... args) {
        return queryOne(sql, rs -> rs.getLong(1), args).orElse(0L);
    }

    public int execute(Query query) {
        return update(query.getSQL(ParamType.INDEXED), query.getBindValues().toArray());
    }

    public <T> List<T> fetch(ResultQuery<?> query, RowMapper<T> mapper) {
        return query(query.getSQL(ParamType.INDEXED), mapper, query.getBindValues().toArray());
    }

    public <T> Optional<T> fetchOne(ResultQuery<?> query, RowMapper<T> mapper) {
        return queryOne(query.getSQL(ParamType.INDEXED), mapper, query.getBindValues().toArray());
    }

    void raw(String sql) {
        update(sql);
    }

    private static void bind(PreparedStatement ps, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, toDatabase(args[i]));
        }
    }

    static Object toDatabase(Object value) {
        if (value instanceof Instant instant) {
            return instant.getEpochSecond();
        }
        if (value instanceof Duration duration) {
            return duration.toSeconds();
        }
        if (value instanceof Enum<?> e) {
            throw new IllegalArgumentException("bind enum " + e + " by its wire name");
        }
        return value;
    }

    private static StorageFailure failure(String sql, SQLException e) {
        return Database.storageFailure("statement failed: " + abbreviate(sql), e);
    }

    private static String abbreviate(String sql) {
        return sql.length() <= 120 ? sql : sql.substring(0, 117) + "...";
    }
}
