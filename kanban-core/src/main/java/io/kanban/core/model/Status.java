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

    /** A parent in one of these no longer holds its children back. */
    public boolean releasesChildren() {
        return this == DONE || this == ARCHIVED;
    }
}
