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

    public static DispatchHost none(String why) {
        return new DispatchHost(Optional.empty(), why);
    }

    public static DispatchHost of(DispatcherHandle handle) {
        return new DispatchHost(Optional.of(handle), null);
    }

    /** Starts the provider's loop when one is on the classpath and the configuration asks for it. */
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
