package io.kanban.cli;

import static io.kanban.cli.Cli.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kanban stats --window}: the Fleet view's figures (computed in core, checked there) as text and JSON. */
class StatsWindowTest {
    @TempDir
    Path dir;
    Cli cli;

    @BeforeEach
    void board() {
        cli = new Cli(dir.resolve("board.db"));
    }

    @Test
    void the_window_shows_completions_times_per_profile_and_failures() {
        String id = cli.create("task");
        cli.run("assign", id, "dev");
        assertEquals(0, cli.run("claim", id).code());
        assertEquals(0, cli.run("complete", id, "--summary", "done").code());
        JsonNode f = cli.run("stats", "--window", "24h", "--json").json();
        assertEquals(1, f.get("completed").asInt());
        assertEquals(3600, f.get("bucket_seconds").asInt());
        assertEquals(0, f.get("failed").get("crashed").asInt());
        assertEquals(5, f.get("failed").size(), "the five failure outcomes: " + f.get("failed"));
        JsonNode dev = f.get("profiles").get(0);
        assertEquals("dev", dev.get("profile").asText());
        assertEquals(1, dev.get("runs").asInt());
        assertTrue(dev.get("run_p50_seconds").isIntegralNumber(), dev.toString());
        assertEquals(25, f.get("workers").size());
        String text = cli.run("stats", "--window", "24h").out();
        assertTrue(text.contains("completed: 1"), text);
        assertTrue(text.contains("crashed=0 timed_out=0 spawn_failed=0 rate_limited=0 gave_up=0"), text);
        assertTrue(text.contains("dev"), text);
    }

    @Test
    void a_window_out_of_range_is_refused_in_one_line() {
        refused(cli.run("stats", "--window", "40d"), "window");
    }
}
