package io.kanban.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kanban.core.error.ValidationError;
import io.kanban.core.model.ClaimedTask;
import io.kanban.core.model.Completion;
import io.kanban.core.model.Event;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import io.kanban.core.testing.OnEachBackend;
import io.kanban.core.testing.ScratchBoard;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reference's prose scan after a completion ({@code suspected_hallucinated_references}) and its
 * {@code initial_status: blocked}: both are kernel rules every front end shares.
 */
@OnEachBackend
class ProseReferencesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    final Board board;

    ProseReferencesTest(ScratchBoard scratch) {
        board = scratch.board();
    }

    private ClaimedTask claimed() {
        String id = board.tasks().create(NewTask.titled("plan the release").assignee("lead").build()).task().id();
        return board.claims().claim(id).orElseThrow();
    }

    private List<Event> events(String taskId, String kind) {
        return board.events().forTask(taskId, 100).stream().filter(e -> e.kind().equals(kind)).toList();
    }

    @Test
    void ids_in_the_summary_or_result_that_name_no_card_go_on_record_and_the_completion_stands() throws Exception {
        ClaimedTask claim = claimed();
        String id = claim.task().id();
        Task real = board.tasks().create(NewTask.titled("notes").assignee("writer").build()).task();
        Claims.Finished finished = board.claims().finish(id, new Completion("Done; see " + real.id() + " and "
                + "t_deadbeef0001 (also t_deadbeef0001).", "Follow-up in t_00000000abcd; this is " + id + ".", null,
                claim.run().id()), List.of(), List.of());
        assertEquals(Status.DONE, finished.task().status());
        assertEquals(List.of("t_deadbeef0001", "t_00000000abcd"), finished.suspectedReferences());
        List<Event> recorded = events(id, "suspected_hallucinated_references");
        assertEquals(1, recorded.size());
        JsonNode payload = JSON.readTree(recorded.get(0).payload());
        assertEquals("t_deadbeef0001", payload.at("/phantom_refs/0").asText());
        assertEquals(2, payload.get("phantom_refs").size());
        assertEquals("completion_summary", payload.get("source").asText());
        assertEquals(claim.run().id(), recorded.get(0).runId(), "on the run the completion closed");
    }

    @Test
    void a_clean_summary_records_nothing_and_short_or_upper_case_lookalikes_are_not_ids() {
        ClaimedTask claim = claimed();
        Claims.Finished finished = board.claims().finish(claim.task().id(), new Completion(
                "Fixed t_abc and T_DEADBEEF0001 and xt_deadbeef0001.", null, null, claim.run().id()), null, null);
        assertEquals(List.of(), finished.suspectedReferences());
        assertEquals(List.of(), events(claim.task().id(), "suspected_hallucinated_references"));
    }

    @Test
    void the_plain_complete_verb_scans_too_and_a_tenant_handle_does_not_see_other_tenants_cards() {
        Board acme = board.forTenant("acme");
        Task other = board.tasks().create(NewTask.titled("globex work").assignee("x").tenant("globex").build())
                .task();
        String id = acme.tasks().create(NewTask.titled("acme work").assignee("x").build()).task().id();
        acme.claims().complete(id, Completion.withSummary("see " + other.id()));
        assertEquals(1, events(id, "suspected_hallucinated_references").size(),
                "another tenant's card does not exist for this tenant");
    }

    @Test
    void a_card_created_blocked_starts_blocked_on_record_and_unblocks_like_any_block() throws Exception {
        Task parent = board.tasks().create(NewTask.titled("design").assignee("x").build()).task();
        Task blocked = board.tasks().create(NewTask.titled("ask legal").assignee("x").parent(parent.id())
                .triage(true).initialStatus("blocked").build()).task();
        assertEquals(Status.BLOCKED, blocked.status(), "blocked beats triage and waiting parents");
        List<Event> block = events(blocked.id(), "blocked");
        assertEquals(1, block.size());
        assertEquals(Tasks.INITIAL_STATUS_REASON, JSON.readTree(block.get(0).payload()).get("reason").asText());
        assertEquals(Status.TODO, board.claims().unblock(blocked.id()).status(), "its parent is unfinished");

        Task usual = board.tasks().create(NewTask.titled("usual").assignee("x").initialStatus("running").build())
                .task();
        assertEquals(Status.READY, usual.status(), "running means the usual path");
        ValidationError bad = assertThrows(ValidationError.class,
                () -> NewTask.titled("x").initialStatus("paused"));
        assertEquals("initial_status", bad.field());
    }
}
