package io.kanban.dashboard;

import io.javalin.http.Context;
import io.kanban.core.Board;
import io.kanban.core.Diagnostics.Query;
import io.kanban.core.Lifecycle;
import io.kanban.core.model.Diagnostic.Severity;
import io.kanban.core.model.Status;
import io.kanban.core.wire.BoardColumns;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Read-only reports: counts, the assignee roster, tasks needing attention, the legal moves. */
final class ReportHandler {
    static final Duration DEFAULT_STUCK = Duration.ofMinutes(30);

    private final Board board;
    private final java.util.function.Supplier<? extends java.util.List<?>> notifyTroubles;

    private final int failureLimit;

    ReportHandler(Board board) {
        this(board, java.util.List::of, io.kanban.core.dispatch.DispatchPolicy.DEFAULT_FAILURE_LIMIT);
    }

    /** {@code failureLimit}: the dispatcher's configured one, the threshold of {@code repeated_failures}. */
    ReportHandler(Board board, java.util.function.Supplier<? extends java.util.List<?>> notifyTroubles,
            int failureLimit) {
        this.board = board;
        this.notifyTroubles = notifyTroubles;
        this.failureLimit = failureLimit;
    }

    void stats(Context ctx) {
        ctx.json(board.tasks().stats());
    }

    void assignees(Context ctx) {
        ctx.json(Map.of("assignees", board.tasks().assignees()));
    }

    void warnings(Context ctx) {
        String minutes = ctx.queryParam("stuck_minutes");
        Duration stuck = DEFAULT_STUCK;
        if (minutes != null) {
            int m = TaskHandler.parseInt("stuck_minutes", minutes);
            if (m < 1) {
                throw ApiError.badRequest("stuck_minutes", "must be at least 1");
            }
            stuck = Duration.ofMinutes(m);
        }
        ctx.json(Map.of("warnings", board.tasks().attention(stuck), "stuck_minutes", stuck.toMinutes(),
                "notify", notifyTroubles.get()));
    }

    /** {@code GET /api/diagnostics?severity=&task=}: what needs a person, with the actions that fix it. */
    void diagnostics(Context ctx) {
        Query query = Query.all().withFailureLimit(failureLimit).withTask(ctx.queryParam("task"));
        String severity = ctx.queryParam("severity");
        if (severity != null) {
            query = query.withMinSeverity(Severity.parse(severity).orElseThrow(() -> ApiError.badRequest("severity",
                    "must be info, warning or error, got '" + severity + "'")));
        }
        ctx.json(Map.of("diagnostics", board.diagnostics().list(query)));
    }

    /**
     * The lifecycle as the page builds itself from it: every status in board order, the columns, where a new task
     * can start, the legal moves from each status and the statuses each verb applies from, so the page knows which
     * drops are legal and which verbs to offer before asking.
     */
    void lifecycle(Context ctx) {
        Map<String, Object> moves = new LinkedHashMap<>();
        for (Status s : BoardColumns.ORDER) {
            moves.put(s.wire(), BoardColumns.moves(s));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("statuses", BoardColumns.ORDER);
        out.put("columns", BoardColumns.COLUMNS);
        out.put("initial", BoardColumns.INITIAL);
        out.put("moves", moves);
        // Where a drop moves a card at once; the page asks for a summary or a due time before the other moves.
        out.put("drop_targets", Lifecycle.dropTargets());
        out.put("running_by_hand", Lifecycle.allows(Status.READY, Status.RUNNING));
        // Where each verb applies, so the card drawer offers a verb's button only where the table allows it.
        out.put("verbs", BoardColumns.VERBS);
        ctx.json(out);
    }
}
