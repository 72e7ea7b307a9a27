package io.kanban.cli.bench;

import io.kanban.core.Board;
import io.kanban.core.BoardLocation;
import io.kanban.core.model.Event;
import io.kanban.core.model.NewTask;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How live a cursor reader stays while many writers append: {@code writers} threads comment on cards as fast as
 * they can for {@code seconds}, while one more writer comments on a probe card every 100 ms and a reader on a
 * board handle of its own follows the log by cursor, as {@code kanban tail -f} and the dashboard's live stream
 * do. For each probe it prints how long after the probe's write began the reader had it (write queueing
 * included: what a person who changes a card and watches the page waits) and how long after the write returned
 * (the reader's own delay), as p50, p99 and max, with the writers' total event rate.
 *
 * <p>Run: {@code java -cp kanban-cli/target/kanban-cli.jar io.kanban.cli.bench.LiveTailBenchmark
 * [jdbc:postgresql://...] [writers] [seconds]} (default 100 writers, 10 s, a board file in the temporary
 * directory; a server URL measures a scratch schema there).
 */
public final class LiveTailBenchmark {
    private static final long PROBE_EVERY_MILLIS = 100;

    private LiveTailBenchmark() {
    }

    /**
     * Runs the measurement and prints its lines.
     *
     * @param args an optional PostgreSQL JDBC URL, then the writer count and the seconds to run
     * @throws Exception if the measurement fails
     */
    public static void main(String[] args) throws Exception {
        String server = args.length > 0 && BoardLocation.isUrl(args[0]) ? args[0] : null;
        String[] rest = server == null ? args : Arrays.copyOfRange(args, 1, args.length);
        int writers = rest.length > 0 ? Integer.parseInt(rest[0]) : 100;
        int seconds = rest.length > 1 ? Integer.parseInt(rest[1]) : 10;
        PrintStream out = System.out;
        if (server != null) {
            try (ClaimBenchmark.ScratchSchema schema = ClaimBenchmark.ScratchSchema.create(server)) {
                run(out, schema.url(), writers, seconds);
            }
            return;
        }
        Path dir = Files.createTempDirectory("kanban-live");
        try {
            run(out, dir.resolve("kanban.db").toString(), writers, seconds);
        } finally {
            try (var paths = Files.walk(dir)) {
                paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(PrintStream out, String location, int writers, int seconds) throws Exception {
        out.printf("live tail: %d writers for %d s on %s...%n", writers, seconds,
                BoardLocation.isUrl(location) ? "PostgreSQL" : "a SQLite file");
        try (Board writing = Board.open(location); Board reading = Board.open(location)) {
            String probe = writing.tasks().create(NewTask.titled("probe").build()).task().id();
            List<String> cards = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                cards.add(writing.tasks().create(NewTask.titled("busy " + i).build()).task().id());
            }
            long start = reading.events().latestId();
            long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            AtomicLong appended = new AtomicLong();
            List<Thread> threads = new ArrayList<>();
            for (String card : cards) {
                Thread t = new Thread(() -> {
                    while (System.nanoTime() < deadline) {
                        writing.comments().add(card, "bench", "busy");
                        appended.incrementAndGet();
                    }
                }, "live-writer");
                threads.add(t);
                t.start();
            }
            List<Long> probeStarts = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Long> probeEnds = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread prober = new Thread(() -> {
                while (System.nanoTime() < deadline) {
                    probeStarts.add(System.nanoTime());
                    writing.comments().add(probe, "bench", "probe");
                    probeEnds.add(System.nanoTime());
                    sleep(PROBE_EVERY_MILLIS);
                }
            }, "live-probe");
            prober.start();

            List<Long> seenAt = new ArrayList<>();
            long cursor = start;
            long readDeadline = deadline + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < readDeadline) {
                List<Event> page = reading.events().since(cursor, 1_000);
                long now = System.nanoTime();
                for (Event e : page) {
                    cursor = e.id();
                    if (probe.equals(e.taskId()) && "commented".equals(e.kind())) {
                        seenAt.add(now);
                    }
                }
                if (page.isEmpty()) {
                    if (!prober.isAlive() && seenAt.size() >= probeStarts.size()) {
                        break;
                    }
                    reading.events().awaitAfter(cursor, Duration.ofMillis(200));
                }
            }
            for (Thread t : threads) {
                t.join();
            }
            prober.join();
            int n = Math.min(seenAt.size(), probeEnds.size());
            long[] lags = new long[n];
            long[] afterCommit = new long[n];
            for (int i = 0; i < n; i++) {
                lags[i] = seenAt.get(i) - probeStarts.get(i);
                afterCommit[i] = Math.max(0, seenAt.get(i) - probeEnds.get(i));
            }
            Arrays.sort(lags);
            Arrays.sort(afterCommit);
            out.printf("live tail: %,d events/s from %d writers; %d of %d probes seen%n", appended.get() / seconds,
                    writers, n, probeStarts.size());
            out.printf("  seen after the probe's write began:   p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                    pct(lags, 50), pct(lags, 99), pct(lags, 100));
            out.printf("  seen after the probe's write returned: p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                    pct(afterCommit, 50), pct(afterCommit, 99), pct(afterCommit, 100));
        }
    }

    private static double pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p / 100.0 * sorted.length) - 1));
        return sorted[i] / 1e6;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
