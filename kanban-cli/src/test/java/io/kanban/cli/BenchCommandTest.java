package io.kanban.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Assumptions;
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

    /** Each run of a scaling series drained its whole board, and the latency percentiles are in order. */
    private static void assertScaling(JsonNode scaling, int tasks, String... shapes) {
        assertEquals(shapes.length, scaling.size(), scaling.toString());
        for (int i = 0; i < shapes.length; i++) {
            JsonNode run = scaling.get(i);
            String shape = run.get("jvms").asInt() + "x" + run.get("threads_per_jvm").asInt()
                    + (run.get("child_jvms").asBoolean() ? " child" : "")
                    + (run.path("host_writer").asBoolean() ? " host-writer" : "");
            assertEquals(shapes[i], shape, scaling.toString());
            assertEquals(tasks, run.get("cycles").asInt(), "every task claimed and completed once: " + run);
            assertTrue(run.get("claim_p50_us").asLong() <= run.get("claim_p99_us").asLong(), run.toString());
        }
    }

    @Test
    void bench_with_processes_compares_one_child_jvm_with_several_on_one_board() {
        Path db = dir.resolve("bench.db");
        Cli.Result r = new Cli(db).run("bench", "--tasks", "20", "--workers", "2", "--jvms", "2", "--processes",
                "--commits", "100", "--json");
        assertEquals(0, r.code(), r.toString());
        assertEquals("processes", r.json().get("mode").asText());
        assertFigures(r.json(), 20);
        assertScaling(r.json().get("scaling"), 20, "1x2 child", "2x1 child", "2x1 child host-writer");
        assertTrue(r.err().contains("still includes the children's JIT compiling"),
                "runs this short are said to be short: " + r.err());
        assertTrue(Files.exists(db), "--db names the bench board");
        Cli.Result again = new Cli(db).run("bench", "--tasks", "5");
        assertEquals(1, again.code());
        assertTrue(again.err().contains("does not exist yet"), again.err());
        Cli.Result uneven = new Cli(dir.resolve("other.db")).run("bench", "--processes", "--workers", "3");
        assertEquals(2, uneven.code(), uneven.toString());
        assertTrue(uneven.err().contains("multiple of --jvms"), uneven.err());
    }

    /** Rounds run the shapes in turn; each shape reports its median round and every round's figure. */
    @Test
    void bench_rounds_report_each_shapes_median_run() {
        Cli.Result r = new Cli(dir.resolve("rounds.db")).run("bench", "--tasks", "10", "--workers", "2", "--jvms", "2",
                "--processes", "--rounds", "2", "--commits", "50", "--json");
        assertEquals(0, r.code(), r.toString());
        assertEquals(2, r.json().get("rounds").asInt());
        JsonNode scaling = r.json().get("scaling");
        assertScaling(scaling, 10, "1x2 child", "2x1 child", "2x1 child host-writer");
        for (JsonNode shape : scaling) {
            JsonNode rounds = shape.get("rounds_cycles_per_second");
            assertEquals(2, rounds.size(), shape.toString());
            long lower = Math.min(rounds.get(0).asLong(), rounds.get(1).asLong());
            assertEquals(lower, shape.get("cycles_per_second").asLong(), "of two rounds, the lower is the median");
        }
        assertTrue(r.err().contains("(round 1 of 2)") && r.err().contains("(round 2 of 2)"), r.err());

        Cli.Result text = new Cli(dir.resolve("rounds-text.db")).run("bench", "--tasks", "10", "--workers", "2",
                "--jvms", "2", "--processes", "--rounds", "2", "--commits", "50");
        assertEquals(0, text.code(), text.toString());
        assertTrue(text.out().contains("the child JVM runs are each the median of 2 rounds"), text.out());
        assertTrue(text.out().matches("(?s).*% of 1 JVM x 2 \\(rounds \\d+-\\d+%\\).*"),
                "each ratio shows its rounds' range: " + text.out());

        Cli.Result none = new Cli(dir.resolve("none.db")).run("bench", "--rounds", "0");
        assertEquals(2, none.code(), none.toString());
        assertTrue(none.err().contains("--rounds"), none.err());
        Cli.Result threads = new Cli(dir.resolve("threads.db")).run("bench", "--rounds", "3");
        assertEquals(2, threads.code(), threads.toString());
        assertTrue(threads.err().contains("give --processes"), threads.err());
        assertTrue(Files.notExists(dir.resolve("threads.db")), "refused before it made a board");
    }

    /**
     * On a server: the commit ceiling and claim+complete at 1, W/J and W clients, and the process pair, each
     * measured in two rounds.
     */
    @Test
    void bench_on_postgresql_prints_the_ceiling_beside_each_run() throws Exception {
        String server = System.getenv("KANBAN_TEST_PG_URL");
        Assumptions.assumeTrue(server != null && !server.isBlank(), "KANBAN_TEST_PG_URL is not set");
        java.util.Set<String> before = benchSchemas(server);
        Cli.Result r = new Cli(dir.resolve("unused.db")).raw("", "--db", server, "bench", "--tasks", "12",
                "--workers", "4", "--jvms", "2", "--commits", "40", "--rounds", "2", "--json");
        assertEquals(0, r.code(), r.toString());
        JsonNode b = r.json();
        assertFigures(b, 12);
        JsonNode ceiling = b.get("commit_ceiling");
        assertEquals(3, ceiling.size(), ceiling.toString());
        for (int i = 0; i < 3; i++) {
            assertEquals(new int[] {1, 2, 4}[i], ceiling.get(i).get("clients").asInt());
            assertTrue(ceiling.get(i).get("commits_per_second").asLong() > 0, ceiling.toString());
            assertEquals(2, ceiling.get(i).get("rounds_commits_per_second").size(), "each ceiling has both rounds");
        }
        assertScaling(b.get("scaling"), 12, "1x1", "1x2", "1x4", "1x4 child", "2x2 child");
        for (JsonNode run : b.get("scaling")) {
            assertEquals(2, run.get("rounds_cycles_per_second").size(), "each run has both rounds: " + run);
        }
        java.util.Set<String> left = benchSchemas(server);
        left.removeAll(before);
        assertEquals(java.util.Set.of(), left, "every scratch schema is dropped");
    }

    /** The scratch schemas on the server now (another bench may be running: compare, do not count). */
    private static java.util.Set<String> benchSchemas(String server) throws Exception {
        java.util.Set<String> names = new java.util.HashSet<>();
        try (Connection c = DriverManager.getConnection(server); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select schema_name from information_schema.schemata"
                     + " where schema_name like 'kanban_bench_%'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
