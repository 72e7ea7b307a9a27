package io.kanban.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.kanban.core.spi.NotifierProvider;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The notify routes with targets from a real config file and a real receiver on 127.0.0.1. */
class NotifyRoutesTest {
    static final String SECRET = "dashboard-secret-0123456789";

    @RegisterExtension
    final Dashboard d = new Dashboard();
    HttpServer receiver;
    final AtomicInteger status = new AtomicInteger(200);
    final List<String> bodies = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        receiver.createContext("/", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes()));
            ex.sendResponseHeaders(status.get(), -1);
            ex.close();
        });
        receiver.start();
        Path home = Files.createDirectories(d.home);
        Files.writeString(home.resolve("config.yaml"), """
                kanban:
                  notify:
                    targets:
                      team: {type: webhook, url: "http://127.0.0.1:%d/hook/PATHSECRET", secret: "%s"}
                """.formatted(receiver.getAddress().getPort(), SECRET));
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    @Test
    void targets_subscriptions_test_and_warnings_over_rest_without_leaking_secrets() {
        List<String> seen = new ArrayList<>();
        Dashboard.Reply targets = d.get("/api/notify/targets").expect(200);
        seen.add(targets.text());
        JsonNode team = targets.json().at("/targets/0");
        assertEquals("team", team.get("name").asText());
        assertEquals("webhook", team.get("type").asText());
        assertTrue(team.get("signed").asBoolean());
        assertTrue(team.get("url").asText().endsWith("/…"), team.toString());

        String id = d.create("watch me");
        Dashboard.Reply sub = d.post("/api/notify/subscriptions", Dashboard.json(Map.of("task_id", id,
                "target", "team", "descendants", true))).expect(201);
        seen.add(sub.text());
        String subId = sub.json().get("id").asText();
        assertEquals(id, sub.json().get("task_id").asText());
        assertTrue(sub.json().get("descendants").asBoolean());
        assertEquals(5, sub.json().get("kinds").size(), "the default kinds");
        Dashboard.Reply board = d.post("/api/notify/subscriptions", Dashboard.json(Map.of("target", "team",
                "kinds", List.of("created")))).expect(201);
        assertEquals("board", board.json().get("scope").asText());

        JsonNode list = d.get("/api/notify/subscriptions?task=" + id).expect(200).json();
        assertEquals(1, list.get("subscriptions").size());
        assertEquals(2, d.get("/api/notify/subscriptions").expect(200).json().get("subscriptions").size());

        d.post("/api/notify/subscriptions", Dashboard.json(Map.of("target", "nope"))).expect(400);
        d.post("/api/notify/subscriptions", Dashboard.json(Map.of("target", "team", "kinds", List.of("boom"))))
                .expect(400);
        d.post("/api/notify/subscriptions", Dashboard.json(Map.of("target", "team", "task_id", "t_nope")))
                .expect(404);
        d.post("/api/notify/subscriptions", Dashboard.json(Map.of("target", "team", "url", "x"))).expect(400);

        Dashboard.Reply test = d.post("/api/notify/targets/team/test", "").expect(200);
        seen.add(test.text());
        assertTrue(test.json().get("accepted").asBoolean());
        assertEquals(1, bodies.size());
        d.post("/api/notify/targets/nope/test", "").expect(404);

        assertEquals(true, d.delete("/api/notify/subscriptions/" + subId).expect(200).json().get("removed")
                .asBoolean());
        d.delete("/api/notify/subscriptions/" + subId).expect(404);
        seen.add(d.get("/api/warnings").expect(200).text());
        assertEquals(0, d.get("/api/warnings").json().get("notify").size());
        String all = String.join("\n", seen);
        assertFalse(all.contains(SECRET), all);
        assertFalse(all.contains("PATHSECRET"), all);
    }

    @Test
    void warnings_call_a_target_paused_at_the_configured_pause_after_failures() throws Exception {
        Files.writeString(d.home.resolve("config.yaml"), """
                kanban:
                  notify:
                    pause_after_failures: 1
                    targets:
                      team: {type: webhook, url: "http://127.0.0.1:%d/hook"}
                """.formatted(receiver.getAddress().getPort()));
        status.set(500);
        d.post("/api/notify/subscriptions", Dashboard.json(Map.of("target", "team"))).expect(201);
        String id = d.create("will block");
        d.patch("/api/tasks/" + id, "{\"status\":\"blocked\",\"reason\":\"stuck\"}").expect(200);
        Map<String, String> env = Map.of("HERMES_HOME", d.home.toString());
        assertEquals(1, NotifierProvider.find().orElseThrow().deliverOnce(d.board, env).failed());

        JsonNode notify = d.get("/api/warnings").expect(200).json().get("notify");
        assertEquals(1, notify.size(), notify.toString());
        assertEquals(1, notify.get(0).get("failures").asInt());
        assertTrue(notify.get(0).get("paused").asBoolean(), "one failure is a pause when the config says 1");

        Files.writeString(d.home.resolve("config.yaml"), """
                kanban:
                  notify:
                    pause_after_failures: 3
                    targets:
                      team: {type: webhook, url: "http://127.0.0.1:%d/hook"}
                """.formatted(receiver.getAddress().getPort()));
        assertFalse(d.get("/api/warnings").expect(200).json().at("/notify/0/paused").asBoolean(),
                "one failure of three is only retrying");
    }
}
