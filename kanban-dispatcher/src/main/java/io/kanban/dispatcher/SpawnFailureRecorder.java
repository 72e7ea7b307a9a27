package io.kanban.dispatcher;

import io.kanban.core.Board;
import io.kanban.core.dispatch.DispatchPolicy;
import io.kanban.core.dispatch.ExitRules;
import io.kanban.core.model.EventKind;
import io.kanban.core.model.Run;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an early worker exit into a spawn failure on the board (counted by core's circuit breaker), unless the
 * worker touched its task first: a finished run, a heartbeat or any event of its own on the run means it did
 * start working. Exits 0, 75 and 78 are left to core's crash sweep, which has rules for them.
 */
final class SpawnFailureRecorder implements EarlyExit.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(SpawnFailureRecorder.class);
    private static final int RECENT_EVENTS = 50;
    private static final Set<String> DISPATCHER_KINDS = Set.of(EventKind.CLAIMED.wire(), EventKind.SPAWNED.wire());

    private final Board board;
    private final DispatchPolicy policy;
    private volatile boolean closed;

    public SpawnFailureRecorder(Board board, DispatchPolicy policy) {
        this.board = board;
        this.policy = policy;
    }

    /** After this, exits are left to the next tick's crash sweep (the host may be closing the board). */
    public void close() {
        closed = true;
    }

    @Override
    public void onEarlyExit(EarlyExit exit) {
        if (closed) {
            return;
        }
        if (ExitRules.Kind.of(exit.exitCode()) != ExitRules.Kind.NONZERO_EXIT) {
            // 0, 75 and 78 say how the attempt went (no report, rate limit, terminal provider error): the crash
            // sweep judges them with the reference's rules instead of calling them spawn failures.
            return;
        }
        Run run = board.runs().get(exit.runId());
        if (!run.isOpen() || run.lastHeartbeatAt() != null || workerWroteEvents(exit)) {
            return;
        }
        boolean gaveUp = board.dispatch().recordSpawnFailure(exit.taskId(), exit.runId(), exit.message(), policy);
        LOG.warn("spawn failure for {} (run {}): {}{}", exit.taskId(), exit.runId(), exit.message(),
                gaveUp ? "; circuit breaker open, task blocked" : "");
    }

    /** Anything on the run besides the dispatcher's own claimed/spawned events came from the worker. */
    private boolean workerWroteEvents(EarlyExit exit) {
        return board.events().forTask(exit.taskId(), RECENT_EVENTS).stream()
                .anyMatch(e -> e.runId() != null && e.runId() == exit.runId()
                        && !DISPATCHER_KINDS.contains(e.kind()));
    }
}
