package io.kanban.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kanban.core.Limits;
import io.kanban.core.Tasks;
import io.kanban.core.error.KanbanException;
import io.kanban.core.error.ValidationError;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Workspace;
import io.kanban.core.model.WorkspaceKind;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** kanban_create: fans work out to other profiles as new tasks, usually children of the worker's own task. */
final class CreateTool implements KanbanTool {
    private static final Logger LOG = LoggerFactory.getLogger(CreateTool.class);

    @Override
    public String name() {
        return "kanban_create";
    }

    @Override
    public String description() {
        return "Create a new kanban task for another profile (agent) instead of doing work that is not yours."
                + " Name the profile in assignee; put everything the other agent needs in body, since it starts"
                + " with no memory of your session. List parents the new task must wait for, usually your own task"
                + " id, so its result becomes the new task's input. The tenant defaults to yours; keep it. Use"
                + " idempotency_key so that retrying this call cannot create the task twice. Returns the new task id.";
    }

    @Override
    public ObjectNode inputSchema() {
        return Schema.object()
                .string("title", "Short imperative title, e.g. 'Write the migration for the orders table'.",
                        Limits.TITLE_MAX)
                .string("assignee", "The profile that should do the task.", 64)
                .string("body", "Full instructions, context and acceptance criteria.", Limits.BODY_MAX)
                .stringArray("parents", "Task ids that must be done before this task starts.", 64, 64)
                .string("tenant", "Tenant (project or customer) the task belongs to; defaults to yours.",
                        Limits.NAME_MAX)
                .integer("priority", "Higher runs first; default 0.", Integer.MIN_VALUE, Integer.MAX_VALUE)
                .stringEnum("workspace_kind", "Where the worker runs: scratch (fresh directory, default),"
                        + " worktree (a git worktree) or dir (an existing directory; needs workspace_path).",
                        List.of("scratch", "worktree", "dir"))
                .string("workspace_path", "Absolute path for dir or worktree workspaces.", 4096)
                .bool("triage", "true to park the task in triage for a person to review before it may run.")
                .stringEnum("initial_status", "running (default) is the usual path; blocked starts the card blocked"
                        + " for a person to act on first (unblocking releases it).", List.of("running", "blocked"))
                .string("idempotency_key", "A key unique to this piece of work; repeating the call with the same"
                        + " key returns the existing task instead of a duplicate.", Limits.NAME_MAX)
                .integer("max_runtime_seconds", "Kill the worker after this many seconds.", 1, Integer.MAX_VALUE)
                .stringArray("skills", "Extra skills the worker should load.", Limits.SKILLS_MAX, 64)
                .string("model", "The model the new task's workers run with instead of their profile's, e.g."
                        + " 'anthropic/claude-sonnet-4'; leave it out to use the profile's.", Limits.NAME_MAX)
                .string("provider", "The provider of model, e.g. 'openrouter'; requires model.", Limits.NAME_MAX)
                .dependentRequired("provider", "model")
                .required("title", "assignee")
                .build();
    }

    /** The reference's arguments whose features this board does not have; each is refused with its reason. */
    @Override
    public Map<String, String> notOffered() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("goal_mode", "goal mode (the reference's loop in which an LLM judge keeps a worker going until it"
                + " agrees the card is done) is not offered by this board: cards run single-shot; say what done"
                + " means in body and ask for kanban_request_review when a second opinion is needed.");
        out.put("goal_max_turns", "is goal mode's turn budget, and goal mode is not offered by this board; use"
                + " max_runtime_seconds to bound a worker.");
        out.put("completion_contract", "completion contracts (the reference's PR acceptance gate read through"
                + " gh) are not offered by this board; ask for evidence in body and check it with"
                + " kanban_request_review.");
        out.put("project", "projects (the reference's project registry that turns a card into a worktree with a"
                + " project branch) are not offered by this board; use workspace_kind 'worktree' or 'dir' with"
                + " workspace_path, or a board of its own per project (the board argument).");
        return out;
    }

    @Override
    public ObjectNode call(ToolContext ctx, ObjectNode args) {
        NewTask.Builder request = NewTask.titled(ToolContext.text(args, "title"))
                .assignee(ToolContext.text(args, "assignee"))
                .body(ToolContext.text(args, "body"))
                .parents(ToolContext.strings(args, "parents"))
                .tenant(ToolContext.text(args, "tenant") != null ? ToolContext.text(args, "tenant") : ctx.env().tenant())
                .priority(args.path("priority").asInt(0))
                .triage(args.path("triage").asBoolean(false))
                .initialStatus(ToolContext.text(args, "initial_status"))
                .idempotencyKey(ToolContext.text(args, "idempotency_key"))
                .skills(ToolContext.strings(args, "skills"))
                .model(ToolContext.text(args, "model"))
                .provider(ToolContext.text(args, "provider"))
                .workspace(workspace(args))
                .createdBy(ctx.env().identity());
        if (args.has("max_runtime_seconds")) {
            request.maxRuntime(Duration.ofSeconds(args.get("max_runtime_seconds").asLong()));
        }
        Tasks.Created created = ctx.board().tasks().create(request.build());
        ObjectNode out = ctx.ok();
        out.put("task_id", created.task().id());
        out.put("status", created.task().status().wire());
        out.put("workspace_kind", created.task().workspace().kind().wire());
        if (created.task().workspace().path() == null) {
            out.putNull("workspace_path");
        } else {
            out.put("workspace_path", created.task().workspace().path());
        }
        // The reference's gated and gated_by: the card waits in todo for these unfinished parents.
        List<String> gatedBy = created.task().status() == io.kanban.core.model.Status.TODO
                ? ctx.board().tasks().unfinishedParents(created.task().id()) : List.of();
        out.put("gated", !gatedBy.isEmpty());
        gatedBy.forEach(out.putArray("gated_by")::add);
        out.put("existing", created.existing());
        out.put("subscribed", subscribe(ctx, created.task().id()));
        return out;
    }

    /**
     * The reference's auto-subscribe: the calling session's chat hears when the new card finishes or blocks, unless
     * {@code kanban.auto_subscribe_on_create} is false. No chat (a worker, a script, most MCP clients): false.
     * Best effort, as in the reference: the card exists either way, and the answer says whether it worked.
     */
    private static boolean subscribe(ToolContext ctx, String taskId) {
        ToolEnvironment.ChatSession chat = ctx.env().chat();
        if (chat == null || !ctx.settings().autoSubscribeOnCreate()) {
            return false;
        }
        try {
            ctx.board().notifySubscriptions().subscribe(taskId, chat.platform(), chat.chatId(), chat.threadId(),
                    chat.userId());
            return true;
        } catch (KanbanException e) {
            LOG.warn("kanban_create: subscribing {} chat to {} failed: {}", chat.platform(), taskId, e.getMessage());
            return false;
        }
    }

    private static Workspace workspace(ObjectNode args) {
        String kind = ToolContext.text(args, "workspace_kind");
        String path = ToolContext.text(args, "workspace_path");
        try {
            return new Workspace(kind == null ? WorkspaceKind.SCRATCH : WorkspaceKind.fromWire(kind), path);
        } catch (ValidationError e) {
            String field = "workspace_path";
            String why = e.getMessage().startsWith(e.field() + ": ")
                    ? e.getMessage().substring(e.field().length() + 2) : e.getMessage();
            throw new ToolFailure(ToolError.INVALID_ARGUMENT, field + ": " + why, field);
        }
    }
}
