package io.kanban.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.Board;
import io.kanban.core.error.TaskNotFound;
import io.kanban.core.model.NewTask;
import io.kanban.core.testing.ScratchBoard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WriterStatsTest {
    @RegisterExtension
    final ScratchBoard scratch = ScratchBoard.onSqlite();

    @Test
    void the_writer_counts_every_write_and_groups_concurrent_ones_into_fewer_commits() throws Exception {
        try (Board board = scratch.open()) {
            WriterStats before = board.writerStats().orElseThrow();
            int threads = 8;
            int perThread = 50;
            StartTogether.run(threads, slot -> {
                for (int i = 0; i < perThread; i++) {
                    board.tasks().create(NewTask.titled("task " + slot + "-" + i).build());
                }
            });
            WriterStats done = board.writerStats().orElseThrow().since(before);
            assertEquals(threads * perThread, done.writes(), done.toString());
            assertTrue(done.commits() >= 1 && done.commits() <= done.writes(), done.toString());
            assertTrue(done.commitNanos() > 0 && done.commitNanos() <= done.busyNanos(), done.toString());
            assertEquals(done.writes(), done.commits() * done.writesPerCommit(), 1e-6);
        }
    }

    @Test
    void a_failed_write_is_counted_and_the_counters_only_grow() {
        try (Board board = scratch.open()) {
            WriterStats before = board.writerStats().orElseThrow();
            assertThrows(TaskNotFound.class, () -> board.claims().claim("t_00000000"));
            WriterStats after = board.writerStats().orElseThrow();
            assertEquals(1, after.since(before).writes());
            assertEquals(1, after.since(before).commits());
            assertTrue(after.busyNanos() >= before.busyNanos());
        }
    }
}
