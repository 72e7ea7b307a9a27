package io.kanban.core.model;

import java.util.Locale;

/** Task statuses, spelled on disk exactly as the reference kernel spells them. */
public enum Status {
    TRIAGE, TODO, READY, RUNNING, BLOCKED, DONE, ARCHIVED,
    /** Written by later reference versions; read, never produced by this kernel. */
    SCHEDULED,
    /** Written by later reference versions; read, never produced by this kernel. */
    REVIEW;

    private final String wire = name().toLowerCase(Locale.ROOT);

    public String wire() {
        return wire;
    }

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
     * @deprecated the lifecycle table says: use {@link io.kanban.core.Lifecycle#isFinished(Status)}
     */
    @Deprecated(since = "0.1.0")
    public boolean releasesChildren() {
        return io.kanban.core.Lifecycle.isFinished(this);
    }
}
