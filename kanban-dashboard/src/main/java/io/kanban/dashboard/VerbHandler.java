package io.kanban.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.kanban.core.Board;
import io.kanban.core.Claims.ReviewRequest;
import io.kanban.core.DueTime;
import io.kanban.core.model.Task;
import io.kanban.core.model.TaskCard;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The operator's verbs on one task, the reference's routes (HERMES-UPSTREAM §6): reclaim, reassign, promote,
 * schedule, request-review, request-changes, and the descendants a reopen would invalidate; and unblock, the
 * diagnostics panel's fix for a blocked card (the CLI's {@code kanban unblock}). Each parses its body,
 * calls one core verb, and answers the task and its card; the core refuses what its table does not allow.
 */
final class VerbHandler {
    static final String ACTOR = "dashboard";

    private final Board board;
    private final ObjectMapper mapper;
    private final Clock clock;

    VerbHandler(Board board, ObjectMapper mapper, Clock clock) {
        this.board = board;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** Takes a running task back from its worker (the run closes as reclaimed, the failure count resets). */
    void reclaim(Context ctx) {
        JsonBody in = JsonBody.optional(ctx, mapper, Set.of("reason"));
        answer(ctx, board.tasks().reclaim(ctx.pathParam("id"), in.text("reason")));
    }

    /**
     * Blocked or scheduled back to ready (todo while a parent is open) with a fresh failure count, writing
     * {@code unblocked} as {@code kanban unblock} does, so a block/unblock cycle is still seen.
     */
    void unblock(Context ctx) {
        JsonBody.optional(ctx, mapper, Set.of());
        answer(ctx, board.claims().unblock(ctx.pathParam("id")));
    }

    /** {@code profile} null or empty unassigns; a running task needs {@code reclaim_first}. */
    void reassign(Context ctx) {
        JsonBody in = JsonBody.of(ctx, mapper, Set.of("profile", "reclaim_first", "reason"));
        if (!in.has("profile")) {
            throw ApiError.badRequest("profile", "is required (null or \"\" to unassign)");
        }
        String profile = BoardHandler.blankToNull(in.text("profile"));
        answer(ctx, board.tasks().reassign(ctx.pathParam("id"), profile, in.bool("reclaim_first", false),
                in.text("reason")));
    }

    /** Todo or blocked to ready when every parent is finished; {@code dry_run} only checks. */
    void promote(Context ctx) {
        JsonBody in = JsonBody.optional(ctx, mapper, Set.of("dry_run", "reason"));
        boolean dryRun = in.bool("dry_run", false);
        Task task = board.tasks().promote(ctx.pathParam("id"), in.text("reason"), ACTOR, dryRun);
        Map<String, Object> out = body(task);
        out.put("dry_run", dryRun);
        ctx.json(out);
    }

    /** Parks the task in scheduled; with {@code at} (ISO-8601 or +2h) the dispatcher wakes it when due. */
    void schedule(Context ctx) {
        JsonBody in = JsonBody.optional(ctx, mapper, Set.of("reason", "at"));
        answer(ctx, board.claims().schedule(ctx.pathParam("id"), in.text("reason"), dueTime(in), null));
    }

    /** A person's request is forced only when asked: a live worker's task is refused without {@code force}. */
    void requestReview(Context ctx) {
        JsonBody in = JsonBody.of(ctx, mapper, Set.of("summary", "reviewer", "metadata", "force"));
        ReviewRequest request = new ReviewRequest(in.requireText("summary"),
                BoardHandler.blankToNull(in.text("reviewer")), metadata(in), null, in.bool("force", false));
        answer(ctx, board.claims().requestReview(ctx.pathParam("id"), request));
    }

    /** Only a reviewer's run (claimed from review) may send the task back; the core says so otherwise. */
    void requestChanges(Context ctx) {
        JsonBody in = JsonBody.of(ctx, mapper, Set.of("reason"));
        answer(ctx, board.claims().requestChanges(ctx.pathParam("id"), in.requireText("reason"), null));
    }

    /** What moving a done task back would send to todo, for the page's confirmation; empty unless done. */
    void reopenImpact(Context ctx) {
        String id = ctx.pathParam("id");
        List<Map<String, Object>> invalidated = board.tasks().reopenImpact(id).stream().map(t -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", t.id());
            row.put("title", t.title());
            row.put("status", t.status());
            row.put("assignee", t.assignee());
            return row;
        }).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("task_id", id);
        out.put("invalidated", invalidated);
        ctx.json(out);
    }

    /** The due time in {@code at}, or null when absent; the core's parser, so every front end reads it alike. */
    Instant dueTime(JsonBody in) {
        String at = in.text("at");
        return at == null ? null : DueTime.parse(at, clock.instant());
    }

    /** An object, or its JSON text; the core checks it is an object. */
    private String metadata(JsonBody in) {
        JsonNode v = in.node("metadata");
        if (v == null || v.isNull()) {
            return null;
        }
        return v.isTextual() ? v.asText() : v.toString();
    }

    private static Map<String, Object> body(Task task) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("task", task);
        out.put("card", TaskCard.of(task));
        return out;
    }

    private static void answer(Context ctx, Task task) {
        ctx.json(body(task));
    }
}
