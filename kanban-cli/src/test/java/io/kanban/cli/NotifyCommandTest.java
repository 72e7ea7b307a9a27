package io.kanban.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.kanban.core.testing.ScratchBoard;
import io.kanban.core.testing.SettableClock;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kanban notify against a real receiver on 127.0.0.1, configured through $HERMES_HOME/config.yaml. */
class NotifyCommandTest {
    static final String SECRET = "cli-secret-0123456789abcdef";
    static final String HOOK_PATH = "/hooks/SECRETPATHPART";

    @TempDir
    Path dir;
    Cli cli;
    HttpServer server;
    final List<JsonNode> received = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger status = new AtomicInteger(200);
    final List<String> outputs = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        server.createContext("/", ex -> {
            received.add(new ObjectMapper().readTree(ex.getRequestBody().readAllBytes()));
            byte[] answer = ("answer " + status.get()).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status.get(), answer.length);
            ex.getResponseBody().write(answer);
            ex.close();
        });
        server.start();
        cli = new Cli(dir.resolve("board.db"));
        writeConfig("""
                kanban:
                  notify:
                    targets:
                      team: {type: webhook, url: "http://127.0.0.1:%d%s", secret: "%s"}
                """.formatted(server.getAddress().getPort(), HOOK_PATH, SECRET));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    void writeConfig(String yaml) throws Exception {
        Path home = Files.createDirectories(dir.resolve("hermes"));
        Files.writeString(home.resolve("config.yaml"), yaml);
    }

    Cli.Result run(String... args) {
        Cli.Result r = cli.run(args);
        outputs.add(r.out());
        outputs.add(r.err());
        return r;
    }

    @Test
    void subscribe_deliver_test_list_and_unsubscribe_through_the_cli() throws Exception {
        String id = cli.create("watched", "--assignee", "dev");
        Cli.Result sub = run("notify", "subscribe", id, "--target", "team", "--kinds", "blocked,completed", "--json");
        assertEquals(0, sub.code(), sub.toString());
        String subId = sub.json().get("id").asText();
        assertEquals("team", sub.json().get("target").asText());
        assertEquals("webhook", sub.json().get("target_type").asText());
        Cli.Result board = run("notify", "subscribe", "--target", "team");
        assertEquals(0, board.code(), board.toString());
        assertTrue(board.out().contains("hears board"), board.out());

        assertEquals(0, run("claim", id).code());
        assertEquals(0, run("complete", id, "--summary", "all good").code());
        Cli.Result deliver = run("notify", "deliver");
        assertEquals(0, deliver.code(), deliver.toString());
        assertTrue(deliver.out().startsWith("delivered 2, failed 0"), deliver.out());
        assertEquals(2, received.size());
        assertEquals("all good", received.get(0).get("detail").asText());
        assertTrue(run("notify", "deliver", "--json").json().get("delivered").asInt() == 0, "nothing twice");

        Cli.Result list = run("notify", "list");
        assertTrue(list.out().contains("webhook:team") && list.out().contains("board"), list.out());
        assertFalse(list.out().contains(subId) || list.out().contains("task " + id),
                "the done task's subscription ended with the delivery of its completion: " + list.out());
        String boardSub = run("notify", "list", "--json").json().get(0).get("id").asText();

        Cli.Result test = run("notify", "test", "team");
        assertEquals(0, test.code(), test.toString());
        assertTrue(test.out().contains("accepted, HTTP 200: answer 200"), test.out());
        assertEquals("test", received.get(2).get("kind").asText());
        status.set(500);
        Cli.Result refused = run("notify", "test", "team");
        assertEquals(1, refused.code(), refused.toString());
        assertTrue(refused.out().contains("refused, HTTP 500"), refused.out());

        String other = cli.create("other", "--assignee", "dev");
        assertEquals(0, run("block", other, "oops").code());
        status.set(503);
        Cli.Result failing = run("notify", "deliver");
        assertTrue(failing.out().contains("failed 1"), failing.out());
        Cli.Result state = run("notify", "list");
        assertTrue(state.out().contains("retrying (1 failure): HTTP 503"), state.out());

        assertEquals(0, run("notify", "unsubscribe", boardSub).code());
        Cli.Result again = run("notify", "unsubscribe", boardSub);
        assertEquals(1, again.code());
        assertEquals(1, again.err().strip().lines().count(), again.toString());

        String all = String.join("\n", outputs);
        assertTrue(all.contains("http://127.0.0.1:" + server.getAddress().getPort() + "/…"), "the masked URL shows");
        assertFalse(all.contains(SECRET), all);
        assertFalse(all.contains("SECRETPATHPART"), all);
    }

    @Test
    void list_calls_a_subscription_paused_at_the_configured_pause_after_failures() throws Exception {
        SettableClock clock = SettableClock.startingAt(ScratchBoard.START);
        cli.clock(clock);
        writeConfig("""
                kanban:
                  notify:
                    pause_after_failures: 2
                    backoff_seconds: 1
                    targets:
                      team: {type: webhook, url: "http://127.0.0.1:%d/hook"}
                """.formatted(server.getAddress().getPort()));
        status.set(500);
        assertEquals(0, run("notify", "subscribe", "--target", "team").code());
        String id = cli.create("failing", "--assignee", "dev");
        assertEquals(0, run("block", id, "stuck").code());
        assertTrue(run("notify", "deliver").out().contains("failed 1"));
        assertTrue(run("notify", "list").out().contains("retrying (1 failure): HTTP 500"));

        // The failed message may be retried once its backoff (one second, jitter and rounding up: at most two) has
        // passed.
        clock.advance(Duration.ofSeconds(2));
        Cli.Result second = run("notify", "deliver");
        assertTrue(second.out().contains("failed 1"), second.out());
        assertTrue(second.out().contains("paused targets (failing again and again): team"), second.out());
        Cli.Result list = run("notify", "list");
        assertTrue(list.out().contains("paused (2 failures): HTTP 500"), list.out());
    }

    @Test
    void bad_targets_and_bad_config_are_one_line_errors_naming_the_key() throws Exception {
        String id = cli.create("x");
        Cli.Result unknown = run("notify", "subscribe", id, "--target", "nope");
        assertEquals(1, unknown.code(), unknown.toString());
        assertTrue(unknown.err().contains("no notify target named 'nope'") && unknown.err().contains("team"),
                unknown.err());
        Cli.Result kinds = run("notify", "subscribe", id, "--target", "team", "--kinds", "exploded");
        assertTrue(kinds.code() != 0 && kinds.err().contains("exploded"), kinds.toString());
        assertEquals(2, run("notify", "subscribe", id).code(), "a target or a chat is required");

        writeConfig("kanban:\n  notify:\n    targets:\n      team: {type: pager, url: \"https://x.example/"
                + "SECRETPATHPART\"}\n");
        for (String[] args : List.of(new String[] {"notify", "deliver"}, new String[] {"notify", "test", "team"},
                new String[] {"notify", "subscribe", id, "--target", "team"})) {
            Cli.Result r = run(args);
            assertTrue(r.code() != 0, r.toString());
            assertTrue(r.err().contains("kanban.notify.targets.team.type"), r.toString());
            assertEquals(1, r.err().strip().lines().count(), r.toString());
        }
        assertFalse(String.join("\n", outputs).contains("SECRETPATHPART"));
    }
}
