package io.kanban.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.model.NewTask;
import io.kanban.core.model.Task;
import io.kanban.core.testing.OnEachBackend;
import io.kanban.core.testing.ScratchBoard;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Prefetched queries ({@link Tx#prefetch}): on PostgreSQL they ride with the next statement sent and answer the
 * identical query later, once. A transaction must still read what it wrote, whichever came first.
 */
@OnEachBackend
class PrefetchTest {
    final ScratchBoard scratch;

    PrefetchTest(ScratchBoard scratch) {
        this.scratch = scratch;
    }

    private boolean onPostgres() {
        return scratch.location().startsWith("jdbc:postgresql:");
    }

    private BoardDatabase database() {
        String location = scratch.location();
        scratch.board(); // creates the schema
        return onPostgres() ? PostgresDatabase.open(location) : SqliteDatabase.open(Path.of(location));
    }

    /** A parent in todo and its child: the child has one unfinished parent. */
    private record Family(String parent, String child) {
    }

    private Family family() {
        Task parent = scratch.board().tasks().create(NewTask.titled("parent").build()).task();
        Task child = scratch.board().tasks().create(NewTask.titled("child").parents(List.of(parent.id())).build())
                .task();
        return new Family(parent.id(), child.id());
    }

    @Test
    void thePrefetchedAnswerIsTheOneTheServerGaveWithTheNextStatementAndIsHandedOutOnce() throws Exception {
        Assumptions.assumeTrue(onPostgres(), "SQLite answers every query when it is asked");
        Family f = family();
        try (BoardDatabase db = database();
             Connection other = DriverManager.getConnection(scratch.location())) {
            List<List<String>> answers = db.write(tx -> {
                TaskStore.prefetchUnfinishedParents(tx, f.child());
                TaskStore.find(tx, f.child()).orElseThrow(); // the prefetch goes to the server with this
                finishElsewhere(other, f.parent());
                return List.of(TaskStore.unfinishedParents(tx, f.child()), TaskStore.unfinishedParents(tx, f.child()));
            });
            assertEquals(List.of(f.parent()), answers.get(0), "answered before the other connection committed");
            assertEquals(List.of(), answers.get(1), "the second ask goes to the server and sees the commit");
        }
    }

    private static void finishElsewhere(Connection other, String taskId) {
        try (PreparedStatement ps = other.prepareStatement("update tasks set status = 'done' where id = ?")) {
            ps.setString(1, taskId);
            assertEquals(1, ps.executeUpdate());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aWriteToATableTheAnswerReadDropsTheAnswer() {
        Family f = family();
        try (BoardDatabase db = database()) {
            List<String> waiting = db.write(tx -> {
                TaskStore.prefetchUnfinishedParents(tx, f.child());
                TaskStore.find(tx, f.child()).orElseThrow();
                assertEquals(1, tx.update("update tasks set status = 'done' where id = ?", f.parent()));
                return TaskStore.unfinishedParents(tx, f.child());
            });
            assertEquals(List.of(), waiting, "the transaction reads its own write, not the answer from before it");
        }
    }

    @Test
    void aHeldWriteReachesTheServerBeforeAPrefetchThatReadsItsTable() {
        Family f = family();
        try (BoardDatabase db = database()) {
            List<String> waiting = db.write(tx -> {
                TaskStore.complete(tx, f.parent(), "done", Instant.now()); // held for the commit on PostgreSQL
                TaskStore.prefetchUnfinishedParents(tx, f.child());
                RunStore.forTask(tx, f.child()); // a statement on another table carries the prefetch
                return TaskStore.unfinishedParents(tx, f.child());
            });
            assertEquals(List.of(), waiting);
        }
    }

    @Test
    void aPrefetchOfOtherArgumentsAnswersNothingElse() {
        Family f = family();
        try (BoardDatabase db = database()) {
            List<Boolean> found = db.write(tx -> {
                LinkStore.prefetchHasChildren(tx, f.child());
                TaskStore.find(tx, f.parent()).orElseThrow();
                return List.of(LinkStore.hasChildren(tx, f.parent()), LinkStore.hasChildren(tx, f.child()));
            });
            assertEquals(List.of(true, false), found);
        }
    }

    @Test
    void aPrefetchNobodyAsksForLeavesTheWriteAsItWas() {
        Family f = family();
        try (BoardDatabase db = database()) {
            db.write(tx -> {
                TaskStore.find(tx, f.parent()).orElseThrow();
                TaskStore.complete(tx, f.parent(), "done", Instant.now());
                LinkStore.prefetchHasChildren(tx, f.parent()); // never sent: the commit comes next
                return null;
            });
            Task parent = db.read(tx -> TaskStore.find(tx, f.parent()).orElseThrow());
            assertEquals("done", parent.result());
            assertTrue((boolean) db.read(tx -> LinkStore.hasChildren(tx, f.parent())));
        }
    }
}
