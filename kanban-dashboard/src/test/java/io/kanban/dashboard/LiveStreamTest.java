package io.kanban.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LiveStreamTest {
    @RegisterExtension
    final Dashboard d = new Dashboard();

    /** Collects every text message the stream sends. */
    static final class Inbox implements WebSocket.Listener {
        final LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    messages.add(Dashboard.JSON.readTree(partial.toString()));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        /** Waits (generously) for an events message touching {@code taskId}; returns it. */
        JsonNode awaitEventFor(String taskId, String kind) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                JsonNode m = messages.poll(1, TimeUnit.SECONDS);
                if (m == null || !"events".equals(m.get("type").asText())) {
                    continue;
                }
                for (JsonNode e : m.get("events")) {
                    if (e.get("task_id").asText().equals(taskId) && e.get("kind").asText().equals(kind)) {
                        return m;
                    }
                }
            }
            throw new AssertionError("no '" + kind + "' event for " + taskId + " within 30 s");
        }
    }

    static WebSocket open(Dashboard d, long cursor, Inbox inbox) {
        return d.http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + d.port() + DashboardApp.LIVE_PATH + "?token="
                        + Dashboard.TOKEN + "&cursor=" + cursor), inbox)
                .orTimeout(20, TimeUnit.SECONDS).join();
    }

    @Test
    void an_event_written_by_another_process_reaches_the_stream_with_the_card() throws Exception {
        long cursor = d.get("/api/board").expect(200).json().get("latest_event_id").asLong();
        Inbox inbox = new Inbox();
        WebSocket ws = open(d, cursor, inbox);
        String id = OtherProcess.run(d.file, "create", "made by the CLI");
        JsonNode msg = inbox.awaitEventFor(id, "created");
        JsonNode card = msg.get("cards").get(0);
        assertEquals(id, card.get("id").asText());
        assertEquals("made by the CLI", card.get("title").asText());
        assertEquals("ready", card.get("status").asText());
        assertTrue(msg.get("cursor").asLong() > cursor);

        OtherProcess.run(d.file, "move", id, "blocked");
        JsonNode moved = inbox.awaitEventFor(id, "blocked");
        assertEquals("blocked", moved.get("cards").get(0).get("status").asText());
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }

    @Test
    void a_client_resuming_from_its_cursor_gets_what_it_missed_in_order() throws Exception {
        long cursor = d.board.events().latestId();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(d.create("offline " + i));
        }
        Inbox inbox = new Inbox();
        WebSocket ws = open(d, cursor, inbox);
        JsonNode msg = inbox.awaitEventFor(ids.get(2), "created");
        List<String> seen = new ArrayList<>();
        long last = cursor;
        for (JsonNode e : msg.get("events")) {
            assertTrue(e.get("id").asLong() > last, "ascending ids");
            last = e.get("id").asLong();
            seen.add(e.get("task_id").asText());
        }
        assertEquals(ids, seen);
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }

    @Test
    void a_change_through_a_second_board_handle_in_this_process_is_streamed_too() throws Exception {
        var second = d.open(d.file);
        Inbox inbox = new Inbox();
        WebSocket ws = open(d, d.board.events().latestId(), inbox);
        String id = second.tasks().create(io.kanban.core.model.NewTask.titled("from a second handle").build())
                .task().id();
        second.comments().add(id, "bot", "hi");
        inbox.awaitEventFor(id, "commented");
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }
}
