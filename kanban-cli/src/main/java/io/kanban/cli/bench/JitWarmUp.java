package io.kanban.cli.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Runs claim+complete rounds on a scratch board until the JIT has finished compiling the claim path, so that a
 * measured run times the board and not the compiler. A fixed count of warm-up cycles did not do this: after 500
 * cycles per child JVM, C2 still used a third of the CPU of four child JVMs during the measured run (profiled),
 * and four JVMs compiling the same code on two cores made the multi-process figure look worse than it is.
 */
public final class JitWarmUp {
    /** A round in which compiling took less than this share of the round's time ends the warm-up. */
    static final double SETTLED_SHARE = 0.03;

    private final int roundTasks;
    private final int maxRounds;
    private final Duration cap;
    private final Optional<LongSupplier> compilingMillis;

    /**
     * @param roundTasks the cycles of one round
     * @param maxRounds  the most rounds it runs: a short benchmark run should not warm up for longer than it runs
     * @param cap        how long the warm-up may take at most: on a server with slow commits, rounds take seconds
     */
    public JitWarmUp(int roundTasks, int maxRounds, Duration cap) {
        this(roundTasks, maxRounds, cap, compilingMillisOfThisJvm());
    }

    /** @param compilingMillis the JIT's total compiling time so far, or empty where the JVM does not keep it */
    JitWarmUp(int roundTasks, int maxRounds, Duration cap, Optional<LongSupplier> compilingMillis) {
        this.roundTasks = roundTasks;
        this.maxRounds = maxRounds;
        this.cap = cap;
        this.compilingMillis = compilingMillis;
    }

    private static Optional<LongSupplier> compilingMillisOfThisJvm() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported()
                ? Optional.of(jit::getTotalCompilationTime) : Optional.empty();
    }

    /**
     * Runs rounds on {@code board} with {@code threads} workers until one is nearly free of compiling, or the
     * most rounds or the cap is reached; at least one round.
     *
     * @param board   a scratch board location of this JVM's own
     * @param threads the workers, as many as the measured run will use
     * @param viaHostWriter whether the measured run goes through one writer per host: each round then serves
     *     its board's writes and drains it both here and through the socket, so both sides of that path compile
     * @return the rounds run
     * @throws InterruptedException if interrupted while a round runs
     */
    public int run(String board, int threads, boolean viaHostWriter) throws InterruptedException {
        boolean timed = compilingMillis.isPresent();
        long deadline = System.nanoTime() + cap.toNanos();
        int rounds = 0;
        while (true) {
            long compiledBefore = timed ? compilingMillis.get().getAsLong() : 0;
            long begin = System.nanoTime();
            if (viaHostWriter) {
                ClaimBenchmark.claimCompleteViaHostWriter(board, roundTasks, threads);
            } else {
                ClaimBenchmark.claimComplete(board, roundTasks, threads);
            }
            rounds++;
            long end = System.nanoTime();
            if (!timed || end >= deadline || rounds >= maxRounds) {
                return rounds;
            }
            double compiling = compilingMillis.get().getAsLong() - compiledBefore;
            if (rounds > 1 && compiling < SETTLED_SHARE * (end - begin) / 1e6) {
                return rounds;
            }
        }
    }
}
