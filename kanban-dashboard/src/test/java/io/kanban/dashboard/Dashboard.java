package io.kanban.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kanban.core.Board;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** A dashboard on a real board file, started on a free port, with an HTTP client that speaks its API. */
final class Dashboard implements AutoCloseable {
    static final String TOKEN = "test-token-0123456789abcdef";
    static final ObjectMapper JSON = new ObjectMapper();

    final Path file;
    final Board board;
    final DashboardApp dashboard;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    Dashboard(Path dir) {
        this(dir, DispatchHost.none("no dispatcher in this dashboard (test)"));
    }

    Dashboard(Path dir, DispatchHost dispatch) {
        this(dir, dispatch, java.util.Map.of("HERMES_HOME", dir.resolve("hermes").toString()));
    }

    /** A dashboard whose notify targets come from {@code env}'s HERMES_HOME/config.yaml. */
    Dashboard(Path dir, DispatchHost dispatch, java.util.Map<String, String> env) {
        this.file = dir.resolve("kanban.db");
        this.board = Board.open(file);
        this.dashboard = new DashboardApp(board, Clock.systemUTC(), TOKEN, dispatch, env,
                io.kanban.core.spi.NotifierProvider.find());
        dashboard.app().start("127.0.0.1", 0);
    }

    int port() {
        return dashboard.app().port();
    }

    String base() {
        return "http://127.0.0.1:" + port();
    }

    record Reply(int status, JsonNode json, String text, HttpResponse<String> raw) {
        Reply expect(int expected) {
            assertEquals(expected, status, () -> "status of a reply with body " + text);
            return this;
        }
    }

    Reply get(String path) {
        return send(request(path).GET());
    }

    Reply post(String path, String body) {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Reply patch(String path, String body) {
        return send(request(path).method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
    }

    Reply delete(String path) {
        return send(request(path).DELETE());
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json");
    }

    Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            if (r.headers().firstValue("Content-Type").orElse("").contains("json")) {
                json = JSON.readTree(r.body());
            }
            return new Reply(r.statusCode(), json, r.body(), r);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Creates a task through the API and returns its id. */
    String create(String title) {
        return post("/api/tasks", json(java.util.Map.of("title", title))).expect(201).json().at("/task/id").asText();
    }

    @Override
    public void close() {
        dashboard.close();
        board.close();
    }
}
