package io.kanban.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The claim queue reads ready tasks off one index in the order it wants, and that index is the only one on
 * tasks keyed by status, so a status change keeps up one index where it used to keep up two.
 */
class ClaimQueuePlanTest {
    @TempDir
    Path dir;

    @Test
    void the_claim_queue_walks_the_status_index_in_order_without_sorting() {
        try (SqliteDatabase db = ScratchDatabase.open(dir)) {
            assertPlan(db, Sql.of(TaskStore.class, "NEXT_READY"));
            assertPlan(db, Sql.of(TaskStore.class, "NEXT_READY_FOR"), "someone");
        }
    }

    @Test
    void no_other_index_on_tasks_leads_with_status() {
        try (SqliteDatabase db = ScratchDatabase.open(dir)) {
            List<String> leadingWithStatus = db.read(tx -> tx.query("select il.name from pragma_index_list('tasks') il"
                    + " where (select ii.name from pragma_index_info(il.name) ii where ii.seqno = 0) = 'status'",
                    rs -> rs.getString(1)));
            assertEquals(List.of("idx_tasks_status"), leadingWithStatus);
            List<String> key = db.read(tx -> tx.query(
                    "select name from pragma_index_info('idx_tasks_status') order by seqno", rs -> rs.getString(1)));
            assertEquals(List.of("status", "priority", "created_at"), key);
        }
    }

    private static void assertPlan(SqliteDatabase db, Sql statement, Object... args) {
        List<String> plan = db.read(tx -> tx.query("explain query plan " + statement.sqlite(),
                rs -> rs.getString("detail"), args));
        assertEquals("SEARCH tasks USING INDEX idx_tasks_status (status=?)", plan.get(0), statement + ": " + plan);
        assertTrue(plan.stream().noneMatch(step -> step.contains("TEMP B-TREE")), statement + " sorts: " + plan);
    }
}
