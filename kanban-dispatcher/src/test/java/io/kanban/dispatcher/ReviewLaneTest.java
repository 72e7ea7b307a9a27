package io.kanban.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.dispatch.TickReport;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Run;
import io.kanban.core.model.RunOutcome;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The review lane with real worker processes: implement, review, changes, implement, review, done. */
class ReviewLaneTest {
    @RegisterExtension
    final DispatcherHome fx = new DispatcherHome();

    private List<String> workerWithSkills() {
        List<String> argv = new ArrayList<>(DispatcherHome.javaWorker());
        argv.add("{skills}");
        return argv;
    }

    @Test
    void implement_review_request_changes_implement_review_done() {
        // The reviewer profile is one the board knows: it has a task of its own, parked in triage.
        fx.board.tasks().create(NewTask.titled("reviewer's backlog").assignee("reviewer").triage(true).build());
        Task task = fx.board.tasks().create(NewTask.titled("feature").assignee("coder").body("pipeline").build())
                .task();
        DispatcherService dispatcher = fx.dispatcher(fx.config().workerCommand(workerWithSkills()).build());

        List<TickReport.Spawn> spawns = new ArrayList<>();
        DispatcherHome.await(() -> {
            if (fx.status(task.id()) == Status.DONE) {
                return true;
            }
            spawns.addAll(dispatcher.tickOnce().spawned());
            return fx.status(task.id()) == Status.DONE;
        }, "the card is done after two reviews");

        List<Run> runs = fx.runs(task.id());
        assertEquals(List.of(RunOutcome.REVIEW_REQUESTED, RunOutcome.CHANGES_REQUESTED, RunOutcome.REVIEW_REQUESTED,
                RunOutcome.COMPLETED), runs.stream().map(Run::outcome).toList());
        assertEquals(List.of("coder", "reviewer", "coder", "reviewer"), runs.stream().map(Run::profile).toList());
        assertEquals(List.of(false, true, false, true), spawns.stream().filter(s -> s.taskId().equals(task.id()))
                .map(TickReport.Spawn::review).toList(), "reviewer runs are the review lane's");
        List<String> kinds = fx.eventKinds(task.id()).stream().filter(k -> !k.equals("spawned")).toList();
        assertEquals(List.of("created", "claimed", "review_requested", "claimed", "changes_requested", "claimed",
                "review_requested", "claimed", "completed"), kinds);
        assertEquals("reviewer", fx.board.tasks().get(task.id()).assignee(), "the reviewer finished it");
        assertTrue(fx.board.tasks().detail(task.id()).events().stream()
                .filter(e -> e.kind().equals("claimed")).map(e -> e.payload())
                .filter(p -> p.contains("\"source_status\":\"review\"")).count() == 2);
    }

    @Test
    void with_review_dispatch_off_a_review_card_waits_for_a_person() {
        Task task = fx.board.tasks().create(NewTask.titled("feature").assignee("coder").build()).task();
        fx.board.claims().requestReview(task.id(), io.kanban.core.Claims.ReviewRequest.of("done, please look"));
        DispatcherService dispatcher = fx.dispatcher(fx.config().reviewDispatch(false).build());
        assertTrue(dispatcher.tickOnce().spawned().isEmpty());
        assertEquals(Status.REVIEW, fx.status(task.id()));
    }
}
