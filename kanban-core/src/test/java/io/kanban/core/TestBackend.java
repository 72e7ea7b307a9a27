package io.kanban.core;

import io.kanban.core.testing.SettableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A backend the core suite runs on. Test classes are parameterised over {@link #all()}:
 * {@code @ParameterizedClass @MethodSource("io.kanban.core.TestBackend#all")} and a {@code @Parameter} field.
 * Each class invocation gets its own instance, closed (and its PostgreSQL schemas dropped) after the class.
 *
 * <p>PostgreSQL comes from {@value #URL_VARIABLE} (for example {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres});
 * unset or unreachable, its tests are skipped with the reason, unless {@value #REQUIRE_VARIABLE}=1 makes that a failure.
 */
abstract class TestBackend implements AutoCloseable {
    static final String URL_VARIABLE = "KANBAN_TEST_PG_URL";
    static final String REQUIRE_VARIABLE = "KANBAN_REQUIRE_POSTGRES";

    static Stream<TestBackend> all() {
        return Stream.of(new Sqlite(), new Postgres());
    }

    /** A fresh, empty board location; {@code dir} is the test's own temporary folder. */
    abstract String newBoard(Path dir);

    /**
     * Skips (or, where required, fails) the calling test now when this backend is not available. For tests that
     * open boards inside a callback, such as a property's, where a skip would be taken for a failure.
     */
    void assumeAvailable() {
    }

    /** A plain JDBC connection to the board, for tests that look at or change rows behind the API. */
    abstract Connection jdbc(String location) throws SQLException;

    /** An expression ordering a table's rows by insertion, for checks that the API's ids agree. */
    abstract String insertionOrder();

    Board open(String location, SettableClock clock) {
        return Board.open(BoardOptions.at(location).withClock(clock).withIdentity("testhost", 4242));
    }

    @Override
    public void close() {
    }

    static final class Sqlite extends TestBackend {
        @Override
        String newBoard(Path dir) {
            return dir.resolve("kanban.db").toAbsolutePath().toString();
        }

        @Override
        Connection jdbc(String location) throws SQLException {
            return DriverManager.getConnection("jdbc:sqlite:" + location);
        }

        @Override
        String insertionOrder() {
            return "rowid";
        }

        @Override
        public String toString() {
            return "sqlite";
        }
    }

    /** Every board is a fresh schema {@code kanban_test_<random>} in the test database. */
    static final class Postgres extends TestBackend {
        private static final Optional<String> SERVER = probe();
        private final List<String> schemas = new ArrayList<>();

        @Override
        String newBoard(Path dir) {
            String base = server();
            String schema = "kanban_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
            synchronized (schemas) {
                schemas.add(schema);
            }
            return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        }

        @Override
        Connection jdbc(String location) throws SQLException {
            return DriverManager.getConnection(location);
        }

        @Override
        String insertionOrder() {
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
        static String server() {
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

        static boolean available() {
            return SERVER.isPresent();
        }

        @Override
        void assumeAvailable() {
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
                System.err.println("[kanban-core tests] PostgreSQL tests will be skipped: " + URL_VARIABLE + " is not set");
                return Optional.empty();
            }
            try (Connection c = DriverManager.getConnection(url)) {
                return Optional.of(url);
            } catch (SQLException e) {
                System.err.println("[kanban-core tests] PostgreSQL tests will be skipped: cannot connect ("
                        + e.getMessage() + ")");
                return Optional.empty();
            }
        }
    }
}
