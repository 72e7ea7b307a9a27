package io.kanban.core.boards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kanban.core.Board;
import io.kanban.core.BoardLocation;
import io.kanban.core.error.BoardNotFound;
import io.kanban.core.error.StorageFailure;
import io.kanban.core.error.ValidationError;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The boards of one PostgreSQL database: a board is a schema, as a PostgreSQL board is opened today (the URL's
 * {@code currentSchema=} names it). A board's slug is its schema's name; its {@code board.json} fields live in the
 * schema's comment ({@code COMMENT ON SCHEMA}), so no table is added. A schema is a board when it holds the board
 * tables ({@code tasks} and the migration history); others (yours, PostgreSQL's) are never listed nor touched.
 *
 * <p>The board the URL names ({@code currentSchema}, else {@code public}) is the current one. Archiving renames the
 * schema to {@code _archived_<slug>_<epoch seconds>} (not a slug, so never listed as a board, and the slug is free
 * again) and marks its comment {@code archived}; deleting drops the schema with its rows.
 */
public final class PostgresBoards {
    /** PostgreSQL's identifier limit (NAMEDATALEN - 1): a longer slug cannot name a schema. */
    static final int MAX_SCHEMA = 63;
    static final String ARCHIVED_PREFIX = "_archived_";
    private static final String HISTORY_TABLE = "flyway_schema_history";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;
    private final Clock clock;

    /**
     * @param url a {@code jdbc:postgresql://host[:port]/database?...} URL; its {@code currentSchema} is the current
     *     board, the rest says where the boards are
     * @param clock stamps a new board's creation time
     * @throws ValidationError if {@code url} is not a PostgreSQL JDBC URL
     */
    public PostgresBoards(String url, Clock clock) {
        if (!BoardLocation.isUrl(url) || !url.startsWith("jdbc:postgresql:")) {
            throw new ValidationError("db", "'" + BoardLocation.shown(url) + "' is not a PostgreSQL JDBC URL");
        }
        if (org.postgresql.Driver.parseURL(url, null) == null) {
            throw new ValidationError("db", "not a PostgreSQL JDBC URL: " + BoardLocation.shown(url));
        }
        this.url = url;
        this.clock = clock;
    }

    /**
     * One board as listed: its metadata, its schema and URL, whether the URL names it, its cards per status.
     *
     * @param meta the board's fields, from its schema's comment
     * @param schema the board's schema name
     * @param location the board's JDBC URL ({@code currentSchema=schema})
     * @param current whether the URL this was opened with names this board
     * @param counts cards per status name
     */
    public record Entry(BoardMeta meta, String schema, String location, boolean current, Map<String, Long> counts) {
        /**
         * All the board's cards.
         *
         * @return the sum of {@link #counts()}
         */
        public long total() {
            return counts.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * The board the URL names: its {@code currentSchema}, else {@code public}.
     *
     * @return the current board's schema name
     */
    public String currentSchema() {
        Properties props = org.postgresql.Driver.parseURL(url, null);
        String schema = props == null ? null : props.getProperty("currentSchema");
        return schema == null || schema.isBlank() ? "public" : schema;
    }

    /**
     * The URL of board {@code slug}: this URL with {@code currentSchema=slug}.
     *
     * @param slug the board's slug
     * @return the board's JDBC URL
     */
    public String location(BoardSlug slug) {
        return withSchema(url, schemaOf(slug));
    }

    /**
     * The boards of the database by slug, with their counts; archived ones too when {@code includeArchived}.
     *
     * @param includeArchived whether archived boards are listed too
     * @return the boards, in schema name order
     * @throws StorageFailure if the database cannot be read
     */
    public List<Entry> list(boolean includeArchived) {
        String current = currentSchema();
        List<Entry> out = new ArrayList<>();
        try (Connection c = connect()) {
            for (Map.Entry<String, String> e : boardSchemas(c).entrySet()) {
                String schema = e.getKey();
                boolean archived = schema.startsWith(ARCHIVED_PREFIX);
                if (archived && !includeArchived) {
                    continue;
                }
                BoardMeta meta = meta(schema, e.getValue());
                if (archived && !meta.archived()) {
                    meta = meta.withArchived(true);
                }
                out.add(new Entry(meta, schema, withSchema(url, schema), schema.equals(current), counts(c, schema)));
            }
        } catch (SQLException e) {
            throw failure("cannot list the boards of " + BoardLocation.shown(url), e);
        }
        return out;
    }

    /**
     * True when a (non-archived) board schema {@code slug} exists.
     *
     * @param slug the board's slug
     * @return whether the board exists
     * @throws StorageFailure if the database cannot be read
     */
    public boolean exists(BoardSlug slug) {
        try (Connection c = connect()) {
            return boardSchemas(c).containsKey(schemaOf(slug));
        } catch (SQLException e) {
            throw failure("cannot read the boards of " + BoardLocation.shown(url), e);
        }
    }

    /**
     * Makes board {@code slug}: its schema with the board tables, and its fields in the schema's comment. An existing
     * board keeps its cards and takes the given fields ({@code mkdir -p}, as on SQLite).
     *
     * @param slug the board's slug
     * @param spec the board's fields (name, description, icon, color, default workdir)
     * @return the board's fields as stored
     * @throws ValidationError if the default workdir is not absolute or the schema exists and holds no board
     * @throws StorageFailure if the database cannot be written
     */
    public BoardMeta create(BoardSlug slug, Boards.NewBoard spec) {
        String schema = schemaOf(slug);
        if (spec.defaultWorkdir() != null && !java.nio.file.Path.of(spec.defaultWorkdir().strip()).isAbsolute()) {
            throw new ValidationError("default_workdir", "'" + spec.defaultWorkdir() + "' must be an absolute path");
        }
        try (Connection c = connect()) {
            Map<String, String> boards = boardSchemas(c);
            String comment = boards.get(schema);
            boolean exists = boards.containsKey(schema);
            if (!exists && schemaExists(c, schema)) {
                throw new ValidationError("board", "schema '" + schema + "' exists and holds no board; pick another"
                        + " slug (kanban never writes into a schema it did not make)");
            }
            if (!exists) {
                Board.open(location(slug)).close(); // makes the schema and its tables, as any first open does
            }
            BoardMeta base = exists ? meta(schema, comment) : BoardMeta.fresh(slug, clock.instant().getEpochSecond());
            BoardMeta meta = base.with(blankToNull(spec.name()), spec.description(), spec.icon(), spec.color(),
                    spec.defaultWorkdir() == null ? null : java.nio.file.Path.of(spec.defaultWorkdir().strip())
                            .normalize().toString());
            comment(c, schema, meta);
            c.commit();
            return meta;
        } catch (SQLException e) {
            throw failure("cannot create board '" + slug + "' in " + BoardLocation.shown(url), e);
        }
    }

    /**
     * Archives board {@code slug} (its schema renamed to {@code _archived_<slug>_<epoch>}, the comment marked) or,
     * with {@code delete}, drops its schema and every row in it. Returns the archive schema, or empty after a delete.
     *
     * @param slug the board's slug; the default board cannot be removed
     * @param delete drop the schema instead of archiving it
     * @return the archive schema's name, or empty after a delete
     * @throws BoardNotFound if no such board exists
     * @throws ValidationError if {@code slug} is the default board
     */
    public Optional<String> remove(BoardSlug slug, boolean delete) {
        if (slug.isDefault()) {
            throw new ValidationError("board", "the default board cannot be removed");
        }
        String schema = schemaOf(slug);
        try (Connection c = connect()) {
            Map<String, String> boards = boardSchemas(c);
            if (!boards.containsKey(schema)) {
                throw new BoardNotFound(slug.value());
            }
            Optional<String> archived = Optional.empty();
            try (Statement st = c.createStatement()) {
                if (delete) {
                    st.execute("drop schema " + quote(schema) + " cascade");
                } else {
                    String base = ARCHIVED_PREFIX + schema + "_" + clock.instant().getEpochSecond();
                    String target = fit(base, "");
                    for (int n = 1; schemaExists(c, target); n++) {
                        target = fit(base, "_" + n);
                    }
                    st.execute("alter schema " + quote(schema) + " rename to " + quote(target));
                    comment(c, target, meta(schema, boards.get(schema)).withArchived(true));
                    archived = Optional.of(target);
                }
            }
            c.commit();
            return archived;
        } catch (SQLException e) {
            throw failure("cannot remove board '" + slug + "' from " + BoardLocation.shown(url), e);
        }
    }

    /** Schemas holding the board tables, by name, with their comments (null when none). */
    private static Map<String, String> boardSchemas(Connection c) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("select n.nspname, obj_description(n.oid, 'pg_namespace')"
                + " from pg_namespace n where exists (select 1 from information_schema.tables t"
                + " where t.table_schema = n.nspname and t.table_name = 'tasks')"
                + " and exists (select 1 from information_schema.tables h"
                + " where h.table_schema = n.nspname and h.table_name = ?)");) {
            ps.setString(1, HISTORY_TABLE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        c.commit();
        return out;
    }

    private static boolean schemaExists(Connection c, String schema) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select 1 from pg_namespace where nspname = ?")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Cards per status of the board in {@code schema}: one grouped count, as {@code Tasks.countByStatus} reads it. */
    private static Map<String, Long> counts(Connection c, String schema) throws SQLException {
        Map<String, Long> out = new TreeMap<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select status, count(*) from " + quote(schema)
                     + ".tasks group by status")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        c.commit();
        return new LinkedHashMap<>(out);
    }

    /** The fields the schema's comment holds; a board made by {@code --db ...&currentSchema=X} has none yet. */
    private static BoardMeta meta(String schema, String comment) {
        if (comment != null && !comment.isBlank()) {
            try {
                JsonNode node = JSON.readTree(comment);
                if (node != null && node.isObject()) {
                    return BoardMeta.fromJson(node, schema);
                }
            } catch (IOException e) {
                // someone else's comment: the board gets the made-up fields below
            }
        }
        String name;
        try {
            name = new BoardSlug(schema).titleCase();
        } catch (ValidationError e) {
            name = schema; // a schema named outside the slug rule (upper case, say) keeps its name
        }
        return new BoardMeta(schema, name, "", "", "", null, null, 0, false);
    }

    private static void comment(Connection c, String schema, BoardMeta meta) throws SQLException {
        String json = meta.toJson().toString();
        try (Statement st = c.createStatement()) {
            // COMMENT takes no bind parameters: a standard string literal, quotes doubled.
            st.execute("comment on schema " + quote(schema) + " is '" + json.replace("'", "''") + "'");
        }
    }

    private static String schemaOf(BoardSlug slug) {
        if (slug.value().length() > MAX_SCHEMA) {
            throw new ValidationError("board", "'" + slug + "' is longer than " + MAX_SCHEMA
                    + " characters, the most a PostgreSQL schema name holds");
        }
        return slug.value();
    }

    private static String fit(String base, String suffix) {
        return (base.length() + suffix.length() > MAX_SCHEMA ? base.substring(0, MAX_SCHEMA - suffix.length()) : base)
                + suffix;
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** {@code url} with its {@code currentSchema} parameter set to {@code schema} (added, or replacing the old one). */
    static String withSchema(String url, String schema) {
        int q = url.indexOf('?');
        String base = q < 0 ? url : url.substring(0, q);
        List<String> params = new ArrayList<>();
        if (q >= 0) {
            for (String p : url.substring(q + 1).split("&")) {
                if (!p.isEmpty() && !p.toLowerCase(java.util.Locale.ROOT).startsWith("currentschema=")) {
                    params.add(p);
                }
            }
        }
        params.add("currentSchema=" + java.net.URLEncoder.encode(schema, java.nio.charset.StandardCharsets.UTF_8));
        return base + "?" + String.join("&", params);
    }

    private Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection(url);
        c.setAutoCommit(false);
        return c;
    }

    private StorageFailure failure(String what, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String reason = state.startsWith("08") ? "cannot reach the database server (" + e.getMessage() + ")"
                : state.startsWith("28") ? "the server refused the login (" + e.getMessage() + ")"
                : e.getMessage();
        int nl = reason == null ? -1 : reason.indexOf('\n');
        return new StorageFailure(what + ": " + (nl < 0 ? reason : reason.substring(0, nl)), e);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
