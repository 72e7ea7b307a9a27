package io.kanban.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.dispatch.DispatchPolicy;
import io.kanban.core.dispatch.TickReport;
import io.kanban.core.dispatch.TickReport.Skip;
import io.kanban.core.dispatch.TickReport.SkipReason;
import io.kanban.core.model.Completion;
import io.kanban.core.model.Event;
import io.kanban.core.model.Run;
import io.kanban.core.model.RunOutcome;
import io.kanban.core.model.Status;
import io.kanban.core.model.StuckCause;
import io.kanban.core.model.Task;
import io.kanban.core.testing.OnEachBackend;
import io.kanban.core.testing.ScratchBoard;
import io.kanban.core.testing.ScratchDispatch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The reference's respawn guard (HERMES-UPSTREAM §5): each reason holds a card that ran before, is reported as the
 * card's cause in the tick (and so in {@code dispatch --dry-run --json} and the health records), writes one
 * {@code respawn_guarded} event per hold, and lets go when its condition does.
 */
@OnEachBackend
class RespawnGuardTest {
    final ScratchBoard scratch;
    final ScratchDispatch dispatch;
    final Board board;

    RespawnGuardTest(ScratchBoard scratch, ScratchDispatch dispatch) {
        this.scratch = scratch;
        this.dispatch = dispatch;
        board = dispatch.board();
    }

    private TickReport tick() {
        return dispatch.tick(DispatchPolicy.defaults());
    }

    private TickReport dryRun() {
        return dispatch.tick(DispatchPolicy.defaults().withDryRun(true));
    }

    private static Optional<Skip> skip(TickReport r, String taskId) {
        return r.skipped().stream().filter(s -> s.taskId().equals(taskId)).findFirst();
    }

    private static boolean spawned(TickReport r, String taskId) {
        return r.spawned().stream().anyMatch(s -> s.taskId().equals(taskId));
    }

    private List<Event> guarded(String taskId) {
        return board.events().forTask(taskId, 1_000).stream().filter(e -> e.kind().equals("respawn_guarded"))
                .toList();
    }

    private long openRun(String taskId) {
        return board.tasks().get(taskId).currentRunId();
    }

    /** Asserts the hold is reported in a dry run and a real tick, with one event however many ticks see it. */
    private void assertHeld(String taskId, SkipReason reason, String detailPart) {
        TickReport dry = dryRun();
        assertEquals(reason, skip(dry, taskId).orElseThrow(() -> new AssertionError(dry.toString())).reason());
        TickReport first = tick();
        Skip s = skip(first, taskId).orElseThrow(() -> new AssertionError(first.toString()));
        assertEquals(reason, s.reason());
        assertTrue(s.detail().contains(detailPart), s.detail());
        assertFalse(spawned(first, taskId));
        tick();
        List<Event> events = guarded(taskId);
        assertEquals(1, events.size(), "one respawn_guarded event per hold, not one per tick");
        assertTrue(events.get(0).payload().contains("\"reason\":\"" + reason.wire() + "\""), events.get(0).payload());
        assertEquals(Status.READY, board.tasks().get(taskId).status());
    }

    @Test
    void a_host_refused_spawn_is_not_counted_and_the_card_waits_out_the_cooldown() {
        Task t = dispatch.card("refused", "alpha");
        dispatch.launcher().refuseWith("cannot start worker 'hermes': error=11, Resource temporarily unavailable");
        TickReport refused = tick();
        assertEquals(1, refused.failed().size());
        assertFalse(refused.failed().get(0).gaveUp());
        dispatch.launcher().refuseWith(null);
        Task after = board.tasks().get(t.id());
        assertEquals(Status.READY, after.status());
        assertEquals(0, after.consecutiveFailures(), "a host refusal spends none of the card's retries");
        Run run = board.runs().of(t.id()).get(0);
        assertEquals(RunOutcome.SPAWN_FAILED, run.outcome());
        assertTrue(run.metadata().contains("\"infrastructure\":true"), run.metadata());

        assertHeld(t.id(), SkipReason.INFRASTRUCTURE_COOLDOWN, "the host refused its last spawn");
        Task other = dispatch.card("another card", "beta");
        TickReport next = tick();
        assertTrue(spawned(next, other.id()), "only the refused card waits: " + next);

        dispatch.clock().advance(DispatchPolicy.DEFAULT_RATE_LIMIT_COOLDOWN.plusSeconds(1));
        assertTrue(spawned(tick(), t.id()), "after the cooldown it spawns again");
    }

    @Test
    void a_quota_or_auth_failure_holds_the_card_until_it_is_reassigned() {
        Task t = dispatch.card("bad key", "alpha");
        dispatch.launcher().failWith("provider answered 401: invalid API key");
        tick();
        dispatch.launcher().failWith(null);
        assertEquals(1, board.tasks().get(t.id()).consecutiveFailures());

        assertHeld(t.id(), SkipReason.BLOCKER_AUTH, "quota or auth wall");
        dispatch.clock().advance(Duration.ofMinutes(11));
        board.health().check(tick(), DispatchPolicy.defaults(), Duration.ofMinutes(10));
        assertEquals(StuckCause.BLOCKER_AUTH, board.health().stuckReady().stream()
                .filter(s -> s.taskId().equals(t.id())).findFirst().map(s -> s.cause()).orElse(null));

        board.tasks().reassign(t.id(), "beta", false, null);
        assertTrue(spawned(tick(), t.id()), "reassigning clears the failure, and the hold with it");
    }

    @Test
    void an_ordinary_failure_is_not_held() {
        Task t = dispatch.card("crashy", "alpha");
        dispatch.launcher().failWith("worker executable 'hermes' not found on PATH");
        tick();
        dispatch.launcher().failWith(null);
        assertTrue(spawned(tick(), t.id()), "only quota and auth words hold a card");
        assertTrue(guarded(t.id()).isEmpty());
    }

    @Test
    void a_card_completed_within_the_hour_is_not_started_again_unless_a_person_requeued_it() throws Exception {
        Task t = dispatch.card("done once", "alpha");
        tick();
        board.claims().complete(t.id(), new Completion("done", null, null, openRun(t.id())));
        dispatch.clock().advance(Duration.ofMinutes(5));
        // Another kernel (or a direct write) puts it back to ready without a re-queue event.
        try (Connection c = scratch.jdbc();
             PreparedStatement st = c.prepareStatement("UPDATE tasks SET status = 'ready', completed_at = NULL "
                     + "WHERE id = ?")) {
            st.setString(1, t.id());
            st.executeUpdate();
        }
        assertHeld(t.id(), SkipReason.RECENT_SUCCESS, "completed it at");

        dispatch.clock().advance(Duration.ofMinutes(56));
        assertTrue(spawned(tick(), t.id()), "after the hour it runs again");
    }

    @Test
    void moving_a_done_card_back_to_ready_by_hand_is_a_deliberate_rerun() {
        Task t = dispatch.card("rerun", "alpha");
        tick();
        board.claims().complete(t.id(), new Completion("done", null, null, openRun(t.id())));
        board.tasks().move(t.id(), Status.READY, null);
        assertTrue(spawned(tick(), t.id()));
    }

    @Test
    void a_recent_pull_request_link_holds_the_card_until_a_handoff() {
        Task t = dispatch.card("opens a PR", "alpha");
        tick();
        board.comments().add(t.id(), "alpha", "Opened https://github.com/acme/app/pull/42 for review");
        dispatch.clock().advance(Duration.ofMinutes(1));
        board.tasks().reclaim(t.id(), "worker stuck");

        assertHeld(t.id(), SkipReason.ACTIVE_PR, "https://github.com/acme/app/pull/42");

        board.tasks().reassign(t.id(), "alpha", false, null);
        assertFalse(spawned(tick(), t.id()), "a no-op reassignment is no handoff");
        dispatch.clock().advance(Duration.ofSeconds(1));
        board.tasks().reassign(t.id(), "closer", false, null);
        assertTrue(spawned(tick(), t.id()), "a handoff to another profile lifts the hold");
    }

    @Test
    void a_card_that_never_ran_is_never_held() {
        Task t = dispatch.card("fresh", "alpha");
        board.comments().add(t.id(), "pm", "context: https://github.com/acme/app/pull/7");
        assertTrue(spawned(tick(), t.id()));
    }
}
