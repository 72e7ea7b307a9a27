package io.kanban.core.model;

import java.util.Locale;
import java.util.Optional;

/** What a notify subscription covers. */
public enum NotifyScope {
    /** One task, and with {@code descendants} every task below it in the dependency graph. */
    TASK,
    /** Every task on the board. */
    BOARD,
    /** Every task of one tenant. */
    TENANT;

    private final String wire = name().toLowerCase(Locale.ROOT);

    /**
     * @return the lower-case name, as stored
     */
    public String wire() {
        return wire;
    }

    /**
     * Reads a stored scope. Rows other kernels wrote carry no scope and are task subscriptions.
     *
     * @param value the stored scope, or null
     * @return the scope; {@link #TASK} for null or unknown values
     */
    public static NotifyScope fromWire(String value) {
        if (value == null) {
            return TASK;
        }
        for (NotifyScope s : values()) {
            if (s.wire.equals(value)) {
                return s;
            }
        }
        return TASK;
    }

    /**
     * Reads a scope as a person names it, ignoring case and surrounding space.
     *
     * @param value the name given, or null
     * @return the scope, or empty if none is spelled so
     */
    public static Optional<NotifyScope> parse(String value) {
        for (NotifyScope s : values()) {
            if (s.wire.equalsIgnoreCase(value == null ? "" : value.strip())) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
