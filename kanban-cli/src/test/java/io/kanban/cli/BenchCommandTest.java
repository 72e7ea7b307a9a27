package io.kanban.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench runs end to end and reports every figure; the figures themselves are not asserted (no timed tests). */
class BenchCommandTest {
    @TempDir
    Path dir;

    private static void assertFigures(JsonNode b, int tasks) {
        assertTrue(b.get("raw_commits_per_second").asLong() > 0, b.toString());
        JsonNode cc = b.get("claim_complete");
        assertEquals(tasks, cc.get("cycles").asInt(), "every task claimed and completed once: " + b);
        assertTrue(cc.get("claim_p50_us").asLong() <= cc.get("claim_p95_us").asLong());
        assertTrue(cc.get("claim_p95_us").asLong() <= cc.get("claim_p99_us").asLong());
        assertEquals("ready", b.get("fan_in").get("child_status").asText(), "the last parent promoted the child");
        assertEquals(tasks, b.get("dispatch_tick").get("tasks").asInt());
        assertTrue(b.get("dispatch_tick").get("live_spawned").asInt() > 0);
    }

    @Test
    void bench_with_threads_reports_every_figure() {
        Cli.Result r = new Cli(dir.resolve("unused.db")).raw("", "bench", "--tasks", "30", "--workers", "2",
                "--commits", "200", "--json");
        assertEquals(0, r.code(), r.toString());
        JsonNode b = r.json();
        assertEquals("threads", b.get("mode").asText());
        assertFigures(b, 30);
        // 30 cycles are 60 writes; with two workers a commit carries one or two of them.
        JsonNode cc = b.get("claim_complete");
        double perCommit = cc.get("writes_per_commit").asDouble();
        assertTrue(perCommit >= 1.0 && perCommit <= 2.0, cc.toString());
        assertTrue(cc.get("writer_busy_percent").asLong() > 0 && cc.get("commit_us").asLong() > 0, cc.toString());
        Cli.Result human = new Cli(dir.resolve("unused.db")).raw("", "bench", "--tasks", "10", "--workers", "2",
                "--commits", "100");
        assertTrue(human.out().contains("claim latency") && human.out().contains("p99"), human.out());
        assertTrue(human.out().contains("writes per commit"), human.out());
    }

    @Test
    void bench_with_processes_drains_one_board_from_child_jvms() {
        Path db = dir.resolve("bench.db");
        Cli.Result r = new Cli(db).run("bench", "--tasks", "20", "--workers", "2", "--processes", "--commits", "100",
                "--json");
        assertEquals(0, r.code(), r.toString());
        assertEquals("processes", r.json().get("mode").asText());
        assertFigures(r.json(), 20);
        assertTrue(Files.exists(db), "--db names the bench board");
        Cli.Result again = new Cli(db).run("bench", "--tasks", "5");
        assertEquals(1, again.code());
        assertTrue(again.err().contains("does not exist yet"), again.err());
    }
}
