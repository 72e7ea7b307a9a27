package io.kanban.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kanban.core.Board;
import io.kanban.core.BoardOptions;
import io.kanban.core.model.ClaimedTask;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.RunOutcome;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** kanban_complete's evidence and created_cards, and kanban_request_review's artifacts. */
class CompletionGateToolTest {
    @RegisterExtension
    final Fixture f = new Fixture();

    @TempDir
    Path home;

    @Test
    void created_cards_the_worker_made_pass_and_evidence_lands_in_the_run_metadata() {
        ClaimedTask claim = f.claimed("plan the release");
        Map<String, String> worker = f.worker(claim);
        String created = f.call(worker, "kanban_create", "{'title': 'write the notes', 'assignee': 'writer'}")
                .get("task_id").asText();
        ObjectNode done = f.call(worker, "kanban_complete", "{'summary': 'planned', 'metadata': {'cards': 1},"
                + " 'evidence': [{'kind': 'review', 'detail': 'checked by lead'}], 'created_cards': ['" + created
                + "']}");
        assertTrue(done.get("ok").asBoolean(), done.toString());
        var run = f.board.runs().get(claim.run().id());
        assertEquals(RunOutcome.COMPLETED, run.outcome());
        JsonNode metadata = Fixture.parse(run.metadata());
        assertEquals(1, metadata.get("cards").asInt());
        assertEquals("checked by lead", metadata.at("/evidence/0/detail").asText());
    }

    @Test
    void a_phantom_card_is_refused_with_the_hallucination_error_and_the_card_can_retry() {
        ClaimedTask claim = f.claimed("plan the release");
        Map<String, String> worker = f.worker(claim);
        Task foreign = f.board.tasks().create(NewTask.titled("ops work").assignee("ops").createdBy("ops").build())
                .task();
        Task before = f.board.tasks().get(claim.task().id());
        ObjectNode refused = f.call(worker, "kanban_complete", "{'summary': 'planned', 'created_cards': ['"
                + foreign.id() + "', 't_ffffffffffff']}");
        assertFalse(refused.get("ok").asBoolean());
        assertEquals("completion_blocked_hallucination", refused.get("code").asText(), refused.toString());
        assertEquals("created_cards", refused.get("field").asText());
        assertEquals(2, refused.get("phantom").size());
        assertTrue(refused.get("retryable").asBoolean());
        assertEquals(before, f.board.tasks().get(claim.task().id()));
        assertTrue(f.board.events().forTask(claim.task().id(), 50).stream()
                .anyMatch(e -> e.kind().equals("completion_blocked_hallucination")));

        ObjectNode retried = f.call(worker, "kanban_complete", "{'summary': 'planned'}");
        assertTrue(retried.get("ok").asBoolean(), retried.toString());
        assertEquals(Status.DONE, f.board.tasks().get(claim.task().id()).status());
    }

    @Test
    void evidence_given_twice_is_refused_before_anything_changes() {
        ClaimedTask claim = f.claimed("x");
        ObjectNode refused = f.call(f.worker(claim), "kanban_complete", "{'summary': 's', 'metadata': {'evidence':"
                + " []}, 'evidence': [{'kind': 'test', 'detail': 'green'}]}");
        assertEquals("evidence", refused.get("field").asText(), refused.toString());
        assertEquals(Status.RUNNING, f.board.tasks().get(claim.task().id()).status());
    }

    @Test
    void request_review_hands_over_artifacts_from_the_scratch_workspace() throws Exception {
        try (Board board = Board.open(BoardOptions.at(f.file).withClock(f.clock).withHome(home))) {
            String id = board.tasks().create(NewTask.titled("patch").assignee("coder").build()).task().id();
            ClaimedTask claim = board.claims().claim(id).orElseThrow();
            Path ws = Files.createDirectories(board.options().scratchWorkspaces().resolve(id));
            Files.writeString(ws.resolve("fix.patch"), "+ fixed\n");
            Map<String, String> worker = f.worker(claim);
            ObjectNode missing;
            try (ToolSession s = f.tools.session(worker, board)) {
                missing = s.call("kanban_request_review", Fixture.json("{'summary': 'check', 'artifacts': ['nope.md']}"));
            }
            assertEquals("artifacts", missing.get("field").asText(), missing.toString());
            assertEquals(Status.RUNNING, board.tasks().get(id).status());
            ObjectNode handed;
            try (ToolSession s = f.tools.session(worker, board)) {
                handed = s.call("kanban_request_review", Fixture.json("{'summary': 'check', 'artifacts': ['fix.patch']}"));
            }
            assertTrue(handed.get("ok").asBoolean(), handed.toString());
            assertEquals("review", handed.get("status").asText());
            assertEquals("fix.patch", handed.at("/attachments/0/filename").asText());
            assertEquals("kanban_request_review", handed.at("/attachments/0/uploaded_by").asText());
        }
    }
}
