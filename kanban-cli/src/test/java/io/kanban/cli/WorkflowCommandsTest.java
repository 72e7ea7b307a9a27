package io.kanban.cli;

import static io.kanban.cli.Cli.refused;
import static io.kanban.cli.Cli.usage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The review lane, scheduling, typed blocks and the operator's verbs, as the command line offers them. */
class WorkflowCommandsTest {
    @TempDir
    Path dir;
    Cli cli;

    @BeforeEach
    void board() {
        cli = new Cli(dir.resolve("board.db"));
    }

    private String status(String id) {
        return task(id).get("status").asText();
    }

    private JsonNode task(String id) {
        return cli.run("show", id, "--json").json().get("task");
    }

    private long claim(String id) {
        Cli.Result r = cli.run("claim", id, "--json");
        assertEquals(0, r.code(), r.toString());
        return r.json().get("run").get("id").asLong();
    }

    @Test
    void a_worker_completes_through_the_cli_with_its_run_id() {
        String id = cli.create("work", "--assignee", "dev");
        long run = claim(id);
        cli.env("HERMES_KANBAN_RUN_ID", String.valueOf(run + 1));
        refused(cli.run("complete", id, "--summary", "not mine"), "run");
        assertEquals("running", status(id), "nothing changed");
        cli.env("HERMES_KANBAN_RUN_ID", String.valueOf(run));
        assertEquals(0, cli.run("heartbeat", id).code());
        Cli.Result r = cli.run("complete", id, "--summary", "done it", "--json");
        assertEquals(0, r.code(), r.toString());
        assertEquals("done", r.json().get("task").get("status").asText());
        cli.env("HERMES_KANBAN_RUN_ID", "abc");
        usage(cli.run("complete", cli.create("x"), "--summary", "s"), "not a run number");
    }

    @Test
    void typed_blocks_loop_to_triage_and_a_bad_kind_is_usage() {
        String id = cli.create("work", "--assignee", "dev");
        usage(cli.run("block", id, "why", "--kind", "sulking"), "not a block kind");
        assertEquals("ready", status(id), "nothing changed");
        Cli.Result r = cli.run("block", id, "need", "the", "key", "--kind", "needs_input", "--json");
        assertEquals("blocked", r.json().get("task").get("status").asText(), r.toString());
        assertEquals("needs_input", r.json().get("task").get("block_kind").asText());
        assertTrue(cli.run("show", id).out().contains("block kind"), "show prints the kind");
        cli.run("unblock", id);
        cli.run("block", id, "still", "--kind", "needs_input");
        cli.run("unblock", id);
        cli.run("block", id, "again", "--kind", "needs_input");
        assertEquals("triage", status(id), "the second recurrence is a loop");
        String dep = cli.create("dep");
        assertEquals("todo", cli.run("block", dep, "waits", "--kind", "dependency", "--json").json().get("task")
                .get("status").asText());
    }

    @Test
    void schedule_with_and_without_a_due_time() {
        String later = cli.create("later");
        String manual = cli.create("manual");
        usage(cli.run("schedule", later, "--at", "tomorrow-ish"), "not a time");
        assertEquals("ready", status(later), "nothing changed");
        Cli.Result r = cli.run("schedule", later, "after", "the", "freeze", "--at", "2031-01-05T10:00:00Z", "--json");
        assertEquals(0, r.code(), r.toString());
        assertEquals("scheduled", r.json().get("task").get("status").asText());
        assertEquals("scheduled " + manual + " (scheduled)", cli.run("schedule", manual).out().strip());
        String list = cli.run("list", "--status", "scheduled").out();
        assertTrue(list.lines().findFirst().orElseThrow().contains("DUE"), list);
        assertTrue(list.contains("2031-01-05 10:00:00"), list);
        assertTrue(list.lines().anyMatch(l -> l.startsWith(manual) && l.contains("unblock")), list);
        assertTrue(cli.run("show", later).out().contains("2031-01-05 10:00:00"), "show prints the due time");
        assertFalse(cli.run("list", "--status", "ready").out().contains("DUE"), "other listings keep their shape");
        assertEquals("unblocked " + manual + " (ready)", cli.run("unblock", manual).out().strip());
        refused(cli.run("schedule", cli.create("gone", "--assignee", "x"), "--at", "+2h", "--ids", "t_nope"),
                "no task with id");
    }

    @Test
    void the_review_lane_from_the_command_line() {
        cli.create("reviewer profile", "--assignee", "reviewer");
        String id = cli.create("feature", "--assignee", "coder");
        claim(id);
        usage(cli.run("request-review", id, "--summary", "s", "--reviewer", "nobody", "--force"),
                "not a profile");
        usage(cli.run("request-review", id), "--summary");
        Cli.Result r = cli.run("request-review", id, "--summary", "ready to look at", "--reviewer", "reviewer",
                "--metadata", "{\"pr\": 7}", "--force", "--json");
        assertEquals(0, r.code(), r.toString());
        assertEquals("review", r.json().get("task").get("status").asText());
        assertEquals("reviewer", r.json().get("task").get("assignee").asText());
        refused(cli.run("request-changes", id, "tests", "missing"), "request");
        assertEquals("review", status(id), "only a reviewer's run may request changes");
        Cli.Result back = cli.run("reopen-review", id, "--reason", "not yet");
        assertEquals("reopened " + id + " (ready)", back.out().strip(), back.toString());
        assertEquals("coder", task(id).get("assignee").asText(), "back to the implementer");
        refused(cli.run("reopen-review", id), "reopen");
    }

    @Test
    void promote_names_what_it_waits_for_and_dry_run_changes_nothing() {
        String parent = cli.create("design", "--assignee", "architect");
        String child = cli.create("build", "--parent", parent);
        claim(parent);
        Cli.Result r = cli.run("promote", child);
        refused(r, "waiting for " + parent + " (running, architect)");
        assertTrue(cli.run("show", child).out().contains("waiting for " + parent + " (running, architect)"),
                "show says the same");
        refused(cli.run("promote", child, "--dry-run"), "waiting for " + parent);
        cli.run("complete", parent, "--summary", "designed", "--force");
        String blocked = cli.create("stuck");
        cli.run("block", blocked, "wait");
        assertEquals("would promote " + blocked + " (blocked -> ready)",
                cli.run("promote", blocked, "--dry-run").out().strip());
        assertEquals("blocked", status(blocked), "a dry run changes nothing");
        Cli.Result p = cli.run("promote", blocked, "the", "key", "came", "--json");
        assertEquals("ready", p.json().get("task").get("status").asText(), p.toString());
    }

    @Test
    void reclaim_reassign_and_edit() {
        String id = cli.create("work", "--assignee", "dev");
        claim(id);
        refused(cli.run("reassign", id, "ops"), "assign");
        Cli.Result r = cli.run("reclaim", id, "--reason", "stuck", "--json");
        assertEquals("ready", r.json().get("task").get("status").asText(), r.toString());
        assertEquals("reclaimed", cli.run("runs", id, "--json").json().get(0).get("outcome").asText());
        refused(cli.run("reclaim", id), "reclaim");
        claim(id);
        assertEquals("reassigned " + id + " to ops (ready)", cli.run("reassign", id, "ops", "--reclaim").out().strip());
        usage(cli.run("reassign", id, "-bad"), "");
        usage(cli.run("edit", id), "at least one of");
        Cli.Result e = cli.run("edit", id, "--title", "better", "--priority", "3", "--summary", "fixed up", "--json");
        assertEquals(0, e.code(), e.toString());
        assertEquals("better", e.json().get("task").get("title").asText());
        assertEquals(3, e.json().get("task").get("priority").asInt());
        assertEquals("fixed up", cli.run("runs", id, "--json").json().get(1).get("summary").asText());
        usage(cli.run("edit", cli.create("fresh"), "--summary", "x"), "no run");
    }

    @Test
    void set_model_sets_shows_and_clears_a_cards_model_override() {
        String id = cli.create("work", "--assignee", "dev");
        assertEquals("model of " + id + ": gpt-5 (provider openai)",
                cli.run("set-model", id, "gpt-5", "--provider", "openai").out().strip());
        assertTrue(cli.run("show", id).out().contains("model        gpt-5 (provider openai)"), cli.run("show", id).out());
        JsonNode shown = cli.run("show", id, "--json").json().get("task");
        assertEquals("gpt-5", shown.get("model_override").asText());
        assertEquals("openai", shown.get("provider_override").asText());

        Cli.Result json = cli.run("set-model", id, "none", "--json");
        assertEquals(0, json.code(), json.toString());
        assertTrue(json.json().get("task").get("model_override").isNull(), json.out());
        assertTrue(json.json().get("task").get("provider_override").isNull(), json.out());
        assertFalse(cli.run("show", id).out().contains("model "), "no override, no model line");
        cli.run("set-model", id, "llama3:70b");
        assertEquals("cleared the model override of " + id + " (its profile's model applies)",
                cli.run("set-model", id).out().strip());

        cli.run("set-model", id, "gpt-5");
        usage(cli.run("set-model", id, "none", "--provider", "openai"), "provider");
        usage(cli.run("set-model", id, "--", "-x"), "must not start with '-'");
        refused(cli.run("set-model", "t_nosuchcard0", "gpt-5"), "no task with id");
        assertEquals("gpt-5", cli.run("show", id, "--json").json().get("task").get("model_override").asText(),
                "a refusal changes nothing");
        assertTrue(cli.run("tail", id).out().contains("model_override_set"));
    }

    @Test
    void set_reasoning_sets_shows_and_clears_a_cards_reasoning_level() {
        String id = cli.create("think", "--assignee", "dev");
        assertEquals("reasoning of " + id + ": high", cli.run("set-reasoning", id, "high").out().strip());
        assertTrue(cli.run("show", id).out().contains("reasoning    high"), cli.run("show", id).out());
        assertEquals("high", cli.run("show", id, "--json").json().get("task").get("reasoning_effort").asText());
        usage(cli.run("set-reasoning", id, "turbo"), "not a reasoning level");
        assertEquals("high", cli.run("show", id, "--json").json().get("task").get("reasoning_effort").asText(),
                "a refusal changes nothing");
        Cli.Result cleared = cli.run("set-reasoning", id, "default", "--json");
        assertEquals(0, cleared.code(), cleared.toString());
        assertTrue(cleared.json().get("task").get("reasoning_effort").isNull(), cleared.out());
        assertFalse(cli.run("show", id).out().contains("reasoning "), "no level, no reasoning line");
        refused(cli.run("set-reasoning", "t_nosuchcard0", "low"), "no task with id");
        assertTrue(cli.run("tail", id).out().contains("reasoning_effort_set"));
    }

    @Test
    void create_takes_a_model_and_a_provider_that_needs_it() {
        Cli.Result r = cli.run("create", "pinned", "--model", "anthropic/claude-sonnet-4", "--provider", "openrouter",
                "--json");
        assertEquals(0, r.code(), r.toString());
        assertEquals("anthropic/claude-sonnet-4", r.json().get("task").get("model_override").asText());
        assertEquals("openrouter", r.json().get("task").get("provider_override").asText());
        Cli.Result bad = cli.run("create", "no model", "--provider", "openrouter");
        assertTrue(bad.code() != 0 && bad.err().contains("provider") && bad.err().strip().lines().count() == 1,
                bad.toString());
        assertEquals(1, cli.run("list", "--json").json().size(), "nothing created on a refusal");
    }
}
