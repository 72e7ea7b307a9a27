package io.kanban.cli;

import static io.kanban.cli.Cli.refused;
import static io.kanban.cli.Cli.usage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskCommandsTest {
    @TempDir
    Path dir;
    Cli cli;

    @BeforeEach
    void board() {
        cli = new Cli(dir.resolve("board.db"));
    }

    @Test
    void init_creates_the_board_file_and_says_where() {
        Cli.Result r = cli.run("init");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().startsWith("created board at "), r.out());
        assertTrue(Files.exists(dir.resolve("board.db")));
        assertTrue(cli.run("init").out().startsWith("board ready at "));
        assertEquals(false, cli.run("init", "--json").json().get("created").asBoolean());
    }

    @Test
    void board_location_falls_back_to_kanban_db_then_hermes_home() {
        Path viaEnv = dir.resolve("env.db");
        Cli.Result r = new Cli(dir.resolve("unused.db")).env("KANBAN_DB", viaEnv.toString()).raw("", "init");
        assertEquals(0, r.code(), r.toString());
        assertTrue(Files.exists(viaEnv));
        Cli.Result home = new Cli(dir.resolve("unused.db")).env("HERMES_HOME", dir.resolve("hh").toString())
                .raw("", "init");
        assertEquals(0, home.code(), home.toString());
        assertTrue(Files.exists(dir.resolve("hh").resolve("kanban.db")));
    }

    @Test
    void create_takes_every_reference_flag() {
        String parent = cli.create("parent");
        Cli.Result r = cli.run("create", "child", "--assignee", "dev", "--parent", parent, "--priority", "3",
                "--skill", "git", "--skill", "review", "--idempotency-key", "k1", "--max-runtime", "30m",
                "--workspace", "dir:/srv/repo", "--created-by", "orchestrator", "--body", "do it", "--json");
        assertEquals(0, r.code(), r.toString());
        JsonNode t = r.json().get("task");
        assertEquals("todo", t.get("status").asText());
        assertEquals("dev", t.get("assignee").asText());
        assertEquals(3, t.get("priority").asInt());
        assertEquals("git", t.get("skills").get(0).asText());
        assertEquals("review", t.get("skills").get(1).asText());
        assertEquals(1800, t.get("max_runtime_seconds").asInt());
        assertEquals("dir", t.get("workspace_kind").asText());
        assertEquals("/srv/repo", t.get("workspace_path").asText());
        assertEquals("orchestrator", t.get("created_by").asText());
        assertEquals("do it", t.get("body").asText());
        assertFalse(r.json().get("existing").asBoolean());

        Cli.Result again = cli.run("create", "child again", "--idempotency-key", "k1", "--json");
        assertEquals(t.get("id").asText(), again.json().get("task").get("id").asText());
        assertTrue(again.json().get("existing").asBoolean());
        assertTrue(cli.run("show", parent).out().contains(t.get("id").asText()));
    }

    @Test
    void create_reads_the_body_from_stdin() {
        Cli.Result r = cli.runWithStdin("line one\nline two\n", "create", "piped", "--json");
        assertEquals("line one\nline two", r.json().get("task").get("body").asText());
        Cli.Result dash = cli.runWithStdin("from dash", "create", "dash", "--body", "-", "--json");
        assertEquals("from dash", dash.json().get("task").get("body").asText());
    }

    @Test
    void create_triage_parks_the_task() {
        assertEquals("triage", cli.run("create", "idea", "--triage", "--json").json().get("task").get("status").asText());
    }

    @Test
    void create_initial_status_blocked_starts_blocked_and_unblock_releases_it() {
        Cli.Result r = cli.run("create", "needs legal", "--initial-status", "blocked", "--triage", "--json");
        assertEquals(0, r.code(), r.toString());
        String id = r.json().get("task").get("id").asText();
        assertEquals("blocked", r.json().get("task").get("status").asText(), "blocked beats --triage");
        assertEquals("ready", cli.run("create", "usual", "--initial-status", "running", "--json").json()
                .get("task").get("status").asText());
        assertEquals("ready", cli.run("unblock", id, "--json").json().get("task").get("status").asText());
        refused(cli.run("create", "x", "--initial-status", "paused"), "initial_status: must be running or blocked");
    }

    @Test
    void complete_warns_on_stderr_of_card_ids_that_name_no_card_and_still_completes() {
        String id = cli.create("work", "--assignee", "dev");
        Cli.Result r = cli.run("complete", id, "--summary", "handed to t_deadbeef0001", "--json");
        assertEquals(0, r.code(), r.toString());
        assertEquals("done", r.json().get("task").get("status").asText());
        assertTrue(r.err().contains("t_deadbeef0001") && r.err().contains("suspected_hallucinated_references"),
                r.toString());
        Cli.Result clean = cli.run("complete", cli.create("other"), "--summary", "see " + id);
        assertEquals("", clean.err(), clean.toString());
    }

    @Test
    void create_refuses_bad_input() {
        refused(cli.run("create", "x", "--skill", "bad skill"), "not a valid skill name");
        refused(cli.run("create", "x", "--parent", "t_nope"), "no task with id 't_nope'");
        refused(cli.run("create", "x", "--workspace", "dir:relative"), "must be absolute");
        refused(cli.run("create", "x", "--assignee", "-bad"), "not a valid profile name");
        usage(cli.run("create", "x", "--max-runtime", "soon"), "not a duration");
        usage(cli.run("create", "x", "--priority", "high"), "--priority");
        usage(cli.run("create"), "Missing required parameter: 'TITLE'");
        usage(cli.run("create", "x", "--no-such-flag"), "Unknown option");
    }

    @Test
    void max_runtime_accepts_the_reference_forms() {
        assertEquals(300, cli.run("create", "a", "--max-runtime", "300", "--json").json().get("task")
                .get("max_runtime_seconds").asInt());
        assertEquals(90, cli.run("create", "b", "--max-runtime", "90s", "--json").json().get("task")
                .get("max_runtime_seconds").asInt());
        assertEquals(7200, cli.run("create", "c", "--max-runtime", "2h", "--json").json().get("task")
                .get("max_runtime_seconds").asInt());
        assertEquals(86400, cli.run("create", "d", "--max-runtime", "1d", "--json").json().get("task")
                .get("max_runtime_seconds").asInt());
    }

    @Test
    void list_prints_an_aligned_table_and_filters() {
        String a = cli.create("alpha", "--assignee", "dev", "--priority", "2");
        String b = cli.create("beta", "--assignee", "qa");
        cli.run("archive", b);
        Cli.Result r = cli.run("list");
        assertEquals(0, r.code(), r.toString());
        String[] lines = r.out().split("\n");
        assertTrue(lines[0].startsWith("ID"), r.out());
        assertEquals(lines[0].indexOf("STATUS"), lines[1].indexOf("ready"), "columns align:\n" + r.out());
        assertTrue(r.out().contains(a));
        assertFalse(r.out().contains(b), "archived hidden");
        assertTrue(cli.run("ls", "--archived").out().contains(b));
        assertEquals(1, cli.run("list", "--assignee", "dev", "--json").json().size());
        assertEquals(0, cli.run("list", "--status", "done", "--json").json().size());
        assertEquals(1, cli.run("list", "--status", "archived", "--json").json().size());
        assertEquals(1, cli.env("HERMES_PROFILE", "dev").run("list", "--mine", "--json").json().size());
        usage(cli.run("list", "--status", "finished"), "not a status");
        assertEquals("no tasks", cli.run("list", "--assignee", "nobody").out().strip());
    }

    @Test
    void shared_options_work_before_or_after_the_subcommand() {
        cli.create("x", "--tenant", "acme");
        cli.create("y");
        Cli.Result before = cli.run("--tenant", "acme", "--json", "list");
        Cli.Result after = cli.run("list", "--tenant", "acme", "--json");
        assertEquals(0, before.code(), before.toString());
        assertEquals(before.json(), after.json());
        assertEquals(1, after.json().size());
        assertEquals("acme", after.json().get(0).get("tenant").asText());
        Path other = dir.resolve("other.db");
        assertEquals(0, cli.raw("", "init", "--db", other.toString()).code());
        assertTrue(Files.exists(other));
    }

    @Test
    void show_prints_the_task_and_refuses_unknown_ids() {
        String id = cli.create("shown", "--body", "the body", "--assignee", "dev");
        cli.run("comment", id, "looks", "fine");
        Cli.Result r = cli.run("show", id);
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("shown") && r.out().contains("the body") && r.out().contains("looks fine"),
                r.out());
        refused(cli.run("show", "t_missing"), "no task with id 't_missing'");
        usage(cli.run("show"), "Missing required parameter");
    }

    @Test
    void assign_sets_and_clears_and_is_refused_while_running() {
        String id = cli.create("task");
        assertEquals("assigned " + id + " to dev", cli.run("assign", id, "dev").out().strip());
        for (String none : new String[] {"none", "-", "null"}) {
            cli.run("assign", id, "dev");
            Cli.Result r = cli.run("assign", id, none, "--json");
            assertTrue(r.json().get("task").get("assignee").isNull(), r.toString());
        }
        cli.run("claim", id);
        refused(cli.run("assign", id, "qa"), "cannot assign");
        refused(cli.run("assign", "t_nope", "qa"), "no task with id");
        usage(cli.run("assign", id), "Missing required parameter: 'PROFILE'");
    }

    @Test
    void link_gates_the_child_and_unlink_releases_it() {
        String p = cli.create("parent");
        String c = cli.create("child");
        Cli.Result r = cli.run("link", p, c, "--json");
        assertTrue(r.json().get("changed").asBoolean(), r.toString());
        assertEquals("todo", cli.run("show", c, "--json").json().get("task").get("status").asText());
        assertTrue(cli.run("link", p, c).out().startsWith("already linked"));
        refused(cli.run("link", c, p), "cycle");
        refused(cli.run("link", p, "t_nope"), "no task with id");
        assertEquals(0, cli.run("unlink", p, c).code());
        assertEquals("ready", cli.run("show", c, "--json").json().get("task").get("status").asText());
        assertFalse(cli.run("unlink", p, c, "--json").json().get("changed").asBoolean());
        usage(cli.run("link", p), "Missing required parameter");
    }

    @Test
    void claim_by_id_or_by_assignee() {
        String a = cli.create("a", "--assignee", "dev", "--priority", "1");
        String b = cli.create("b", "--assignee", "dev");
        Cli.Result first = cli.run("claim", "--assignee", "dev", "--ttl", "60s", "--json");
        assertEquals(0, first.code(), first.toString());
        assertEquals(a, first.json().get("task").get("id").asText(), "highest priority first");
        assertEquals("running", first.json().get("task").get("status").asText());
        assertTrue(first.json().get("run").get("id").asLong() > 0);
        assertEquals(first.json().get("run").get("started_at").asLong() + 60,
                first.json().get("run").get("claim_expires").asLong());
        assertEquals(0, cli.run("claim", b).code());
        refused(cli.run("claim", "--assignee", "dev"), "no ready task for dev");
        refused(cli.run("claim", b), "already claimed");
        refused(cli.run("claim", "t_nope"), "no task with id");
        String done = cli.create("done");
        assertEquals(0, cli.run("complete", done, "--summary", "nothing to do").code());
        refused(cli.run("claim", done), "cannot claim");
        usage(cli.run("claim"), "either a task ID or --assignee");
        usage(cli.run("claim", b, "--assignee", "dev"), "either a task ID or --assignee");
        usage(cli.run("claim", "--assignee", "dev", "--ttl", "forever"), "not a duration");
    }

    @Test
    void complete_records_summary_result_and_metadata() {
        String id = cli.create("work", "--assignee", "dev");
        cli.run("claim", id);
        Cli.Result r = cli.run("complete", id, "--summary", "did it", "--result", "42", "--metadata",
                "{\"files\": 3}", "--json");
        assertEquals(0, r.code(), r.toString());
        assertEquals("done", r.json().get("task").get("status").asText());
        assertEquals("42", r.json().get("task").get("result").asText());
        JsonNode run = cli.run("runs", id, "--json").json().get(0);
        assertEquals("did it", run.get("summary").asText());
        assertEquals(3, run.get("metadata").get("files").asInt());
        assertEquals("completed", run.get("outcome").asText());
        refused(cli.run("complete", id), "cannot complete");
    }

    @Test
    void complete_refuses_bad_metadata_and_ambiguous_bulk() {
        String a = cli.create("a");
        String b = cli.create("b");
        usage(cli.run("complete", a, "--metadata", "{not json"), "is not valid JSON");
        refused(cli.run("complete", a, "--metadata", "[1, 2]"), "must be a JSON object");
        usage(cli.run("complete", a, b, "--summary", "both"), "give a single ID");
        refused(cli.run("complete", "t_nope"), "no task with id");
        assertEquals("ready", cli.run("show", a, "--json").json().get("task").get("status").asText(),
                "nothing lost");
        usage(cli.run("complete"), "Missing required parameter");
    }

    @Test
    void bulk_verbs_report_each_failure_and_exit_1() {
        String a = cli.create("a");
        String b = cli.create("b");
        Cli.Result r = cli.run("archive", a, "t_nope", b, "--json");
        assertEquals(1, r.code(), r.toString());
        assertEquals(2, r.json().get("tasks").size());
        assertEquals("task_not_found", r.json().get("failed").get(0).get("code").asText());
        assertEquals(0, cli.run("complete", cli.create("c"), cli.create("d"), "--result", "ok").code());
    }

    @Test
    void block_refuses_a_card_that_is_neither_running_nor_ready_as_the_reference_does() {
        String parent = cli.create("parent", "--assignee", "dev");
        String waiting = cli.create("child", "--assignee", "dev", "--parent", parent);
        assertEquals("todo", cli.run("show", waiting, "--json").json().get("task").get("status").asText());
        refused(cli.run("block", waiting, "--reason", "not yet"), "cannot block");
        assertEquals("todo", cli.run("show", waiting, "--json").json().get("task").get("status").asText(),
                "a refused block changes nothing");
        cli.run("archive", parent);
        refused(cli.run("block", parent, "--reason", "too late"), "cannot block");
    }

    @Test
    void block_and_unblock() {
        String id = cli.create("work", "--assignee", "dev");
        cli.run("claim", id);
        Cli.Result r = cli.run("block", id, "--reason", "need the API key", "--json");
        assertEquals("blocked", r.json().get("task").get("status").asText(), r.toString());
        assertEquals("blocked", cli.run("runs", id, "--json").json().get(0).get("outcome").asText());
        refused(cli.run("block", id, "--reason", "again"), "cannot block");
        assertEquals("unblocked " + id + " (ready)", cli.run("unblock", id).out().strip());
        refused(cli.run("unblock", id), "cannot unblock");
        cli.env("HERMES_PROFILE", "reviewer");
        assertEquals(0, cli.run("block", id, "waiting", "for", "review").code());
        JsonNode comments = cli.run("show", id, "--json").json().get("comments");
        assertEquals(2, comments.size(), comments.toString());
        assertEquals("BLOCKED: need the API key", comments.get(0).get("body").asText());
        assertEquals("user", comments.get(0).get("author").asText());
        assertEquals("BLOCKED: waiting for review", comments.get(1).get("body").asText());
        assertEquals("reviewer", comments.get(1).get("author").asText());
        refused(cli.run("block", cli.create("x")), "reason: must not be empty");
        usage(cli.run("block", id, "words", "--reason", "both"), "not both");
    }

    @Test
    void comment_heartbeat_runs_and_context() {
        String parent = cli.create("design");
        cli.run("complete", parent, "--summary", "wrote the design", "--result", "use SQLite");
        String id = cli.create("build", "--parent", parent, "--assignee", "dev", "--body", "build it");
        Cli.Result c = cli.run("comment", id, "remember", "the", "tests", "--author", "pm", "--json");
        assertEquals("remember the tests", c.json().get("comment").get("body").asText(), c.toString());
        assertEquals(id, c.json().get("task").get("id").asText());
        refused(cli.run("heartbeat", id), "cannot heartbeat");
        cli.run("claim", id);
        Cli.Result hb = cli.run("heartbeat", id, "--note", "halfway");
        assertEquals(0, hb.code(), hb.toString());
        assertTrue(hb.out().startsWith("heartbeat " + id));
        Cli.Result ctx = cli.run("context", id);
        assertEquals(0, ctx.code(), ctx.toString());
        for (String part : new String[] {"build it", "use SQLite", "wrote the design", "remember the tests",
                "run 2"}) {
            assertTrue(ctx.out().contains(part), part + " in\n" + ctx.out());
        }
        JsonNode json = cli.run("context", id, "--json").json();
        assertEquals("use SQLite", json.get("parents").get(0).get("result").asText());
        assertEquals("wrote the design", json.get("parents").get(0).get("summary").asText());
        assertEquals(1, json.get("runs").size());
        assertTrue(cli.run("runs", id).out().contains("RUN"));
        refused(cli.run("context", "t_nope"), "no task with id");
        refused(cli.run("runs", "t_nope"), "no task with id");
        refused(cli.run("comment", "t_nope", "hi"), "no task with id");
        usage(cli.run("comment", id), "Missing required parameter");
    }

    @Test
    void stats_assignees_and_gc() {
        cli.create("a", "--assignee", "dev");
        String b = cli.create("b", "--assignee", "qa");
        cli.run("archive", b);
        JsonNode stats = cli.run("stats", "--json").json();
        assertEquals(1, stats.get("by_status").get("ready").asInt());
        assertTrue(stats.get("oldest_ready_age_seconds").isNumber());
        assertTrue(cli.run("stats").out().contains("ready"));
        JsonNode roster = cli.run("assignees", "--json").json();
        assertEquals("dev", roster.get(0).get("assignee").asText());
        assertTrue(cli.run("assignees").out().contains("dev"));
        assertEquals(0, cli.run("gc", "--json").json().get("tasks_removed").asInt(), "archived just now: kept");
        Cli later = new Cli(dir.resolve("board.db")).clock(new io.kanban.core.testing.SettableClock(
                java.time.Instant.now().plus(java.time.Duration.ofDays(2))));
        JsonNode gc = later.run("gc", "--archived-retention-days", "1", "--json").json();
        assertEquals(1, gc.get("tasks_removed").asInt());
        refused(cli.run("show", b), "no task with id");
        usage(cli.run("gc", "--event-retention-days", "-1"), "zero or more");
    }

    @Test
    void gc_trims_only_finished_tasks_events_and_removes_archived_scratch_workspaces() throws Exception {
        String live = cli.create("live");
        cli.run("block", live, "waiting for input");
        String finished = cli.create("finished");
        cli.run("complete", finished, "--summary", "shipped");
        String scratch = cli.create("scratch");
        String kept = cli.create("kept dir", "--workspace", "dir:" + dir.resolve("project"));
        java.nio.file.Path scratchDir = dir.resolve("kanban/workspaces/" + scratch);
        java.nio.file.Files.createDirectories(scratchDir.resolve("src"));
        java.nio.file.Files.writeString(scratchDir.resolve("src/notes.txt"), "draft");
        java.nio.file.Files.createDirectories(dir.resolve("project"));
        cli.run("archive", scratch);
        cli.run("archive", kept);
        int liveEvents = cli.run("show", live, "--json").json().get("events").size();

        Cli later = new Cli(dir.resolve("board.db")).clock(new io.kanban.core.testing.SettableClock(
                java.time.Instant.now().plus(java.time.Duration.ofDays(40))));
        JsonNode gc = later.run("gc", "--archived-retention-days", "100", "--json").json();
        assertEquals(0, gc.get("tasks_removed").asInt(), "archived 40 days ago, retention 100: rows stay");
        assertEquals(1, gc.get("workspaces_removed").asInt());
        assertTrue(java.nio.file.Files.notExists(scratchDir), "the archived card's scratch workspace is gone");
        assertTrue(java.nio.file.Files.isDirectory(dir.resolve("project")), "a dir: workspace is never removed");
        assertEquals(liveEvents, later.run("show", live, "--json").json().get("events").size(),
                "a blocked card keeps its whole history");
        assertEquals(0, later.run("show", finished, "--json").json().get("events").size(),
                "a done card's old events go");
    }

    @Test
    void create_max_retries_sets_the_cards_own_breaker_limit() {
        String id = cli.create("patient", "--assignee", "dev", "--max-retries", "5");
        assertEquals(5, cli.run("show", id, "--json").json().at("/task/max_retries").asInt());
        Cli.Result zero = cli.run("create", "x", "--max-retries", "0");
        assertTrue(zero.code() != 0 && zero.err().contains("must be at least 1"), zero.toString());
        assertEquals(0, cli.run("list", "--json").json().size() - 1, "nothing was created");
        usage(cli.run("create", "x", "--max-retries", "many"), "--max-retries");
    }

    @Test
    void diagnostics_list_what_needs_a_person_with_its_fixes() {
        String q = cli.create("question", "--assignee", "dev");
        cli.run("block", q, "which database?");
        String fine = cli.create("fine", "--assignee", "dev");
        cli.run("complete", fine, "--summary", "shipped");
        assertEquals("no diagnostics: nothing needs a person", cli.run("diagnostics").out().strip());

        Cli later = new Cli(dir.resolve("board.db")).clock(new io.kanban.core.testing.SettableClock(
                java.time.Instant.now().plus(java.time.Duration.ofHours(25))));
        JsonNode all = later.run("diagnostics", "--json").json().get("diagnostics");
        assertEquals(1, all.size(), all.toString());
        JsonNode d = all.get(0);
        assertEquals("stuck_in_blocked", d.get("kind").asText());
        assertEquals("warning", d.get("severity").asText());
        assertEquals(q, d.get("task_id").asText());
        assertEquals("unblock", d.get("actions").get(0).get("kind").asText());
        assertTrue(d.get("actions").get(0).get("suggested").asBoolean());
        assertTrue(d.get("first_seen_at").isIntegralNumber(), "times are epoch seconds, as everywhere");
        String human = later.run("diagnostics").out();
        assertTrue(human.contains("stuck_in_blocked") && human.contains("* unblock: kanban unblock " + q), human);
        assertEquals(0, later.run("diagnostics", "--severity", "error", "--json").json().get("diagnostics").size());
        assertEquals(1, later.run("diagnostics", "--task", q, "--json").json().get("diagnostics").size());

        usage(later.run("diagnostics", "--severity", "loud"), "--severity must be info, warning or error");
        refused(later.run("diagnostics", "--task", "t_nope"), "no task with id");
        later.run("unblock", q);
        assertEquals(0, later.run("diagnostics", "--json").json().get("diagnostics").size(), "fixed: gone");
    }

    @Test
    void notify_subscribe_list_unsubscribe() throws Exception {
        String id = cli.create("watched");
        Cli.Result s = cli.run("notify", "subscribe", id, "--platform", "telegram", "--chat-id", "42", "--json");
        assertEquals(0, s.code(), s.toString());
        assertEquals("telegram", s.json().get("platform").asText());
        JsonNode list = cli.run("notify", "list", "--json").json();
        assertEquals(1, list.size());
        assertEquals("42", list.get(0).get("chat_id").asText());
        assertTrue(cli.run("notify", "list", id).out().contains("telegram"));
        assertTrue(cli.run("notify", "unsubscribe", id, "--platform", "telegram", "--chat-id", "42", "--json")
                .json().get("removed").asBoolean());
        assertEquals("no subscriptions", cli.run("notify", "list").out().strip());
        assertEquals(0, cli.run("notify-subscribe", id, "--platform", "slack", "--chat-id", "c1").code(),
                "the reference's flat spelling");
        assertEquals(1, cli.run("notify-list", "--json").json().size());
        assertFalse(cli.raw("", "--help").out().contains("notify-list"), "flat spellings stay out of help");
        usage(cli.run("notify", "subscribe", id, "--platform", "telegram"), "--chat-id");
        refused(cli.run("notify", "subscribe", "t_nope", "--platform", "p", "--chat-id", "1"), "no task with id");
    }

    @Test
    void log_prints_the_worker_log_of_the_latest_run() throws Exception {
        String id = cli.create("logged", "--assignee", "dev");
        refused(cli.run("log", id), "no worker log");
        Path log = dir.resolve("worker.log");
        Files.writeString(log, "starting\nworking\nfinished\n");
        try (io.kanban.core.Board board = io.kanban.core.Board.open(dir.resolve("board.db"))) {
            var claim = board.claims().claim(id).orElseThrow();
            board.dispatch().recordSpawned(id, claim.run().id(), 4242, log.toString());
        }
        assertEquals("starting\nworking\nfinished\n", cli.run("log", id).out());
        assertEquals("finished\n", cli.run("log", id, "--tail", "9").out());
        assertEquals(log.toString(), cli.run("log", id, "--json").json().get("log_path").asText());
        Files.delete(log);
        refused(cli.run("log", id), "is gone");
    }

    @Test
    void tail_prints_events_after_a_cursor() {
        String a = cli.create("a");
        String b = cli.create("b");
        cli.run("comment", a, "hello");
        JsonNode all = cli.run("tail", "--json").json();
        assertEquals(3, all.size());
        assertEquals("created", all.get(0).get("kind").asText());
        long first = all.get(0).get("id").asLong();
        assertEquals(2, cli.run("tail", "--since", String.valueOf(first), "--json").json().size());
        JsonNode onlyA = cli.run("tail", a, "--json").json();
        assertEquals(2, onlyA.size());
        assertEquals("commented", onlyA.get(1).get("kind").asText());
        assertTrue(cli.run("tail").out().contains(b + "  created"));
        refused(cli.run("tail", "t_nope"), "no task with id");
    }

    @Test
    void every_subcommand_has_help() {
        String[] commands = {"init", "create", "list", "ls", "show", "assign", "link", "unlink", "claim", "comment",
                "attach", "attachments", "attach-get", "attach-rm", "complete", "block", "unblock", "schedule",
                "request-review", "request-changes", "reopen-review", "promote", "reclaim", "reassign", "set-model",
                "set-reasoning", "edit", "archive", "tail", "dispatch", "context", "gc", "watch", "stats", "diagnostics", "notify", "log",
                "heartbeat", "runs", "assignees", "boards", "mcp", "daemon", "bench", "completion"};
        for (String c : commands) {
            Cli.Result r = cli.run(c, "--help");
            assertEquals(0, r.code(), c + ": " + r);
            assertTrue(r.out().contains("Usage: kanban " + (c.equals("ls") ? "list" : c)), c + ": " + r.out());
            assertTrue(r.out().contains("--db"), c + " shows the shared options: " + r.out());
        }
        assertEquals(0, cli.run("notify", "subscribe", "--help").code());
        Cli.Result root = cli.raw("", "--help");
        assertTrue(root.out().contains("bench") && root.out().contains("daemon"), root.out());
        usage(cli.raw("", "frobnicate"), "Unmatched argument");
        assertEquals(2, cli.raw("").code());
    }

    @Test
    void completion_script_covers_the_commands() {
        Cli.Result r = cli.raw("", "completion");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("complete -F") && r.out().contains("claim") && r.out().contains("--assignee"),
                r.out().substring(0, Math.min(400, r.out().length())));
    }

    @Test
    void only_sqlite_and_postgresql_boards_are_accepted_by_url() {
        refused(cli.raw("", "--db", "jdbc:mysql://db/kanban", "list"), "only jdbc:sqlite: and jdbc:postgresql:");
        refused(cli.raw("", "--db", "jdbc:postgresql://127.0.0.1:1/kanban", "list"), "cannot reach the database server");
        Path viaUrl = dir.resolve("url.db");
        assertEquals(0, cli.raw("", "--db", "jdbc:sqlite:" + viaUrl, "init").code());
        assertTrue(Files.exists(viaUrl));
    }

    /** Runs on the machine's PostgreSQL when KANBAN_TEST_PG_URL names it (.ci/run does), in a schema of its own. */
    @Test
    void a_board_on_postgresql_is_initialised_and_used_by_url() throws Exception {
        String server = System.getenv("KANBAN_TEST_PG_URL");
        Assumptions.assumeTrue(server != null && !server.isBlank(), "KANBAN_TEST_PG_URL is not set");
        String schema = "kanban_cli_" + Long.toHexString(System.nanoTime());
        String url = server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema + "&password=hunter2";
        try {
            Cli.Result init = cli.raw("", "--db", url, "init");
            assertEquals(0, init.code(), init.toString());
            assertTrue(init.out().startsWith("board ready at jdbc:postgresql:"), init.out());
            assertTrue(init.out().contains("password=***") && !init.out().contains("hunter2"), init.out());
            assertEquals(0, cli.raw("", "--db", url, "create", "on the server").code());
            Cli.Result list = cli.raw("", "--db", url, "list", "--json");
            assertEquals(0, list.code(), list.toString());
            assertEquals("on the server", Cli.JSON.readTree(list.out()).path(0).path("title").asText(),
                    list.out());
        } finally {
            try (Connection c = DriverManager.getConnection(server); Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }
}
