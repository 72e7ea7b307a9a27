package io.kanban.core;

import io.kanban.core.Lifecycle.Transition;
import io.kanban.core.error.IllegalTransition;
import io.kanban.core.error.ValidationError;
import io.kanban.core.model.AssigneeSummary;
import io.kanban.core.model.Attention;
import io.kanban.core.model.BoardStats;
import io.kanban.core.model.BoardVersion;
import io.kanban.core.model.CardList;
import io.kanban.core.model.Completion;
import io.kanban.core.model.EventKind;
import io.kanban.core.model.GcReport;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Status;
import io.kanban.core.model.StuckTask;
import io.kanban.core.model.Task;
import io.kanban.core.model.TaskDetail;
import io.kanban.core.model.TaskFilter;
import io.kanban.core.model.TaskUpdate;
import io.kanban.core.store.CommentStore;
import io.kanban.core.store.EventStore;
import io.kanban.core.store.HealthStore;
import io.kanban.core.store.LinkStore;
import io.kanban.core.store.ReportStore;
import io.kanban.core.store.RunStore;
import io.kanban.core.store.TaskStore;
import io.kanban.core.store.Tx;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Creating, reading, moving and removing tasks; {@link Board#tasks()} gives it. Every method taking a task id
 * throws {@link io.kanban.core.error.TaskNotFound} when no task has it and, on a tenant handle,
 * {@link io.kanban.core.error.TenantMismatch} for another tenant's task; a move the task's status does not allow
 * throws {@link IllegalTransition}, and a bad argument {@link ValidationError} naming it.
 */
public final class Tasks {
    /** Whose rows and files go with a task that is removed for good. */
    private final Attachments attachments;
    /** Hex digits in a task id after {@code t_}: the reference uses 8; 12 keeps collisions out of reach. */
    static final int ID_HEX_DIGITS = 12;
    /** The id's random low bits; the rest of its 48 bits count the board clock's milliseconds. */
    static final int ID_RANDOM_BITS = 16;
    private static final int ID_TIME_BITS = ID_HEX_DIGITS * 4 - ID_RANDOM_BITS;
    static final int DETAIL_EVENTS = 50;

    private final BoardContext ctx;
    private SecureRandom random;

    Tasks(BoardContext ctx) {
        this.ctx = ctx;
        this.attachments = new Attachments(ctx);
    }

    /**
     * The outcome of {@link #create}: the task, and whether an idempotency key matched an existing one.
     *
     * @param task the task created, or the one the key matched
     * @param existing true when the key matched and nothing was created
     */
    public record Created(Task task, boolean existing) {
    }

    /** The reason on the {@code blocked} event of a card created blocked, as the reference writes it. */
    public static final String INITIAL_STATUS_REASON = "initial_status";

    /**
     * Creates a task in one transaction with its links and its {@code created} event: in triage when asked, todo
     * while a parent is unfinished, else ready. With an idempotency key already used (in the same tenant), returns
     * that task instead.
     *
     * @param request what to create
     * @return the task, and whether it already existed
     * @throws ValidationError if a field breaks a rule or a parent does not exist
     */
    public Created create(NewTask request) {
        String title = Limits.requireTitle(request.title());
        String body = Limits.text("body", request.body(), Limits.BODY_MAX);
        String assignee = Limits.profile("assignee", request.assignee());
        String tenant = Limits.label("tenant", request.tenant() == null ? ctx.tenant : request.tenant());
        if (ctx.tenant != null && !ctx.tenant.equals(tenant)) {
            throw new ValidationError("tenant", "this board handle is scoped to tenant '" + ctx.tenant + "'");
        }
        String key = Limits.label("idempotency_key", request.idempotencyKey());
        String createdBy = Limits.label("created_by", request.createdBy());
        List<String> skills = Limits.skills(request.skills());
        Duration maxRuntime = Limits.maxRuntime(request.maxRuntime());
        if (request.maxRetries() != null && request.maxRetries() < 1) {
            throw new ValidationError("max_retries", "must be at least 1, got " + request.maxRetries());
        }
        Limits.ModelOverride model = Limits.modelOverride(request.model(), request.provider());
        List<String> parents = List.copyOf(new LinkedHashSet<>(request.parents()));
        return ctx.db.write(tx -> {
            if (key != null) {
                // Two hosts creating with one key at once: the second waits here and then finds the first's task.
                tx.lockKey("kanban-idempotency:" + tenant + ":" + key);
                var existing = TaskStore.findByIdempotencyKey(tx, key, tenant);
                if (existing.isPresent()) {
                    return new Created(existing.get(), true);
                }
            }
            boolean waiting = false;
            for (String parentId : parents) {
                Task parent = TaskStore.find(tx, parentId)
                        .orElseThrow(() -> new ValidationError("parents", "no task with id '" + parentId + "'"));
                ctx.checkTenant(parent);
                waiting |= !Lifecycle.isFinished(parent.status());
            }
            Status status = Lifecycle.initialStatus(request.blocked(), request.triage(), waiting);
            Instant now = ctx.now();
            Task task = new Task(newId(tx), title, body, assignee, status, request.priority(), tenant, createdBy, now,
                    null, null, request.workspace(), null, null, null, key, 0, null, null, maxRuntime, null, null,
                    skills, null, 0, request.maxRetries(), null, model.model(), model.provider(), null);
            TaskStore.insert(tx, task);
            parents.forEach(parentId -> LinkStore.insert(tx, parentId, task.id()));
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("assignee", assignee);
            payload.put("status", status.wire());
            payload.put("parents", parents);
            payload.put("tenant", tenant);
            payload.put("skills", skills.isEmpty() ? null : skills);
            if (model.model() != null) {
                payload.put("model", model.model());
                payload.put("provider", model.provider());
            }
            ctx.event(tx, task.id(), null, EventKind.CREATED, payload, now);
            if (status == Status.BLOCKED) {
                // As the reference records it: the block has a cause on record, so it reads as any other block.
                ctx.event(tx, task.id(), null, EventKind.BLOCKED, Map.of("reason", INITIAL_STATUS_REASON), now);
            }
            return new Created(task, false);
        });
    }

    /**
     * Reads one task.
     *
     * @param taskId the task's id
     * @return the task
     */
    public Task get(String taskId) {
        return ctx.db.read(tx -> ctx.require(tx, taskId));
    }

    /**
     * The task with its parents, children, comments, runs and latest events.
     *
     * @param taskId the task's id
     * @return the task and what surrounds it
     */
    public TaskDetail detail(String taskId) {
        return ctx.db.read(tx -> {
            Task task = ctx.require(tx, taskId);
            return new TaskDetail(task,
                    TaskStore.byIds(tx, LinkStore.parents(tx, taskId)),
                    TaskStore.byIds(tx, LinkStore.children(tx, taskId)),
                    CommentStore.forTask(tx, taskId),
                    RunStore.forTask(tx, taskId),
                    EventStore.forTask(tx, taskId, DETAIL_EVENTS));
        });
    }

    /**
     * Tasks by priority (highest first), then age; archived ones only when asked.
     *
     * @param filter which tasks
     * @return the tasks, highest priority first
     */
    public List<Task> list(TaskFilter filter) {
        if (ctx.tenant != null && filter.tenant() != null && !ctx.tenant.equals(filter.tenant())) {
            return List.of();
        }
        TaskFilter scoped = ctx.tenant == null ? filter : filter.withTenant(ctx.tenant);
        return ctx.db.read(tx -> TaskStore.list(tx, scoped));
    }

    /**
     * The cards {@link #list} would return as tasks, and the version of the board they were read at, from one
     * snapshot: a reader resuming the event log from {@code version().latestEventId()} misses nothing.
     *
     * @param filter which tasks
     * @return the cards and the version they are current to
     */
    public CardList cards(TaskFilter filter) {
        if (ctx.tenant != null && filter.tenant() != null && !ctx.tenant.equals(filter.tenant())) {
            return new CardList(version(), List.of());
        }
        TaskFilter scoped = ctx.tenant == null ? filter : filter.withTenant(ctx.tenant);
        return ctx.db.read(tx -> new CardList(versionIn(tx), TaskStore.cards(tx, scoped)));
    }

    /**
     * The board's current version: cheap to read, and different after any change to any task.
     *
     * @return the version
     */
    public BoardVersion version() {
        return ctx.db.read(Tasks::versionIn);
    }

    private static BoardVersion versionIn(Tx tx) {
        return new BoardVersion(EventStore.latestId(tx), TaskStore.count(tx));
    }

    /**
     * Sets or clears (null) the assignee; refused while a worker holds the task.
     *
     * @param taskId the task's id
     * @param assignee the new assignee, or null to unassign
     * @return the task after the change
     */
    public Task assign(String taskId, String assignee) {
        String profile = Limits.profile("assignee", assignee);
        return ctx.db.write(tx -> {
            assignIn(tx, ctx.require(tx, taskId), profile, ctx.now());
            return TaskStore.find(tx, taskId).orElseThrow();
        });
    }

    /**
     * Sets the task's priority; higher is claimed first.
     *
     * @param taskId the task's id
     * @param priority the new priority
     * @return the task after the change
     */
    public Task reprioritize(String taskId, int priority) {
        return ctx.db.write(tx -> {
            reprioritizeIn(tx, ctx.require(tx, taskId), priority, ctx.now());
            return TaskStore.find(tx, taskId).orElseThrow();
        });
    }

    /**
     * Changes title and/or body (null keeps the current value).
     *
     * @param taskId the task's id
     * @param title the new title, or null
     * @param body the new body, or null
     * @return the task after the change
     */
    public Task edit(String taskId, String title, String body) {
        return edit(taskId, title, body, null, null);
    }

    /**
     * Changes title, body, result and/or the summary of the task's newest run (null keeps the current value): the
     * reference's {@code edit --result --summary}, for correcting what a worker reported.
     *
     * @param taskId the task's id
     * @param title the new title, or null
     * @param body the new body, or null
     * @param result the new result, or null
     * @param summary the new summary of the newest run, or null
     * @return the task after the change
     */
    public Task edit(String taskId, String title, String body, String result, String summary) {
        String newTitle = title == null ? null : Limits.requireTitle(title);
        String newBody = Limits.text("body", body, Limits.BODY_MAX);
        String newResult = Limits.text("result", result, Limits.RESULT_MAX);
        String newSummary = Limits.text("summary", summary, Limits.SUMMARY_MAX);
        if (newTitle == null && newBody == null && newResult == null && newSummary == null) {
            throw new ValidationError("title", "give a new title, body, result or summary");
        }
        return ctx.db.write(tx -> {
            Task task = ctx.require(tx, taskId);
            if (newSummary != null && RunStore.forTask(tx, taskId).isEmpty()) {
                throw new ValidationError("summary", "task " + taskId + " has no run whose summary to edit");
            }
            editIn(tx, task, newTitle, newBody, newResult, newSummary, ctx.now());
            return TaskStore.find(tx, taskId).orElseThrow();
        });
    }

    /**
     * Moves a task by hand through the lifecycle table: to done (completes), blocked (blocks with
     * {@code reason}), archived, or back to triage/todo/ready. Running cannot be set by hand.
     *
     * @param taskId the task's id
     * @param to the status to move to
     * @param reason why (the block reason, or the completion's summary); or null
     * @return the task after the move
     */
    public Task move(String taskId, Status to, String reason) {
        String why = Limits.text("reason", reason, Limits.REASON_MAX);
        return ctx.db.write(tx -> {
            moveIn(tx, ctx.require(tx, taskId), to, why, ctx.now());
            return TaskStore.find(tx, taskId).orElseThrow();
        });
    }

    /**
     * Edit, assign, reprioritize, set the model override and move in one transaction, in that order: if any part is
     * refused, nothing changes. What the dashboard's PATCH uses.
     *
     * @param taskId the task's id
     * @param update the changes
     * @return the task after the changes
     */
    public Task update(String taskId, TaskUpdate update) {
        if (update.isEmpty()) {
            throw new ValidationError("status",
                    "give at least one of title, body, assignee, priority, status, model_override, reasoning_effort");
        }
        if (update.model() == null && update.provider() != null) {
            throw new ValidationError("provider", "goes only with a model (set-model replaces both)");
        }
        Limits.ModelOverride model = update.model() == null ? null
                : Limits.modelOverride(update.model().orElse(null), update.provider());
        String effort = update.reasoning() == null ? null
                : Limits.reasoningEffort("reasoning_effort", update.reasoning().orElse(null));
        String title = update.title() == null ? null : Limits.requireTitle(update.title());
        String body = Limits.text("body", update.body(), Limits.BODY_MAX);
        String profile = update.assignee() == null ? null : Limits.profile("assignee", update.assignee().orElse(null));
        String why = Limits.text("reason", update.reason(), Limits.REASON_MAX);
        return ctx.db.write(tx -> {
            Instant now = ctx.now();
            if (title != null || body != null) {
                editIn(tx, ctx.require(tx, taskId), title, body, now);
            }
            if (update.assignee() != null) {
                assignIn(tx, ctx.require(tx, taskId), profile, now);
            }
            if (update.priority() != null) {
                reprioritizeIn(tx, ctx.require(tx, taskId), update.priority(), now);
            }
            if (model != null) {
                setModelIn(tx, ctx.require(tx, taskId), model, now);
            }
            if (update.reasoning() != null) {
                setReasoningIn(tx, ctx.require(tx, taskId), effort, now);
            }
            if (update.status() != null) {
                moveIn(tx, ctx.require(tx, taskId), update.status(), why, now);
            }
            return ctx.require(tx, taskId);
        });
    }

    /**
     * The reference's per-card reasoning effort ({@code tasks.reasoning_effort}, event {@code reasoning_effort_set}):
     * the level ({@link Limits#REASONING_LEVELS}) this card's next workers get as {@code --reasoning}; null, blank or
     * {@value Limits#DEFAULT_REASONING} clears it. A running worker keeps the level it started with. Refused on an
     * archived card.
     *
     * @param taskId the task's id
     * @param level the reasoning level, or null, blank or {@value Limits#DEFAULT_REASONING} to clear it
     * @return the updated task
     * @throws ValidationError if the level is not a reasoning level
     * @throws IllegalTransition if the card is archived
     */
    public Task setReasoningEffort(String taskId, String level) {
        String effort = Limits.reasoningEffort("reasoning_effort", level);
        return ctx.db.write(tx -> {
            setReasoningIn(tx, ctx.require(tx, taskId), effort, ctx.now());
            return ctx.require(tx, taskId);
        });
    }

    private void setReasoningIn(Tx tx, Task task, String effort, Instant now) {
        if (task.status() == Status.ARCHIVED) {
            throw new IllegalTransition(task.id(), task.status(), "set-reasoning");
        }
        TaskStore.setReasoning(tx, task.id(), effort);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("reasoning_effort", effort);
        ctx.event(tx, task.id(), null, EventKind.REASONING_EFFORT_SET, payload, now);
    }

    /**
     * The reference's {@code set-model}: the model (and optionally its provider) this card's next workers run with
     * instead of their profile's. A null, blank or {@code none} model clears both overrides; a provider without a
     * model is refused. A running worker keeps the model it started with. Refused on an archived card.
     *
     * @param taskId the task's id
     * @param model the model, or null, blank or {@code none} to clear
     * @param provider the model's provider, or null
     * @return the task after the change
     */
    public Task setModel(String taskId, String model, String provider) {
        Limits.ModelOverride override = Limits.modelOverride(model, provider);
        return ctx.db.write(tx -> {
            Task task = ctx.require(tx, taskId);
            setModelIn(tx, task, override, ctx.now());
            return ctx.require(tx, taskId);
        });
    }

    private void setModelIn(Tx tx, Task task, Limits.ModelOverride override, Instant now) {
        if (task.status() == Status.ARCHIVED) {
            throw new IllegalTransition(task.id(), task.status(), "set-model");
        }
        TaskStore.setModel(tx, task.id(), override.model(), override.provider());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("model", override.model());
        payload.put("provider", override.provider());
        ctx.event(tx, task.id(), null, EventKind.MODEL_OVERRIDE_SET, payload, now);
    }

    private void assignIn(Tx tx, Task task, String profile, Instant now) {
        if (task.status() == Status.RUNNING) {
            throw new IllegalTransition(task.id(), task.status(), "assign", "a worker holds it; block or wait first");
        }
        if (task.status() == Status.ARCHIVED) {
            throw new IllegalTransition(task.id(), task.status(), "assign");
        }
        TaskStore.setAssignee(tx, task.id(), profile);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("assignee", profile);
        payload.put("from", task.assignee());
        ctx.event(tx, task.id(), null, EventKind.ASSIGNED, payload, now);
    }

    private void reprioritizeIn(Tx tx, Task task, int priority, Instant now) {
        TaskStore.setPriority(tx, task.id(), priority);
        ctx.event(tx, task.id(), null, EventKind.REPRIORITIZED, Map.of("from", task.priority(), "to", priority), now);
    }

    private void editIn(Tx tx, Task task, String title, String body, Instant now) {
        editIn(tx, task, title, body, null, null, now);
    }

    private void editIn(Tx tx, Task task, String title, String body, String result, String summary, Instant now) {
        List<String> fields = new ArrayList<>();
        if (title != null) {
            fields.add("title");
        }
        if (body != null) {
            fields.add("body");
        }
        if (result != null) {
            fields.add("result");
            TaskStore.setResult(tx, task.id(), result);
        }
        if (summary != null) {
            fields.add("summary");
            RunStore.setLatestSummary(tx, task.id(), summary);
        }
        TaskStore.edit(tx, task.id(), title, body);
        ctx.event(tx, task.id(), null, EventKind.EDITED, Map.of("fields", fields), now);
    }

    /**
     * The move a person makes by naming a status (a drag, {@code PATCH status}): the reference's manual-move table
     * ({@link Lifecycle#byHand(Status, Status)}), each target through its verb's row: done completes (forced: a
     * person may end a live worker's run), blocked blocks, scheduled schedules, review requests a review, archived
     * archives, triage/todo/ready move back. Moving back to where the task already is changes nothing. Reopening a
     * done task first sends its ready, review, running and done descendants back to todo
     * ({@link #reopenImpact} lists them for a confirmation).
     */
    private void moveIn(Tx tx, Task task, Status to, String why, Instant now) {
        Transition row = Lifecycle.byHand(to).orElse(null);
        if (to == task.status() && (row == null || row.event() == EventKind.STATUS)) {
            return;
        }
        if (row == null) {
            throw StateMachine.refusalByHand(task, to);
        }
        StateMachine.check(task, row);
        String byHand = "moved to " + to.wire() + " by hand";
        Change change = switch (row) {
            case COMPLETE -> Change.completion(new Completion(why == null ? byHand : why, null, null, null, true));
            case BLOCK -> Change.blocking(why == null ? byHand : why, null);
            case SCHEDULE -> Change.blocking(why, null);
            case REQUEST_REVIEW -> Change.none().withSummary(why == null ? byHand : why, null)
                    .withReview(task.assignee(), null);
            default -> Change.none();
        };
        if (row == Transition.BLOCK && why != null) {
            Claims.commentOnBlock(ctx, tx, task, Comments.DEFAULT_AUTHOR, why, now);
        }
        if (task.status() == Status.DONE && !Lifecycle.isFinished(to)) {
            invalidateDescendants(tx, task, now);
            task = ctx.require(tx, task.id());
        }
        StateMachine.apply(ctx, tx, task, row, change, now);
    }

    /**
     * The tasks reopening {@code taskId} (a done task moved back) would send to todo: its ready, review, running
     * and done descendants, nearest first. Empty for a task that is not done.
     *
     * @param taskId the task's id
     * @return the descendants a reopen would send back, nearest first
     */
    public List<Task> reopenImpact(String taskId) {
        return ctx.db.read(tx -> {
            Task task = ctx.require(tx, taskId);
            return task.status() == Status.DONE ? invalidated(tx, taskId) : List.of();
        });
    }

    private List<Task> invalidated(Tx tx, String taskId) {
        List<Task> found = new ArrayList<>();
        Set<String> seen = new HashSet<>(List.of(taskId));
        Deque<String> queue = new ArrayDeque<>(List.of(taskId));
        while (!queue.isEmpty()) {
            for (String child : TaskStore.childrenOf(tx, queue.removeFirst())) {
                if (seen.add(child)) {
                    queue.addLast(child);
                    Task t = TaskStore.find(tx, child).orElseThrow();
                    if (Transition.INVALIDATE.allowsFrom(t.status())) {
                        found.add(t);
                    }
                }
            }
        }
        return found;
    }

    /** Deepest first, so each task's own children are in todo before it leaves done. */
    private void invalidateDescendants(Tx tx, Task reopened, Instant now) {
        List<Task> descendants = invalidated(tx, reopened.id());
        for (int i = descendants.size() - 1; i >= 0; i--) {
            Task current = ctx.require(tx, descendants.get(i).id());
            if (Transition.INVALIDATE.allowsFrom(current.status())) {
                StateMachine.apply(ctx, tx, current, Transition.INVALIDATE, Change.none().withOrigin(reopened.id()),
                        now);
            }
        }
    }

    /**
     * The ids of the task's parents that have not finished: what keeps it in todo (the reference's {@code
     * gated_by}). Empty when nothing holds it back.
     *
     * @param taskId the task's id
     * @return the ids of the unfinished parents
     */
    public List<String> unfinishedParents(String taskId) {
        return ctx.db.read(tx -> {
            ctx.require(tx, taskId);
            return TaskStore.unfinishedParents(tx, taskId);
        });
    }

    /**
     * Why a task is not ready, one line per unfinished parent: "waiting for t_x (running, coder)". Empty when no
     * parent holds it back.
     *
     * @param taskId the task's id
     * @return one line per unfinished parent
     */
    public List<String> waitingFor(String taskId) {
        return ctx.db.read(tx -> {
            ctx.require(tx, taskId);
            return Dependencies.explain(tx, TaskStore.unfinishedParents(tx, taskId));
        });
    }

    /**
     * A person's {@code promote}: todo or blocked to ready, only when every parent is done or archived; refused
     * otherwise, naming each unfinished parent with its status and assignee. {@code dryRun} checks and changes
     * nothing.
     *
     * @param taskId the task's id
     * @param reason why, for the event log; or null
     * @param actor who promotes, for the event log; or null
     * @param dryRun true to check only
     * @return the task after the promotion (as it is, for a dry run)
     * @throws io.kanban.core.error.UnfinishedParents if a parent is not done or archived
     */
    public Task promote(String taskId, String reason, String actor, boolean dryRun) {
        String why = Limits.text("reason", reason, Limits.REASON_MAX);
        String who = Limits.label("actor", actor);
        if (dryRun) {
            return ctx.db.read(tx -> {
                Task task = ctx.require(tx, taskId);
                StateMachine.check(task, Transition.PROMOTE_BY_HAND);
                List<String> waiting = TaskStore.unfinishedParents(tx, taskId);
                if (!waiting.isEmpty()) {
                    throw Dependencies.unfinished(tx, taskId, Transition.PROMOTE_BY_HAND.action(), waiting);
                }
                return task;
            });
        }
        return ctx.db.write(tx -> {
            StateMachine.apply(ctx, tx, ctx.require(tx, taskId), Transition.PROMOTE_BY_HAND,
                    Change.none().withReason(why).withActor(who), ctx.now());
            return ctx.require(tx, taskId);
        });
    }

    /**
     * Takes a running task back from its worker: the run closes as reclaimed, the failure count resets, and the
     * task returns to ready (todo while a parent is open), or to review when the run was a reviewer's. The
     * dispatcher that started the worker stops it once it sees the run closed.
     *
     * @param taskId the task's id
     * @param reason why, for the event log; or null for "reclaimed by hand"
     * @return the task after the reclaim
     */
    public Task reclaim(String taskId, String reason) {
        String why = Limits.text("reason", reason, Limits.REASON_MAX);
        return ctx.db.write(tx -> {
            StateMachine.apply(ctx, tx, ctx.require(tx, taskId), Transition.RECLAIM_BY_HAND,
                    Change.none().withReason(why == null ? "reclaimed by hand" : why), ctx.now());
            return ctx.require(tx, taskId);
        });
    }

    /**
     * Gives the task to another profile; a running task only with {@code reclaim} (reclaimed first). A new
     * profile starts with a fresh failure count.
     *
     * @param taskId the task's id
     * @param profile the new assignee
     * @param reclaim whether a running task may be reclaimed first
     * @param reason why, for the event log; or null
     * @return the task after the change
     */
    public Task reassign(String taskId, String profile, boolean reclaim, String reason) {
        String to = Limits.profile("profile", profile);
        String why = Limits.text("reason", reason, Limits.REASON_MAX);
        return ctx.db.write(tx -> {
            Instant now = ctx.now();
            Task task = ctx.require(tx, taskId);
            if (task.status() == Status.RUNNING && reclaim) {
                StateMachine.apply(ctx, tx, task, Transition.RECLAIM_BY_HAND,
                        Change.none().withReason(why == null ? "reclaimed to reassign" : why), now);
                task = ctx.require(tx, taskId);
            }
            assignIn(tx, task, to, now);
            if (to != null && !to.equals(task.assignee())) {
                TaskStore.resetFailures(tx, taskId);
            }
            return ctx.require(tx, taskId);
        });
    }

    /**
     * A person takes a task out of review: back to the implementer recorded at the review request, ready (todo
     * while a parent is open).
     *
     * @param taskId the task's id
     * @param reason why, for the event log; or null
     * @return the task after the reopen
     */
    public Task reopenReview(String taskId, String reason) {
        String why = Limits.text("reason", reason, Limits.REASON_MAX);
        return ctx.db.write(tx -> {
            Task task = ctx.require(tx, taskId);
            String implementer = Reviews.implementer(tx, taskId).orElse(task.assignee());
            StateMachine.apply(ctx, tx, task, Transition.REOPEN_REVIEW,
                    Change.none().withReason(why).withReview(implementer, task.assignee()), ctx.now());
            if (implementer != null && !implementer.equals(task.assignee())) {
                TaskStore.setAssignee(tx, taskId, implementer);
            }
            return ctx.require(tx, taskId);
        });
    }

    /**
     * Archives the task: it leaves the board's columns and, like done, no longer holds its children back.
     *
     * @param taskId the task's id
     * @return the archived task
     */
    public Task archive(String taskId) {
        return ctx.db.write(tx -> {
            Task task = ctx.require(tx, taskId);
            StateMachine.apply(ctx, tx, task, Transition.ARCHIVE, Change.none(), ctx.now());
            return TaskStore.find(tx, taskId).orElseThrow();
        });
    }

    /**
     * Removes archived tasks whose last activity is older than {@code archivedBefore}, with their links, runs,
     * comments, events, subscriptions and attachments; with {@code eventsBefore} also trims older events of done
     * and archived tasks (a live task keeps its whole history). The report names the removed tasks and every
     * archived task with a scratch workspace, whose directories the caller may now delete.
     *
     * @param archivedBefore archived tasks whose last activity is older than this are removed
     * @param eventsBefore older events of done and archived tasks are removed; null keeps them
     * @return what was removed
     */
    public GcReport gc(Instant archivedBefore, Instant eventsBefore) {
        record Collected(GcReport report, List<String> orphanedBlobs) {
        }
        Collected done = ctx.db.write(tx -> {
            List<String> scratch = new ArrayList<>(ReportStore.archivedScratch(tx, ctx.tenant));
            List<String> ids = ReportStore.archivedBefore(tx, archivedBefore, ctx.tenant);
            List<String> orphaned = attachments.removeForTasks(tx, ids);
            ReportStore.deleteTasks(tx, ids);
            int events = eventsBefore == null ? 0 : ReportStore.deleteFinishedEventsBefore(tx, eventsBefore, ctx.tenant);
            return new Collected(new GcReport(ids, events, scratch), orphaned);
        });
        attachments.dropAfterCommit(done.orphanedBlobs());
        return done.report();
    }

    /**
     * Cards per status (statuses without cards left out): one grouped count, for callers that need no more than
     * that (board switchers, a dispatcher sharing its room among boards). {@link #stats()} also judges every ready
     * card's wait, which costs a read of its events: tens of milliseconds on a board with thousands ready.
     *
     * @return card count by status name
     */
    public Map<String, Long> countByStatus() {
        return ctx.db.read(tx -> new TreeMap<>(ReportStore.statusCounts(tx, ctx.tenant)));
    }

     /**
     * Counts tasks by status and by assignee and status, with how long the oldest ready task has waited.
     *
     * @return the counts as of now
     */
    public BoardStats stats() {
        return ctx.db.read(tx -> {
            Instant now = ctx.now();
            Map<String, Long> byStatus = new TreeMap<>();
            Map<String, Map<String, Long>> byAssignee = new TreeMap<>();
            for (ReportStore.Cell cell : ReportStore.cells(tx, ctx.tenant)) {
                byStatus.merge(cell.status(), cell.count(), Long::sum);
                if (cell.assignee() != null) {
                    byAssignee.computeIfAbsent(cell.assignee(), a -> new TreeMap<>()).put(cell.status(), cell.count());
                }
            }
            List<HealthStore.ReadySpell> ready = HealthStore.readySpells(tx, ctx.tenant);
            Long oldest = ready.stream().map(HealthStore.ReadySpell::readySince).min(Instant::compareTo)
                    .map(t -> Math.max(0, now.getEpochSecond() - t.getEpochSecond())).orElse(null);
            return new BoardStats(byStatus, byAssignee, oldest, now, Health.reported(ready));
        });
    }

    /**
     * Every assignee with tasks on the board, by name.
     *
     * @return one summary per assignee: task counts by status, running tasks, last activity
     */
    public List<AssigneeSummary> assignees() {
        return ctx.db.read(tx -> {
            Map<String, Map<String, Long>> counts = new TreeMap<>();
            Map<String, Instant> activity = new LinkedHashMap<>();
            for (ReportStore.Cell cell : ReportStore.cells(tx, ctx.tenant)) {
                if (cell.assignee() == null) {
                    continue;
                }
                counts.computeIfAbsent(cell.assignee(), a -> new TreeMap<>()).put(cell.status(), cell.count());
                if (cell.lastActivity() != null) {
                    activity.merge(cell.assignee(), cell.lastActivity(), (a, b) -> a.isAfter(b) ? a : b);
                }
            }
            List<AssigneeSummary> roster = new ArrayList<>();
            counts.forEach((name, byStatus) -> roster.add(new AssigneeSummary(name, byStatus,
                    byStatus.getOrDefault(Status.RUNNING.wire(), 0L), activity.get(name))));
            return roster;
        });
    }

    /**
     * Tasks needing a person: breaker open (blocked after failed attempts), repeated failures still retrying,
     * and ready tasks that have been ready longer than {@code stuckAfter}, aged from when they last became ready
     * (the event log says when), with the cause a dispatcher reported or the likely one.
     *
     * @param stuckAfter how long a task may be ready before it counts as stuck
     * @return the tasks needing a person, with why
     */
    public List<Attention> attention(Duration stuckAfter) {
        Instant now = ctx.now();
        List<Attention> found = new ArrayList<>();
        for (Task t : list(TaskFilter.all().withStatus(Status.BLOCKED))) {
            if (t.consecutiveFailures() > 0) {
                found.add(new Attention(t.id(), t.title(), Attention.Kind.BREAKER_OPEN, "blocked after "
                        + t.consecutiveFailures() + " failed attempts; last error: " + t.lastFailureError()));
            }
        }
        for (Task t : list(TaskFilter.all())) {
            if (t.status() != Status.BLOCKED && t.consecutiveFailures() >= 2) {
                found.add(new Attention(t.id(), t.title(), Attention.Kind.REPEATED_FAILURES, t.consecutiveFailures()
                        + " failed attempts in a row; last error: " + t.lastFailureError()));
            }
        }
        List<HealthStore.ReadySpell> ready = ctx.db.read(tx -> HealthStore.readySpells(tx, ctx.tenant));
        Map<String, StuckTask> reported = new HashMap<>();
        Health.reported(ready).forEach(s -> reported.put(s.taskId(), s));
        for (HealthStore.ReadySpell spell : ready) {
            if (!spell.readySince().plus(stuckAfter).isBefore(now)) {
                continue;
            }
            StuckTask known = reported.get(spell.taskId());
            String cause = known != null && known.detail() != null ? known.detail()
                    : spell.assignee() == null ? "no assignee, so no dispatcher will pick it up"
                    : "waiting for a worker of profile '" + spell.assignee() + "' (is a dispatcher running?)";
            found.add(new Attention(spell.taskId(), spell.title(), Attention.Kind.STUCK_READY, "ready for "
                    + Duration.between(spell.readySince(), now).toMinutes() + " min: " + cause));
        }
        return found;
    }

    /**
     * A new id: {@code t_} and 12 hex digits, the first 8 counting the board clock's milliseconds (they wrap
     * every 50 days) and the last 4 random. Tasks created together get neighbouring ids, and a fleet works on
     * tasks created together, so their events and runs, indexed by task id, share index pages: each commit
     * writes fewer pages than with random ids (measured on claim+complete, 16 threads: COMMIT time per cycle
     * 45-52 -> 23-24 us, and about 28% more cycles). The random part keeps ids drawn in the same millisecond
     * apart; a collision is checked and retried as before.
     */
    private String newId(Tx tx) {
        if (random == null) {
            random = new SecureRandom(); // runs inside a write, which one thread at a time executes
        }
        // The clock itself, not now(), which drops the milliseconds the stored timestamps do not keep.
        long slot = ctx.options.clock().millis() & ((1L << ID_TIME_BITS) - 1);
        for (int attempt = 0; attempt < 5; attempt++) {
            long value = slot << ID_RANDOM_BITS | random.nextInt(1 << ID_RANDOM_BITS);
            String id = "t_" + HexFormat.of().toHexDigits(value, ID_HEX_DIGITS);
            // On PostgreSQL two creators in the same millisecond may draw the same id; the lock makes the second
            // one's check see the first one's row (SQLite's single writer does that already).
            tx.lockKey("kanban-task-id:" + id);
            if (!TaskStore.exists(tx, id)) {
                return id;
            }
        }
        throw new IllegalStateException("five task id collisions in a row: the random source is broken");
    }
}
