package io.kanban.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.Board;
import io.kanban.core.error.StorageFailure;
import io.kanban.core.model.ClaimedTask;
import io.kanban.core.model.Completion;
import io.kanban.core.model.Event;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Status;
import io.kanban.core.testing.Backend;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a PostgreSQL restart looks like to a board handle, without restarting the shared server: every connection
 * the handle holds (write and read pools, the LISTEN connection) is terminated by the server again and again while
 * workers claim and complete cards and a reader follows the event log by cursor. Reads and writes that had not
 * sent COMMIT run again on a new connection; a write cut off during COMMIT says its outcome is unknown. No
 * acknowledged write is lost, no card is claimed twice, and the reader sees every event exactly once, in order.
 */
class ConnectionLossTest {
    static final int TASKS = 240;
    static final int WORKERS = 6;
    static final int KILLS = 8;
    static final long KILL_EVERY_MILLIS = 150;

    @TempDir
    Path dir;
    Backend pg;
    String url;
    String applicationName;

    @BeforeEach
    void setUp() {
        pg = Backend.postgresql();
        pg.assumeAvailable();
        applicationName = "kanban-loss-" + Long.toHexString(System.nanoTime());
        url = pg.newBoard(dir) + "&ApplicationName=" + applicationName;
    }

    @AfterEach
    void tearDown() {
        pg.close();
    }

    @Test
    void terminated_connections_lose_no_acknowledged_write_and_no_event() throws Exception {
        try (Board board = Board.open(url)) {
            for (int i = 0; i < TASKS; i++) {
                board.tasks().create(NewTask.titled("t" + i).assignee("w").build());
            }
            long before = board.events().latestId();
            Map<String, String> claimedBy = new ConcurrentHashMap<>();
            Set<String> doubleClaims = ConcurrentHashMap.newKeySet();
            Set<String> completed = ConcurrentHashMap.newKeySet();
            AtomicInteger unknownOutcomes = new AtomicInteger();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> workers = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                String worker = "worker-" + w;
                workers.add(new Thread(() -> work(board, worker, claimedBy, doubleClaims, completed,
                        unknownOutcomes, failure), worker));
            }
            CursorReader reader = new CursorReader(board, before);
            reader.start();
            workers.forEach(Thread::start);

            int terminated = 0;
            for (int k = 0; k < KILLS; k++) {
                Thread.sleep(KILL_EVERY_MILLIS);
                terminated += terminateBackends();
            }
            for (Thread t : workers) {
                t.join(120_000);
            }
            assertNull(failure.get(), () -> "a worker failed: " + failure.get());
            assertTrue(terminated > 0, "the server terminated some of the handle's connections");

            // every acknowledged completion is on the board; no card went to two workers
            assertEquals(Set.of(), doubleClaims, "cards claimed twice");
            for (String id : completed) {
                assertEquals(Status.DONE, board.tasks().get(id).status(), id);
            }
            assertTrue(completed.size() + unknownOutcomes.get() * 2 >= TASKS - WORKERS,
                    "the workers got through the board: " + completed.size() + " completed, "
                            + unknownOutcomes.get() + " unknown outcomes");

            long end = board.events().latestId();
            reader.finishAt(end);
            reader.join(60_000);
            assertNull(reader.failure, () -> "the reader failed: " + reader.failure);
            List<Long> all = new ArrayList<>();
            for (Event e : board.events().since(before, 1_000_000)) {
                all.add(e.id());
            }
            assertEquals(all, reader.seen, "the reader saw every event exactly once, in id order");
        }
    }

    /** Claims and completes until the board has no ready card; only an unknown commit outcome is forgiven. */
    private static void work(Board board, String worker, Map<String, String> claimedBy, Set<String> doubleClaims,
                             Set<String> completed, AtomicInteger unknownOutcomes,
                             AtomicReference<Throwable> failure) {
        try {
            while (true) {
                Optional<ClaimedTask> claim;
                try {
                    claim = board.claims().claimNext("w");
                } catch (StorageFailure e) {
                    if (!outcomeUnknown(e)) {
                        throw e;
                    }
                    unknownOutcomes.incrementAndGet();
                    continue; // if it did commit, the card stays claimed until its TTL: never handed out twice
                }
                if (claim.isEmpty()) {
                    return;
                }
                String id = claim.get().task().id();
                if (claimedBy.putIfAbsent(id, worker) != null) {
                    doubleClaims.add(id);
                }
                try {
                    board.claims().complete(id, Completion.withSummary("done by " + worker));
                    completed.add(id);
                } catch (StorageFailure e) {
                    if (!outcomeUnknown(e)) {
                        throw e;
                    }
                    unknownOutcomes.incrementAndGet();
                }
            }
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
    }

    private static boolean outcomeUnknown(StorageFailure e) {
        return e.outcomeUnknown() && e.getMessage().contains("may or may not have been applied");
    }

    /** Terminates every server process serving this test's board handle, as a server restart would. */
    private int terminateBackends() throws Exception {
        try (Connection c = DriverManager.getConnection(url.replace(applicationName, "kanban-loss-killer"));
             PreparedStatement st = c.prepareStatement("select count(*) filter (where pg_terminate_backend(pid))"
                     + " from pg_stat_activity where application_name = ?")) {
            st.setString(1, applicationName);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Follows the log by cursor, as {@code tail -f} and the live page do, until told where the end is. */
    static final class CursorReader extends Thread {
        final List<Long> seen = Collections.synchronizedList(new ArrayList<>());
        private final Board board;
        private final long start;
        private volatile long end = Long.MAX_VALUE;
        volatile Throwable failure;

        CursorReader(Board board, long start) {
            super("cursor-reader");
            this.board = board;
            this.start = start;
        }

        void finishAt(long lastId) {
            end = lastId;
        }

        @Override
        public void run() {
            try {
                long cursor = start;
                Set<Long> unique = new HashSet<>();
                while (cursor < end) {
                    List<Event> events = board.events().since(cursor, 500);
                    for (Event e : events) {
                        if (!unique.add(e.id())) {
                            throw new AssertionError("event " + e.id() + " read twice");
                        }
                        seen.add(e.id());
                        cursor = e.id();
                    }
                    if (events.isEmpty()) {
                        board.events().awaitAfter(cursor, Duration.ofMillis(200));
                    }
                }
            } catch (Throwable t) {
                failure = t;
            }
        }
    }
}
