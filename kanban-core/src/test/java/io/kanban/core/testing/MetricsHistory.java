package io.kanban.core.testing;

import io.kanban.core.Board;
import io.kanban.core.dispatch.DispatchPolicy;
import io.kanban.core.dispatch.TickReport;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Status;
import io.kanban.core.model.TargetType;
import io.kanban.core.model.Task;
import io.kanban.core.notify.NotifyRequest;
import io.kanban.core.spi.Liveness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A scripted board history whose metrics are known, shared by the metrics tests of core (Micrometer) and the
 * dashboard ({@code /metrics}): every figure below follows from the script, step by step, on a fake launcher and
 * probe and the board's settable clock.
 *
 * <ol>
 * <li>"idle" (no assignee) is created: ready, and it stays ready (nobody can run it).</li>
 * <li>90 s later: a board subscription to a webhook for {@code crashed} and {@code gave_up} events; "crasher"
 *     (w1), "slow" (w2, 10 minute limit) and "child" (w3, waits for "idle": todo).</li>
 * <li>tick 1 spawns crasher and slow (2 spawns).</li>
 * <li>three times: crasher's worker dies and the next tick finds it crashed; the first two ticks respawn it
 *     (spawns 3 and 4), the third crash is crasher's third failure in a row: it gives up (blocked).</li>
 * <li>11 minutes later, tick 5 stops slow's worker (timed out) and respawns it (spawn 5).</li>
 * <li>one claim that finds nothing ready for "nobody".</li>
 * </ol>
 */
public final class MetricsHistory {
    /** Tasks per status after the script. */
    public static final Map<Status, Long> CARDS = Map.of(Status.READY, 1L, Status.TODO, 1L, Status.BLOCKED, 1L,
            Status.RUNNING, 1L);
    /** Event counts after the script. */
    public static final long CREATED = 4;
    public static final long SPAWNED = 5;
    public static final long CRASHED = 3;
    public static final long TIMED_OUT = 1;
    public static final long GAVE_UP = 1;
    /** "idle" has been ready since the start: 90 s + 11 min. */
    public static final long OLDEST_READY_AGE_SECONDS = 90 + 11 * 60;
    /** Only slow's respawned worker runs. */
    public static final long RUNNING_WORKERS = 1;
    /** The subscription has three crashed and one gave_up message waiting (no notifier ran). */
    public static final long NOTIFY_BACKLOG = CRASHED + GAVE_UP;
    /** Claims that won a task: one per spawn. */
    public static final long CLAIMS_WON = SPAWNED;
    /** The final claim for "nobody". */
    public static final long CLAIMS_MISSED = 1;
    public static final long TICKS = 5;

    private MetricsHistory() {
    }

    /**
     * Plays the script on {@code board}, whose clock is {@code clock}.
     *
     * @return the reports of the five ticks, in order
     */
    public static List<TickReport> play(Board board, SettableClock clock) {
        FakeWorkerLauncher launcher = new FakeWorkerLauncher();
        FakeProcessProbe probe = new FakeProcessProbe();
        // Three crashes before the breaker trips: the script's counts are written for a limit of 3.
        DispatchPolicy policy = DispatchPolicy.defaults().withFailureLimit(3);
        List<TickReport> ticks = new ArrayList<>();

        Task idle = board.tasks().create(NewTask.titled("idle").build()).task();
        clock.advance(Duration.ofSeconds(90));
        board.notifySubscriptions().subscribe(NotifyRequest.board(TargetType.WEBHOOK, "ops")
                .withKinds(List.of("crashed", "gave_up")));
        Task crasher = board.tasks().create(NewTask.titled("crasher").assignee("w1").build()).task();
        board.tasks().create(NewTask.titled("slow").assignee("w2").maxRuntime(Duration.ofMinutes(10)).build());
        board.tasks().create(NewTask.titled("child").assignee("w3").parent(idle.id()).build());

        ticks.add(board.dispatch().tick(policy, launcher, probe));
        for (int crash = 0; crash < 3; crash++) {
            probe.set(board.tasks().get(crasher.id()).workerPid(), Liveness.GONE);
            ticks.add(board.dispatch().tick(policy, launcher, probe));
        }
        clock.advance(Duration.ofMinutes(11));
        ticks.add(board.dispatch().tick(policy, launcher, probe));
        if (board.claims().claimNext("nobody").isPresent()) {
            throw new IllegalStateException("nothing is ready for 'nobody'");
        }
        return ticks;
    }
}
