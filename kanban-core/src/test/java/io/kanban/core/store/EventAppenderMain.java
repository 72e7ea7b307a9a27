package io.kanban.core.store;

import io.kanban.core.model.EventKind;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Appends events to a board's log from threads of their own, as another process on the fleet would, and says which
 * transactions committed: {@code committed <key> <events>} or {@code rolledback <key>} per transaction, then
 * {@code done}. {@link EventLogCursorTest} runs it as a child JVM and in-process.
 *
 * <p>Args: board location, key prefix, threads, transactions per thread, seed.
 */
public final class EventAppenderMain {
    /** Thrown inside a write to roll it back. */
    static final class RollBack extends RuntimeException {
        RollBack() {
            super("rolled back on purpose", null, false, false);
        }
    }

    private EventAppenderMain() {
    }

    public static void main(String[] args) throws Exception {
        String location = args[0];
        try (BoardDatabase db = open(location)) {
            run(db, args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), Long.parseLong(args[4]), System.out);
        }
        System.out.println("done");
        System.out.flush();
    }

    static BoardDatabase open(String location) {
        return location.startsWith("jdbc:postgresql:") ? PostgresDatabase.open(location)
                : SqliteDatabase.open(Path.of(location));
    }

    /**
     * Each transaction appends one to three events with random pauses between them and before it commits (so
     * transactions overlap and commit in another order than they began), and one in eight rolls back after its
     * appends.
     */
    static void run(BoardDatabase db, String prefix, int threads, int transactions, long seed, PrintStream out)
            throws InterruptedException {
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Random random = new Random(seed * 31 + t);
            String mine = prefix + "-" + t + "-";
            Thread worker = new Thread(() -> {
                for (int i = 0; i < transactions; i++) {
                    String key = mine + i;
                    int events = 1 + random.nextInt(3);
                    boolean rollBack = random.nextInt(8) == 0;
                    long[] pauses = new long[events + 1];
                    for (int p = 0; p < pauses.length; p++) {
                        pauses[p] = random.nextInt(4) == 0 ? random.nextInt(3_000) : 0;
                    }
                    try {
                        db.write(tx -> {
                            for (int e = 0; e < events; e++) {
                                pause(pauses[e]);
                                EventStore.append(tx, "t_cursor", null, EventKind.COMMENTED,
                                        "{\"key\":\"" + key + "\",\"n\":" + e + "}", Instant.EPOCH);
                            }
                            pause(pauses[events]);
                            if (rollBack) {
                                throw new RollBack();
                            }
                            return null;
                        });
                        say(out, "committed " + key + " " + events);
                    } catch (RollBack expected) {
                        say(out, "rolledback " + key);
                    }
                }
            }, "appender-" + prefix + "-" + t);
            workers.add(worker);
            worker.start();
        }
        for (Thread w : workers) {
            w.join();
        }
    }

    /** Holds the transaction open, so that later transactions overtake it: load shaping, not a wait for a condition. */
    private static void pause(long micros) {
        if (micros > 0) {
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(micros));
        }
    }

    private static void say(PrintStream out, String line) {
        synchronized (out) {
            out.println(line);
        }
    }
}
