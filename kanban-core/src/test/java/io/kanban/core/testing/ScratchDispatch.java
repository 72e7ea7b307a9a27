package io.kanban.core.testing;

import io.kanban.core.Board;
import io.kanban.core.dispatch.DispatchPolicy;
import io.kanban.core.dispatch.TickReport;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Task;

/**
 * The dispatcher of a test's {@link ScratchBoard}, on fakes the test scripts: ticks start no process, and the host
 * reports the pids and memory the test gives it. {@link OnEachBackend} hands one to a test that takes it as a
 * constructor or method parameter, on the same scratch board as a {@link ScratchBoard} parameter.
 */
public final class ScratchDispatch {
    private final ScratchBoard scratch;
    private final FakeWorkerLauncher launcher = new FakeWorkerLauncher();
    private final FakeProcessProbe probe = new FakeProcessProbe();

    /**
     * A dispatcher on {@code scratch}'s board.
     *
     * @param scratch the test's board
     */
    public ScratchDispatch(ScratchBoard scratch) {
        this.scratch = scratch;
    }

    /**
     * The test's board.
     *
     * @return the board the ticks dispatch from
     */
    public Board board() {
        return scratch.board();
    }

    /**
     * The clock the board reads.
     *
     * @return the scratch board's clock
     */
    public SettableClock clock() {
        return scratch.clock();
    }

    /**
     * The launcher the ticks start workers through.
     *
     * @return the fake launcher, for scripting failures and reading launches
     */
    public FakeWorkerLauncher launcher() {
        return launcher;
    }

    /**
     * The host as the ticks see it.
     *
     * @return the fake probe, for scripting live pids and memory
     */
    public FakeProcessProbe probe() {
        return probe;
    }

    /**
     * One dispatcher tick on the board.
     *
     * @param policy the policy of this tick
     * @return what the tick did
     */
    public TickReport tick(DispatchPolicy policy) {
        return board().dispatch().tick(policy, launcher, probe);
    }

    /**
     * A ready card for a worker profile.
     *
     * @param title the card's title
     * @param assignee the profile it is assigned to
     * @return the card as created
     */
    public Task card(String title, String assignee) {
        return board().tasks().create(NewTask.titled(title).assignee(assignee).build()).task();
    }
}
