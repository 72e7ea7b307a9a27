package io.kanban.core;

import io.kanban.core.Lifecycle.Transition;
import io.kanban.core.error.HallucinatedCards;
import io.kanban.core.error.IllegalTransition;
import io.kanban.core.error.ValidationError;
import io.kanban.core.model.BlockKind;
import io.kanban.core.model.ClaimedTask;
import io.kanban.core.model.Completion;
import io.kanban.core.model.EventKind;
import io.kanban.core.model.Run;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import io.kanban.core.model.TaskFilter;
import io.kanban.core.store.LinkStore;
import io.kanban.core.store.RunStore;
import io.kanban.core.store.TaskStore;
import io.kanban.core.store.Tx;
import io.kanban.core.store.TxWork;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The claim engine and the verbs a worker uses on its claim. A claim is one guarded UPDATE (ready and unlocked)
 * whose row count says who won; the same transaction opens the run. {@link Board#claims()} gives it. Methods
 * taking a task id throw {@link io.kanban.core.error.TaskNotFound} and, on a tenant handle,
 * {@link io.kanban.core.error.TenantMismatch} as {@link Tasks} does; a verb given an {@code expectedRunId} that is
 * no longer the task's open run throws {@link io.kanban.core.error.ClaimLost}; a verb the task's status does not
 * allow throws {@link io.kanban.core.error.IllegalTransition}.
 */
public final class Claims {
    /** The reference's form of the comment a block with a reason leaves. */
    static final String BLOCKED_COMMENT_PREFIX = "BLOCKED: ";

    private final BoardContext ctx;
    /** Where a completion's artifacts go. */
    private final Attachments attachments;

    Claims(BoardContext ctx) {
        this.ctx = ctx;
        this.attachments = new Attachments(ctx);
    }

    /**
     * Who is claiming: the lock written to the task and run (default {@code <host>:<pid>}), the worker pid if
     * one is already known, and how long the claim lives without a heartbeat.
     */
    public record Claimant(String lock, Long workerPid, Duration ttl) {
    }

    /**
     * The claimant this handle claims as: its options' lock owner and claim TTL, no worker pid yet.
     *
     * @return the default claimant
     */
    public Claimant defaultClaimant() {
        return new Claimant(ctx.options.lockOwner(), null, ctx.options.claimTtl());
    }

    /**
     * Claims one task; empty when another worker won it first.
     *
     * @param taskId the task's id
     * @return the claimed task with its run, or empty
     */
    public Optional<ClaimedTask> claim(String taskId) {
        return claim(taskId, defaultClaimant());
    }

    /**
     * Claims one task as {@code who}; empty when another worker won it first.
     *
     * @param taskId the task's id
     * @param who the claimant
     * @return the claimed task with its run, or empty
     */
    public Optional<ClaimedTask> claim(String taskId, Claimant who) {
        long started = System.nanoTime();
        Optional<ClaimedTask> won = write(new HostRequest.Claim(ctx.tenant, taskId, who));
        ctx.observers.claimed(started, won.isPresent());
        return won;
    }

    /**
     * Runs a hot write's transaction, in the host's writer process when one serves this board ({@link HostWrites}),
     * else here: both run the transaction {@code request} names, so they apply the same rules.
     */
    private <T> T write(HostRequest<T> request) {
        return ctx.host.run(request, () -> ctx.db.write(request.work(this)));
    }

    /** {@link #claim(String, Claimant)}'s transaction. */
    TxWork<Optional<ClaimedTask>> claimWork(String taskId, Claimant who) {
        return tx -> claimIn(tx, ctx.require(tx, taskId), who, ctx.now(), false);
    }

    /**
     * Claims the next ready task for {@code assignee} (any assignee when null), by priority then age.
     *
     * @param assignee whose tasks, or null for any
     * @return the claimed task with its run, or empty when nothing is ready
     */
    public Optional<ClaimedTask> claimNext(String assignee) {
        return claimNext(assignee, defaultClaimant());
    }

    /**
     * Claims the next ready task for {@code assignee} (any assignee when null) as {@code who}, by priority then age.
     *
     * @param assignee whose tasks, or null for any
     * @param who the claimant
     * @return the claimed task with its run, or empty when nothing is ready
     */
    public Optional<ClaimedTask> claimNext(String assignee, Claimant who) {
        Limits.profile("assignee", assignee);
        long started = System.nanoTime();
        Optional<ClaimedTask> claimed = write(new HostRequest.ClaimNext(ctx.tenant, assignee, who));
        ctx.observers.claimed(started, claimed.isPresent());
        return claimed;
    }

    /** {@link #claimNext(String, Claimant)}'s transaction. */
    TxWork<Optional<ClaimedTask>> claimNextWork(String assignee, Claimant who) {
        return tx -> {
            Instant now = ctx.now();
            // Each pass either claims or demotes the candidate, so this ends.
            while (true) {
                Optional<Task> next = ctx.tenant == null
                        ? TaskStore.nextReady(tx, assignee)
                        : nextReadyInTenant(tx, assignee);
                if (next.isEmpty()) {
                    return Optional.empty();
                }
                Optional<ClaimedTask> won = claimIn(tx, next.get(), who, now, ctx.tenant == null);
                if (won.isPresent()) {
                    return won;
                }
            }
        };
    }

    private Optional<Task> nextReadyInTenant(Tx tx, String assignee) {
        TaskFilter filter = TaskFilter.all().withStatus(Status.READY).withTenant(ctx.tenant).withAssignee(assignee);
        Optional<Task> next = TaskStore.list(tx, filter).stream().filter(t -> t.claimLock() == null).findFirst();
        // On PostgreSQL the list may be stale by now: read the row again, which locks it there.
        return tx.locksRows() ? next.flatMap(t -> TaskStore.find(tx, t.id())) : next;
    }

    /**
     * The claim itself, inside the caller's transaction. Shared with the dispatcher. {@code parentsChecked}: the
     * caller selected the task with a query that already excludes tasks with unfinished parents.
     */
    Optional<ClaimedTask> claimIn(Tx tx, Task task, Claimant who, Instant now, boolean parentsChecked) {
        if ((task.status() == Status.READY && task.claimLock() != null) || task.status() == Status.RUNNING) {
            return Optional.empty(); // another worker won it
        }
        List<String> waiting = parentsChecked || task.status() != Status.READY ? List.of()
                : TaskStore.unfinishedParents(tx, task.id());
        if (!waiting.isEmpty()) {
            // Another kernel left a ready task with unfinished parents: put it back where it belongs.
            Dependencies.demote(ctx, tx, task, waiting, now);
            return Optional.empty();
        }
        StateMachine.Moved moved = StateMachine.apply(ctx, tx, task, Transition.CLAIM, Change.claim(who), now);
        Task claimed = new Task(task.id(), task.title(), task.body(), task.assignee(), Status.RUNNING,
                task.priority(), task.tenant(), task.createdBy(), task.createdAt(),
                task.startedAt() == null ? now : task.startedAt(), task.completedAt(), task.workspace(), who.lock(),
                moved.claimExpires(), task.result(), task.idempotencyKey(), task.consecutiveFailures(),
                task.lastFailureError(), who.workerPid(), task.maxRuntime(), null, moved.runId(), task.skills(),
                task.blockKind(), task.blockRecurrences(), task.maxRetries(), task.scheduledUntil(),
                task.modelOverride(), task.providerOverride(), task.reasoningEffort());
        Run run = new Run(moved.runId(), task.id(), task.assignee(), RunStore.RUNNING, who.lock(),
                moved.claimExpires(), who.workerPid(), task.maxRuntime(), null, now, null, null, null, null, null,
                null);
        return Optional.of(new ClaimedTask(claimed, run));
    }

    /**
     * Keeps a claim alive: records the heartbeat and pushes the claim's expiry a full TTL ahead.
     * With {@code expectedRunId} set, fails unless that run is still the open one.
     *
     * @param taskId the task's id
     * @param note what the worker is doing, for the event log; or null
     * @param expectedRunId the worker's run, or null not to check
     * @return the task after the heartbeat
     */
    public Task heartbeat(String taskId, String note, Long expectedRunId) {
        String text = Limits.text("note", note, Limits.REASON_MAX);
        return write(new HostRequest.Heartbeat(ctx.tenant, taskId, text, expectedRunId));
    }

    /** {@link #heartbeat}'s transaction; {@code text} is checked. */
    TxWork<Task> heartbeatWork(String taskId, String text, Long expectedRunId) {
        return tx -> {
            Task task = ctx.require(tx, taskId);
            if (task.status() != Status.RUNNING) {
                throw new IllegalTransition(taskId, task.status(), "heartbeat", "only a running task has a claim");
            }
            StateMachine.checkHolder(task, expectedRunId);
            Instant now = ctx.now();
            Instant expires = now.plus(ctx.options.claimTtl());
            TaskStore.heartbeat(tx, taskId, now, expires);
            if (task.currentRunId() != null) {
                RunStore.heartbeat(tx, task.currentRunId(), now, expires);
            }
            ctx.event(tx, taskId, task.currentRunId(), EventKind.HEARTBEAT, text == null ? null : Map.of("note", text),
                    now);
            return TaskStore.find(tx, taskId).orElseThrow();
        };
    }

    /**
     * Finishes the task: closes its run as completed and promotes children whose parents are now all done.
     * Refused while a parent is unfinished; a completion that is not a reviewer's needs a summary or a result
     * (the task's stored result counts); a task whose worker process is alive needs that run's id or
     * {@link Completion#force}.
     *
     * @param taskId the task's id
     * @param completion the summary, result and metadata, and the run it is for
     * @return the completed task
     */
    public Task complete(String taskId, Completion completion) {
        return finish(taskId, completion, null, null).task();
    }

    /**
     * {@link #complete}, handing over {@code artifacts}: files inside the task's scratch workspace, copied into its
     * attachments in the same transaction. A missing, outside or oversized artifact refuses the whole completion.
     *
     * @param taskId the task's id
     * @param completion the summary, result and metadata, and the run it is for
     * @param artifacts paths of files in the task's scratch workspace to attach, or null
     * @return the completed task
     */
    public Task complete(String taskId, Completion completion, List<String> artifacts) {
        return complete(taskId, completion, artifacts, null);
    }

    /**
     * {@link #complete(String, Completion, List)}, checking {@code createdCards} first (the reference's gate): each
     * id must name a card created by the task's assignee or by the task itself, or a child of the task. Otherwise
     * the completion is refused with {@link HallucinatedCards} and a {@code completion_blocked_hallucination} event
     * on record; the task is unchanged and the worker may retry. Null or empty: no check.
     *
     * @param taskId the task's id
     * @param completion the summary, result and metadata, and the run it is for
     * @param artifacts paths of files in the task's scratch workspace to attach, or null
     * @param createdCards the ids of the cards the worker says it created, or null
     * @return the completed task
     * @throws HallucinatedCards if a named card does not exist or is not the worker's
     */
    public Task complete(String taskId, Completion completion, List<String> artifacts, List<String> createdCards) {
        return finish(taskId, completion, artifacts, createdCards).task();
    }

    /**
     * What {@link #finish} did: the completed task, and the card ids its summary or result mentions that do not
     * exist ({@code suspected_hallucinated_references}, on record; advisory, the completion stands).
     *
     * @param task the completed task
     * @param suspectedReferences card ids mentioned in the summary or result that resolve to no card
     */
    public record Finished(Task task, List<String> suspectedReferences) {
        /**
         * Copies {@code suspectedReferences} so the record stays immutable.
         *
         * @param task the completed task
         * @param suspectedReferences card ids mentioned in the summary or result that resolve to no card
         */
        public Finished {
            suspectedReferences = List.copyOf(suspectedReferences);
        }
    }

    /**
     * {@link #complete(String, Completion, List, List)}, also answering the reference's prose scan: card ids the
     * summary or result mentions that resolve to no card go on record as {@code suspected_hallucinated_references}
     * after the completion commits, and are returned so the caller can warn.
     *
     * @param taskId the task's id
     * @param completion the summary, result and metadata, and the run it is for
     * @param artifacts paths of files in the task's scratch workspace to attach, or null
     * @param createdCards the ids of the cards the worker says it created, or null
     * @return the completed task and the suspected hallucinated references
     * @throws HallucinatedCards if a named card does not exist or is not the worker's
     */
    public Finished finish(String taskId, Completion completion, List<String> artifacts, List<String> createdCards) {
        Completion checked = checked(completion);
        refuseEmpty(taskId, checked);
        refuseHallucinated(taskId, createdCards);
        Task done = completeWith(taskId, checked, artifacts);
        return new Finished(done, new ProseReferences(ctx).record(taskId, checked.summary(), checked.result(),
                createdCards));
    }

    private Task completeWith(String taskId, Completion checked, List<String> artifacts) {
        if (artifacts == null || artifacts.isEmpty()) {
            return write(new HostRequest.Complete(ctx.tenant, taskId, checked));
        }
        Task before = ctx.db.read(tx -> ctx.require(tx, taskId));
        List<AttachmentBlobs.Incoming> files = attachments.stageArtifacts(before, artifacts,
                Attachments.COMPLETE_UPLOADER);
        try {
            Task[] done = new Task[1];
            attachments.commit(taskId, files, (tx, now) -> done[0] = completeIn(tx, taskId, checked, now));
            return done[0];
        } finally {
            Attachments.closeAll(files);
        }
    }

    /** The transaction of a completion without artifacts; {@code checked} is checked. */
    TxWork<Task> completeWork(String taskId, Completion checked) {
        return tx -> completeIn(tx, taskId, checked, ctx.now());
    }

    private static Completion checked(Completion completion) {
        return new Completion(
                Limits.text("summary", completion.summary(), Limits.SUMMARY_MAX),
                Limits.text("result", completion.result(), Limits.RESULT_MAX),
                Metadata.requireObject(completion.metadata()),
                completion.expectedRunId(), completion.force());
    }

    /** Refuses a completion with no summary or result (unless a reviewer's), on record as the reference does. */
    private void refuseEmpty(String taskId, Completion checked) {
        if (!isBlank(checked.summary()) || !isBlank(checked.result())) {
            return; // the usual case, decided without a read
        }
        boolean empty = ctx.db.read(tx -> {
            Task task = ctx.require(tx, taskId);
            return isBlank(checked.summary()) && isBlank(checked.result()) && isBlank(task.result())
                    && !Reviews.openRunIsReview(tx, task) && Transition.COMPLETE.allowsFrom(task.status());
        });
        if (empty) {
            // On record even though nothing changes, as the reference does: a person sees the worker tried.
            ctx.db.write(tx -> {
                ctx.event(tx, taskId, ctx.require(tx, taskId).currentRunId(),
                        EventKind.COMPLETION_BLOCKED_EMPTY_RESULT, Map.of("reason", "no summary or result"), ctx.now());
                return null;
            });
            throw new ValidationError("summary", "a completion needs a summary or a result");
        }
    }

    /** The created_cards gate of {@link #complete(String, Completion, List, List)}. */
    private void refuseHallucinated(String taskId, List<String> createdCards) {
        if (createdCards == null || createdCards.isEmpty()) {
            return;
        }
        List<String> ids = new ArrayList<>();
        for (String id : createdCards) {
            String clean = Limits.requireText("created_cards", id, Limits.NAME_MAX);
            if (!ids.contains(clean)) {
                ids.add(clean);
            }
        }
        List<String> phantom = ctx.db.read(tx -> {
            Task task = ctx.require(tx, taskId);
            List<String> children = LinkStore.children(tx, taskId);
            List<String> bad = new ArrayList<>();
            for (String id : ids) {
                Optional<Task> card = TaskStore.find(tx, id)
                        .filter(t -> ctx.tenant == null || ctx.tenant.equals(t.tenant()));
                boolean ours = card.isPresent() && (children.contains(id)
                        || taskId.equals(card.get().createdBy())
                        || (task.assignee() != null && task.assignee().equals(card.get().createdBy())));
                if (!ours) {
                    bad.add(id);
                }
            }
            return bad;
        });
        if (phantom.isEmpty()) {
            return;
        }
        ctx.db.write(tx -> {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("phantom", phantom);
            payload.put("created_cards", ids);
            ctx.event(tx, taskId, ctx.require(tx, taskId).currentRunId(), EventKind.COMPLETION_BLOCKED_HALLUCINATION,
                    payload, ctx.now());
            return null;
        });
        throw new HallucinatedCards(taskId, phantom);
    }

    private Task completeIn(Tx tx, String taskId, Completion checked, Instant now) {
        // PostgreSQL: the two checks a completion makes after locking its task go to the server with the lock.
        TaskStore.prefetchUnfinishedParents(tx, taskId);
        LinkStore.prefetchHasChildren(tx, taskId);
        Task task = ctx.require(tx, taskId);
        checkLiveWorker(task, checked.expectedRunId(), checked.force(), now, "complete");
        StateMachine.apply(ctx, tx, task, Transition.COMPLETE, Change.completion(checked), now);
        return task.asCompleted(checked.result(), now);
    }

    /**
     * A worker process the dispatcher started is still at work (its pid is known and its claim has not expired):
     * only its own run, or a person who says so ({@code force}), may end the attempt.
     */
    static void checkLiveWorker(Task task, Long expectedRunId, boolean force, Instant now, String action) {
        boolean alive = task.status() == Status.RUNNING && task.workerPid() != null && task.claimExpires() != null
                && task.claimExpires().isAfter(now);
        if (alive && expectedRunId == null && !force) {
            throw new IllegalTransition(task.id(), task.status(), action, "its worker (pid " + task.workerPid()
                    + ", run " + task.currentRunId() + ") is alive; name its run or force");
        }
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }

    /**
     * Stops work until a person or another task unblocks it; the reason is kept on the run and the event, and
     * goes on the thread as a {@code BLOCKED: <reason>} comment. Its author is the task's assignee when a worker
     * blocks its own run ({@code expectedRunId} set), else {@value Comments#DEFAULT_AUTHOR}.
     *
     * @param taskId the task's id
     * @param reason why, or null
     * @param expectedRunId the worker's run, or null not to check
     * @return the blocked task
     */
    public Task block(String taskId, String reason, Long expectedRunId) {
        return block(taskId, reason, expectedRunId, null);
    }

    /**
     * As {@link #block(String, String, Long)}, with the comment signed by {@code author} (null: the default).
     *
     * @param taskId the task's id
     * @param reason why, or null
     * @param expectedRunId the worker's run, or null not to check
     * @param author who signs the comment, or null
     * @return the blocked task
     */
    public Task block(String taskId, String reason, Long expectedRunId, String author) {
        return block(taskId, reason, null, expectedRunId, author);
    }

    /**
     * A block of a kind ({@code null}: untyped, today's behaviour): a dependency waits in todo; another kind
     * blocks, and its {@value Lifecycle#BLOCK_RECURRENCE_LIMIT}nd recurrence after an unblock sends the task to
     * triage ({@code block_loop_detected}). See {@link Lifecycle#block}.
     *
     * @param taskId the task's id
     * @param reason why, or null
     * @param kind why, typed; null for an untyped block
     * @param expectedRunId the worker's run, or null not to check
     * @param author who signs the comment, or null
     * @return the task after the block (blocked, todo for a dependency, or triage for a loop)
     */
    public Task block(String taskId, String reason, BlockKind kind, Long expectedRunId, String author) {
        String why = Limits.requireText("reason", reason, Limits.REASON_MAX);
        String who = Limits.label("author", author);
        return ctx.db.write(tx -> {
            Task task = ctx.require(tx, taskId);
            String signer = who != null ? who
                    : expectedRunId != null && task.assignee() != null ? task.assignee() : Comments.DEFAULT_AUTHOR;
            Instant now = ctx.now();
            Transition row = Lifecycle.block(kind, task.blockKind(), task.blockRecurrences());
            StateMachine.check(task, row); // before the comment, which a refused block must not leave
            commentOnBlock(ctx, tx, task, signer, why, now);
            StateMachine.apply(ctx, tx, task, row, Change.blocking(why, expectedRunId).withBlockKind(kind), now);
            return TaskStore.find(tx, taskId).orElseThrow();
        });
    }

    /**
     * Parks a task in scheduled. Without {@code due} it waits for a person ({@code unblock}), as in the reference;
     * with it, the dispatcher wakes it when due (ours). A worker naming its run ends that run as
     * {@code scheduled}.
     *
     * @param taskId the task's id
     * @param reason why, or null
     * @param due when the dispatcher should wake it, or null to wait for a person
     * @param expectedRunId the worker's run, or null
     * @return the scheduled task
     */
    public Task schedule(String taskId, String reason, Instant due, Long expectedRunId) {
        String why = Limits.text("reason", reason, Limits.REASON_MAX);
        return ctx.db.write(tx -> {
            Task task = ctx.require(tx, taskId);
            StateMachine.apply(ctx, tx, task, Transition.SCHEDULE,
                    Change.blocking(why, expectedRunId).withScheduledUntil(due), ctx.now());
            return TaskStore.find(tx, taskId).orElseThrow();
        });
    }

    /**
     * The implementer hands the task to review (from running or ready). The assignee becomes {@code reviewer},
     * else the reviewer who last requested changes, else stays; the implementer is recorded on the event so a
     * request for changes can return the task to them. A live worker's task needs its run id or {@code force}.
     *
     * @param taskId the task's id
     * @param request the summary, reviewer, metadata and run
     * @return the task in review
     */
    public Task requestReview(String taskId, ReviewRequest request) {
        return requestReview(taskId, request, null);
    }

    /**
     * {@link #requestReview(String, ReviewRequest)}, handing over {@code artifacts} for the reviewer: files inside the
     * task's scratch workspace, copied into its attachments (uploaded by {@value Attachments#REVIEW_UPLOADER}) in
     * the same transaction and named on the {@code review_requested} event. A missing, outside or oversized
     * artifact refuses the whole request; nothing changes.
     *
     * @param taskId the task's id
     * @param request the summary, reviewer, metadata and run
     * @param artifacts paths of files in the task's scratch workspace to attach, or null
     * @return the task in review
     */
    public Task requestReview(String taskId, ReviewRequest request, List<String> artifacts) {
        String summary = Limits.requireText("summary", request.summary(), Limits.SUMMARY_MAX);
        String metadata = Metadata.requireObject(request.metadata());
        String named = Limits.profile("reviewer", request.reviewer());
        if (artifacts == null || artifacts.isEmpty()) {
            return ctx.db.write(tx -> requestReviewIn(tx, taskId, request, summary, metadata, named, List.of(),
                    ctx.now()));
        }
        Task before = ctx.db.read(tx -> ctx.require(tx, taskId));
        List<AttachmentBlobs.Incoming> files = attachments.stageArtifacts(before, artifacts,
                Attachments.REVIEW_UPLOADER);
        try {
            Task[] handed = new Task[1];
            // The names on the card: placed before the write on a file board; on PostgreSQL the asked-for name.
            attachments.commit(taskId, files, (tx, now) -> handed[0] = requestReviewIn(tx, taskId, request, summary,
                    metadata, named, files.stream().map(f -> f.filename != null ? f.filename : f.name).toList(), now));
            return handed[0];
        } finally {
            Attachments.closeAll(files);
        }
    }

    private Task requestReviewIn(Tx tx, String taskId, ReviewRequest request, String summary, String metadata,
                                 String named, List<String> artifactNames, Instant now) {
        Task task = ctx.require(tx, taskId);
        if (named != null && !named.equals(task.assignee()) && !TaskStore.isAssignee(tx, named)) {
            throw new ValidationError("reviewer", "'" + named + "' is not a profile on this board");
        }
        if (Transition.REQUEST_REVIEW.allowsFrom(task.status())) {
            checkLiveWorker(task, request.expectedRunId(), request.force(), now, "request review");
        }
        String implementer = task.assignee();
        String reviewer = named != null ? named : Reviews.lastChangesReviewer(tx, taskId).orElse(null);
        StateMachine.apply(ctx, tx, task, Transition.REQUEST_REVIEW, Change.none()
                .withExpectedRunId(request.expectedRunId()).withSummary(summary, metadata)
                .withReview(implementer, reviewer).withArtifacts(artifactNames), now);
        if (reviewer != null && !reviewer.equals(implementer)) {
            TaskStore.setAssignee(tx, taskId, reviewer);
        }
        return TaskStore.find(tx, taskId).orElseThrow();
    }

    /** What {@link #requestReview} takes; {@code reviewer}, {@code metadata} and {@code expectedRunId} may be null. */
    public record ReviewRequest(String summary, String reviewer, String metadata, Long expectedRunId, boolean force) {
        /**
         * A request with only a summary.
         *
         * @param summary what was done
         * @return the request
         */
        public static ReviewRequest of(String summary) {
            return new ReviewRequest(summary, null, null, null, false);
        }
    }

    /**
     * A reviewer run sends the task back: it returns to the implementer recorded at the review request, ready (or
     * todo while a parent is open); its failure count is kept. Only a run claimed from review may do this.
     *
     * @param taskId the task's id
     * @param reason what to change
     * @param expectedRunId the reviewer's run
     * @return the task, back with its implementer
     */
    public Task requestChanges(String taskId, String reason, Long expectedRunId) {
        String why = Limits.requireText("reason", reason, Limits.REASON_MAX);
        return ctx.db.write(tx -> {
            Task task = ctx.require(tx, taskId);
            if (task.status() == Status.RUNNING && !Reviews.openRunIsReview(tx, task)) {
                throw new IllegalTransition(taskId, task.status(), Transition.REQUEST_CHANGES.action(),
                        "only a reviewer's run (claimed from review) may");
            }
            String implementer = Reviews.implementer(tx, taskId).orElse(task.assignee());
            StateMachine.apply(ctx, tx, task, Transition.REQUEST_CHANGES, Change.blocking(why, expectedRunId)
                    .withReview(implementer, task.assignee()), ctx.now());
            if (implementer != null && !implementer.equals(task.assignee())) {
                TaskStore.setAssignee(tx, taskId, implementer);
            }
            return TaskStore.find(tx, taskId).orElseThrow();
        });
    }

    /**
     * Claims a review card for a reviewer run (the dispatcher's review lane). Empty when it is no longer in review
     * or another worker took it.
     *
     * @param taskId the task's id
     * @return the claimed review card with its run, or empty
     */
    public Optional<ClaimedTask> claimReview(String taskId) {
        return ctx.db.write(tx -> claimReviewIn(tx, ctx.require(tx, taskId), defaultClaimant(), ctx.now()));
    }

    Optional<ClaimedTask> claimReviewIn(Tx tx, Task task, Claimant who, Instant now) {
        if (task.status() != Status.REVIEW || task.claimLock() != null) {
            return Optional.empty();
        }
        StateMachine.Moved moved = StateMachine.apply(ctx, tx, task, Transition.CLAIM_REVIEW, Change.claim(who), now);
        Task claimed = TaskStore.find(tx, task.id()).orElseThrow();
        Run run = RunStore.find(tx, moved.runId()).orElseThrow();
        return Optional.of(new ClaimedTask(claimed, run));
    }

    /**
     * Back to ready (or todo while parents are unfinished), with a fresh failure count: from blocked or
     * scheduled. The block kind and its recurrences stay, so a loop is still seen.
     *
     * @param taskId the task's id
     * @return the task after the unblock
     */
    public Task unblock(String taskId) {
        return ctx.db.write(tx -> {
            Task task = ctx.require(tx, taskId);
            StateMachine.apply(ctx, tx, task, Transition.UNBLOCK, Change.none(), ctx.now());
            return TaskStore.find(tx, taskId).orElseThrow();
        });
    }

    /**
     * A block with a reason also goes on the discussion thread as a {@code BLOCKED: <reason>} comment, as the
     * reference does, so whoever reads the thread sees why.
     */
    static void commentOnBlock(BoardContext ctx, Tx tx, Task task, String author, String reason, Instant now) {
        if (reason != null && !reason.isBlank()) {
            Comments.addIn(ctx, tx, task.id(), author, BLOCKED_COMMENT_PREFIX + reason.strip(), now);
        }
    }
}
