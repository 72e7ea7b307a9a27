package io.kanban.dispatcher;

import static org.junit.jupiter.api.Assertions.fail;

import io.kanban.core.Board;
import io.kanban.core.model.Event;
import io.kanban.core.model.Run;
import io.kanban.core.model.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** A board in a fresh Hermes home under target/, and helpers to run real test workers against it. */
final class Fixture implements AutoCloseable {
    /** Generous: the build machine is small and shared. */
    static final Duration PATIENCE = Duration.ofSeconds(90);

    final Path home;
    final Path boardFile;
    final Map<String, String> env;
    final Board board;

    Fixture(Path tempDir) throws IOException {
        this.home = Files.createDirectories(tempDir.resolve("hermes"));
        this.boardFile = home.resolve("kanban.db");
        this.env = new HashMap<>(System.getenv());
        env.put("HERMES_HOME", home.toString());
        env.remove("HERMES_TENANT");
        env.remove("HERMES_KANBAN_DISPATCH_IN_GATEWAY");
        this.board = Board.open(boardFile);
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

    @Override
    public void close() {
        killChildren();
        board.close();
    }
}
