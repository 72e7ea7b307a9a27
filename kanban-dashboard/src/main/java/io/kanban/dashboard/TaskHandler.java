package io.kanban.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.kanban.core.Board;
import io.kanban.core.error.ValidationError;
import io.kanban.core.model.BlockKind;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import io.kanban.core.model.TaskCard;
import io.kanban.core.model.TaskUpdate;
import io.kanban.core.model.TaskDetail;
import io.kanban.core.model.Workspace;
import io.kanban.core.Tasks;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One task: create, read in full, change, archive. Every rule is the core's; this parses and renders. */
final class TaskHandler {
    static final Set<String> CREATE_FIELDS = Set.of("title", "body", "assignee", "priority", "tenant", "parents",
            "skills", "triage", "initial_status", "workspace", "idempotency_key", "max_runtime_seconds", "model",
            "provider");
    static final Set<String> PATCH_FIELDS = Set.of("title", "body", "assignee", "priority", "status", "reason",
            "block_kind", "at", "model_override", "provider_override", "reasoning_effort");
    /** The fields a move by a verb of its own (a typed block, a due time, out of review) cannot be combined with. */
    private static final List<String> EDIT_FIELDS = List.of("title", "body", "assignee", "priority",
            "model_override", "provider_override", "reasoning_effort");
    static final String CREATED_BY = "dashboard";

    private final Board board;
    private final ObjectMapper mapper;
    private final VerbHandler verbs;

    TaskHandler(Board board, ObjectMapper mapper, VerbHandler verbs) {
        this.board = board;
        this.mapper = mapper;
        this.verbs = verbs;
    }

    void create(Context ctx) {
        JsonBody in = JsonBody.of(ctx, mapper, CREATE_FIELDS);
        Integer priority = in.integer("priority");
        Long maxRuntime = in.longValue("max_runtime_seconds");
        NewTask request = NewTask.titled(in.requireText("title"))
                .body(in.text("body"))
                .assignee(BoardHandler.blankToNull(in.text("assignee")))
                .priority(priority == null ? 0 : priority)
                .tenant(in.text("tenant"))
                .parents(in.texts("parents"))
                .skills(in.texts("skills"))
                .triage(in.bool("triage", false))
                .initialStatus(in.text("initial_status"))
                .workspace(Workspace.parse(in.text("workspace")))
                .idempotencyKey(in.text("idempotency_key"))
                .maxRuntime(maxRuntime == null ? null : Duration.ofSeconds(maxRuntime))
                .model(in.text("model"))
                .provider(in.text("provider"))
                .createdBy(CREATED_BY)
                .build();
        Tasks.Created created = board.tasks().create(request);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("task", created.task());
        out.put("card", TaskCard.of(created.task()));
        out.put("existing", created.existing());
        ctx.status(created.existing() ? 200 : 201).json(out);
    }

    /**
     * The detail record as every front end writes it, plus the task's {@code card} (its legal moves) and
     * {@code waiting_for}, the core's explanation of each unfinished parent.
     */
    void detail(Context ctx) {
        TaskDetail d = board.tasks().detail(ctx.pathParam("id"));
        ObjectNode out = mapper.valueToTree(d);
        out.set("card", mapper.valueToTree(TaskCard.of(d.task())));
        // Why it is not ready: "waiting for t_x (running, coder)", one line per unfinished parent.
        out.set("waiting_for", mapper.valueToTree(board.tasks().waitingFor(d.task().id())));
        ctx.json(out);
    }

    /**
     * Applies the given fields in one core transaction: a refused field leaves the task as it was. A status goes
     * through the manual-move table (done completes, forced; blocked blocks; scheduled schedules; review requests a
     * review, forced); three moves take a verb of their own, as the reference's PATCH does: blocked with
     * {@code block_kind} (a typed block), scheduled with {@code at} (a due time), and ready or todo from review
     * (reopen-review, which returns the task to its implementer). Those go alone, without edits.
     */
    void patch(Context ctx) {
        String id = ctx.pathParam("id");
        JsonBody in = JsonBody.of(ctx, mapper, PATCH_FIELDS);
        String title = in.text("title");
        String body = in.text("body");
        Integer priority = in.integer("priority");
        String reason = in.text("reason");
        Status status = in.has("status") ? Status.parse(in.requireText("status")) : null;
        String assignee = BoardHandler.blankToNull(in.text("assignee"));
        Optional<String> newAssignee = in.has("assignee") ? Optional.ofNullable(assignee) : null;
        // The reference's per-card model override: a model (null or "none" clears it) and, with it, its provider.
        Optional<String> model = in.has("model_override")
                ? Optional.ofNullable(BoardHandler.blankToNull(in.text("model_override"))) : null;
        String provider = BoardHandler.blankToNull(in.text("provider_override"));
        // The reference's per-card reasoning level: a level, or null / "default" to clear it.
        Optional<String> reasoning = in.has("reasoning_effort")
                ? Optional.ofNullable(BoardHandler.blankToNull(in.text("reasoning_effort"))) : null;
        Task task = byVerb(in, id, status, reason)
                .orElseGet(() -> board.tasks().update(id, new TaskUpdate(title, body, newAssignee, priority, status,
                        reason, model, provider, reasoning)));
        ctx.json(Map.of("task", task, "card", TaskCard.of(task)));
    }

    /** The move by its own verb, or empty when the plain update applies. */
    private Optional<Task> byVerb(JsonBody in, String id, Status status, String reason) {
        String kind = in.text("block_kind");
        if (kind != null && status != Status.BLOCKED) {
            throw ApiError.badRequest("block_kind", "goes only with status blocked");
        }
        if (in.text("at") != null && status != Status.SCHEDULED) {
            throw ApiError.badRequest("at", "goes only with status scheduled");
        }
        boolean typedBlock = kind != null;
        boolean due = status == Status.SCHEDULED && in.text("at") != null;
        boolean outOfReview = (status == Status.READY || status == Status.TODO)
                && board.tasks().get(id).status() == Status.REVIEW;
        if (!typedBlock && !due && !outOfReview) {
            return Optional.empty();
        }
        for (String field : EDIT_FIELDS) {
            if (in.has(field)) {
                throw ApiError.badRequest(field, "send edits in their own request when moving to "
                        + status.wire() + (typedBlock ? " with block_kind" : due ? " with at" : " out of review"));
            }
        }
        if (typedBlock) {
            BlockKind parsed;
            try {
                parsed = BlockKind.parse(kind);
            } catch (ValidationError e) {
                throw ApiError.badRequest("block_kind", e.getMessage());
            }
            return Optional.of(board.claims().block(id, reason == null ? "moved to blocked by hand" : reason, parsed,
                    null, null));
        }
        if (due) {
            return Optional.of(board.claims().schedule(id, reason, verbs.dueTime(in), null));
        }
        return Optional.of(board.tasks().reopenReview(id, reason));
    }

    /** DELETE archives (the core keeps every task's history; {@code kanban gc} removes archived ones later). */
    void archive(Context ctx) {
        Task task = board.tasks().archive(ctx.pathParam("id"));
        ctx.json(Map.of("task", task, "card", TaskCard.of(task)));
    }

    void events(Context ctx) {
        int limit = ctx.queryParam("limit") == null ? 100 : parseInt("limit", ctx.queryParam("limit"));
        if (limit < 1) {
            throw ApiError.badRequest("limit", "must be at least 1, got " + limit);
        }
        ctx.json(Map.of("events", board.events().forTask(ctx.pathParam("id"), limit)));
    }

    static int parseInt(String field, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(field, "must be an integer, got '" + value + "'");
        }
    }
}
