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

    public String wire() {
        return wire;
    }

    /** Rows other kernels wrote carry no scope and are task subscriptions. */
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

    public static Optional<NotifyScope> parse(String value) {
        for (NotifyScope s : values()) {
            if (s.wire.equalsIgnoreCase(value == null ? "" : value.strip())) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
