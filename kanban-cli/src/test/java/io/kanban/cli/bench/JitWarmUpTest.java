package io.kanban.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.Board;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The warm-up runs whole rounds on its scratch board, stops at its cap, and never ends after a first round. */
class JitWarmUpTest {
    @TempDir
    Path dir;

    @Test
    void a_zero_cap_runs_exactly_one_round_and_drains_it() throws Exception {
        Path board = dir.resolve("warm.db");
        assertEquals(1, new JitWarmUp(40, 100, Duration.ZERO).run(board.toString(), 2, false));
        try (Board b = Board.open(board)) {
            assertEquals(Map.of("done", 40L), b.tasks().countByStatus());
        }
    }

    @Test
    void a_round_through_the_host_writer_drains_its_board_from_both_handles() throws Exception {
        Path board = dir.resolve("warm.db");
        assertEquals(1, new JitWarmUp(40, 100, Duration.ZERO).run(board.toString(), 2, true));
        try (Board b = Board.open(board)) {
            assertEquals(Map.of("done", 40L), b.tasks().countByStatus());
        }
    }

    @Test
    void a_jit_that_keeps_compiling_is_waited_for_up_to_the_most_rounds() throws Exception {
        AtomicLong compiled = new AtomicLong();
        LongSupplier alwaysCompiling = () -> compiled.addAndGet(60_000); // a minute more at every look
        assertEquals(3, new JitWarmUp(5, 3, Duration.ofMinutes(1), Optional.of(alwaysCompiling))
                .run(dir.resolve("warm.db").toString(), 1, false));
    }

    @Test
    void a_jit_that_compiles_nothing_more_ends_the_warm_up_after_the_second_round() throws Exception {
        LongSupplier settled = () -> 1_000;
        assertEquals(2, new JitWarmUp(5, 10, Duration.ofMinutes(1), Optional.of(settled))
                .run(dir.resolve("warm.db").toString(), 1, false));
    }

    @Test
    void a_jvm_that_does_not_time_its_jit_runs_one_round() throws Exception {
        assertEquals(1, new JitWarmUp(5, 10, Duration.ofMinutes(1), Optional.empty())
                .run(dir.resolve("warm.db").toString(), 1, false));
    }

    @Test
    void with_time_to_spare_it_runs_a_second_round_before_it_judges_the_jit_settled() throws Exception {
        Assumptions.assumeTrue(ManagementFactory.getCompilationMXBean().isCompilationTimeMonitoringSupported());
        Path board = dir.resolve("warm.db");
        int rounds = new JitWarmUp(40, 100, Duration.ofMinutes(1)).run(board.toString(), 2, false);
        assertTrue(rounds >= 2, "rounds: " + rounds);
        try (Board b = Board.open(board)) {
            assertEquals(Map.of("done", 40L * rounds), b.tasks().countByStatus());
        }
    }
}
