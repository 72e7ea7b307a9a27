package io.kanban.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.Board;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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
        assertEquals(1, new JitWarmUp(40, Duration.ZERO).run(board.toString(), 2));
        try (Board b = Board.open(board)) {
            assertEquals(Map.of("done", 40L), b.tasks().countByStatus());
        }
    }

    @Test
    void with_time_to_spare_it_runs_a_second_round_before_it_judges_the_jit_settled() throws Exception {
        Assumptions.assumeTrue(ManagementFactory.getCompilationMXBean().isCompilationTimeMonitoringSupported());
        Path board = dir.resolve("warm.db");
        int rounds = new JitWarmUp(40, Duration.ofMinutes(1)).run(board.toString(), 2);
        assertTrue(rounds >= 2, "rounds: " + rounds);
        try (Board b = Board.open(board)) {
            assertEquals(Map.of("done", 40L * rounds), b.tasks().countByStatus());
        }
    }
}
