package io.kanban.cli.bench;

import io.kanban.core.Board;
import io.kanban.core.boards.BoardLayout;
import io.kanban.core.boards.BoardSlug;
import io.kanban.core.boards.Boards;
import io.kanban.core.spi.DispatcherProvider;
import io.kanban.core.dispatch.DispatchPolicy;
import io.kanban.core.dispatch.TickReport;
import io.kanban.core.spi.ProcessProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.sqlite.SQLiteConfig;

/**
 * How long one dispatch tick takes on a large board: 75% done, 10% todo waiting on an unfinished parent,
 * 15% ready across 50 profiles, and one running worker per profile (the default per-profile limit), with a
 * few slots free so each tick claims. Workers are not really started ({@link NoWorkers}), so the figure is the
 * kernel's own cost: sweeps, promotion, queue and claims. Then a dry-run tick over every board of a home (20 boards
 * of 5,000 ready tasks by default), as {@code kanban dispatch --all-boards --dry-run} runs it.
 *
 * <p>Run: {@code java -cp kanban-cli/target/kanban-cli.jar io.kanban.cli.bench.DispatchTickBenchmark [tasks]
 * [ticks] [boards] [tasks per board]}, or through Maven as the README's "Benchmarks" says.
 */
public final class DispatchTickBenchmark {

    /** Tick times in milliseconds over {@code ticks} ticks, and what the last tick spawned. */
    public record Result(int tasks, double medianMillis, double maxMillis, int spawnedPerTick,
                         double healthMedianMillis, double healthMaxMillis) {
    }

    private DispatchTickBenchmark() {
    }

    /** Dry-run ticks over every board of a home, each board full of ready cards. */
    public record BoardsResult(int boards, int tasksPerBoard, double medianMillis, double maxMillis,
                               int boardsTicked, double openCloseMedianMillis) {
    }

    /**
     * Runs the measurement and prints the results.
     *
     * @param args the task count and the tick count, both optional
     * @throws Exception if the measurement fails
     */
    public static void main(String[] args) throws Exception {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int ticks = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        int boards = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int perBoard = args.length > 3 ? Integer.parseInt(args[3]) : 5_000;
        Path dir = Files.createTempDirectory("kanban-tick-bench");
        Result r = run(dir.resolve("kanban.db"), tasks, ticks);
        System.out.printf("dispatch tick on %,d tasks: median %.1f ms, max %.1f ms (%d spawned per tick)%n",
                r.tasks(), r.medianMillis(), r.maxMillis(), r.spawnedPerTick());
        System.out.printf("stuck-queue check after a tick: median %.1f ms, max %.1f ms%n", r.healthMedianMillis(),
                r.healthMaxMillis());
        BoardsResult b = runBoards(Files.createTempDirectory("kanban-boards-bench"), boards, perBoard, ticks);
        System.out.printf("dry-run tick over %d boards of %,d ready tasks (kanban dispatch --all-boards --dry-run:"
                        + " every board opened, ticked, closed): median %.1f ms, max %.1f ms (%d boards ticked)%n",
                b.boards(), b.tasksPerBoard(), b.medianMillis(), b.maxMillis(), b.boardsTicked());
        System.out.printf("  of which opening and closing the %d boards: median %.1f ms%n", b.boards(),
                b.openCloseMedianMillis());
    }

    /**
     * A Hermes home at {@code home} with {@code boards} boards (the default one and {@code boards - 1} more) of
     * {@code perBoard} ready tasks each, ticked as {@code kanban dispatch --all-boards --dry-run} does: through the
     * dispatcher on the class path, which opens every board, sweeps it, shares the host's room and closes it.
     *
     * @param home the Hermes home to fill (a fresh directory)
     * @param boards how many boards, the default one included
     * @param perBoard ready tasks on each board
     * @param ticks how many measured ticks, after one warm-up tick
     * @return the tick times and the time spent opening and closing the boards
     * @throws SQLException if the ready tasks cannot be written
     */
    public static BoardsResult runBoards(Path home, int boards, int perBoard, int ticks) throws SQLException {
        Map<String, String> env = Map.of("HERMES_HOME", home.toString());
        Boards registry = new Boards(BoardLayout.of(env));
        Path first = registry.layout().db(BoardSlug.defaultBoard());
        try {
            Files.createDirectories(first.getParent());
            Board.open(first).close();
            fillReady(first, perBoard, Instant.now().getEpochSecond());
            for (int n = 1; n < boards; n++) {
                BoardSlug slug = BoardSlug.of(String.format("board-%02d", n));
                registry.create(slug, Boards.NewBoard.defaults());
                Files.copy(first, registry.layout().db(slug), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        DispatcherProvider provider = DispatcherProvider.find().orElseThrow(() -> new IllegalStateException(
                "no dispatcher on the class path (kanban-dispatcher)"));
        DispatchPolicy policy = provider.configuredPolicy(env).withDryRun(true);
        provider.tickAllBoards(env, policy); // warm-up: class loading and statement preparation
        double[] millis = new double[ticks];
        int ticked = 0;
        for (int i = 0; i < ticks; i++) {
            long t0 = System.nanoTime();
            ticked = provider.tickAllBoards(env, policy).size();
            millis[i] = (System.nanoTime() - t0) / 1e6;
        }
        // What a loop that keeps its boards open does not pay each round: opening and closing every board.
        double[] opening = new double[ticks];
        for (int i = 0; i < ticks; i++) {
            long t0 = System.nanoTime();
            for (Boards.BoardEntry e : registry.list(false)) {
                Board.open(e.db()).close();
            }
            opening[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(millis);
        Arrays.sort(opening);
        return new BoardsResult(boards, perBoard, millis[ticks / 2], millis[ticks - 1], ticked, opening[ticks / 2]);
    }

    /** A plain connection to the board file for writing rows directly, waiting out another writer's lock. */
    private static Connection openForFill(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(30_000);
        return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }

    /** {@code tasks} ready tasks over 50 profiles, written directly in one transaction. */
    static void fillReady(Path file, int tasks, long now) throws SQLException {
        try (Connection c = openForFill(file)) {
            c.setAutoCommit(false);
            try (PreparedStatement task = c.prepareStatement("INSERT INTO tasks (id, title, assignee, status,"
                    + " priority, created_at) VALUES (?, ?, ?, 'ready', ?, ?)")) {
                for (int i = 0; i < tasks; i++) {
                    task.setString(1, String.format("t_%012x", i));
                    task.setString(2, "bench task " + i);
                    task.setString(3, "profile-" + (i % 50));
                    task.setInt(4, i % 3);
                    task.setLong(5, now - tasks + i);
                    task.addBatch();
                }
                task.executeBatch();
            }
            c.commit();
            try (Statement st = c.createStatement()) {
                st.execute("ANALYZE");
            }
            c.commit();
        }
    }

    /**
     * Times dispatch ticks on a board filled with {@code tasks} tasks, with workers that never start.
     *
     * @param file the board file to create
     * @param tasks how many tasks
     * @param ticks how many ticks to time
     * @return the tick times
     * @throws SQLException if the board cannot be filled
     */
    public static Result run(Path file, int tasks, int ticks) throws SQLException {
        Board.open(file).close();
        fill(file, tasks, Instant.now().getEpochSecond());
        NoWorkers launcher = new NoWorkers();
        ProcessProbe probe = NoWorkers.ALL_ALIVE;
        DispatchPolicy policy = DispatchPolicy.defaults().withMaxSpawnsPerTick(8);
        double[] millis = new double[ticks];
        double[] health = new double[ticks];
        int spawned = 0;
        try (Board board = Board.open(file)) {
            board.dispatch().tick(policy, launcher, probe); // warm-up: class loading and statement preparation
            for (int i = 0; i < ticks; i++) {
                long t0 = System.nanoTime();
                TickReport report = board.dispatch().tick(policy, launcher, probe);
                millis[i] = (System.nanoTime() - t0) / 1e6;
                spawned = report.spawned().size();
                // The dispatcher's loop judges the queue after each tick (stuck events, the stats field).
                long t1 = System.nanoTime();
                board.health().check(report, policy, Duration.ofMinutes(10));
                health[i] = (System.nanoTime() - t1) / 1e6;
            }
        }
        Arrays.sort(millis);
        Arrays.sort(health);
        return new Result(tasks, millis[ticks / 2], millis[ticks - 1], spawned, health[ticks / 2], health[ticks - 1]);
    }

    /** Writes the rows directly, in one transaction: the benchmark measures ticks, not inserts. */
    static void fill(Path file, int tasks, long now) throws SQLException {
        try (Connection c = openForFill(file)) {
            c.setAutoCommit(false);
            try (PreparedStatement task = c.prepareStatement("INSERT INTO tasks (id, title, assignee, status, priority,"
                    + " created_at, started_at, claim_lock, claim_expires, worker_pid, current_run_id)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement run = c.prepareStatement("INSERT INTO task_runs (task_id, profile, status,"
                         + " claim_lock, claim_expires, worker_pid, started_at) VALUES (?, ?, 'running', ?, ?, ?, ?)");
                 PreparedStatement link = c.prepareStatement("INSERT INTO task_links (parent_id, child_id) VALUES (?, ?)")) {
                long runId = 0;
                for (int i = 0; i < tasks; i++) {
                    String id = String.format("t_%012x", i);
                    int slot = i % 20;
                    String status = slot < 15 ? "done" : slot < 17 ? "todo" : "ready";
                    // One running task for 45 of the 50 profiles; the other 5 have a free slot.
                    boolean running = i >= 1_000 && i < 1_045;
                    if (running) {
                        status = "running";
                    }
                    task.setString(1, id);
                    task.setString(2, "bench task " + i);
                    task.setString(3, "profile-" + (i % 50));
                    task.setString(4, status);
                    task.setInt(5, i % 3);
                    task.setLong(6, now - tasks + i);
                    task.setObject(7, running ? now : null);
                    task.setObject(8, running ? "benchhost:1" : null);
                    task.setObject(9, running ? now + 3_600 : null);
                    task.setObject(10, running ? 100_000L + i : null);
                    task.setObject(11, running ? ++runId : null);
                    task.addBatch();
                    if (running) {
                        run.setString(1, id);
                        run.setString(2, "profile-" + (i % 50));
                        run.setString(3, "benchhost:1");
                        run.setLong(4, now + 3_600);
                        run.setLong(5, 100_000L + i);
                        run.setLong(6, now);
                        run.addBatch();
                    }
                    if (status.equals("todo")) {
                        // Its parent is the ready task created just after it: still unfinished.
                        link.setString(1, String.format("t_%012x", i + 2));
                        link.setString(2, id);
                        link.addBatch();
                    }
                }
                task.executeBatch();
                run.executeBatch();
                link.executeBatch();
            }
            c.commit();
            try (Statement st = c.createStatement()) {
                st.execute("ANALYZE");
            }
            c.commit();
        }
    }
}
