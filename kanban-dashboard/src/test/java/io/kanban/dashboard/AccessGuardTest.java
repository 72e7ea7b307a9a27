package io.kanban.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.model.TaskFilter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AccessGuardTest {
    @RegisterExtension
    final Dashboard d = new Dashboard();

    private Dashboard.Reply withoutToken(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(d.base() + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return d.send(b);
    }

    @Test
    void requests_without_the_token_are_401_and_change_nothing() {
        Dashboard.Reply r = withoutToken("POST", "/api/tasks", "{\"title\":\"sneaky\"}");
        assertEquals(401, r.status());
        assertEquals("unauthorized", r.json().get("code").asText());
        assertEquals(401, withoutToken("GET", "/api/board", null).status());
        assertEquals(401, withoutToken("DELETE", "/api/tasks/t_x", null).status());
        assertEquals(0, d.board.tasks().list(TaskFilter.all()).size());
    }

    @Test
    void a_wrong_token_is_401() {
        HttpRequest.Builder wrong = HttpRequest.newBuilder(URI.create(d.base() + "/api/tasks"))
                .header("Authorization", "Bearer wrong-token-value")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"x\"}"));
        Dashboard.Reply r = d.send(wrong);
        assertEquals(401, r.status());
        assertEquals("wrong session token", r.json().get("error").asText());
        assertEquals(0, d.board.tasks().list(TaskFilter.all()).size());
    }

    @Test
    void a_foreign_origin_is_refused_with_403_and_the_own_origin_accepted() {
        Dashboard.Reply foreign = d.send(d.request("/api/tasks").header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"csrf\"}")));
        assertEquals(403, foreign.status());
        assertEquals("forbidden_origin", foreign.json().get("code").asText());
        Dashboard.Reply otherPort = d.send(d.request("/api/tasks").header("Origin", "http://127.0.0.1:1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"csrf\"}")));
        assertEquals(403, otherPort.status());
        assertEquals(0, d.board.tasks().list(TaskFilter.all()).size());
        Dashboard.Reply own = d.send(d.request("/api/tasks").header("Origin", d.base())
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"mine\"}")));
        assertEquals(201, own.status(), own.text());
    }

    @Test
    void the_openapi_document_and_the_page_need_no_token() {
        assertEquals(200, withoutToken("GET", "/api/openapi.json", null).status());
        Dashboard.Reply page = withoutToken("GET", "/", null);
        assertEquals(200, page.status());
        assertTrue(page.text().contains("<main id=\"board\""));
        assertTrue(page.raw().headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"));
    }

    @Test
    void the_websocket_refuses_a_missing_or_wrong_token_and_a_foreign_origin() {
        for (String query : new String[] {"", "?token=wrong"}) {
            CompletionException e = assertThrows(CompletionException.class, () -> d.http.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + d.port() + DashboardApp.LIVE_PATH + query),
                            new WebSocket.Listener() { })
                    .orTimeout(20, TimeUnit.SECONDS).join());
            assertTrue(e.getCause() instanceof WebSocketHandshakeException, e.toString());
            assertEquals(401, ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode());
        }
        CompletionException e = assertThrows(CompletionException.class, () -> d.http.newWebSocketBuilder()
                .header("Origin", "http://evil.example")
                .buildAsync(URI.create("ws://127.0.0.1:" + d.port() + DashboardApp.LIVE_PATH + "?token="
                        + Dashboard.TOKEN), new WebSocket.Listener() { })
                .orTimeout(20, TimeUnit.SECONDS).join());
        assertEquals(403, ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode());
    }

    @Test
    void same_origin_compares_scheme_host_and_port() {
        assertTrue(AccessGuard.sameOrigin("http://127.0.0.1:9119", "127.0.0.1:9119"));
        assertFalse(AccessGuard.sameOrigin("http://127.0.0.1:9118", "127.0.0.1:9119"));
        assertFalse(AccessGuard.sameOrigin("null", "127.0.0.1:9119"));
        assertFalse(AccessGuard.sameOrigin("file://x", "x"));
        assertFalse(AccessGuard.sameOrigin("http://[bad", "127.0.0.1:9119"));
    }
}
