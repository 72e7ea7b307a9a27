package io.kanban.core;

import static io.kanban.core.model.Status.ARCHIVED;
import static io.kanban.core.model.Status.BLOCKED;
import static io.kanban.core.model.Status.DONE;
import static io.kanban.core.model.Status.READY;
import static io.kanban.core.model.Status.REVIEW;
import static io.kanban.core.model.Status.RUNNING;
import static io.kanban.core.model.Status.SCHEDULED;
import static io.kanban.core.model.Status.TODO;
import static io.kanban.core.model.Status.TRIAGE;

import io.kanban.core.model.BlockKind;
import io.kanban.core.model.EventKind;
import io.kanban.core.model.RunOutcome;
import io.kanban.core.model.Status;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The lifecycle of a task, as data: every way its status may change ({@link Transition}), and what follows from
 * the table (the moves a person may make by hand, the statuses that release children, the event kinds that
 * change a status). The kernel changes a status only by applying one of these rows; front ends ask this class
 * (the page asks the server) instead of keeping lists of their own.
 */
public final class Lifecycle {
    /** A parent in one of these no longer holds its children back. */
    private static final Set<Status> FINISHED = Collections.unmodifiableSet(EnumSet.of(DONE, ARCHIVED));
    /** The board's columns, left to right; archived tasks are hidden. */
    private static final List<Status> COLUMNS = List.of(TRIAGE, TODO, SCHEDULED, READY, RUNNING, BLOCKED, REVIEW, DONE);

    private Lifecycle() {
    }

    /** Where a status change lands. */
    public enum Landing {
        /** On the row's target status. */
        TARGET,
        /** On ready, or on todo while a parent is unfinished. */
        SETTLED,
        /** On ready; refused while a parent is unfinished. */
        READY_WHEN_PARENTS_FINISHED,
        /** On the row's target; refused while a parent is unfinished (the reference's completion rule). */
        TARGET_WHEN_PARENTS_FINISHED,
        /**
         * A failed or reclaimed attempt: back to review when its run was a reviewer's (claimed from review),
         * otherwise settled (ready, or todo while a parent is unfinished).
         */
        RETRY
    }

    /** What a status change does to the task's count of failed attempts (the circuit breaker's input). */
    public enum Failures {
        /** Left as it is. */
        KEEP,
        /** Back to zero. */
        RESET,
        /** Reset when the task leaves blocked: whoever moves it out has dealt with what blocked it. */
        RESET_FROM_BLOCKED,
        /** One more failed attempt; at the limit the breaker sends the task to blocked with {@code gave_up}. */
        COUNT,
        /**
         * Not counted (a provider's rate limit says nothing about the task), but the error stays on the task so the
         * next worker and the board can read it.
         */
        NOTE,
        /**
         * Counted on a budget of its own (a worker that exited cleanly without reporting): the dispatcher decides
         * when that budget is spent and the breaker trips; until then the counter is left alone and the error noted.
         */
        BUDGET
    }

    /**
     * One row of the table: from which statuses, to where, the event it appends, how it ends the task's open run,
     * and whether a person may make it by hand (dragging a card, {@code PATCH status}, {@code Tasks.move}). The
     * from-sets of the rows a person may make by hand are the reference's manual-move table (HERMES-UPSTREAM §1).
     */
    public enum Transition {
        /** A worker claims a ready task; a run opens. */
        CLAIM("claim", of(READY), RUNNING, Landing.TARGET, EventKind.CLAIMED, RunOutcome.RECLAIMED,
                "superseded by a new claim", Failures.KEEP, false),
        /** A reviewer run takes a review card; its {@code claimed} event says {@code source_status=review}. */
        CLAIM_REVIEW("claim for review", of(REVIEW), RUNNING, Landing.TARGET, EventKind.CLAIMED,
                RunOutcome.RECLAIMED, "superseded by a new claim", Failures.KEEP, false),
        /** The task is done; refused while a parent is unfinished. */
        COMPLETE("complete", of(READY, RUNNING, BLOCKED, REVIEW), DONE, Landing.TARGET_WHEN_PARENTS_FINISHED,
                EventKind.COMPLETED, RunOutcome.COMPLETED, null, Failures.RESET, true),
        /** An untyped block, or a typed one that is not a dependency and not a loop. */
        BLOCK("block", of(READY, RUNNING), BLOCKED, Landing.TARGET, EventKind.BLOCKED, RunOutcome.BLOCKED, null,
                Failures.RESET, true),
        /** A block of kind dependency: the task waits in todo. */
        WAIT_FOR_DEPENDENCY("block on a dependency", of(READY, RUNNING), TODO, Landing.TARGET,
                EventKind.DEPENDENCY_WAIT, RunOutcome.BLOCKED, null, Failures.RESET, false),
        /** The second recurrence of one block kind: to triage, for a person to rethink the task. */
        BREAK_BLOCK_LOOP("block", of(READY, RUNNING), TRIAGE, Landing.TARGET, EventKind.BLOCK_LOOP_DETECTED,
                RunOutcome.BLOCKED, null, Failures.RESET, false),
        /** Parked until a person unblocks it or (ours) its due time comes. */
        SCHEDULE("schedule", of(TODO, READY, RUNNING, BLOCKED), SCHEDULED, Landing.TARGET, EventKind.SCHEDULED,
                RunOutcome.SCHEDULED, null, Failures.KEEP, true),
        /** A person releases a blocked or scheduled task: ready, or todo while a parent is unfinished. */
        UNBLOCK("unblock", of(BLOCKED, SCHEDULED), READY, Landing.SETTLED, EventKind.UNBLOCKED, null, null,
                Failures.RESET, false),
        /** Ours: the dispatcher wakes a scheduled task whose due time came, once. */
        SCHEDULE_DUE("wake when due", of(SCHEDULED), READY, Landing.SETTLED, EventKind.SCHEDULE_DUE, null, null,
                Failures.KEEP, false),
        /** The implementer hands the work to a reviewer. */
        REQUEST_REVIEW("request review", of(READY, RUNNING), REVIEW, Landing.TARGET, EventKind.REVIEW_REQUESTED,
                RunOutcome.REVIEW_REQUESTED, null, Failures.KEEP, true),
        /** A reviewer run sends the task back to its implementer (the verb checks the run is a reviewer's). */
        REQUEST_CHANGES("request changes", of(RUNNING), READY, Landing.SETTLED, EventKind.CHANGES_REQUESTED,
                RunOutcome.CHANGES_REQUESTED, null, Failures.KEEP, false),
        /** A person takes a task out of review, back to its implementer. */
        REOPEN_REVIEW("reopen review", of(REVIEW), READY, Landing.SETTLED, EventKind.REVIEW_REOPENED, null, null,
                Failures.KEEP, false),
        /** Put away, from any status; an open run ends as reclaimed. */
        ARCHIVE("archive", EnumSet.complementOf(EnumSet.of(ARCHIVED)), ARCHIVED, Landing.TARGET, EventKind.ARCHIVED,
                RunOutcome.RECLAIMED, "archived", Failures.KEEP, true),
        /** A person sends the task back to triage. */
        MOVE_TO_TRIAGE("move to triage", of(TODO, SCHEDULED, READY, RUNNING, BLOCKED, REVIEW, DONE), TRIAGE,
                Landing.TARGET, EventKind.STATUS, RunOutcome.RECLAIMED, "moved to %s by hand",
                Failures.RESET_FROM_BLOCKED, true),
        /** Back to todo: a task without unfinished parents has nothing to wait for and lands on ready. */
        MOVE_TO_TODO("move to todo", of(TRIAGE, SCHEDULED, READY, RUNNING, BLOCKED, REVIEW, DONE), TODO,
                Landing.SETTLED, EventKind.STATUS, RunOutcome.RECLAIMED, "moved to %s by hand",
                Failures.RESET_FROM_BLOCKED, true),
        /** A person moves the task to ready; refused while a parent is unfinished. */
        MOVE_TO_READY("move to ready", of(TRIAGE, TODO, SCHEDULED, RUNNING, BLOCKED, REVIEW, DONE), READY,
                Landing.READY_WHEN_PARENTS_FINISHED, EventKind.STATUS, RunOutcome.RECLAIMED, "moved to %s by hand",
                Failures.RESET_FROM_BLOCKED, true),
        /** The dependency engine: the last unfinished parent finished, or the link to it went. */
        PROMOTE("promote", of(TODO), READY, Landing.TARGET, EventKind.PROMOTED, null, null, Failures.KEEP, false),
        /** A person's {@code promote}: refused, naming what it waits for, while a parent is unfinished. */
        PROMOTE_BY_HAND("promote", of(TODO, BLOCKED), READY, Landing.READY_WHEN_PARENTS_FINISHED,
                EventKind.PROMOTED_MANUAL, null, null, Failures.RESET_FROM_BLOCKED, false),
        /** The dependency engine: a parent reopened, a new unfinished parent, or another kernel left it ready. */
        DEMOTE("demote", of(READY), TODO, Landing.TARGET, EventKind.DEMOTED, null, null, Failures.KEEP, false),
        /** A done parent was reopened: its descendants' work no longer stands. Running ones lose their run. */
        INVALIDATE("invalidate", of(READY, RUNNING, REVIEW, DONE), TODO, Landing.TARGET,
                EventKind.DESCENDANT_INVALIDATED, RunOutcome.RECLAIMED, "a parent was reopened", Failures.RESET,
                false),
        /** A claim expired without a heartbeat. */
        RECLAIM("reclaim", of(RUNNING), READY, Landing.RETRY, EventKind.RECLAIMED, RunOutcome.RECLAIMED, null,
                Failures.COUNT, false),
        /** A person takes the task back from its worker ({@code reclaim}): a fresh start, failures reset. */
        RECLAIM_BY_HAND("reclaim", of(RUNNING), READY, Landing.RETRY, EventKind.RECLAIMED, RunOutcome.RECLAIMED,
                "reclaimed by hand", Failures.RESET, false),
        /** The worker process died without reporting. */
        CRASH("record a crash", of(RUNNING), READY, Landing.RETRY, EventKind.CRASHED, RunOutcome.CRASHED, null,
                Failures.COUNT, false),
        /** The worker exited with the rate-limit code (75): back to the queue, not counted; its profile cools down. */
        RATE_LIMIT("record a rate limit", of(RUNNING), READY, Landing.RETRY, EventKind.RATE_LIMITED,
                RunOutcome.RATE_LIMITED, null, Failures.NOTE, false),
        /** The worker exited cleanly (0) without reporting: a protocol violation, on its own budget. */
        PROTOCOL_VIOLATION("record a protocol violation", of(RUNNING), READY, Landing.RETRY,
                EventKind.PROTOCOL_VIOLATION, RunOutcome.CRASHED, null, Failures.BUDGET, false),
        /** The run passed the task's max runtime and its worker was stopped. */
        TIME_OUT("time out", of(RUNNING), READY, Landing.RETRY, EventKind.TIMED_OUT, RunOutcome.TIMED_OUT, null,
                Failures.COUNT, false),
        /** The worker could not be started; the run that trips the breaker ends as {@code gave_up}. */
        SPAWN_FAIL("record a spawn failure", of(RUNNING), READY, Landing.RETRY, EventKind.SPAWN_FAILED,
                RunOutcome.SPAWN_FAILED, null, Failures.COUNT, false),
        /** The host refused the worker (out of processes, memory, disk): not counted; the card cools down. */
        SPAWN_REFUSED("record a refused spawn", of(RUNNING), READY, Landing.RETRY, EventKind.SPAWN_FAILED,
                RunOutcome.SPAWN_FAILED, null, Failures.NOTE, false);

        private final String action;
        private final Set<Status> from;
        private final Status target;
        private final Landing landing;
        private final EventKind event;
        private final RunOutcome endsRunAs;
        private final String runNote;
        private final Failures failures;
        private final boolean byHand;

        Transition(String action, Set<Status> from, Status target, Landing landing, EventKind event,
                   RunOutcome endsRunAs, String runNote, Failures failures, boolean byHand) {
            this.action = action;
            this.from = Collections.unmodifiableSet(EnumSet.copyOf(from));
            this.target = target;
            this.landing = landing;
            this.event = event;
            this.endsRunAs = endsRunAs;
            this.runNote = runNote;
            this.failures = failures;
            this.byHand = byHand;
        }

        /**
         * The verb, as an error names it: "task t_1 is done; cannot block".
         *
         * @return the verb
         */
        public String action() {
            return action;
        }

        /**
         * The statuses this row applies from.
         *
         * @return the from-set
         */
        public Set<Status> from() {
            return from;
        }

        /**
         * Whether this row applies to a task in {@code status}.
         *
         * @param status the task's status
         * @return true if {@code status} is in {@link #from()}
         */
        public boolean allowsFrom(Status status) {
            return from.contains(status);
        }

        /**
         * The status this row moves to; see {@link #landing()} and {@link #lands()} for where it may end up.
         *
         * @return the target status
         */
        public Status target() {
            return target;
        }

        /**
         * Where the row lands relative to its target (see {@link Landing}).
         *
         * @return the landing rule
         */
        public Landing landing() {
            return landing;
        }

        /**
         * Every status a task may have after this row, the circuit breaker's blocked included.
         *
         * @return the statuses a task may end in
         */
        public Set<Status> lands() {
            Set<Status> lands = EnumSet.of(target);
            if (landing == Landing.SETTLED || landing == Landing.RETRY) {
                lands.add(TODO);
            }
            if (landing == Landing.RETRY) {
                lands.add(REVIEW);
            }
            if (failures == Failures.COUNT || failures == Failures.BUDGET) {
                lands.add(BLOCKED);
            }
            return Collections.unmodifiableSet(lands);
        }

        /**
         * The event this row appends (the breaker adds {@code gave_up} after it).
         *
         * @return the event kind
         */
        public EventKind event() {
            return event;
        }

        /**
         * How the task's open run ends, or empty when this row leaves it alone (or the task has none).
         *
         * @return the outcome, or empty
         */
        public Optional<RunOutcome> endsRunAs() {
            return Optional.ofNullable(endsRunAs);
        }

        /**
         * The outcome of the run when this failure trips the breaker: the reference's {@code gave_up} for spawns.
         *
         * @return the outcome
         */
        public RunOutcome endsTrippedRunAs() {
            return this == SPAWN_FAIL ? RunOutcome.GAVE_UP : endsRunAs;
        }

        /** The error recorded on the run this row ends, when the caller gives none ({@code %s}: the new status). */
        String runNote(Status to) {
            return runNote == null ? null : String.format(runNote, to.wire());
        }

        /**
         * What this row does to the task's count of failed attempts.
         *
         * @return the rule
         */
        public Failures failures() {
            return failures;
        }

        /**
         * Whether a person may make this move by hand, by naming its target status.
         *
         * @return whether it is a manual move
         */
        public boolean byHand() {
            return byHand;
        }

        /**
         * Whether this row ends an attempt that may have been a reviewer's, which then returns to review.
         *
         * @return whether it may return the task to review
         */
        public boolean retries() {
            return landing == Landing.RETRY;
        }

        /**
         * Opens a run: entering running happens only here.
         *
         * @return true for the claim rows
         */
        public boolean startsRun() {
            return target == RUNNING;
        }

        private static Set<Status> of(Status first, Status... rest) {
            return EnumSet.of(first, rest);
        }
    }

    /**
     * The move a person makes by naming {@code to}; empty for running, which only a claim enters.
     *
     * @param to the target status
     * @return the row, or empty
     */
    public static Optional<Transition> byHand(Status to) {
        return Arrays.stream(Transition.values()).filter(t -> t.byHand && t.target == to).findFirst();
    }

    /**
     * The row a person's move from {@code from} to {@code to} applies (a drag, {@code PATCH status}), or empty
     * when the manual-move table does not have it; {@link #byHand(Status)} names the rule that refuses it.
     *
     * @param from the task's status
     * @param to the target status
     * @return the row, or empty
     */
    public static Optional<Transition> byHand(Status from, Status to) {
        return byHand(to).filter(t -> t.allowsFrom(from));
    }

    /**
     * Drag targets: every column a person may drop a card on (scheduled, running and review are not).
     *
     * @return the statuses a card may be dropped on
     */
    public static Set<Status> dropTargets() {
        Set<Status> targets = new LinkedHashSet<>();
        for (Status s : COLUMNS) {
            if (byHand(s).isPresent() && s != SCHEDULED && s != REVIEW) {
                targets.add(s);
            }
        }
        return Collections.unmodifiableSet(targets);
    }

    /**
     * Which block row a block of {@code kind} applies to a task whose last typed block was {@code lastKind} with
     * {@code recurrences} recurrences so far: an untyped block blocks; a dependency waits in todo; the same kind
     * again counts one more recurrence, and the {@value #BLOCK_RECURRENCE_LIMIT}nd sends the task to triage.
     *
     * @param kind the block's kind, or null for an untyped block
     * @param lastKind the kind of the task's last block as stored, or null
     * @param recurrences the task's recurrences so far
     * @return the row to apply
     */
    public static Transition block(BlockKind kind, String lastKind, int recurrences) {
        if (kind == null) {
            return Transition.BLOCK;
        }
        if (kind == BlockKind.DEPENDENCY) {
            return Transition.WAIT_FOR_DEPENDENCY;
        }
        return nextRecurrences(kind, lastKind, recurrences) >= BLOCK_RECURRENCE_LIMIT ? Transition.BREAK_BLOCK_LOOP
                : Transition.BLOCK;
    }

    /**
     * The recurrence count after a block of {@code kind}: one more for the same kind, else zero.
     *
     * @param kind the block's kind, or null
     * @param lastKind the kind of the task's last block as stored, or null
     * @param recurrences the task's recurrences so far
     * @return the new count
     */
    public static int nextRecurrences(BlockKind kind, String lastKind, int recurrences) {
        return kind != null && kind.wire().equals(lastKind) ? recurrences + 1 : 0;
    }

    /** The reference's BLOCK_RECURRENCE_LIMIT: the second recurrence of one kind is a loop. */
    public static final int BLOCK_RECURRENCE_LIMIT = 2;

    /**
     * Whether a person may move a task from {@code from} to {@code to} by hand.
     *
     * @param from the task's status
     * @param to the target status
     * @return whether the manual-move table has the move
     */
    public static boolean allows(Status from, Status to) {
        return byHand(to).filter(t -> t.allowsFrom(from)).isPresent();
    }

    /**
     * The statuses a person may move a task to from {@code from}, in the order of {@link Status}.
     *
     * @param from the task's status
     * @return the statuses it may be moved to by hand
     */
    public static Set<Status> targets(Status from) {
        Set<Status> targets = new LinkedHashSet<>();
        for (Status to : Status.values()) {
            if (allows(from, to)) {
                targets.add(to);
            }
        }
        return Collections.unmodifiableSet(targets);
    }

    /**
     * The board's columns, left to right; archived tasks are not shown.
     *
     * @return the column statuses
     */
    public static List<Status> columns() {
        return COLUMNS;
    }

    /**
     * Whether a parent in {@code status} has finished, so it no longer holds its children back.
     *
     * @param status the parent's status
     * @return true for done and archived
     */
    public static boolean isFinished(Status status) {
        return FINISHED.contains(status);
    }

    /**
     * The statuses in which a parent no longer holds its children back.
     *
     * @return done and archived
     */
    public static Set<Status> finished() {
        return FINISHED;
    }

    /**
     * Where a new task starts: triage when asked, else todo while a parent is unfinished, else ready.
     *
     * @param triage whether the request asks for triage
     * @param parentUnfinished whether a parent is not finished
     * @return the new task's status
     */
    public static Status initialStatus(boolean triage, boolean parentUnfinished) {
        return initialStatus(false, triage, parentUnfinished);
    }

    /**
     * The reference's order: blocked when asked ({@code initial_status: blocked}), then as above.
     *
     * @param blocked whether the request asks for {@code initial_status: blocked}
     * @param triage whether the request asks for triage
     * @param parentUnfinished whether a parent is not finished
     * @return the new task's status
     */
    public static Status initialStatus(boolean blocked, boolean triage, boolean parentUnfinished) {
        return blocked ? BLOCKED : triage ? TRIAGE : parentUnfinished ? TODO : READY;
    }

    /**
     * The event kinds that set a task's status: creation, every row's event and the breaker's {@code gave_up}.
     * The newest of them on a ready task is the one that made it ready.
     *
     * @return the event kinds
     */
    public static Set<EventKind> statusChangingKinds() {
        Set<EventKind> kinds = new LinkedHashSet<>();
        kinds.add(EventKind.CREATED);
        for (Transition t : Transition.values()) {
            kinds.add(t.event);
        }
        kinds.add(EventKind.GAVE_UP);
        return Collections.unmodifiableSet(kinds);
    }

    /**
     * The event kinds after which a task may have finished, so its children may be promoted: the rows that can
     * land on a finished status, and {@code status}, which the reference's dashboard writes for a drag to done.
     *
     * @return the event kinds
     */
    public static Set<EventKind> mayFinishKinds() {
        Set<EventKind> kinds = new LinkedHashSet<>();
        for (Transition t : Transition.values()) {
            if (t.lands().stream().anyMatch(Lifecycle::isFinished)) {
                kinds.add(t.event);
            }
        }
        kinds.add(EventKind.STATUS);
        return Collections.unmodifiableSet(kinds);
    }
}
