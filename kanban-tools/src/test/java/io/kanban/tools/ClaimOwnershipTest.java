package io.kanban.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kanban.core.model.ClaimedTask;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HERMES_KANBAN_RUN_ID pins the claim verbs to the run the worker holds: a worker whose claim was taken back and
 * handed to another worker cannot complete, block or heartbeat the new attempt.
 */
class ClaimOwnershipTest {
    @RegisterExtension
    final Fixture f = new Fixture();
    ClaimedTask first;
    ClaimedTask second;
    Map<String, String> staleWorker;

    @BeforeEach
    void reclaimAndHandToAnotherWorker() {
        first = f.claimed("flaky job");
        staleWorker = f.worker(first);
        // The first worker went quiet; its run is closed and the task handed to a second worker.
        f.board.tasks().move(first.task().id(), Status.READY, null);
        second = f.board.claims().claim(first.task().id()).orElseThrow();
    }

    private void assertClaimLost(ObjectNode result) {
        assertFalse(result.get("ok").asBoolean(), result.toString());
        assertEquals("claim_lost", result.get("code").asText(), result.toString());
        Task task = f.board.tasks().get(first.task().id());
        assertEquals(Status.RUNNING, task.status());
        assertEquals(second.run().id(), task.currentRunId());
        assertTrue(f.board.runs().get(second.run().id()).isOpen());
    }

    @Test
    void a_worker_cannot_complete_a_task_it_no_longer_holds() {
        assertClaimLost(f.call(staleWorker, "kanban_complete", "{'summary': 'done, I think'}"));
    }

    @Test
    void a_worker_cannot_block_or_heartbeat_a_claim_it_lost() {
        assertClaimLost(f.call(staleWorker, "kanban_block", "{'reason': 'stuck'}"));
        assertClaimLost(f.call(staleWorker, "kanban_heartbeat", "{}"));
    }

    @Test
    void a_worker_cannot_complete_some_other_task_with_its_run() {
        Map<String, String> current = f.worker(second);
        Task other = f.task("someone else's");
        ObjectNode result = f.call(current, "kanban_complete", "{'task_id': '" + other.id() + "', 'summary': 'x'}");
        assertFalse(result.get("ok").asBoolean(), result.toString());
        assertEquals("not_your_task", result.get("code").asText(), "refused before the run is even compared");
        assertEquals(Status.READY, f.board.tasks().get(other.id()).status());
    }

    @Test
    void the_worker_holding_the_current_run_completes_it() {
        ObjectNode result = f.call(f.worker(second), "kanban_complete", "{'summary': 'done for real'}");
        assertTrue(result.get("ok").asBoolean(), result.toString());
        assertEquals(second.run().id(), result.get("run_id").asLong());
        assertEquals(Status.DONE, f.board.tasks().get(first.task().id()).status());
    }
}
