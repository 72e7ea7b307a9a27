package io.kanban.dispatcher;

import io.kanban.core.Board;
import io.kanban.core.dispatch.DispatchPolicy;
import io.kanban.core.dispatch.TickReport;
import io.kanban.core.spi.DispatcherHandle;
import io.kanban.core.spi.DispatcherProvider;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The dispatcher front ends find through {@link java.util.ServiceLoader}: real worker processes, configured from
 * the {@code kanban:} section of {@code $HERMES_HOME/config.yaml}.
 */
public final class ProcessDispatcherProvider implements DispatcherProvider {

    @Override
    public DispatchPolicy configuredPolicy(Map<String, String> env) {
        return ConfigFile.load(env).policy();
    }

    /**
     * One tick; returns once it is done while the workers carry on. A worker that dies in its first seconds is
     * recorded by this process if it is still running then, else by the next tick's crash sweep.
     */
    @Override
    public TickReport tickOnce(Board board, Map<String, String> env, DispatchPolicy policy) {
        DispatcherConfig config = ConfigFile.load(env);
        ProcessWorkerLauncher launcher = new ProcessWorkerLauncher(config, env,
                ProcessWorkerLauncher.findSetsid().orElse(null), new SpawnFailureRecorder(board, policy),
                board.options().clock());
        TickReport report;
        // The home's other boards count against the host-wide caps, as the loop counts them.
        try (HomeLoad home = new HomeLoad(board.location(), env)) {
            report = board.dispatch().tick(policy, launcher, new ProcfsProcessProbe(), home.read());
        }
        // A one-shot tick (cron, a script) is a dispatcher too: it records newly stuck tasks like the loop does.
        board.health().check(report, policy, config.stuckThreshold());
        return report;
    }

    /** One fair tick over every board of the home ({@link MultiBoardDispatcher}). */
    @Override
    public Map<String, TickReport> tickAllBoards(Map<String, String> env, DispatchPolicy policy) {
        DispatcherConfig config = ConfigFile.load(env).withPolicy(policy.withDryRun(false));
        io.kanban.core.boards.Boards boards = new io.kanban.core.boards.Boards(
                io.kanban.core.boards.BoardLayout.of(env));
        try (MultiBoardDispatcher dispatcher = MultiBoardDispatcher.create(boards, config, env)) {
            return dispatcher.tickOnce(policy.dryRun()).boards();
        }
    }

    /**
     * The loop over every board of the home ({@link MultiBoardService}), with a notifier beside each board when
     * {@code kanban.notify} has targets and each board's stuck-queue check after every round.
     */
    @Override
    public DispatcherHandle startAllBoards(io.kanban.core.boards.Boards boards, Map<String, String> env,
                                           DispatchPolicy policy, Duration interval) {
        DispatcherConfig config = ConfigFile.load(env).withPolicy(policy);
        return new MultiBoardService(MultiBoardDispatcher.create(boards, config, env),
                interval != null ? interval : config.dispatchInterval(),
                BoardNotifiers.configured(env).orElse(null),
                new BoardHealth(config.policy(), config.stuckThreshold())).start();
    }

    /** The dispatcher loop, with the notifier beside it when {@code kanban.notify} has targets. */
    @Override
    public DispatcherHandle start(Board board, Map<String, String> env) {
        return DispatcherWithNotifier.attach(DispatcherService.start(board, ConfigFile.load(env), env), board, env);
    }

    /** The same with a policy and interval given by the host (e.g. {@code kanban daemon --force --max 2}). */
    @Override
    public DispatcherHandle start(Board board, Map<String, String> env, DispatchPolicy policy, Duration interval) {
        DispatcherConfig config = ConfigFile.load(env).withPolicy(policy);
        if (interval != null) {
            config = config.toBuilder().dispatchInterval(interval).build();
        }
        return DispatcherWithNotifier.attach(DispatcherService.start(board, config, env), board, env);
    }

    @Override
    public io.kanban.core.spi.ProcessProbe processProbe() {
        return new ProcfsProcessProbe();
    }

    @Override
    public io.kanban.core.spi.WorkerLauncher workerLauncher(Board board, Map<String, String> env) {
        return new ProcessWorkerLauncher(ConfigFile.load(env), env, null, null, board.options().clock());
    }

    @Override
    public boolean enabledInHost(Map<String, String> env) {
        return ConfigFile.load(env).dispatchInGateway();
    }

    @Override
    public WorkerFilesRemoved collectWorkerFiles(String boardLocation, Map<String, String> env, Instant logsBefore,
            List<String> archivedScratch) throws IOException {
        WorkerFiles files = new WorkerFiles(BoardHome.files(boardLocation, env));
        return new WorkerFilesRemoved(files.deleteLogsBefore(logsBefore), files.deleteScratch(archivedScratch));
    }
}
