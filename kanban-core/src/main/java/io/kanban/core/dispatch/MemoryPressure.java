package io.kanban.core.dispatch;

import io.kanban.core.spi.HostMemory;
import java.util.Locale;
import java.util.Optional;

/**
 * How short of memory the host is, and what that allows a tick (HERMES-UPSTREAM §5): under critical pressure no
 * worker starts, under elevated pressure at most one. Ours: elevated below {@value #ELEVATED_PERCENT}% of memory
 * available, critical below {@value #CRITICAL_PERCENT}%.
 */
public enum MemoryPressure {
    /** Enough memory: no limit of its own. */
    NONE,
    /** Below {@value #ELEVATED_PERCENT}% available: at most one new worker a tick. */
    ELEVATED,
    /** Below {@value #CRITICAL_PERCENT}% available: no new worker. */
    CRITICAL;

    /** Available memory below this percentage is elevated pressure. */
    public static final int ELEVATED_PERCENT = 15;
    /** Available memory below this percentage is critical pressure. */
    public static final int CRITICAL_PERCENT = 5;
    /** Memory per worker the default host-wide cap counts with. */
    public static final long BYTES_PER_WORKER = 512L * 1024 * 1024;
    /** The least the default {@code max_in_progress} is. */
    public static final int MIN_DEFAULT_IN_PROGRESS = 2;
    /** The most the default {@code max_in_progress} is. */
    public static final int MAX_DEFAULT_IN_PROGRESS = 8;

    /**
     * The pressure {@code memory} shows; none when the host cannot tell.
     *
     * @param memory the host's memory, when it can tell
     * @return the pressure
     */
    public static MemoryPressure of(Optional<HostMemory> memory) {
        if (memory.isEmpty() || memory.get().totalBytes() <= 0) {
            return NONE;
        }
        double percent = 100.0 * memory.get().availableBytes() / memory.get().totalBytes();
        return percent < CRITICAL_PERCENT ? CRITICAL : percent < ELEVATED_PERCENT ? ELEVATED : NONE;
    }

    /**
     * Workers a tick may start under this pressure, {@code Integer.MAX_VALUE} for no limit of its own.
     *
     * @return the allowance
     */
    public int spawnAllowance() {
        return switch (this) {
            case NONE -> Integer.MAX_VALUE;
            case ELEVATED -> 1;
            case CRITICAL -> 0;
        };
    }

    /**
     * The wire name, or null for none (a tick report carries null when memory held nothing back).
     *
     * @return the lower-case name, or null
     */
    public String wire() {
        return this == NONE ? null : name().toLowerCase(Locale.ROOT);
    }

    /**
     * The reference's default for {@code max_in_progress}: one worker per 512 MiB of memory, from
     * {@value #MIN_DEFAULT_IN_PROGRESS} to {@value #MAX_DEFAULT_IN_PROGRESS}; the upper bound when memory is unknown.
     *
     * @param memory the host's memory, when it can tell
     * @return the default
     */
    public static int defaultMaxInProgress(Optional<HostMemory> memory) {
        if (memory.isEmpty() || memory.get().totalBytes() <= 0) {
            return MAX_DEFAULT_IN_PROGRESS;
        }
        long workers = memory.get().totalBytes() / BYTES_PER_WORKER;
        return (int) Math.max(MIN_DEFAULT_IN_PROGRESS, Math.min(MAX_DEFAULT_IN_PROGRESS, workers));
    }
}
