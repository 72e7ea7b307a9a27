package io.kanban.core.spi;

import io.kanban.core.Board;
import io.kanban.core.dispatch.DispatchPolicy;
import io.kanban.core.dispatch.TickReport;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * How front ends get a dispatcher without compiling against one: kanban-dispatcher registers an implementation
 * under {@code META-INF/services/io.kanban.core.spi.DispatcherProvider}; the CLI and the dashboard find it with
 * {@link #find()}. Configuration comes from {@code env} (its {@code HERMES_HOME} names the config file).
 */
public interface DispatcherProvider {

    /**
     * The dispatch rules the configuration sets (limits, failure limit), for front ends to adjust per call.
     *
     * @param env the process environment; its {@code HERMES_HOME} names the config file
     * @return the configured rules
     */
    DispatchPolicy configuredPolicy(Map<String, String> env);

    /**
     * One tick now, with real worker processes: what {@code kanban dispatch} runs.
     *
     * @param board the board to dispatch
     * @param env the process environment; its {@code HERMES_HOME} names the config file
     * @param policy the rules of this tick (a dry-run policy starts nothing)
     * @return what the tick did
     */
    TickReport tickOnce(Board board, Map<String, String> env, DispatchPolicy policy);

    /**
     * One tick now over every board of the Hermes home {@code env} names, sharing {@code policy}'s global limit
     * fairly among them (what {@code kanban dispatch --all-boards} runs).
     *
     * @param env the process environment; its {@code HERMES_HOME} names the home and the config file
     * @param policy the rules of this tick: the global limit spans every board, max spawns applies per board
     * @return what the tick did on each board, by slug
     */
    default Map<String, TickReport> tickAllBoards(Map<String, String> env, DispatchPolicy policy) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot dispatch several boards");
    }

    /**
     * Starts a loop that ticks every board of the Hermes home {@code env} names, as {@link #tickAllBoards} does once
     * ({@code kanban daemon --force --all-boards}); boards made while it runs are served from the next tick.
     *
     * @param env the process environment; its {@code HERMES_HOME} names the home and the config file
     * @param policy the rules: the global limit spans every board, max spawns applies per board
     * @param interval time between ticks, or null for the configured one
     * @return the running loop
     */
    default DispatcherHandle startAllBoards(Map<String, String> env, DispatchPolicy policy, Duration interval) {
        return startAllBoards(new io.kanban.core.boards.Boards(io.kanban.core.boards.BoardLayout.of(env)), env, policy,
                interval);
    }

    /**
     * As {@link #startAllBoards(Map, DispatchPolicy, Duration)} on the boards of {@code boards}, the home a host
     * (the dashboard) already serves; a notifier runs beside each board when {@code kanban.notify} has targets.
     *
     * @param boards the home whose boards are ticked
     * @param env the process environment; its {@code HERMES_HOME} names the config file
     * @param policy the rules: the global limit spans every board, max spawns applies per board
     * @param interval time between ticks, or null for the configured one
     * @return the running loop
     */
    default DispatcherHandle startAllBoards(io.kanban.core.boards.Boards boards, Map<String, String> env,
                                            DispatchPolicy policy, Duration interval) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot dispatch several boards");
    }

    /**
     * Starts the periodic dispatcher loop in this process; the handle stops it. A host calls this only when
     * {@link #enabledInHost(Map)} says so.
     *
     * @param board the board to dispatch
     * @param env the process environment; its {@code HERMES_HOME} names the config file
     * @return the running loop
     */
    DispatcherHandle start(Board board, Map<String, String> env);

    /**
     * As {@link #start(Board, Map)}, with the dispatch rules and the tick interval given by the caller instead of
     * the configuration (what {@code kanban daemon --force --max N --failure-limit N --interval S} runs).
     *
     * @param board the board to dispatch
     * @param env the process environment; its {@code HERMES_HOME} names the config file
     * @param policy the rules of every tick; a dry-run policy is refused
     * @param interval time between ticks, or null for the configured one
     * @return the running loop
     */
    default DispatcherHandle start(Board board, Map<String, String> env, DispatchPolicy policy, Duration interval) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot start with a given policy");
    }

    /**
     * {@code kanban.dispatch_in_gateway} from the config, overridden by {@code HERMES_KANBAN_DISPATCH_IN_GATEWAY}.
     *
     * @param env the process environment; its {@code HERMES_HOME} names the config file
     * @return whether a host (the dashboard) should run the dispatcher
     */
    boolean enabledInHost(Map<String, String> env);

    /**
     * What {@link #collectWorkerFiles} removed.
     *
     * @param logs worker log files deleted
     * @param workspaces scratch workspace directories deleted
     */
    record WorkerFilesRemoved(int logs, int workspaces) {
    }

    /**
     * Deletes the worker files of the board at {@code boardLocation} that gc may remove: logs last written before
     * {@code logsBefore}, and the scratch workspaces of {@code archivedScratch} (never a {@code dir:} or worktree
     * workspace, which are not the dispatcher's to delete).
     *
     * @param boardLocation the board's file or URL, which says where its worker files live
     * @param env the process environment ({@code HERMES_HOME})
     * @param logsBefore logs last written before this go
     * @param archivedScratch ids of archived tasks whose scratch workspaces go
     * @return how many files and directories were removed
     * @throws IOException when a file cannot be read or deleted
     */
    default WorkerFilesRemoved collectWorkerFiles(String boardLocation, Map<String, String> env, Instant logsBefore,
            List<String> archivedScratch) throws IOException {
        throw new UnsupportedOperationException(getClass().getName() + " keeps no worker files");
    }

    /**
     * This host's process probe: whether a worker pid lives, and the host's memory.
     *
     * @return the probe; the default asks {@link ProcessHandle} and knows no memory figures
     */
    default ProcessProbe processProbe() {
        return pid -> ProcessHandle.of(pid).map(h -> h.isAlive() ? Liveness.ALIVE : Liveness.GONE)
                .orElse(Liveness.GONE);
    }

    /**
     * A launcher configured from {@code env}, for stopping this host's workers by hand (a terminate from the
     * dashboard); it starts nothing by itself.
     *
     * @param board the board the workers work on
     * @param env the environment to read the launcher's settings from
     * @return the launcher
     * @throws UnsupportedOperationException if the provider cannot stop workers (the default)
     */
    default WorkerLauncher workerLauncher(Board board, Map<String, String> env) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot stop workers");
    }

    /** @return the provider on the class path (kanban-dispatcher), if any */
    static Optional<DispatcherProvider> find() {
        return ServiceLoader.load(DispatcherProvider.class).findFirst();
    }
}
