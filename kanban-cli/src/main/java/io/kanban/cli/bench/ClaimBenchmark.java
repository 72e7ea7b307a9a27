package io.kanban.cli.bench;

import io.kanban.core.Board;
import io.kanban.core.BoardLocation;
import io.kanban.core.error.StorageFailure;
import io.kanban.core.model.ClaimedTask;
import io.kanban.core.model.Completion;
import io.kanban.core.model.NewTask;
import io.kanban.core.store.WriterStats;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import org.sqlite.SQLiteConfig;

/**
 * Claim+complete throughput on a board file on disk, and the raw SQLite commit ceiling on the same driver and
 * settings for comparison. Prints one line per measurement. Given a PostgreSQL JDBC URL first, it measures a
 * board there instead (a fresh schema per run, dropped afterwards) and the raw PostgreSQL commit ceiling.
 *
 * <p>Run: {@code java -cp kanban-cli/target/kanban-cli.jar io.kanban.cli.bench.ClaimBenchmark [jdbc:postgresql://...]
 * [tasks] [threads...]}, or through Maven as the README's "Benchmarks" says.
 */
public final class ClaimBenchmark {
    /**
     * Cycles run before the first measurement and not counted, so that it does not pay for the JIT compiling the
     * claim path (measured: the first of two identical 16-thread runs in a fresh JVM came out 15-25% slower).
     */
    static final int WARM_UP_TASKS = 5_000;

    /**
     * One measured run: how many claim+complete cycles per second, the claim latency percentiles, and what the
     * SQLite writer did meanwhile (null on PostgreSQL).
     */
    public record Result(int threads, int cycles, double seconds, double cyclesPerSecond, double p50Micros,
                         double p95Micros, double p99Micros, WriterStats writer) {
    }

    private ClaimBenchmark() {
    }

    /**
     * Runs the measurements and prints one line each.
     *
     * @param args an optional PostgreSQL JDBC URL, then the task count and the thread counts
     * @throws Exception if a measurement fails
     */
    public static void main(String[] args) throws Exception {
        String server = args.length > 0 && BoardLocation.isUrl(args[0]) ? args[0] : null;
        String[] rest = server == null ? args : Arrays.copyOfRange(args, 1, args.length);
        int tasks = rest.length > 0 ? Integer.parseInt(rest[0]) : 20_000;
        int[] threads = rest.length > 1
                ? Arrays.stream(rest, 1, rest.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, 4, 16};
        PrintStream out = System.out;
        int busiest = Arrays.stream(threads).max().orElse(1);
        if (server != null) {
            for (int clients : new int[] {1, 4, 16}) {
                out.printf("raw PostgreSQL ceiling, %2d clients: %,.0f single-row UPDATE commits/s%n", clients,
                        rawCommitCeiling(server, 5_000, clients));
            }
            try (ScratchSchema schema = ScratchSchema.create(server)) {
                warmUp(out, schema.url(), busiest);
            }
            for (int t : threads) {
                try (ScratchSchema schema = ScratchSchema.create(server)) {
                    print(out, claimComplete(schema.url(), tasks, t));
                }
            }
            return;
        }
        Path dir = Files.createTempDirectory("kanban-bench");
        try {
            out.printf("raw SQLite ceiling: %,.0f single-row UPDATE commits/s%n", rawCommitCeiling(dir, 20_000));
            warmUp(out, dir.resolve("warm-up.db").toString(), busiest);
            for (int t : threads) {
                print(out, claimComplete(dir.resolve("bench-" + t + ".db"), tasks, t));
            }
        } finally {
            deleteTree(dir);
        }
    }

    private static void warmUp(PrintStream out, String boardLocation, int threads) throws InterruptedException {
        claimComplete(boardLocation, WARM_UP_TASKS, threads);
        out.printf("warm-up: %,d cycles with %d threads, not counted%n", WARM_UP_TASKS, threads);
    }

    private static void print(PrintStream out, Result r) {
        out.printf("claim+complete, %2d threads: %,.0f cycles/s (%d cycles in %.2f s; claim p50 %.0f us,"
                        + " p95 %.0f us, p99 %.0f us)%n", r.threads(), r.cyclesPerSecond(), r.cycles(),
                r.seconds(), r.p50Micros(), r.p95Micros(), r.p99Micros());
        WriterStats w = r.writer();
        if (w != null) {
            long wall = (long) (r.seconds() * 1e9);
            out.printf("    writer busy %.0f%% of the run: %,d commits of %.1f writes; %.1f us of it per cycle,"
                            + " %.1f us of that in COMMIT (%.0f us per commit)%n", w.busyPercent(wall), w.commits(),
                    w.writesPerCommit(), w.busyNanos() / 1e3 / r.cycles(), w.commitNanos() / 1e3 / r.cycles(),
                    w.commitMicros());
        }
    }

    /**
     * Measures a fresh board file, as {@link #claimComplete(String, int, int)} does.
     *
     * @param boardFile the board file to create
     * @param tasks the ready tasks to drain
     * @param threads the workers draining them
     * @return the measured run
     * @throws InterruptedException if interrupted while waiting for the workers
     */
    public static Result claimComplete(Path boardFile, int tasks, int threads) throws InterruptedException {
        return claimComplete(boardFile.toString(), tasks, threads);
    }

    /**
     * A schema of its own on a PostgreSQL server for one measurement, dropped on close, so a benchmark never
     * touches a board someone uses.
     */
    public record ScratchSchema(String server, String name) implements AutoCloseable {
        /**
         * Creates a fresh schema on the server.
         *
         * @param server the server's JDBC URL
         * @return the schema
         */
        public static ScratchSchema create(String server) {
            return new ScratchSchema(server, "kanban_bench_" + Long.toHexString(System.nanoTime())
                    + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 16)));
        }

        /**
         * The board URL: the server URL with {@code currentSchema} set to this schema.
         *
         * @return the URL
         */
        public String url() {
            return server + (server.contains("?") ? "&" : "?") + "currentSchema=" + name;
        }

        @Override
        public void close() throws SQLException {
            try (Connection c = DriverManager.getConnection(server); Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
            }
        }
    }

    /**
     * One row updated and committed per transaction, over one plain connection: what the server allows.
     *
     * @param server the server's JDBC URL
     * @param commits how many commits to time
     * @return commits per second
     * @throws Exception if the server fails
     */
    public static double rawCommitCeiling(String server, int commits) throws Exception {
        return rawCommitCeiling(server, commits, 1);
    }

    /**
     * Fills a fresh board (a file path or JDBC URL) with {@code tasks} ready tasks, then drains it with {@code threads}
     * workers.
     *
     * @param boardLocation the fresh board's location
     * @param tasks the ready tasks to drain
     * @param threads the workers draining them
     * @return the measured run
     * @throws InterruptedException if interrupted while waiting for the workers
     */
    public static Result claimComplete(String boardLocation, int tasks, int threads) throws InterruptedException {
        try (Board board = Board.open(boardLocation)) {
            fill(board, tasks);
            analyzeOnServer(boardLocation);
            CountDownLatch start = new CountDownLatch(1);
            Drain drain = Drain.start(board, threads, start);
            WriterStats before = board.writerStats().orElse(null);
            long begin = System.nanoTime();
            start.countDown();
            long[] all = drain.join();
            double seconds = (System.nanoTime() - begin) / 1e9;
            WriterStats writer = before == null ? null : board.writerStats().orElseThrow().since(before);
            if (drain.unknownOutcomes() > 0) {
                System.out.printf("    %d writes cut off during COMMIT (outcome unknown; a claim among them waits"
                        + " for its TTL)%n", drain.unknownOutcomes());
            }
            return result(threads, all, seconds, writer);
        }
    }

    /**
     * The figures of one measured run from its claim latencies (nanoseconds, one per cycle, any order).
     *
     * @param threads the workers
     * @param claimNanos the claim latencies
     * @param seconds the run's wall time
     * @param writer what the SQLite writer did, or null
     * @return the figures
     */
    public static Result result(int threads, long[] claimNanos, double seconds, WriterStats writer) {
        long[] all = claimNanos.clone();
        Arrays.sort(all);
        return new Result(threads, all.length, seconds, all.length / seconds, percentile(all, 50),
                percentile(all, 95), percentile(all, 99), writer);
    }

    /**
     * Runs one write of a benchmark worker. When a server restart cut its COMMIT off ({@link
     * StorageFailure#outcomeUnknown()}), counts it in {@code unknown} and answers empty: the worker goes on, as a
     * real one would after a failed call. Any other failure ends the worker.
     *
     * @param write the write
     * @param unknown counts the writes cut off
     * @param <T> what the write answers
     * @return the write's answer, or empty when its outcome is unknown
     */
    static <T> Optional<T> unlessCutOff(Supplier<T> write, AtomicInteger unknown) {
        try {
            return Optional.of(write.get());
        } catch (StorageFailure e) {
            if (!e.outcomeUnknown()) {
                throw e;
            }
            unknown.incrementAndGet();
            return Optional.empty();
        }
    }

    /**
     * Fills a fresh SQLite board and drains it through one writer per host: this handle serves the board's writes
     * ({@link Board#serveHostWrites()}) while {@code threads} workers drain it on it and as many on a second handle,
     * whose writes go through the socket as another process's would. A warm-up for both sides of that path.
     *
     * @param boardFile the fresh board file
     * @param tasks the ready tasks to drain
     * @param threads the workers on each handle
     * @throws InterruptedException if interrupted while waiting for the workers
     */
    public static void claimCompleteViaHostWriter(String boardFile, int tasks, int threads)
            throws InterruptedException {
        try (Board server = Board.open(boardFile)) {
            fill(server, tasks);
            server.serveHostWrites();
            try (Board client = Board.open(boardFile)) {
                CountDownLatch start = new CountDownLatch(1);
                Drain served = Drain.start(server, threads, start);
                Drain forwarded = Drain.start(client, threads, start);
                start.countDown();
                served.join();
                forwarded.join();
            }
        }
    }

    /**
     * {@code threads} workers claiming and completing until the board has no ready task: the loop every
     * measurement runs, in this JVM or in a child one ({@link ProcessFleet}).
     */
    public static final class Drain {
        private final List<Thread> workers;
        private final long[][] latencies;
        private final AtomicInteger unknownOutcomes;

        private Drain(List<Thread> workers, long[][] latencies, AtomicInteger unknownOutcomes) {
            this.workers = workers;
            this.latencies = latencies;
            this.unknownOutcomes = unknownOutcomes;
        }

        /**
         * Writes whose connection broke during COMMIT (a server restart): each may or may not have landed.
         *
         * @return how many writes had an unknown outcome
         */
        public int unknownOutcomes() {
            return unknownOutcomes.get();
        }

        /**
         * Starts the workers; each waits for {@code go} before its first claim.
         *
         * @param board the filled board
         * @param threads how many workers
         * @param go the latch that starts them
         * @return the running drain
         */
        public static Drain start(Board board, int threads, CountDownLatch go) {
            long[][] latencies = new long[threads][];
            AtomicInteger unknownOutcomes = new AtomicInteger();
            List<Thread> workers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int slot = i;
                Thread worker = new Thread(() -> {
                    long[] mine = new long[1024];
                    int n = 0;
                    awaitQuietly(go);
                    while (true) {
                        long t0 = System.nanoTime();
                        Optional<Optional<ClaimedTask>> attempt =
                                unlessCutOff(() -> board.claims().claimNext(null), unknownOutcomes);
                        if (attempt.isEmpty()) {
                            continue; // if the cut-off claim landed, its card waits for its TTL
                        }
                        Optional<ClaimedTask> claim = attempt.get();
                        long t1 = System.nanoTime();
                        if (claim.isEmpty()) {
                            break;
                        }
                        if (n == mine.length) {
                            mine = Arrays.copyOf(mine, n * 2);
                        }
                        mine[n++] = t1 - t0;
                        ClaimedTask claimed = claim.get();
                        unlessCutOff(() -> board.claims().complete(claimed.task().id(),
                                Completion.withSummary("bench").forRun(claimed.run().id())), unknownOutcomes);
                    }
                    latencies[slot] = Arrays.copyOf(mine, n);
                }, "bench-worker-" + i);
                workers.add(worker);
                worker.start();
            }
            return new Drain(workers, latencies, unknownOutcomes);
        }

        /**
         * Waits for every worker; returns the claim latencies of all cycles, in nanoseconds.
         *
         * @return the claim latencies
         * @throws InterruptedException if interrupted while waiting
         */
        public long[] join() throws InterruptedException {
            for (Thread w : workers) {
                w.join();
            }
            return Arrays.stream(latencies).flatMapToLong(l -> l == null ? LongStream.empty() : Arrays.stream(l))
                    .toArray();
        }
    }

    /**
     * PostgreSQL's own ceiling with {@code clients} concurrent connections: each updates a row of its own and
     * commits, {@code commits} times in all. With one client it is the fsync time; with many, group commit lets
     * one fsync carry several commits.
     *
     * @param server the server's JDBC URL
     * @param commits how many commits in all
     * @param clients how many connections commit at once
     * @return commits per second
     * @throws Exception if the server fails
     */
    public static double rawCommitCeiling(String server, int commits, int clients) throws Exception {
        try (ScratchSchema schema = ScratchSchema.create(server)) {
            try (Connection c = DriverManager.getConnection(server); Statement st = c.createStatement()) {
                st.execute("CREATE SCHEMA " + schema.name());
                st.execute("CREATE TABLE " + schema.name() + ".counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)");
                st.execute("INSERT INTO " + schema.name() + ".counter SELECT g, 0 FROM generate_series(1, "
                        + clients + ") g");
            }
            int each = Math.max(1, commits / clients);
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            List<Exception> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int i = 1; i <= clients; i++) {
                int row = i;
                Connection c = DriverManager.getConnection(server);
                Thread t = new Thread(() -> {
                    try (c; PreparedStatement update = c.prepareStatement(
                            "UPDATE " + schema.name() + ".counter SET n = n + 1 WHERE id = " + row)) {
                        c.setAutoCommit(false);
                        awaitQuietly(go);
                        for (int k = 0; k < each; k++) {
                            update.executeUpdate();
                            c.commit();
                        }
                    } catch (SQLException e) {
                        failures.add(e);
                    }
                }, "bench-commit-" + i);
                threads.add(t);
                t.start();
            }
            long t0 = System.nanoTime();
            go.countDown();
            for (Thread t : threads) {
                t.join();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (!failures.isEmpty()) {
                throw failures.get(0);
            }
            return (double) each * clients / seconds;
        }
    }

    /**
     * The same driver, the same PRAGMAs, one row updated and committed per statement.
     *
     * @param dir the folder the scratch database goes in
     * @param commits how many commits to time
     * @return commits per second
     * @throws SQLException if the database fails
     */
    public static double rawCommitCeiling(Path dir, int commits) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(30_000);
        try (Connection c = config.createConnection("jdbc:sqlite:" + dir.resolve("raw.db"))) {
            try (Statement st = c.createStatement()) {
                st.executeUpdate("CREATE TABLE IF NOT EXISTS counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)");
                st.executeUpdate("INSERT OR REPLACE INTO counter VALUES (1, 0)");
            }
            try (PreparedStatement begin = c.prepareStatement("BEGIN IMMEDIATE");
                 PreparedStatement update = c.prepareStatement("UPDATE counter SET n = n + 1 WHERE id = 1");
                 PreparedStatement commit = c.prepareStatement("COMMIT")) {
                long t0 = System.nanoTime();
                for (int i = 0; i < commits; i++) {
                    begin.execute();
                    update.executeUpdate();
                    commit.execute();
                }
                return commits / ((System.nanoTime() - t0) / 1e9);
            }
        }
    }

    /**
     * Gives PostgreSQL's planner the statistics autovacuum would gather within a minute on a live server. Right
     * after the fill it believes the table nearly empty and sorts every ready task for each claim (measured: 6 ms
     * a claim with 2,000 ready, against 0.2 ms walking the queue index), which no long-running board sees.
     * Only {@code tasks} is analyzed: the fill left the run and link tables empty, and statistics that call them
     * empty are worse than none. The planner then costs a scan of {@code task_runs} at one page, and the generic
     * plans each connection caches keep that scan while the drain grows the table to every task's run (measured:
     * the run-close UPDATE and the claim's run lookup at 0.42 and 0.48 ms each, against 0.02 and 0.04 ms by
     * index). A table never analyzed is costed at ten pages at least, which picks the indexes.
     *
     * @param boardLocation the board's location; a SQLite board is left alone
     */
    public static void analyzeOnServer(String boardLocation) {
        if (BoardLocation.isUrl(boardLocation)) {
            analyze(boardLocation);
        }
    }

    private static void analyze(String serverBoard) {
        try (Connection c = DriverManager.getConnection(serverBoard); Statement st = c.createStatement()) {
            st.execute("ANALYZE tasks");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot analyze the benchmark board: " + e.getMessage(), e);
        }
    }

    /**
     * Creates {@code tasks} ready tasks assigned to {@code bench}, priorities 0 to 2.
     *
     * @param board the board
     * @param tasks how many
     */
    public static void fill(Board board, int tasks) {
        for (int i = 0; i < tasks; i++) {
            board.tasks().create(NewTask.titled("bench task " + i).assignee("bench").priority(i % 3).build());
        }
    }

    private static double percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1_000.0;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        }
    }
}
