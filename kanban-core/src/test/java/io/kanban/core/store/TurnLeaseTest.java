package io.kanban.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The turn stays with a process only while other processes wait for it and several of its own threads write, for
 * at most the budget, and no longer than the linger past its last write; otherwise it goes back as the leader
 * leaves. "Goes back" is checked where it matters: another process takes the turn.
 */
@Timeout(120) // a turn that is never given back would leave the other process waiting for ever
class TurnLeaseTest {
    private static final long BUDGET_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long LONG_LINGER_NANOS = TimeUnit.SECONDS.toNanos(20);

    @TempDir
    Path dir;
    private Path board;
    private WriterTurn turn;
    private final AtomicBoolean queued = new AtomicBoolean();
    private Process other;

    @BeforeEach
    void openTurn() {
        board = dir.resolve("kanban.db");
        turn = WriterTurn.of(board, Duration.ofMinutes(1));
    }

    @AfterEach
    void close() {
        turn.close();
        if (other != null) {
            other.destroyForcibly();
        }
    }

    private TurnLease lease(long lingerNanos) {
        return new TurnLease(turn, queued::get, BUDGET_NANOS, lingerNanos);
    }

    @Test
    void alone_on_the_file_the_turn_goes_back_as_the_leader_leaves() throws Exception {
        TurnLease lease = lease(LONG_LINGER_NANOS);
        writesFrom(lease, 2);
        queued.set(true);
        lease.beforeBatch();
        lease.afterBatch();
        assertFalse(lease.holds(), "given back as soon as the batch committed");
        lease.leaderLeaves();
        assertFalse(lease.holds());
        assertAnotherProcessTakesTheTurn();
    }

    @Test
    void while_others_wait_the_turn_stays_for_the_queued_write_until_the_budget_is_spent() throws Exception {
        TurnLease lease = lease(LONG_LINGER_NANOS);
        takeAfterAnotherProcess(lease);
        writesFrom(lease, 2);
        queued.set(true);
        lease.afterBatch();
        assertTrue(lease.holds(), "kept past the batch");
        lease.leaderLeaves();
        assertTrue(lease.holds(), "kept for the next batch");
        lease.beforeBatch(); // the next leader finds it held
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(BUDGET_NANOS) + 50);
        lease.leaderLeaves();
        assertFalse(lease.holds(), "the budget is spent");
        assertAnotherProcessTakesTheTurn();
    }

    @Test
    void the_leader_waits_for_the_next_write_no_longer_than_the_linger() throws Exception {
        long linger = TimeUnit.MILLISECONDS.toNanos(150);
        TurnLease lease = lease(linger);
        takeAfterAnotherProcess(lease);
        writesFrom(lease, 2);
        long begin = System.nanoTime();
        lease.leaderLeaves();
        long waited = System.nanoTime() - begin;
        assertFalse(lease.holds(), "no write came");
        assertTrue(waited >= linger && waited < TimeUnit.SECONDS.toNanos(10), "waited " + waited + " ns");
        assertAnotherProcessTakesTheTurn();
    }

    @Test
    void a_write_queued_while_the_leader_waits_keeps_the_turn() throws Exception {
        TurnLease lease = lease(LONG_LINGER_NANOS);
        takeAfterAnotherProcess(lease);
        writesFrom(lease, 2);
        Thread writer = new Thread(() -> {
            sleepQuietly(100);
            queued.set(true);
            lease.writeQueued();
        });
        long begin = System.nanoTime();
        writer.start();
        lease.leaderLeaves();
        long waited = System.nanoTime() - begin;
        writer.join();
        assertTrue(lease.holds());
        assertTrue(waited < LONG_LINGER_NANOS / 2, "woken by the write, not by the timeout: " + waited + " ns");
    }

    @Test
    void with_one_writing_thread_the_turn_goes_back_at_once_even_while_others_wait() throws Exception {
        TurnLease lease = lease(LONG_LINGER_NANOS);
        takeAfterAnotherProcess(lease);
        lease.writeQueued();
        lease.writeQueued(); // one thread, however many writes
        lease.afterBatch();
        assertFalse(lease.holds(), "given back as soon as the batch committed");
        long begin = System.nanoTime();
        lease.leaderLeaves();
        assertFalse(lease.holds());
        assertTrue(System.nanoTime() - begin < LONG_LINGER_NANOS / 2, "did not wait for a write");
    }

    @Test
    void closing_gives_the_kept_turn_back() throws Exception {
        TurnLease lease = lease(LONG_LINGER_NANOS);
        takeAfterAnotherProcess(lease);
        writesFrom(lease, 2);
        queued.set(true);
        lease.leaderLeaves();
        assertTrue(lease.holds());
        lease.close();
        assertFalse(lease.holds());
        assertAnotherProcessTakesTheTurn();
    }

    /** Takes the turn after waiting for another process, as a writer does while other processes write. */
    private void takeAfterAnotherProcess(TurnLease lease) throws Exception {
        BufferedReader out = startOtherProcess(TurnHolderMain.class, turn.file());
        assertEquals("held", out.readLine());
        CompletableFuture<Void> taken = CompletableFuture.runAsync(lease::beforeBatch);
        Thread.sleep(100);
        other.getOutputStream().write('\n');
        other.getOutputStream().flush();
        taken.get(30, TimeUnit.SECONDS);
        assertTrue(other.waitFor(30, TimeUnit.SECONDS));
        assertTrue(lease.holds());
        assertTrue(turn.waitedWithin(TimeUnit.SECONDS.toNanos(30)));
    }

    /** Queues a write from each of {@code threads} new threads. */
    private static void writesFrom(TurnLease lease, int threads) throws InterruptedException {
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(lease::writeQueued);
            t.start();
            t.join();
        }
    }

    private void assertAnotherProcessTakesTheTurn() throws Exception {
        BufferedReader out = startOtherProcess(TurnTakerMain.class, board);
        assertEquals("waiting", out.readLine());
        assertEquals("taken", out.readLine(), "the turn was free");
    }

    private BufferedReader startOtherProcess(Class<?> main, Path argument) throws IOException {
        other = OtherJvm.start(main, argument);
        return OtherJvm.output(other);
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
