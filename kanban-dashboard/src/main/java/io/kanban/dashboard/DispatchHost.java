package io.kanban.dashboard;

import io.kanban.core.Board;
import io.kanban.core.boards.Boards;
import io.kanban.core.spi.DispatcherHandle;
import io.kanban.core.spi.DispatcherProvider;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The dispatcher this dashboard hosts, if any: found through {@link DispatcherProvider#find()} and started only
 * when the configuration enables {@code kanban.dispatch_in_gateway}, as the reference's gateway does. On a Hermes
 * home it ticks every board of the home ({@link #startHome}); on a board named by {@code --db}, that board.
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
     * Starts the provider's loop on the one board the dashboard serves (named by {@code --db}) when a provider is on
     * the classpath and the configuration asks for it.
     *
     * @param board the board to dispatch
     * @param env the environment
     * @param provider the dispatcher provider, if any
     * @return the host, with the dispatcher or the reason it is absent
     */
    public static DispatchHost start(Board board, Map<String, String> env, Optional<DispatcherProvider> provider) {
        return absence(env, provider).orElseGet(() -> of(provider.get().start(board, env)));
    }

    /**
     * Starts one loop over every board of the Hermes home the dashboard serves, as the reference's gateway does:
     * each round ticks every board, fairly, with a notifier beside each, and a board created while the dashboard
     * runs is served from the next round.
     *
     * @param boards the Hermes home whose boards are dispatched
     * @param env the environment
     * @param provider the dispatcher provider, if any
     * @return the host, with the dispatcher or the reason it is absent
     */
    public static DispatchHost startHome(Boards boards, Map<String, String> env,
                                         Optional<DispatcherProvider> provider) {
        return absence(env, provider).orElseGet(() -> of(provider.get().startAllBoards(boards, env,
                provider.get().configuredPolicy(env), null)));
    }

    private static Optional<DispatchHost> absence(Map<String, String> env, Optional<DispatcherProvider> provider) {
        if (provider.isEmpty()) {
            return Optional.of(none("no dispatcher in this dashboard: kanban-dispatcher is not on the classpath; "
                    + "run 'kanban dispatch' or a dispatcher daemon instead"));
        }
        if (!provider.get().enabledInHost(env)) {
            return Optional.of(none("the dispatcher does not run inside the dashboard (kanban.dispatch_in_gateway"
                    + " is false); enable it in the config or HERMES_KANBAN_DISPATCH_IN_GATEWAY=1, or run"
                    + " 'kanban dispatch'"));
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        handle.ifPresent(h -> h.stop(STOP_TIMEOUT));
    }
}
