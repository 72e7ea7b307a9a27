package io.kanban.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing a board while another thread still reads from it (a dispatcher's loop, a notifier) must not pull the
 * connection from under that read. CI met a ConcurrentModificationException in the statement cache there.
 */
class SqliteDatabaseCloseTest {
    @TempDir
    Path dir;

    @Test
    void close_during_a_read_lets_the_read_finish_and_refuses_later_ones() throws Exception {
        SqliteDatabase db = ScratchDatabase.open(dir);
        db.write(tx -> tx.update("insert into task_comments (task_id, author, body, created_at) "
                + "values ('t_1', 'test', 'kept', 0)"));
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        CompletableFuture<Long> read = CompletableFuture.supplyAsync(() -> db.read(tx -> {
            reading.countDown();
            await(closed);
            // Statements the read prepares after close() ran still work on its connection.
            return tx.queryLong("select count(*) from task_comments where body = ?", "kept");
        }));
        assertEquals(true, reading.await(10, TimeUnit.SECONDS));
        db.close();
        closed.countDown();

        assertEquals(1L, read.get(10, TimeUnit.SECONDS));
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> db.read(tx -> tx.queryLong("select 1")));
        assertEquals("board " + dir.resolve("kanban.db").toAbsolutePath() + " is closed", refused.getMessage());
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
