package io.kanban.core.model;

import io.kanban.core.error.ValidationError;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Why a task is blocked, the reference's {@code block_kind}. A dependency block waits in todo; the other kinds
 * block, and the same kind blocking again after an unblock counts a recurrence (see
 * {@link io.kanban.core.Lifecycle#block}).
 */
public enum BlockKind {
    /** Waits for other work: the task goes to todo instead of blocked. */
    DEPENDENCY,
    /** Needs an answer or a decision from a person. */
    NEEDS_INPUT,
    /** The worker lacks a tool, an access or a skill the task needs. */
    CAPABILITY,
    /** A passing failure (network, service down) that a retry may get past. */
    TRANSIENT;

    private final String wire = name().toLowerCase(Locale.ROOT);
    private static final String NAMES = Arrays.stream(values()).map(BlockKind::wire).collect(Collectors.joining("|"));

    /**
     * The kind as stored in {@code block_kind}.
     *
     * @return the lower-case name
     */
    public String wire() {
        return wire;
    }

    /**
     * A kind as a person or a worker names it; null or blank means an untyped block (null).
     *
     * @param text the name given ({@code needs-input} and {@code needs_input} both work), or null
     * @return the kind, or null for an untyped block
     * @throws ValidationError naming the field {@code kind}
     */
    public static BlockKind parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String wanted = text.strip().toLowerCase(Locale.ROOT).replace('-', '_');
        for (BlockKind k : values()) {
            if (k.wire.equals(wanted)) {
                return k;
            }
        }
        throw new ValidationError("kind", "'" + text + "' is not a block kind (" + NAMES + ")");
    }
}
