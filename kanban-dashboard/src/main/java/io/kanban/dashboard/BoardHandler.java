package io.kanban.dashboard;

import io.javalin.http.Context;
import io.kanban.core.Board;
import io.kanban.core.Limits;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import io.kanban.core.model.TaskFilter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** GET /api/board: every column with its cards, and the event cursor the live stream continues from. */
final class BoardHandler {
    private final Board board;
    private final Clock clock;

    BoardHandler(Board board, Clock clock) {
        this.board = board;
        this.clock = clock;
    }

    void get(Context ctx) {
        String tenant = Limits.label("tenant", blankToNull(ctx.queryParam("tenant")));
        String assignee = Limits.profile("assignee", blankToNull(ctx.queryParam("assignee")));
        boolean archived = flag(ctx, "archived");
        // Read the cursor first: an event landing while we list is then replayed, never missed.
        long cursor = board.events().latestId();
        TaskFilter filter = TaskFilter.all().withTenant(tenant).withAssignee(assignee).withArchived(archived);
        List<Task> tasks = board.tasks().list(filter);
        Map<Status, List<Views.Card>> byStatus = new EnumMap<>(Status.class);
        for (Task t : tasks) {
            byStatus.computeIfAbsent(t.status(), s -> new ArrayList<>()).add(Views.card(t));
        }
        List<Status> shown = new ArrayList<>(Statuses.COLUMNS);
        if (archived) {
            shown.add(Status.ARCHIVED);
        }
        // Statuses newer kernels write (scheduled, review) still show, after ours.
        byStatus.keySet().stream().filter(s -> !shown.contains(s)).forEach(shown::add);
        List<Map<String, Object>> columns = new ArrayList<>();
        for (Status s : shown) {
            List<Views.Card> cards = byStatus.getOrDefault(s, List.of());
            Map<String, Object> column = new LinkedHashMap<>();
            column.put("status", s.wire());
            column.put("count", cards.size());
            column.put("cards", cards);
            columns.add(column);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("columns", columns);
        out.put("total", tasks.size());
        out.put("latest_event_id", cursor);
        out.put("filters", filters(tenant, assignee, archived));
        out.put("now", clock.instant()); // the page tints stale cards against the server's clock
        ctx.json(out);
    }

    private static Map<String, Object> filters(String tenant, String assignee, boolean archived) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("tenant", tenant);
        f.put("assignee", assignee);
        f.put("archived", archived);
        return f;
    }

    static boolean flag(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty() || v.equals("false") || v.equals("0")) {
            return false;
        }
        if (v.equals("true") || v.equals("1")) {
            return true;
        }
        throw ApiError.badRequest(name, "must be true or false, got '" + v + "'");
    }

    static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v;
    }
}
