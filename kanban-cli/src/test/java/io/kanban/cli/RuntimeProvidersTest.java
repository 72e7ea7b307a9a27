package io.kanban.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kanban.core.spi.DispatcherProvider;
import io.kanban.core.spi.ToolServerProvider;
import io.kanban.core.testing.SettableClock;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** daemon, dispatch and mcp: the parts that need modules found at run time through ServiceLoader. */
class RuntimeProvidersTest {
    @TempDir
    Path dir;

    @Test
    void daemon_without_force_prints_migration_guidance_and_exits_2() {
        Cli.Result r = new Cli(dir.resolve("b.db")).run("daemon");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("deprecated"), r.err());
        assertTrue(r.err().contains("kanban.dispatch_in_gateway"), r.err());
        assertTrue(r.err().contains("kanban dispatch"), r.err());
        assertTrue(r.err().contains("--force"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void daemon_stub_exits_2_as_a_real_process_too() throws Exception {
        ChildCli.Exit exit = ChildCli.run(dir.resolve("b.db"), "daemon");
        assertEquals(2, exit.code(), exit.err());
        assertTrue(exit.err().startsWith("kanban daemon is deprecated"), exit.err());
    }

    @Test
    void dispatch_runs_one_tick_or_says_the_dispatcher_is_missing() {
        Cli cli = new Cli(dir.resolve("b.db"));
        String id = cli.create("work", "--assignee", "dev");
        Cli.Result r = cli.run("dispatch", "--dry-run", "--max", "1", "--json");
        if (DispatcherProvider.find().isEmpty()) {
            assertEquals(1, r.code(), r.toString());
            assertTrue(r.err().contains("needs the kanban-dispatcher module"), r.err());
            Cli.Result force = cli.run("daemon", "--force");
            assertEquals(1, force.code(), force.toString());
            assertTrue(force.err().contains("needs the kanban-dispatcher module"), force.err());
        } else {
            assertEquals(0, r.code(), r.toString());
            JsonNode tick = r.json();
            assertTrue(tick.get("dry_run").asBoolean());
            assertEquals("ready", cli.run("show", id, "--json").json().get("task").get("status").asText(),
                    "a dry run claims nothing");
        }
        assertEquals(2, cli.run("dispatch", "--max", "lots").code());
    }

    @Test
    void without_the_modules_dispatch_daemon_and_mcp_say_what_is_missing() throws Exception {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.contains("kanban-dispatcher") && !e.contains("kanban-tools"))
                .collect(Collectors.joining(File.pathSeparator));
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String db = dir.resolve("bare.db").toString();
        String[][] cases = {{"dispatch", "kanban-dispatcher"}, {"daemon --force", "kanban-dispatcher"},
                {"mcp", "kanban-tools"}};
        for (String[] c : cases) {
            List<String> cmd = new ArrayList<>(List.of(javaBin, "-cp", classPath,
                    "io.kanban.cli.KanbanCli", "--db", db));
            cmd.addAll(List.of(c[0].split(" ")));
            Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            assertEquals(1, p.exitValue(), c[0] + ": " + err);
            assertEquals("kanban: '" + "kanban " + c[0] + "' needs the " + c[1]
                    + " module, which is not on the class path of this build", err.strip());
        }
    }

    @Test
    void daemon_force_runs_until_sigterm_when_the_dispatcher_is_bundled() throws Exception {
        if (DispatcherProvider.find().isEmpty()) {
            return; // Covered by dispatch_runs_one_tick_or_says_the_dispatcher_is_missing.
        }
        Process daemon = ChildCli.start(dir.resolve("b.db"), "daemon", "--force");
        BufferedReader err = new BufferedReader(new InputStreamReader(
                daemon.getErrorStream(), StandardCharsets.UTF_8));
        String line;
        do {
            line = err.readLine();
        } while (line != null && !line.startsWith("dispatcher running"));
        assertTrue(line != null, "the daemon announced itself");
        daemon.destroy();
        assertTrue(daemon.waitFor(60, TimeUnit.SECONDS), "SIGTERM stops the loop");
    }

    @Test
    void daemon_force_serve_writes_serves_the_claims_and_completions_of_other_processes() throws Exception {
        if (DispatcherProvider.find().isEmpty()) {
            return; // Covered by dispatch_runs_one_tick_or_says_the_dispatcher_is_missing.
        }
        Path board = dir.resolve("b.db");
        Cli cli = new Cli(board);
        Cli.Result both = cli.run("daemon", "--force", "--serve-writes", "--all-boards");
        assertEquals(2, both.code(), both.toString());
        assertTrue(both.err().contains("cannot be combined with --all-boards"), both.err());

        Process daemon = ChildCli.start(board, "daemon", "--force", "--serve-writes", "--interval", "3600");
        BufferedReader err = new BufferedReader(new InputStreamReader(
                daemon.getErrorStream(), StandardCharsets.UTF_8));
        String line;
        do {
            line = err.readLine();
        } while (line != null && !line.startsWith("serving this host's"));
        assertTrue(line != null, "the daemon says it serves");
        assertTrue(java.nio.file.Files.exists(dir.resolve("b.db-writer.sock")), "it listens beside the board");
        String id = cli.create("served");
        Cli.Result claimed = cli.run("claim", id, "--json");
        assertEquals(0, claimed.code(), claimed.toString());
        assertEquals("running", claimed.json().path("task").path("status").asText(), claimed.out());
        Cli.Result done = cli.run("complete", id, "--summary", "done through the daemon");
        assertEquals(0, done.code(), done.toString());
        assertEquals("done", cli.run("show", id, "--json").json().path("task").path("status").asText());
        daemon.destroy();
        assertTrue(daemon.waitFor(60, TimeUnit.SECONDS), "SIGTERM stops the loop");
        assertTrue(cli.run("comment", id, "after the daemon").code() == 0, "the board goes on without it");
    }

    @Test
    void daemon_force_verbose_logs_its_ticks() throws Exception {
        if (DispatcherProvider.find().isEmpty()) {
            return; // Covered by dispatch_runs_one_tick_or_says_the_dispatcher_is_missing.
        }
        Process daemon = ChildCli.start(dir.resolve("b.db"), "daemon", "--force", "-v", "--interval", "1");
        BufferedReader err = new BufferedReader(new InputStreamReader(
                daemon.getErrorStream(), StandardCharsets.UTF_8));
        String line;
        do {
            line = err.readLine();
        } while (line != null && !line.contains("dispatcher started: a tick every 1 s"));
        assertTrue(line != null, "-v logs at info level");
        daemon.destroy();
        assertTrue(daemon.waitFor(60, TimeUnit.SECONDS), "SIGTERM stops the loop");
    }

    @Test
    void mcp_orchestrator_serves_the_planning_tools_and_is_refused_inside_a_worker() throws Exception {
        Path board = dir.resolve("o.db");
        Cli cli = new Cli(board);
        String id = cli.create("plan me");
        Cli.Result refused = new Cli(board).env("HERMES_KANBAN_TASK", id).run("mcp", "--orchestrator");
        assertEquals(1, refused.code(), refused.toString());
        assertTrue(refused.err().contains("refused inside a worker"), refused.err());
        if (ToolServerProvider.find().isEmpty()) {
            return;
        }
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.kanban.cli.KanbanCli", "--db", board.toString(),
                "mcp", "--orchestrator");
        pb.environment().remove("HERMES_KANBAN_TASK");
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process mcp = pb.start();
        try (var in = new BufferedReader(new InputStreamReader(mcp.getInputStream(), StandardCharsets.UTF_8));
             var out = new PrintWriter(new OutputStreamWriter(mcp.getOutputStream(), StandardCharsets.UTF_8), true)) {
            out.println("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                    + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}");
            assertEquals(1, Cli.JSON.readTree(in.readLine()).get("id").asInt());
            out.println("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            out.println("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
            var tools = Cli.JSON.readTree(in.readLine()).at("/result/tools");
            List<String> names = new java.util.ArrayList<>();
            tools.forEach(t -> names.add(t.get("name").asText()));
            assertEquals(List.of("kanban_show", "kanban_list", "kanban_comment", "kanban_create", "kanban_unblock",
                    "kanban_link"), names);
            out.println("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":"
                    + "\"kanban_list\",\"arguments\":{}}}");
            String reply = in.readLine();
            assertTrue(reply.contains(id) && reply.contains("\"count\":1"), reply);
        }
        assertTrue(mcp.waitFor(60, TimeUnit.SECONDS), "mcp exits when stdin closes");
        assertEquals(0, mcp.exitValue());
    }

    @Test
    void mcp_serves_the_tools_or_says_they_are_missing() throws Exception {
        Path board = dir.resolve("b.db");
        if (ToolServerProvider.find().isEmpty()) {
            Cli.Result r = new Cli(board).run("mcp");
            assertEquals(1, r.code(), r.toString());
            assertTrue(r.err().contains("needs the kanban-tools module"), r.err());
            return;
        }
        String id = new Cli(board).create("served");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.kanban.cli.KanbanCli", "--db", board.toString(),
                "mcp");
        pb.environment().put("HERMES_KANBAN_TASK", id);
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process mcp = pb.start();
        try (var in = new BufferedReader(new InputStreamReader(mcp.getInputStream(),
                StandardCharsets.UTF_8));
             var out = new PrintWriter(new OutputStreamWriter(mcp.getOutputStream(),
                     StandardCharsets.UTF_8), true)) {
            out.println("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                    + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}");
            assertEquals(1, Cli.JSON.readTree(in.readLine()).get("id").asInt());
            out.println("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            out.println("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":"
                    + "\"kanban_show\",\"arguments\":{\"task_id\":\"" + id + "\"}}}");
            String reply = in.readLine();
            assertTrue(reply.contains("\"id\":2") && reply.contains(id) && reply.contains("served"), reply);
        }
        assertTrue(mcp.waitFor(60, TimeUnit.SECONDS), "mcp exits when stdin closes");
        assertEquals(0, mcp.exitValue());
    }

    @Test
    void a_dry_run_names_the_respawn_guard_that_holds_a_card() throws Exception {
        if (DispatcherProvider.find().isEmpty()) {
            return; // Covered by dispatch_runs_one_tick_or_says_the_dispatcher_is_missing.
        }
        Path home = Files.createDirectories(dir.resolve("hermes"));
        Files.writeString(home.resolve("config.yaml"), "kanban:\n  check_profiles: false\n");
        Cli cli = new Cli(dir.resolve("b.db"));
        String id = cli.create("opens a pull request", "--assignee", "dev");
        assertEquals(0, cli.run("claim", id).code());
        cli.run("comment", id, "Opened https://github.com/acme/app/pull/9");
        assertEquals(0, cli.run("reclaim", id).code());

        Cli.Result dry = cli.run("dispatch", "--dry-run", "--json");
        assertEquals(0, dry.code(), dry.toString());
        JsonNode skipped = dry.json().get("skipped").get(0);
        assertEquals(id, skipped.get("task_id").asText());
        assertEquals("active_pr", skipped.get("reason").asText(), dry.out());
        assertTrue(skipped.get("detail").asText().contains("https://github.com/acme/app/pull/9"), dry.out());
        assertTrue(dry.json().get("spawned").isEmpty(), dry.out());
        Cli.Result human = cli.run("dispatch", "--dry-run");
        assertTrue(human.out().contains(id + "  active_pr: comment"), human.out());
    }

    @Test
    void dispatch_and_stats_show_stuck_tasks_with_their_cause() {
        if (DispatcherProvider.find().isEmpty()) {
            return; // Covered by dispatch_runs_one_tick_or_says_the_dispatcher_is_missing.
        }
        SettableClock clock = SettableClock.startingAt("2026-02-01T10:00:00Z");
        Cli cli = new Cli(dir.resolve("b.db")).clock(clock);
        String orphan = cli.create("orphan");
        clock.advance(Duration.ofMinutes(11)); // past the default threshold of ten minutes

        Cli.Result tick = cli.run("dispatch", "--json");
        assertEquals(0, tick.code(), tick.toString());
        JsonNode skipped = tick.json().get("skipped").get(0);
        assertEquals("unassigned", skipped.get("reason").asText());
        JsonNode stuck = tick.json().get("stuck").get(0);
        assertEquals(orphan, stuck.get("task_id").asText());
        assertEquals("unassigned", stuck.get("cause").asText());

        JsonNode stats = cli.run("stats", "--json").json();
        assertEquals(orphan, stats.get("stuck").get(0).get("task_id").asText());
        assertEquals(660, stats.get("oldest_ready_age_seconds").asLong());
        Cli.Result human = cli.run("stats");
        assertTrue(human.out().contains("stuck ready tasks") && human.out().contains(orphan)
                && human.out().contains("no assignee"), human.out());
    }

    @Test
    void daemon_force_takes_interval_max_and_failure_limit() throws Exception {
        assertEquals(2, new Cli(dir.resolve("b.db")).run("daemon", "--force", "--interval", "0").code());
        assertEquals(2, new Cli(dir.resolve("b.db")).run("daemon", "--force", "--max", "soon").code());
        assertEquals(2, new Cli(dir.resolve("b.db")).run("daemon", "--force", "--failure-limit", "0").code());
        if (DispatcherProvider.find().isEmpty()) {
            return;
        }
        Path board = dir.resolve("b.db");
        Path home = Files.createDirectories(dir.resolve("hermes"));
        // The config says three attempts and a tick a minute; the flags say one attempt, a tick a second, one
        // spawn per tick.
        Files.writeString(home.resolve("config.yaml"), """
                kanban:
                  failure_limit: 3
                  dispatch_interval_seconds: 60
                  worker_command: [no-such-worker-binary, "{task_id}"]
                """);
        Cli cli = new Cli(board);
        String first = cli.create("first", "--assignee", "a", "--priority", "1");
        String second = cli.create("second", "--assignee", "b");
        Process daemon = ChildCli.start(board, "daemon", "--force", "--interval", "1", "--max", "1",
                "--failure-limit", "1");
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!status(cli, second).equals("blocked") && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertEquals("blocked", status(cli, first), "one failed attempt is the limit");
            assertEquals("blocked", status(cli, second), "a second tick came long before a minute");
            JsonNode firstRuns = cli.run("runs", first, "--json").json();
            JsonNode secondRuns = cli.run("runs", second, "--json").json();
            assertEquals(1, firstRuns.size());
            assertEquals(1, secondRuns.size());
            assertTrue(secondRuns.get(0).get("started_at").asLong() > firstRuns.get(0).get("started_at").asLong(),
                    "--max 1: the second task waited for the next tick");
        } finally {
            daemon.destroy();
            assertTrue(daemon.waitFor(60, TimeUnit.SECONDS), "SIGTERM stops the loop");
        }
    }

    private static String status(Cli cli, String id) {
        return cli.run("show", id, "--json").json().get("task").get("status").asText();
    }
}
