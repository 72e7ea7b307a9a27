package io.kanban.core.model;

import io.kanban.core.error.ValidationError;
import java.util.Locale;
import java.util.StringJoiner;

/** Task statuses, spelled on disk exactly as the reference kernel spells them, in the board's column order. */
public enum Status {
    /** Needs a person to specify or route it before work can start. */
    TRIAGE,
    /** Specified, waiting for its parents or to be promoted. */
    TODO,
    /** Parked by {@code schedule}: waits for a person, or (ours) for its due time. */
    SCHEDULED,
    /** Can be claimed by a worker. */
    READY,
    /** Claimed: a worker is on it. */
    RUNNING,
    /** Stopped until someone unblocks it. */
    BLOCKED,
    /** Done by its implementer, waiting for a reviewer run. */
    REVIEW,
    /** Completed; releases its children. */
    DONE,
    /** Put away; like done, it no longer holds its children back. */
    ARCHIVED;

    private final String wire = name().toLowerCase(Locale.ROOT);

    /**
     * The status as stored and as every front end prints it.
     *
     * @return the lower-case name
     */
    public String wire() {
        return wire;
    }

    /**
     * A status as a person or a script names it (a CLI option, a request field): surrounding space and case are
     * ignored. Every front end parses statuses here; {@link #fromWire} reads them exactly as the board stores them.
     *
     * @param text the name given
     * @return the status it names
     * @throws ValidationError naming the field {@code status} and listing the valid statuses
     */
    public static Status parse(String text) {
        if (text != null) {
            String wanted = text.strip().toLowerCase(Locale.ROOT);
            for (Status s : values()) {
                if (s.wire.equals(wanted)) {
                    return s;
                }
            }
        }
        throw new ValidationError("status", "'" + text + "' is not a status (" + names() + ")");
    }

    /**
     * Reads a status exactly as the board stores it.
     *
     * @param value the stored name
     * @return the status
     * @throws IllegalArgumentException if no status is spelled so
     */
    public static Status fromWire(String value) {
        for (Status s : values()) {
            if (s.wire.equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown status '" + value + "'");
    }

    /**
     * A parent in one of these no longer holds its children back.
     *
     * @return whether this status releases children
     * @deprecated the lifecycle table says: use {@link io.kanban.core.Lifecycle#isFinished(Status)}
     */
    @Deprecated(since = "0.1.0")
    public boolean releasesChildren() {
        return io.kanban.core.Lifecycle.isFinished(this);
    }

    /** "triage, todo, …": every status, for error messages (built when needed, not in every process's start). */
    private static String names() {
        StringJoiner names = new StringJoiner(", ");
        for (Status s : values()) {
            names.add(s.wire);
        }
        return names.toString();
    }
}
