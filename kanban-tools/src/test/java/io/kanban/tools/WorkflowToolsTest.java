package io.kanban.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kanban.core.model.ClaimedTask;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Run;
import io.kanban.core.model.RunOutcome;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** kanban_block's kind, kanban_schedule, kanban_request_review and kanban_request_changes against a real board. */
class WorkflowToolsTest {
    @RegisterExtension
    final Fixture f = new Fixture();

    private static void assertError(ObjectNode result, String code, String field) {
        assertFalse(result.get("ok").asBoolean(), result.toString());
        assertEquals(code, result.get("code").asText(), result.toString());
        if (field != null) {
            assertEquals(field, result.path("field").asText(), result.toString());
        }
    }

    private Task task(String id) {
        return f.board.tasks().get(id);
    }

    private List<RunOutcome> outcomes(String id) {
        return f.board.runs().of(id).stream().map(Run::outcome).toList();
    }

    @Test
    void block_takes_a_kind_and_refuses_an_unknown_one_changing_nothing() {
        ClaimedTask claim = f.claimed("needs a key");
        String id = claim.task().id();
        assertError(f.call(f.worker(claim), "kanban_block", "{'reason': 'r', 'kind': 'sulking'}"),
                "invalid_argument", "kind");
        assertEquals(Status.RUNNING, task(id).status(), "nothing changed");
        ObjectNode blocked = f.call(f.worker(claim), "kanban_block",
                "{'reason': 'the API key for staging', 'kind': 'needs_input'}");
        assertTrue(blocked.get("ok").asBoolean(), blocked.toString());
        assertEquals("blocked", blocked.get("status").asText());
        assertEquals("needs_input", blocked.get("block_kind").asText());
        assertEquals(claim.run().id(), blocked.get("run_id").asLong());

        ClaimedTask waits = f.claimed("after the schema");
        ObjectNode dep = f.call(f.worker(waits), "kanban_block", "{'reason': 'schema first', 'kind': 'dependency'}");
        assertEquals("todo", dep.get("status").asText(), dep.toString());
        assertEquals("dependency", dep.get("block_kind").asText());
    }

    @Test
    void schedule_parks_the_task_with_or_without_a_due_time() {
        ClaimedTask claim = f.claimed("after the freeze");
        String id = claim.task().id();
        assertError(f.call(f.worker(claim), "kanban_schedule", "{'reason': 'r', 'at': 'soonish'}"),
                "invalid_argument", "at");
        assertEquals(Status.RUNNING, task(id).status(), "nothing changed");
        ObjectNode parked = f.call(f.worker(claim), "kanban_schedule", "{'reason': 'the freeze ends', 'at': '+2h'}");
        assertTrue(parked.get("ok").asBoolean(), parked.toString());
        assertEquals("scheduled", parked.get("status").asText());
        assertEquals(claim.run().id(), parked.get("run_id").asLong());
        assertEquals(f.clock.instant().plus(Duration.ofHours(2)).getEpochSecond(),
                parked.get("scheduled_until").asLong());
        assertEquals(List.of(RunOutcome.SCHEDULED), outcomes(id));

        ClaimedTask manual = f.claimed("until a person says");
        ObjectNode waits = f.call(f.worker(manual), "kanban_schedule", "{'reason': 'launch day'}");
        assertTrue(waits.get("scheduled_until").isNull(), waits.toString());
    }

    @Test
    void review_lane_request_review_request_changes_review_again_and_complete() {
        f.board.tasks().create(NewTask.titled("reviewer's other card").assignee("reviewer").build());
        ClaimedTask claim = f.claimed("add search");
        String id = claim.task().id();
        assertError(f.call(f.worker(claim), "kanban_request_review", "{'summary': 's', 'reviewer': 'nobody'}"),
                "invalid_argument", "reviewer");
        assertError(f.call(f.worker(claim), "kanban_request_changes", "{'reason': 'not a reviewer'}"),
                "illegal_transition", null);
        assertEquals(Status.RUNNING, task(id).status(), "refusals change nothing");

        ObjectNode handed = f.call(f.worker(claim), "kanban_request_review",
                "{'summary': 'search added; see search.js', 'reviewer': 'reviewer', 'metadata': {'pr': 7}}");
        assertTrue(handed.get("ok").asBoolean(), handed.toString());
        assertEquals("review", handed.get("status").asText());
        assertEquals("reviewer", handed.get("reviewer").asText());
        assertEquals(claim.run().id(), handed.get("run_id").asLong());

        ClaimedTask review = f.board.claims().claimReview(id).orElseThrow();
        Map<String, String> reviewer = f.worker(review);
        reviewer.put(ToolEnvironment.PROFILE, "reviewer");
        assertError(f.call(f.worker(claim), "kanban_complete", "{'summary': 'stale run'}"), "claim_lost", null);
        ObjectNode back = f.call(reviewer, "kanban_request_changes", "{'reason': 'no tests for empty queries'}");
        assertTrue(back.get("ok").asBoolean(), back.toString());
        assertEquals("ready", back.get("status").asText());
        assertEquals("coder", back.get("implementer").asText());
        assertEquals(review.run().id(), back.get("run_id").asLong());

        ClaimedTask again = f.board.claims().claim(id).orElseThrow();
        ObjectNode second = f.call(f.worker(again), "kanban_request_review", "{'summary': 'tests added'}");
        assertEquals("reviewer", second.get("reviewer").asText(), "the last reviewer is the default");
        ClaimedTask recheck = f.board.claims().claimReview(id).orElseThrow();
        ObjectNode done = f.call(f.worker(recheck), "kanban_complete", "{'summary': 'approved'}");
        assertTrue(done.get("ok").asBoolean(), done.toString());
        assertEquals(Status.DONE, task(id).status());
        assertEquals(List.of(RunOutcome.REVIEW_REQUESTED, RunOutcome.CHANGES_REQUESTED, RunOutcome.REVIEW_REQUESTED,
                RunOutcome.COMPLETED), outcomes(id));
    }
}
