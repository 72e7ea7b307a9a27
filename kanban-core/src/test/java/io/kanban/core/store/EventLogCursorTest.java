package io.kanban.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kanban.core.Board;
import io.kanban.core.model.Event;
import io.kanban.core.testing.OnEachBackend;
import io.kanban.core.testing.ScratchBoard;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * The event log's promise to cursor readers, under load: appenders in this JVM and in two child JVMs commit
 * overlapping transactions in random order (random pauses inside them, one in eight rolled back), while three
 * readers follow the log by cursor, two through {@code Events} as {@code tail -f} and the live page do, one through
 * the notifier's {@code DeliveryStore} read. Each reader must see every committed event exactly once, in id order,
 * and no event of a rolled-back transaction. On PostgreSQL appenders take no lock; a reader that passed an event
 * still in flight would miss it for good, which this catches.
 */
@OnEachBackend
class EventLogCursorTest {
    static final int THREADS_HERE = 4;
    static final int CHILDREN = 2;
    static final int THREADS_PER_CHILD = 3;
    static final int TRANSACTIONS = 120;
    static final ObjectMapper JSON = new ObjectMapper();

    final ScratchBoard scratch;

    EventLogCursorTest(ScratchBoard scratch) {
        this.scratch = scratch;
    }

    /** One cursor reader: follows the log until told where the end is, and keeps what it read. */
    static final class Reader extends Thread {
        final List<Event> seen = Collections.synchronizedList(new ArrayList<>());
        private final LongFunction<List<Event>> page;
        private final Board waiter;
        private volatile long end = Long.MAX_VALUE;
        volatile Throwable failure;

        Reader(String name, LongFunction<List<Event>> page, Board waiter) {
            super(name);
            this.page = page;
            this.waiter = waiter;
        }

        @Override
        public void run() {
            try {
                long cursor = 0;
                while (cursor < end) {
                    List<Event> events = page.apply(cursor);
                    for (Event e : events) {
                        seen.add(e);
                        cursor = e.id();
                    }
                    if (events.isEmpty()) {
                        waiter.events().awaitAfter(cursor, Duration.ofMillis(200));
                    }
                }
            } catch (Throwable t) {
                failure = t;
            }
        }

        void stopAt(long lastId) {
            end = lastId;
        }
    }

    @Test
    void every_reader_sees_each_committed_event_once_in_id_order_and_none_rolled_back() throws Exception {
        String location = scratch.location();
        scratch.board(); // migrated
        List<Board> handles = new ArrayList<>();
        List<Reader> readers = new ArrayList<>();
        try (BoardDatabase db = EventAppenderMain.open(location);
             BoardDatabase readerDb = EventAppenderMain.open(location)) {
            for (int r = 0; r < 2; r++) {
                Board handle = scratch.open();
                handles.add(handle);
                readers.add(new Reader("events-reader-" + r, cursor -> handle.events().since(cursor, 97), handle));
            }
            readers.add(new Reader("delivery-reader",
                    cursor -> readerDb.read(tx -> DeliveryStore.ofBoard(tx, cursor, 53)), handles.get(0)));
            readers.forEach(Thread::start);

            List<Process> children = new ArrayList<>();
            for (int c = 0; c < CHILDREN; c++) {
                children.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Dorg.jooq.no-logo=true", "-Dorg.jooq.no-tips=true",
                        "-cp", System.getProperty("java.class.path"), EventAppenderMain.class.getName(), location,
                        "child" + c, String.valueOf(THREADS_PER_CHILD), String.valueOf(TRANSACTIONS),
                        String.valueOf(1_000 + c)).redirectError(ProcessBuilder.Redirect.INHERIT).start());
            }
            List<String> outcomes = Collections.synchronizedList(new ArrayList<>());
            List<Thread> collectors = new ArrayList<>();
            for (Process p : children) {
                Thread collector = new Thread(() -> {
                    try (BufferedReader in = new BufferedReader(
                            new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = in.readLine()) != null) {
                            outcomes.add(line);
                        }
                    } catch (java.io.IOException e) {
                        outcomes.add("broken " + e);
                    }
                });
                collector.start();
                collectors.add(collector);
            }
            ByteArrayOutputStream here = new ByteArrayOutputStream();
            EventAppenderMain.run(db, "here", THREADS_HERE, TRANSACTIONS, 7,
                    new PrintStream(here, true, StandardCharsets.UTF_8));
            for (Process p : children) {
                assertTrue(p.waitFor(5, TimeUnit.MINUTES), "an appender process did not finish");
                assertEquals(0, p.exitValue(), "an appender process failed");
            }
            for (Thread c : collectors) {
                c.join();
            }
            outcomes.addAll(List.of(here.toString(StandardCharsets.UTF_8).split("\n")));

            Map<String, Integer> committed = new HashMap<>();
            int rolledBack = 0;
            for (String line : outcomes) {
                String[] parts = line.split(" ");
                switch (parts[0]) {
                    case "committed" -> committed.put(parts[1], Integer.parseInt(parts[2]));
                    case "rolledback" -> rolledBack++;
                    case "done" -> { }
                    default -> throw new AssertionError("unexpected appender output: " + line);
                }
            }
            int transactions = (THREADS_HERE + CHILDREN * THREADS_PER_CHILD) * TRANSACTIONS;
            assertEquals(transactions, committed.size() + rolledBack, "every transaction reported");
            assertTrue(rolledBack > 0, "some transactions rolled back");

            long last = handles.get(0).events().latestId(); // nothing is in flight any more: the whole log
            readers.forEach(r -> r.stopAt(last));
            for (Reader r : readers) {
                r.join(TimeUnit.MINUTES.toMillis(2));
                assertTrue(!r.isAlive(), r.getName() + " did not reach the end of the log");
                if (r.failure != null) {
                    throw new AssertionError(r.getName() + " failed", r.failure);
                }
                assertSawExactly(r, committed);
            }
        } finally {
            handles.forEach(Board::close);
        }
    }

    private static void assertSawExactly(Reader r, Map<String, Integer> committed) throws Exception {
        Map<String, Integer> seen = new HashMap<>();
        long previous = 0;
        for (Event e : r.seen) {
            assertTrue(e.id() > previous, r.getName() + " read id " + e.id() + " after " + previous);
            previous = e.id();
            JsonNode payload = JSON.readTree(e.payload());
            String key = payload.get("key").asText();
            assertTrue(committed.containsKey(key), r.getName() + " read an event of a rolled-back transaction: " + key);
            seen.merge(key, 1, Integer::sum);
        }
        int expected = committed.values().stream().mapToInt(Integer::intValue).sum();
        assertEquals(expected, r.seen.size(), r.getName() + " read each committed event once");
        assertEquals(committed, seen, r.getName() + " read every event of every committed transaction");
    }

    @Test
    void a_cursor_before_the_newest_events_reads_exactly_those() {
        Board board = scratch.board();
        for (int i = 0; i < 4; i++) {
            board.tasks().create(io.kanban.core.model.NewTask.titled("task " + i).build());
        }
        List<Event> all = board.events().since(0, 100);
        assertTrue(all.size() >= 4, all.toString());
        assertEquals(all.subList(all.size() - 3, all.size()), board.events().since(board.events().cursorBefore(3), 100));
        assertEquals(all, board.events().since(board.events().cursorBefore(all.size() + 5), 100));
    }
}
