package io.kanban.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.error.StorageFailure;
import io.kanban.core.model.Event;
import io.kanban.core.model.EventKind;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import io.kanban.core.testing.OnEachBackend;
import io.kanban.core.testing.ScratchBoard;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Statements held for the commit ({@link Tx#updateAtCommit}): on PostgreSQL they travel with the COMMIT in one round
 * trip, which must change nothing a transaction can see. It reads what it wrote; a held statement that fails undoes
 * the whole write; a write that appended events still wakes a reader waiting for them.
 */
@OnEachBackend
class HeldStatementsTest {
    private static final Sql APPEND = Sql.of(EventStore.class, "APPEND");

    final ScratchBoard scratch;

    HeldStatementsTest(ScratchBoard scratch) {
        this.scratch = scratch;
    }

    private BoardDatabase database() {
        String location = scratch.location();
        scratch.board(); // creates the schema
        return location.startsWith("jdbc:postgresql:") ? PostgresDatabase.open(location)
                : SqliteDatabase.open(Path.of(location));
    }

    private Task card() {
        return scratch.board().tasks().create(NewTask.titled("held").build()).task();
    }

    @Test
    void aTransactionReadsWhatItHeld() {
        Task card = card();
        try (BoardDatabase db = database()) {
            List<Event> seen = db.write(tx -> {
                EventStore.append(tx, card.id(), null, EventKind.COMMENTED, "{\"n\":1}", Instant.now());
                TaskStore.release(tx, card.id(), Status.BLOCKED, 2, "held", null);
                // Both statements below name a table with a held statement: it must reach the server first.
                Task now = TaskStore.find(tx, card.id()).orElseThrow();
                assertEquals(Status.BLOCKED, now.status());
                assertEquals(2, now.consecutiveFailures());
                return EventStore.forTask(tx, card.id(), 100);
            });
            assertEquals("commented", seen.get(seen.size() - 1).kind());
            Task after = db.read(tx -> TaskStore.find(tx, card.id()).orElseThrow());
            assertEquals(Status.BLOCKED, after.status());
        }
    }

    @Test
    void aWriteAfterHeldStatementsCountsTheRowsTheyWrote() {
        Task card = card();
        try (BoardDatabase db = database()) {
            int deleted = db.write(tx -> {
                int before = EventStore.forTask(tx, card.id(), 100).size();
                EventStore.append(tx, card.id(), null, EventKind.COMMENTED, null, Instant.now());
                EventStore.append(tx, card.id(), null, EventKind.COMMENTED, null, Instant.now());
                // The held inserts travel ahead of this delete; its row count must be its own, not theirs.
                return tx.update("delete from task_events where task_id = ?", card.id()) - before;
            });
            assertEquals(2, deleted);
        }
    }

    @Test
    void aHeldStatementThatFailsUndoesTheWholeWrite() {
        Task card = card();
        long eventsBefore = scratch.board().events().forTask(card.id(), 1000).size();
        try (BoardDatabase db = database()) {
            StorageFailure failure = assertThrows(StorageFailure.class, () -> db.write(tx -> {
                TaskStore.setAssignee(tx, card.id(), "someone");
                EventStore.append(tx, card.id(), null, EventKind.COMMENTED, null, Instant.now());
                tx.updateAtCommit(APPEND, card.id(), null, null, null, Instant.now()); // kind is NOT NULL
                return null;
            }));
            assertFalse(failure.outcomeUnknown(), "the failure came before the COMMIT: nothing was applied");
            Task after = db.read(tx -> TaskStore.find(tx, card.id()).orElseThrow());
            assertEquals(card.assignee(), after.assignee());
            assertEquals(eventsBefore, scratch.board().events().forTask(card.id(), 1000).size());
        }
    }

    @Test
    void aWriteThatAppendedEventsWakesAWaitingReader() throws Exception {
        Task card = card();
        try (BoardDatabase db = database()) {
            long cursor = db.read(EventStore::latestId);
            Thread writer = new Thread(() -> {
                try {
                    Thread.sleep(200); // the reader is waiting by then
                } catch (InterruptedException e) {
                    return;
                }
                db.write(tx -> {
                    EventStore.append(tx, card.id(), null, EventKind.COMMENTED, null, Instant.now());
                    return null;
                });
            });
            writer.start();
            long started = System.nanoTime();
            assertTrue(db.awaitEventAfter(cursor, Duration.ofSeconds(20)));
            writer.join();
            assertTrue(System.nanoTime() - started < Duration.ofSeconds(10).toNanos(), "woken, not timed out");
        }
    }

    @Test
    void theTableAHeldStatementWritesComesFromItsText() {
        assertEquals("task_events", Tx.tableWritten("insert into task_events (task_id) values (?)"));
        assertEquals("tasks", Tx.tableWritten("  UPDATE tasks set status = ? where id = ?"));
        assertEquals("task_runs", Tx.tableWritten("delete from \"kanban\".\"task_runs\" where id = ?"));
        assertThrows(IllegalArgumentException.class, () -> Tx.tableWritten("select 1"));
    }
}
