package io.kanban.core.testing;

import io.kanban.core.Board;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One test's board: made on first use, with a clock the test moves, and closed after the test with every handle
 * opened through it. {@link OnEachBackend} hands one to each test on each backend; a test class that needs only a
 * board file registers one on a field instead: {@code @RegisterExtension final ScratchBoard scratch =
 * ScratchBoard.onSqlite();}. On SQLite the board is a file in a temporary folder of its own, deleted afterwards; on
 * PostgreSQL a fresh schema, dropped after the test class.
 */
public final class ScratchBoard implements AfterEachCallback, AutoCloseable {
    /** Where every test clock starts: a Monday morning, so day and week boundaries are far. */
    public static final String START = "2026-01-05T09:00:00Z";

    private final Backend backend;
    private final SettableClock clock;
    private final Deque<Board> handles = new ArrayDeque<>();
    private Path dir;
    private String location;
    private Board board;

    ScratchBoard(Backend backend) {
        this(backend, SettableClock.startingAt(START));
    }

    private ScratchBoard(Backend backend, SettableClock clock) {
        this.backend = backend;
        this.clock = clock;
    }

    /**
     * A board file for each test of a class that registers this on a field.
     *
     * @return a scratch board on SQLite whose clock starts at {@link #START}
     */
    public static ScratchBoard onSqlite() {
        return new ScratchBoard(Backend.sqlite());
    }

    /**
     * A board file whose clock starts at the wall-clock time, for tests that share the board with another process
     * (a child JVM, a server) that reads the system clock: claims made here do not look long expired there.
     *
     * @return a scratch board on SQLite whose clock starts now
     */
    public static ScratchBoard onSqliteFromNow() {
        return new ScratchBoard(Backend.sqlite(), new SettableClock(Instant.now()));
    }

    public Backend backend() {
        return backend;
    }

    /** The clock every handle of this board reads; it moves only when the test moves it. */
    public SettableClock clock() {
        return clock;
    }

    /** A temporary folder of this test's own, made on first use and deleted after the test. */
    public synchronized Path dir() {
        if (dir == null) {
            try {
                dir = Files.createTempDirectory("kanban-scratch");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }

    /**
     * Where the board is (a file path or a PostgreSQL URL), for opening it as another process would. The first
     * call skips the test when the backend is unavailable.
     */
    public synchronized String location() {
        if (location == null) {
            location = backend.newBoard(dir());
        }
        return location;
    }

    /** The test's board, opened on first use with {@link #clock()} and the test identity. */
    public synchronized Board board() {
        if (board == null) {
            board = open();
        }
        return board;
    }

    /** One more handle on the same board, like another process's, on the same clock; closed after the test. */
    public synchronized Board open() {
        return openAt(location());
    }

    /**
     * The board file, for tests of the SQLite layout itself or for handing the path to another process.
     *
     * @return the absolute path of the board file
     * @throws IllegalStateException on a backend whose boards are not files
     */
    public Path file() {
        Path file = Path.of(location());
        if (!file.isAbsolute()) {
            throw new IllegalStateException("a " + backend + " board is not a file: " + location());
        }
        return file;
    }

    /**
     * A handle on another board at {@code location} (a path or URL), on this board's clock and identity, as the
     * tests' own board opener; closed after the test.
     *
     * @param location where the other board is
     * @return an open handle on it
     */
    public synchronized Board openAt(String location) {
        Board handle = backend.open(location, clock);
        handles.push(handle);
        return handle;
    }

    /** A plain JDBC connection to the board, for looking at or changing rows behind the API; the caller closes it. */
    public Connection jdbc() throws SQLException {
        return backend.jdbc(location());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    /** Closes the handles, newest first, then deletes the folder. */
    @Override
    public synchronized void close() {
        while (!handles.isEmpty()) {
            handles.pop().close();
        }
        if (dir != null) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the scratch folder " + dir, e);
            }
        }
    }
}
