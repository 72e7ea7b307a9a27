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
    private static final List<Status> COLUMNS = List.of(TRIAGE, TODO, READY, RUNNING, BLOCKED, DONE);

    private Lifecycle() {
    }

    /** Where a status change lands. */
    public enum Landing {
        /** On the row's target status. */
        TARGET,
        /** On ready, or on todo while a parent is unfinished. */
        SETTLED,
        /** On ready; refused while a parent is unfinished. */
        READY_WHEN_PARENTS_FINISHED
    }

    /** What a status change does to the task's count of failed attempts (the circuit breaker's input). */
    public enum Failures {
        KEEP,
        RESET,
        /** Reset when the task leaves blocked: whoever moves it out has dealt with what blocked it. */
        RESET_FROM_BLOCKED,
        /** One more failed attempt; at the limit the breaker sends the task to blocked with {@code gave_up}. */
        COUNT
    }

    /**
     * One row of the table: from which statuses, to where, the event it appends, how it ends the task's open run,
     * and whether a person may make it by hand (dragging a card, {@code PATCH status}, {@code Tasks.move}).
     */
    public enum Transition {
        CLAIM("claim", of(READY), RUNNING, Landing.TARGET, EventKind.CLAIMED, RunOutcome.RECLAIMED,
                "superseded by a new claim", Failures.KEEP, false),
        COMPLETE("complete", of(READY, RUNNING, BLOCKED, SCHEDULED, REVIEW), DONE, Landing.TARGET,
                EventKind.COMPLETED, RunOutcome.COMPLETED, null, Failures.RESET, true),
        BLOCK("block", of(TRIAGE, TODO, READY, RUNNING, SCHEDULED, REVIEW), BLOCKED, Landing.TARGET,
                EventKind.BLOCKED, RunOutcome.BLOCKED, null, Failures.RESET, true),
        UNBLOCK("unblock", of(BLOCKED), READY, Landing.SETTLED, EventKind.UNBLOCKED, null, null, Failures.RESET,
                false),
        ARCHIVE("archive", EnumSet.complementOf(EnumSet.of(ARCHIVED)), ARCHIVED, Landing.TARGET, EventKind.ARCHIVED,
                RunOutcome.RECLAIMED, "archived", Failures.KEEP, true),
        MOVE_TO_TRIAGE("move to triage", of(TODO, READY), TRIAGE, Landing.TARGET, EventKind.STATUS,
                RunOutcome.RECLAIMED, "moved to %s by hand", Failures.RESET_FROM_BLOCKED, true),
        /** Back to todo: a task without unfinished parents has nothing to wait for and lands on ready. */
        MOVE_TO_TODO("move to todo", of(TRIAGE, READY, BLOCKED, DONE, SCHEDULED, REVIEW), TODO, Landing.SETTLED,
                EventKind.STATUS, RunOutcome.RECLAIMED, "moved to %s by hand", Failures.RESET_FROM_BLOCKED, true),
        MOVE_TO_READY("move to ready", of(TRIAGE, TODO, RUNNING, BLOCKED, DONE, SCHEDULED, REVIEW), READY,
                Landing.READY_WHEN_PARENTS_FINISHED, EventKind.STATUS, RunOutcome.RECLAIMED, "moved to %s by hand",
                Failures.RESET_FROM_BLOCKED, true),
        /** The dependency engine: the last unfinished parent finished, or the link to it went. */
        PROMOTE("promote", of(TODO), READY, Landing.TARGET, EventKind.PROMOTED, null, null, Failures.KEEP, false),
        /** The dependency engine: a parent reopened, a new unfinished parent, or another kernel left it ready. */
        DEMOTE("demote", of(READY), TODO, Landing.TARGET, EventKind.DEMOTED, null, null, Failures.KEEP, false),
        /** A claim expired without a heartbeat. */
        RECLAIM("reclaim", of(RUNNING), READY, Landing.SETTLED, EventKind.RECLAIMED, RunOutcome.RECLAIMED, null,
                Failures.COUNT, false),
        /** The worker process died without reporting. */
        CRASH("record a crash", of(RUNNING), READY, Landing.SETTLED, EventKind.CRASHED, RunOutcome.CRASHED, null,
                Failures.COUNT, false),
        /** The run passed the task's max runtime and its worker was stopped. */
        TIME_OUT("time out", of(RUNNING), READY, Landing.SETTLED, EventKind.TIMED_OUT, RunOutcome.TIMED_OUT, null,
                Failures.COUNT, false),
        /** The worker could not be started; the run that trips the breaker ends as {@code gave_up}. */
        SPAWN_FAIL("record a spawn failure", of(RUNNING), READY, Landing.SETTLED, EventKind.SPAWN_FAILED,
                RunOutcome.SPAWN_FAILED, null, Failures.COUNT, false);

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

        /** The verb, as an error names it: "task t_1 is done; cannot block". */
        public String action() {
            return action;
        }

        public Set<Status> from() {
            return from;
        }

        public boolean allowsFrom(Status status) {
            return from.contains(status);
        }

        /** The status this row moves to; see {@link #landing()} and {@link #lands()} for where it may end up. */
        public Status target() {
            return target;
        }

        public Landing landing() {
            return landing;
        }

        /** Every status a task may have after this row, the circuit breaker's blocked included. */
        public Set<Status> lands() {
            Set<Status> lands = EnumSet.of(target);
            if (landing == Landing.SETTLED) {
                lands.add(TODO);
            }
            if (failures == Failures.COUNT) {
                lands.add(BLOCKED);
            }
            return Collections.unmodifiableSet(lands);
        }

        /** The event this row appends (the breaker adds {@code gave_up} after it). */
        public EventKind event() {
            return event;
        }

        /** How the task's open run ends, or empty when this row leaves it alone (or the task has none). */
        public Optional<RunOutcome> endsRunAs() {
            return Optional.ofNullable(endsRunAs);
        }

        /** The outcome of the run when this failure trips the breaker: the reference's {@code gave_up} for spawns. */
        public RunOutcome endsTrippedRunAs() {
            return this == SPAWN_FAIL ? RunOutcome.GAVE_UP : endsRunAs;
        }

        /** The error recorded on the run this row ends, when the caller gives none ({@code %s}: the new status). */
        String runNote(Status to) {
            return runNote == null ? null : String.format(runNote, to.wire());
        }

        public Failures failures() {
            return failures;
        }

        /** Whether a person may make this move by hand, by naming its target status. */
        public boolean byHand() {
            return byHand;
        }

        /** Opens a run: entering running happens only here. */
        public boolean startsRun() {
            return target == RUNNING;
        }

        private static Set<Status> of(Status first, Status... rest) {
            return EnumSet.of(first, rest);
        }
    }

    /** The move a person makes by naming {@code to}; empty for running, which only a claim enters. */
    public static Optional<Transition> byHand(Status to) {
        return Arrays.stream(Transition.values()).filter(t -> t.byHand && t.target == to).findFirst();
    }

    /** Whether a person may move a task from {@code from} to {@code to} by hand. */
    public static boolean allows(Status from, Status to) {
        return byHand(to).filter(t -> t.allowsFrom(from)).isPresent();
    }

    /** The statuses a person may move a task to from {@code from}, in the order of {@link Status}. */
    public static Set<Status> targets(Status from) {
        Set<Status> targets = new LinkedHashSet<>();
        for (Status to : Status.values()) {
            if (allows(from, to)) {
                targets.add(to);
            }
        }
        return Collections.unmodifiableSet(targets);
    }

    /** The board's columns, left to right; archived tasks are not shown. */
    public static List<Status> columns() {
        return COLUMNS;
    }

    /** Whether a parent in {@code status} has finished, so it no longer holds its children back. */
    public static boolean isFinished(Status status) {
        return FINISHED.contains(status);
    }

    public static Set<Status> finished() {
        return FINISHED;
    }

    /** Where a new task starts: triage when asked, else todo while a parent is unfinished, else ready. */
    public static Status initialStatus(boolean triage, boolean parentUnfinished) {
        return triage ? TRIAGE : parentUnfinished ? TODO : READY;
    }

    /**
     * The event kinds that set a task's status: creation, every row's event and the breaker's {@code gave_up}.
     * The newest of them on a ready task is the one that made it ready.
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
