package io.kanban.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.model.Status;
import io.kanban.core.testing.MetricsHistory;
import java.net.http.HttpRequest;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /metrics} after a scripted history: the Prometheus text an operator's scraper reads. */
class MetricsEndpointTest {
    @RegisterExtension
    final Dashboard d = new Dashboard();

    /** Samples by series ("name{label=\"value\"}"), comments skipped. */
    static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }

    @Test
    void a_scrape_after_a_scripted_history_shows_its_numbers() {
        MetricsHistory.play(d.board, d.clock);
        Dashboard.Reply reply = d.get("/metrics").expect(200);
        assertEquals(MetricsHandler.CONTENT_TYPE, reply.raw().headers().firstValue("Content-Type").orElse(""));
        Map<String, Double> m = parse(reply.text());

        for (Status status : Status.values()) {
            assertEquals((double) MetricsHistory.CARDS.getOrDefault(status, 0L),
                    m.get("kanban_cards{status=\"" + status.wire() + "\"}"), status.wire());
        }
        assertEquals(MetricsHistory.OLDEST_READY_AGE_SECONDS, m.get("kanban_ready_oldest_age_seconds"));
        assertEquals(MetricsHistory.RUNNING_WORKERS, m.get("kanban_workers_running"));
        assertEquals(MetricsHistory.NOTIFY_BACKLOG, m.get("kanban_notify_backlog"));
        assertEquals(MetricsHistory.SPAWNED, m.get("kanban_events_total{kind=\"spawned\"}"));
        assertEquals(MetricsHistory.CRASHED, m.get("kanban_events_total{kind=\"crashed\"}"));
        assertEquals(MetricsHistory.TIMED_OUT, m.get("kanban_events_total{kind=\"timed_out\"}"));
        assertEquals(MetricsHistory.GAVE_UP, m.get("kanban_events_total{kind=\"gave_up\"}"));
        assertEquals(MetricsHistory.CLAIMS_WON, m.get("kanban_claim_seconds_count{outcome=\"claimed\"}"));
        assertEquals(MetricsHistory.CLAIMS_MISSED, m.get("kanban_claim_seconds_count{outcome=\"missed\"}"));
        assertEquals(MetricsHistory.TICKS, m.get("kanban_dispatch_tick_seconds_count"));
        assertTrue(m.get("kanban_claim_seconds_sum{outcome=\"claimed\"}") > 0, "claims took some time");
        assertTrue(m.keySet().stream().anyMatch(k -> k.startsWith("jvm_memory_used_bytes{")), "JVM meters too");
    }

    @Test
    void metrics_need_the_session_token_like_the_api() {
        Dashboard.Reply none = d.send(HttpRequest.newBuilder(java.net.URI.create(d.base() + "/metrics")).GET());
        assertEquals(401, none.status());
        assertEquals("unauthorized", none.json().get("code").asText());
        Dashboard.Reply wrong = d.send(HttpRequest.newBuilder(java.net.URI.create(d.base() + "/metrics"))
                .header("Authorization", "Bearer not-the-token-at-all").GET());
        assertEquals(401, wrong.status());
        assertTrue(wrong.text().contains("wrong session token"), wrong.text());
    }
}
