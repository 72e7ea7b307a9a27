package io.kanban.dashboard;

import io.javalin.http.Context;
import io.kanban.core.spi.DispatcherHandle;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** POST /api/dispatch/nudge: asks the in-process dispatcher for a tick now. */
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
        out.put("last_tick", handle.lastTick().orElse(null));
        ctx.status(202).json(out);
    }

    void status(Context ctx) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("in_process", dispatcher.isPresent() && dispatcher.get().isRunning());
        out.put("detail", dispatcher.isPresent() ? "dispatcher running in this dashboard" : whyAbsent);
        out.put("last_tick", dispatcher.flatMap(DispatcherHandle::lastTick).orElse(null));
        ctx.json(out);
    }
}
