package io.kanban.dashboard;

import io.javalin.http.Context;
import io.kanban.core.spi.DispatcherHandle;
import io.kanban.core.dispatch.TickReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/dispatch} and {@code POST /api/dispatch/nudge}: the in-process dispatcher's state and a tick now.
 * A dispatcher serving every board of the home answers with the last tick of the board {@code ?board=} names.
 */
final class DispatchHandler {
    private final Optional<DispatcherHandle> dispatcher;
    private final String whyAbsent;

    DispatchHandler(Optional<DispatcherHandle> dispatcher, String whyAbsent) {
        this.dispatcher = dispatcher;
        this.whyAbsent = whyAbsent;
    }

    void nudge(Context ctx) {
        DispatcherHandle handle = dispatcher.orElseThrow(() -> new ApiError(409, "no_dispatcher", whyAbsent));
        if (!handle.isRunning()) {
            throw new ApiError(409, "no_dispatcher", "the in-process dispatcher has stopped");
        }
        handle.nudge();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("nudged", true);
        out.put("last_tick", lastTick(handle, ctx).orElse(null));
        ctx.status(202).json(out);
    }

    void status(Context ctx) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("in_process", dispatcher.isPresent() && dispatcher.get().isRunning());
        out.put("detail", dispatcher.isPresent() ? "dispatcher running in this dashboard" : whyAbsent);
        out.put("last_tick", dispatcher.flatMap(h -> lastTick(h, ctx)).orElse(null));
        dispatcher.map(DispatcherHandle::lastTickByBoard).filter(m -> !m.isEmpty())
                .ifPresent(m -> out.put("boards", List.copyOf(m.keySet())));
        ctx.json(out);
    }

    /** The one board's last tick, or the last tick of the board this request is scoped to. */
    private static Optional<TickReport> lastTick(DispatcherHandle handle, Context ctx) {
        Optional<TickReport> own = handle.lastTick();
        if (own.isPresent()) {
            return own;
        }
        String slug = DashboardApp.scopeSlug(ctx);
        return slug == null ? Optional.empty() : Optional.ofNullable(handle.lastTickByBoard().get(slug));
    }
}
