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

    /** The dispatch rules the configuration sets (limits, failure limit), for front ends to adjust per call. */
    DispatchPolicy configuredPolicy(Map<String, String> env);

    /** One tick now, with real worker processes: what {@code kanban dispatch} runs. */
    TickReport tickOnce(Board board, Map<String, String> env, DispatchPolicy policy);

    /**
     * Starts the periodic dispatcher loop in this process; the handle stops it. A host calls this only when
     * {@link #enabledInHost(Map)} says so.
     */
    DispatcherHandle start(Board board, Map<String, String> env);

    /**
     * As {@link #start(Board, Map)}, with the dispatch rules and the tick interval given by the caller instead of
     * the configuration (what {@code kanban daemon --force --max N --failure-limit N --interval S} runs).
     *
     * @param policy the rules of every tick; a dry-run policy is refused
     * @param interval time between ticks, or null for the configured one
     */
    default DispatcherHandle start(Board board, Map<String, String> env, DispatchPolicy policy, Duration interval) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot start with a given policy");
    }

    /** {@code kanban.dispatch_in_gateway} from the config, overridden by {@code HERMES_KANBAN_DISPATCH_IN_GATEWAY}. */
    boolean enabledInHost(Map<String, String> env);

    /** What {@link #collectWorkerFiles} removed. */
    record WorkerFilesRemoved(int logs, int workspaces) {
    }

    /**
     * Deletes the worker files of the board at {@code boardLocation} that gc may remove: logs last written before
     * {@code logsBefore}, and the scratch workspaces of {@code archivedScratch} (never a {@code dir:} or worktree
     * workspace, which are not the dispatcher's to delete).
     */
    default WorkerFilesRemoved collectWorkerFiles(String boardLocation, Map<String, String> env, Instant logsBefore,
            List<String> archivedScratch) throws IOException {
        throw new UnsupportedOperationException(getClass().getName() + " keeps no worker files");
    }

    static Optional<DispatcherProvider> find() {
        return ServiceLoader.load(DispatcherProvider.class).findFirst();
    }
}
