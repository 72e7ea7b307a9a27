package io.kanban.core.testing;

import io.kanban.core.Board;
import io.kanban.core.BoardOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A backend boards are made on in tests: SQLite files, or fresh schemas of a PostgreSQL server. One instance serves
 * one run of a test class ({@link OnEachBackend}); closing it drops the PostgreSQL schemas it made.
 *
 * <p>PostgreSQL comes from {@value #URL_VARIABLE} (for example {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres});
 * unset or unreachable, its tests are skipped with the reason, unless {@value #REQUIRE_VARIABLE}=1 makes that a failure.
 */
public abstract class Backend implements AutoCloseable {
    public static final String URL_VARIABLE = "KANBAN_TEST_PG_URL";
    public static final String REQUIRE_VARIABLE = "KANBAN_REQUIRE_POSTGRES";
    /** The worker identity test handles claim as: claim locks read {@code testhost:4242}. */
    public static final String HOST = "testhost";
    public static final long PID = 4242;

    public static Backend sqlite() {
        return new Sqlite();
    }

    public static Backend postgresql() {
        return new Postgres();
    }

    /** A fresh, empty board location; {@code dir} is the test's own temporary folder. */
    public abstract String newBoard(Path dir);

    /**
     * Skips (or, where required, fails) the calling test now when this backend is not available. For tests that
     * open boards inside a callback, such as a property's, where a skip would be taken for a failure.
     */
    public void assumeAvailable() {
    }

    /** A plain JDBC connection to the board, for tests that look at or change rows behind the API. */
    public abstract Connection jdbc(String location) throws SQLException;

    /** An expression ordering a table's rows by insertion, for checks that the API's ids agree. */
    public abstract String insertionOrder();

    /** A handle on the board at {@code location} that reads {@code clock} and claims as {@link #HOST}:{@link #PID}. */
    public Board open(String location, Clock clock) {
        return Board.open(BoardOptions.at(location).withClock(clock).withIdentity(HOST, PID));
    }

    @Override
    public void close() {
    }

    private static final class Sqlite extends Backend {
        @Override
        public String newBoard(Path dir) {
            return dir.resolve("kanban.db").toAbsolutePath().toString();
        }

        @Override
        public Connection jdbc(String location) throws SQLException {
            return DriverManager.getConnection("jdbc:sqlite:" + location);
        }

        @Override
        public String insertionOrder() {
            return "rowid";
        }

        @Override
        public String toString() {
            return "sqlite";
        }
    }

    /** Every board is a fresh schema {@code kanban_test_<random>} in the test database. */
    private static final class Postgres extends Backend {
        private static final Optional<String> SERVER = probe();
        private final List<String> schemas = new ArrayList<>();

        @Override
        public String newBoard(Path dir) {
            String base = server();
            String schema = "kanban_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
            synchronized (schemas) {
                schemas.add(schema);
            }
            return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        }

        @Override
        public Connection jdbc(String location) throws SQLException {
            return DriverManager.getConnection(location);
        }

        @Override
        public String insertionOrder() {
            return "ctid"; // the tables are append-only in these checks, so the physical order is insertion order
        }

        @Override
        public void close() {
            List<String> drop;
            synchronized (schemas) {
                drop = List.copyOf(schemas);
                schemas.clear();
            }
            if (drop.isEmpty()) {
                return;
            }
            try (Connection c = DriverManager.getConnection(server()); Statement st = c.createStatement()) {
                for (String schema : drop) {
                    st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot drop test schemas " + drop + ": " + e.getMessage(), e);
            }
        }

        @Override
        public String toString() {
            return "postgresql";
        }

        /** The server URL, or the test is skipped (or failed, where PostgreSQL is required). */
        private static String server() {
            if (SERVER.isPresent()) {
                return SERVER.get();
            }
            String why = reasonUnavailable();
            if ("1".equals(System.getenv(REQUIRE_VARIABLE))) {
                Assertions.fail(REQUIRE_VARIABLE + "=1 but " + why);
            }
            Assumptions.abort("PostgreSQL tests skipped: " + why);
            throw new AssertionError("unreachable");
        }

        @Override
        public void assumeAvailable() {
            server();
        }

        private static String reasonUnavailable() {
            String url = System.getenv(URL_VARIABLE);
            return url == null || url.isBlank() ? URL_VARIABLE + " is not set"
                    : "cannot connect to " + URL_VARIABLE + " (" + url.replaceAll("password=[^&]*", "password=***") + ")";
        }

        private static Optional<String> probe() {
            String url = System.getenv(URL_VARIABLE);
            if (url == null || url.isBlank()) {
                System.err.println("[kanban tests] PostgreSQL tests will be skipped: " + URL_VARIABLE + " is not set");
                return Optional.empty();
            }
            try (Connection c = DriverManager.getConnection(url)) {
                return Optional.of(url);
            } catch (SQLException e) {
                System.err.println("[kanban tests] PostgreSQL tests will be skipped: cannot connect ("
                        + e.getMessage() + ")");
                return Optional.empty();
            }
        }
    }
}
