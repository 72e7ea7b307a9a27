package io.kanban.dashboard;

import io.kanban.core.Board;
import io.kanban.core.spi.DispatcherHandle;
import io.kanban.core.spi.DispatcherProvider;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The dispatcher this dashboard hosts, if any: found through {@link DispatcherProvider#find()} and started only
 * when the configuration enables {@code kanban.dispatch_in_gateway}, as the reference's gateway does.
 */
public record DispatchHost(Optional<DispatcherHandle> handle, String whyAbsent) implements AutoCloseable {
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    /**
     * No hosted dispatcher.
     *
     * @param why what to tell the user
     * @return the host
     */
    public static DispatchHost none(String why) {
        return new DispatchHost(Optional.empty(), why);
    }

    /**
     * A hosted dispatcher.
     *
     * @param handle the running dispatcher
     * @return the host
     */
    public static DispatchHost of(DispatcherHandle handle) {
        return new DispatchHost(Optional.of(handle), null);
    }

    /**
     * Starts the provider's loop when one is on the classpath and the configuration asks for it.
     *
     * @param board the board to dispatch
     * @param env the environment
     * @param provider the dispatcher provider, if any
     * @return the host, with the dispatcher or the reason it is absent
     */
    public static DispatchHost start(Board board, Map<String, String> env, Optional<DispatcherProvider> provider) {
        if (provider.isEmpty()) {
            return none("no dispatcher in this dashboard: kanban-dispatcher is not on the classpath; "
                    + "run 'kanban dispatch' or a dispatcher daemon instead");
        }
        if (!provider.get().enabledInHost(env)) {
            return none("the dispatcher does not run inside the dashboard (kanban.dispatch_in_gateway is false); "
                    + "enable it in the config or HERMES_KANBAN_DISPATCH_IN_GATEWAY=1, or run 'kanban dispatch'");
        }
        return of(provider.get().start(board, env));
    }

    @Override
    public void close() {
        handle.ifPresent(h -> h.stop(STOP_TIMEOUT));
    }
}
