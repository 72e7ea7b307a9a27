package io.kanban.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write turn queues processes in the kernel: a process waits while another holds it, gets it when that one
 * gives it back or dies, and a board's writes wait for it; where it cannot be had, the writer goes on without it.
 */
class WriterTurnTest {
    private static final long SHORT_MILLIS = 300;
    private static final Duration PATIENT = Duration.ofMinutes(1);
    private static final String INSERT =
            "insert into task_comments (task_id, author, body, created_at) values (?, 'test', ?, 0)";

    @TempDir
    Path dir;
    private Process holder;

    @AfterEach
    void stopHolder() {
        if (holder != null) {
            holder.destroyForcibly();
        }
    }

    @Test
    void a_process_waits_for_the_turn_while_another_process_holds_it_and_gets_it_when_given_back() throws Exception {
        Path board = dir.resolve("kanban.db");
        try (WriterTurn turn = WriterTurn.of(board, PATIENT)) {
            holdInAnotherProcess(turn.file());
            CompletableFuture<Boolean> taken = CompletableFuture.supplyAsync(turn::take);
            assertStillWaiting(taken);
            release();
            assertTrue(taken.get(10, TimeUnit.SECONDS));
            assertTrue(turn.waitedWithin(TimeUnit.MINUTES.toNanos(1)), "it knows others write too");
            turn.give();
        }
    }

    @Test
    void a_holder_killed_with_sigkill_gives_the_turn_back() throws Exception {
        try (WriterTurn turn = WriterTurn.of(dir.resolve("kanban.db"), PATIENT)) {
            holdInAnotherProcess(turn.file());
            CompletableFuture<Boolean> taken = CompletableFuture.supplyAsync(turn::take);
            assertStillWaiting(taken);
            holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            assertTrue(taken.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void a_wait_longer_than_the_timeout_ends_without_the_turn_and_the_next_take_works() throws Exception {
        try (WriterTurn turn = WriterTurn.of(dir.resolve("kanban.db"), Duration.ofMillis(500))) {
            holdInAnotherProcess(turn.file()); // as a holder stopped with Ctrl-Z would
            long begin = System.nanoTime();
            assertFalse(turn.take(), "it goes on without the turn");
            long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
            assertTrue(waitedMillis >= 500 && waitedMillis < 10_000, "waited " + waitedMillis + " ms");
            assertFalse(Thread.currentThread().isInterrupted(), "the watchdog's interrupt does not leak");
            release();
            holder.waitFor(10, TimeUnit.SECONDS);
            assertTrue(turn.take(), "a new channel takes the turn once it is free");
            turn.give();
        }
    }

    @Test
    void an_interrupt_during_the_wait_does_not_lose_the_place_for_good_and_is_kept() throws Exception {
        try (WriterTurn turn = WriterTurn.of(dir.resolve("kanban.db"), PATIENT)) {
            holdInAnotherProcess(turn.file());
            CompletableFuture<Boolean> keptInterrupt = new CompletableFuture<>();
            Thread taker = new Thread(() -> {
                boolean taken = turn.take();
                keptInterrupt.complete(taken && Thread.currentThread().isInterrupted());
                turn.give();
            });
            taker.start();
            assertStillWaiting(keptInterrupt);
            taker.interrupt();
            assertStillWaiting(keptInterrupt);
            release();
            assertTrue(keptInterrupt.get(10, TimeUnit.SECONDS), "took the turn, with the interrupt flag set");
            taker.join();
            assertTrue(turn.take(), "the turn is still usable");
            turn.give();
        }
    }

    @Test
    void a_process_that_gives_the_turn_back_and_asks_again_at_once_goes_after_the_one_that_waited() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/locks")), "needs Linux's lock list");
        Path board = dir.resolve("kanban.db");
        try (WriterTurn turn = WriterTurn.of(board, PATIENT)) {
            assertTrue(turn.take());
            BufferedReader out = startOtherProcess(TurnTakerMain.class, board);
            assertEquals("waiting", out.readLine());
            awaitEntranceHeldBy(holder.pid());
            turn.give();
            CompletableFuture<Boolean> again = CompletableFuture.supplyAsync(turn::take);
            assertEquals("taken", out.readLine(), "the waiting process has the turn");
            assertStillWaiting(again);
            release();
            assertTrue(again.get(10, TimeUnit.SECONDS));
            turn.give();
        }
    }

    /** Waits until the kernel lists the process's lock on the turn file's first byte: it waits for the turn. */
    private static void awaitEntranceHeldBy(long pid) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(Path.of("/proc/locks"))) {
                String[] f = line.trim().split("\\s+");
                // "1: POSIX ADVISORY WRITE <pid> <dev:inode> <start> <end>"
                if (f.length >= 8 && f[1].equals("POSIX") && f[4].equals(String.valueOf(pid)) && f[6].equals("0")
                        && f[7].equals("0")) {
                    return;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("process " + pid + " never queued for the turn");
    }

    @Test
    void a_board_write_waits_for_the_turn_held_by_another_process() throws Exception {
        try (SqliteDatabase db = ScratchDatabase.open(dir)) {
            db.write(tx -> tx.update(INSERT, "t_1", "before"));
            holdInAnotherProcess(dir.resolve("kanban.db" + WriterTurn.SUFFIX));
            CompletableFuture<Integer> write = CompletableFuture.supplyAsync(
                    () -> db.write(tx -> tx.update(INSERT, "t_1", "while held")));
            assertStillWaiting(write);
            release();
            assertEquals(1, write.get(10, TimeUnit.SECONDS));
            assertEquals(2L, (long) db.read(tx -> tx.queryLong("select count(*) from task_comments")));
        }
    }

    @Test
    void a_second_handle_in_this_jvm_goes_on_without_the_turn_while_the_first_holds_it() {
        Path board = dir.resolve("kanban.db");
        try (WriterTurn first = WriterTurn.of(board, PATIENT); WriterTurn second = WriterTurn.of(board, PATIENT)) {
            assertTrue(first.take());
            assertFalse(second.take(), "Java allows one lock per file per JVM: the second does not block on it");
            first.give();
            assertTrue(second.take());
            second.give();
        }
    }

    @Test
    void an_interrupted_thread_takes_the_turn_and_keeps_its_interrupt() {
        try (WriterTurn turn = WriterTurn.of(dir.resolve("kanban.db"), PATIENT)) {
            Thread.currentThread().interrupt();
            try {
                assertTrue(turn.take());
                assertTrue(Thread.currentThread().isInterrupted());
            } finally {
                Thread.interrupted();
            }
            turn.give();
            assertTrue(turn.take(), "the channel survived the interrupt");
            turn.give();
        }
    }

    @Test
    void where_the_turn_file_cannot_be_made_the_writer_does_without_it() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        try (WriterTurn turn = WriterTurn.of(notADirectory.resolve("kanban.db"), PATIENT)) {
            assertFalse(turn.take());
            assertFalse(turn.take());
            turn.give();
        }
    }

    private void holdInAnotherProcess(Path turnFile) throws IOException {
        assertEquals("held", startOtherProcess(TurnHolderMain.class, turnFile).readLine());
    }

    /** Starts {@code main} with the one argument in a JVM of its own, as {@link #holder}; returns its output. */
    private BufferedReader startOtherProcess(Class<?> main, Path argument) throws IOException {
        holder = OtherJvm.start(main, argument);
        return OtherJvm.output(holder);
    }

    private void release() throws IOException {
        OutputStream in = holder.getOutputStream();
        in.write('\n');
        in.flush();
    }

    private static void assertStillWaiting(CompletableFuture<?> f) throws Exception {
        try {
            f.get(SHORT_MILLIS, TimeUnit.MILLISECONDS);
            throw new AssertionError("did not wait for the other process");
        } catch (TimeoutException expected) {
            // still waiting, as it should
        }
    }
}
