package io.kanban.dispatcher;

import static org.junit.jupiter.api.Assertions.fail;

import io.kanban.core.Board;
import io.kanban.core.BoardOptions;
import io.kanban.core.model.Event;
import io.kanban.core.model.Run;
import io.kanban.core.model.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh Hermes home for each test, with its board, and helpers to run real test workers against it. Register it
 * on a field ({@code @RegisterExtension final DispatcherHome fx = new DispatcherHome();}); after each test it kills
 * the workers still running, closes the board and deletes the folder.
 */
final class DispatcherHome implements BeforeEachCallback, AfterEachCallback {
    /** Generous: the build machine is small and shared. */
    static final Duration PATIENCE = Duration.ofSeconds(90);

    private final Clock clock;
    /** The test's folder: the home is {@code hermes} in it; tests may put other things beside it. */
    Path dir;
    Path home;
    Path boardFile;
    /** The environment a dispatcher started from this home sees: HERMES_HOME set, tenant and gateway unset. */
    Map<String, String> env;
    Board board;
    /** Handles on the home's other boards, closed with the home's own. */
    private final List<Board> others = new ArrayList<>();

    /** A home whose board reads the system clock, as real workers do. */
    DispatcherHome() {
        this(Clock.systemUTC());
    }

    /** A home whose board reads {@code clock}, for tests that move time instead of waiting for it. */
    DispatcherHome(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("kanban-dispatcher");
        home = Files.createDirectories(dir.resolve("hermes"));
        boardFile = home.resolve("kanban.db");
        env = new HashMap<>(System.getenv());
        env.put("HERMES_HOME", home.toString());
        env.remove("HERMES_TENANT");
        env.remove("HERMES_KANBAN_DISPATCH_IN_GATEWAY");
        board = Board.open(BoardOptions.at(boardFile).withClock(clock));
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        killChildren();
        others.forEach(Board::close);
        others.clear();
        if (board != null) {
            board.close();
        }
        if (dir != null) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** A handle on another board (of this home or beside it) on the home's clock; closed after the test. */
    Board open(Path file) {
        Board other = Board.open(BoardOptions.at(file).withClock(clock));
        others.add(other);
        return other;
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String testClassPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    /** The JVM command that starts {@link TestWorker}, light flags for a quick start. */
    static List<String> javaWorker() {
        return new ArrayList<>(List.of(javaExecutable(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k",
                "-Xmx96m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", testClassPath(),
                TestWorker.class.getName()));
    }

    DispatcherConfig.Builder config() {
        return DispatcherConfig.builder().workerCommand(javaWorker()).perAssigneeLimit(4);
    }

    DispatcherService dispatcher(DispatcherConfig config) {
        return DispatcherService.create(board, config, env);
    }

    Status status(String taskId) {
        return board.tasks().get(taskId).status();
    }

    List<Run> runs(String taskId) {
        return board.runs().of(taskId);
    }

    List<String> eventKinds(String taskId) {
        List<String> kinds = new ArrayList<>();
        for (Event e : board.events().forTask(taskId, 1_000)) {
            kinds.add(e.kind());
        }
        return kinds;
    }

    /** Ticks until {@code done} holds, failing with {@code what} after {@link #PATIENCE}. */
    static void tickUntil(DispatcherService dispatcher, BooleanSupplier done, String what) {
        await(() -> {
            if (done.getAsBoolean()) {
                return true;
            }
            dispatcher.tickOnce();
            return done.getAsBoolean();
        }, what);
    }

    /** Polls {@code done} (a real process or thread, not the clock) until it holds; fails after {@link #PATIENCE}. */
    static void await(BooleanSupplier done, String what) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("gave up waiting (" + PATIENCE.toSeconds() + " s) for: " + what);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for: " + what);
            }
        }
    }

    /** Kills every worker this JVM started that is still running. */
    static void killChildren() {
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
    }
}
