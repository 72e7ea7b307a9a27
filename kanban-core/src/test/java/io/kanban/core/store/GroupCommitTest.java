package io.kanban.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Concurrent writes share transactions; each must still be atomic on its own. Writes that fail after changing
 * rows are mixed into the same batches as writes that succeed.
 */
class GroupCommitTest {
    private static final String INSERT =
            "insert into task_comments (task_id, author, body, created_at) values (?, 'test', ?, 0)";

    @TempDir
    Path dir;

    @Test
    void a_cached_statement_refuses_too_few_arguments_rather_than_reuse_the_last_ones() {
        try (SqliteDatabase db = ScratchDatabase.open(dir)) {
            db.write(tx -> tx.update(INSERT, "t_1", "first"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> db.write(tx -> tx.update(INSERT, "t_2")));
            assertTrue(e.getMessage().startsWith("statement takes 2 arguments, got 1"), e.getMessage());
            assertEquals(1L, (long) db.read(tx -> tx.queryLong("select count(*) from task_comments")));
        }
    }

    @Test
    void a_write_that_throws_an_error_is_undone_and_the_writer_goes_on() {
        try (SqliteDatabase db = ScratchDatabase.open(dir)) {
            AssertionError thrown = assertThrows(AssertionError.class, () -> db.write(tx -> {
                tx.update(INSERT, "t_1", "undone");
                throw new AssertionError("a bug in the write");
            }));
            assertEquals("a bug in the write", thrown.getMessage());
            assertEquals(1, (int) db.write(tx -> tx.update(INSERT, "t_2", "kept")));
            assertEquals(List.of("kept"), db.read(tx -> tx.query("select body from task_comments",
                    rs -> rs.getString(1))));
        }
    }

    @Test
    void a_write_that_fails_half_way_leaves_nothing_while_its_batch_mates_commit() throws Exception {
        try (SqliteDatabase db = ScratchDatabase.open(dir)) {
            int threads = 16;
            int rounds = 40;
            ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
            WriterStats before = db.writerStats().orElseThrow();
            StartTogether.run(threads, slot -> {
                for (int r = 0; r < rounds; r++) {
                    String body = slot + "-" + r;
                    // A third of the writes change a row and then fail; one in nine fails before changing any.
                    int kind = (slot + r) % 3;
                    try {
                        String returned = db.write(tx -> {
                            if (kind == 2 && body.hashCode() % 3 == 0) {
                                throw new IllegalStateException("early " + body);
                            }
                            tx.update(INSERT, "t_" + slot, (kind == 2 ? "bad " : "good ") + body);
                            if (kind == 2) {
                                throw new IllegalStateException("late " + body);
                            }
                            return body;
                        });
                        if (kind == 2 || !returned.equals(body)) {
                            problems.add(body + " returned " + returned);
                        }
                    } catch (IllegalStateException e) {
                        if (kind != 2 || !e.getMessage().endsWith(" " + body)) {
                            problems.add(body + " threw " + e.getMessage());
                        }
                    }
                }
            });
            WriterStats stats = db.writerStats().orElseThrow().since(before);

            assertEquals(List.of(), List.copyOf(problems), "each caller gets its own result or its own error");
            long good = 0;
            for (int t = 0; t < threads; t++) {
                for (int r = 0; r < rounds; r++) {
                    good += (t + r) % 3 == 2 ? 0 : 1;
                }
            }
            long expectedGood = good;
            assertEquals(expectedGood, (long) db.read(tx -> tx.queryLong(
                    "select count(*) from task_comments where body like 'good %'")), "every successful write kept");
            assertEquals(0L, (long) db.read(tx -> tx.queryLong(
                    "select count(*) from task_comments where body like 'bad %'")), "no failed write left a row");
            assertEquals(expectedGood, (long) db.read(tx -> tx.queryLong(
                    "select count(distinct body) from task_comments")), "no write applied twice");
            assertTrue(stats.writes() > stats.commits(), "writes were grouped, so failures shared batches: " + stats);
        }
    }

    @Test
    void write_each_reports_every_outcome_in_order_and_a_failure_undoes_only_its_own_write() {
        try (SqliteDatabase db = ScratchDatabase.open(dir)) {
            WriterStats before = db.writerStats().orElseThrow();
            List<TxWork<?>> works = List.of(
                    tx -> tx.update(INSERT, "t_1", "first"),
                    tx -> {
                        tx.update(INSERT, "t_2", "undone");
                        throw new IllegalStateException("refused");
                    },
                    tx -> tx.queryLong("select count(*) from task_comments"));
            List<WriteOutcome> outcomes = db.writeEach(works);
            WriterStats stats = db.writerStats().orElseThrow().since(before);

            assertEquals(3, outcomes.size());
            assertEquals(new WriteOutcome(1, null), outcomes.get(0));
            assertEquals("refused", outcomes.get(1).failure().getMessage());
            assertEquals(new WriteOutcome(1L, null), outcomes.get(2), "the third sees the first and not the second");
            assertEquals(List.of("first"), db.read(tx -> tx.query("select body from task_comments",
                    rs -> rs.getString(1))));
            assertEquals(3, stats.writes());
            assertTrue(stats.commits() <= 2, "a failure ends its batch, and the rest go in the next: " + stats);
            assertEquals(List.of(), db.writeEach(List.of()));
        }
    }

    @Test
    void write_each_from_many_threads_at_once_commits_every_write_once() throws Exception {
        try (SqliteDatabase db = ScratchDatabase.open(dir)) {
            int threads = 8;
            int groups = 30;
            ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
            StartTogether.run(threads, slot -> {
                for (int g = 0; g < groups; g++) {
                    List<TxWork<?>> works = new java.util.ArrayList<>();
                    for (int i = 0; i < 5; i++) {
                        String body = slot + "-" + g + "-" + i;
                        works.add(tx -> tx.update(INSERT, "t_" + slot, body));
                    }
                    List<WriteOutcome> outcomes = db.writeEach(works);
                    if (outcomes.size() != 5 || !outcomes.stream().allMatch(o -> o.committed()
                            && Integer.valueOf(1).equals(o.value()))) {
                        problems.add(slot + "-" + g + ": " + outcomes);
                    }
                    // Single writes mixed in, sharing the batches.
                    db.write(tx -> tx.update(INSERT, "t_" + slot, "single " + slot));
                }
            });
            assertEquals(List.of(), List.copyOf(problems));
            assertEquals((long) threads * groups * 5, (long) db.read(tx -> tx.queryLong(
                    "select count(distinct body) from task_comments where body not like 'single %'")));
            assertEquals((long) threads * groups, (long) db.read(tx -> tx.queryLong(
                    "select count(*) from task_comments where body like 'single %'")));
        }
    }

    @Test
    void an_interrupted_caller_waits_for_its_write_without_spinning_and_keeps_its_interrupt() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (SqliteDatabase db = ScratchDatabase.open(dir)) {
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread holder = new Thread(() -> db.write(tx -> {
                holding.countDown();
                awaitQuietly(release);
                return tx.update(INSERT, "t_1", "held");
            }));
            holder.start();
            assertTrue(holding.await(10, TimeUnit.SECONDS));

            AtomicReference<Integer> result = new AtomicReference<>();
            AtomicBoolean stillInterrupted = new AtomicBoolean();
            Thread waiter = new Thread(() -> {
                result.set(db.write(tx -> tx.update(INSERT, "t_2", "queued")));
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            });
            waiter.start();
            while (waiter.getState() != Thread.State.TIMED_WAITING) {
                Thread.sleep(1);
            }
            waiter.interrupt();
            long cpuBefore = threads.getThreadCpuTime(waiter.getId());
            Thread.sleep(300);
            long cpuWhileWaiting = threads.getThreadCpuTime(waiter.getId()) - cpuBefore;
            release.countDown();
            holder.join();
            waiter.join();

            assertTrue(cpuWhileWaiting < TimeUnit.MILLISECONDS.toNanos(30),
                    "the interrupted caller used " + cpuWhileWaiting / 1_000_000 + " ms of CPU in 300 ms of waiting");
            assertEquals(1, result.get(), "the write ran and its result came back");
            assertTrue(stillInterrupted.get(), "the caller's interrupt status is restored");
            assertEquals(2L, (long) db.read(tx -> tx.queryLong("select count(*) from task_comments")));
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
