package io.kanban.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kanban.core.Board;
import io.kanban.core.boards.BoardLayout;
import io.kanban.core.boards.BoardSlug;
import io.kanban.core.boards.Boards;
import io.kanban.core.spi.NotifierProvider;
import io.kanban.core.testing.ScratchBoard;
import io.kanban.core.testing.SettableClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A dashboard on a real board file, started on a free port, with an HTTP client that speaks its API. The board and
 * the server read one clock the test moves. Register it on a field ({@code @RegisterExtension final Dashboard d =
 * new Dashboard();}) for a dashboard per test, stopped after it; a test that needs another one closes it itself.
 */
final class Dashboard implements AfterEachCallback, AutoCloseable {
    static final String TOKEN = "test-token-0123456789abcdef";
    static final ObjectMapper JSON = new ObjectMapper();

    private final ScratchBoard scratch = ScratchBoard.onSqlite();
    final SettableClock clock = scratch.clock();
    final Path file = scratch.file();
    /** HERMES_HOME of the dashboard's environment: its config.yaml names the notify targets. */
    final Path home = scratch.dir().resolve("hermes");
    final Board board = scratch.board();
    final DashboardApp dashboard;
    /** The home's boards when made by {@link #onHome()}, else null. */
    final Boards boards;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    Dashboard() {
        this(DispatchHost.none("no dispatcher in this dashboard (test)"));
    }

    Dashboard(DispatchHost dispatch) {
        this(self -> dispatch);
    }

    /**
     * A dashboard hosting what {@code dispatch} starts: it gets this fixture with its board and home ready (to write
     * a config.yaml, say) and the server not started yet.
     */
    Dashboard(Function<Dashboard, DispatchHost> dispatch) {
        this(dispatch, false);
    }

    /**
     * With {@code home}, the board file is the default board of a Hermes home (its folder), so the dashboard serves
     * that home's boards ({@link #boards}) and takes {@code ?board=}; otherwise it serves the one board, as with --db.
     */
    private Dashboard(Function<Dashboard, DispatchHost> dispatch, boolean home) {
        this.boards = home ? new Boards(new BoardLayout(file.getParent()), clock) : null;
        this.dashboard = home
                ? DashboardApp.onHome(boards, BoardSlug.defaultBoard(), board, clock, TOKEN, dispatch.apply(this),
                        env(), NotifierProvider.find())
                : new DashboardApp(board, clock, TOKEN, dispatch.apply(this), env(), NotifierProvider.find());
        dashboard.app().start("127.0.0.1", 0);
    }

    /** A dashboard on a Hermes home whose default board is {@link #board}. */
    static Dashboard onHome() {
        return onHome(self -> DispatchHost.none("no dispatcher in this dashboard (test)"));
    }

    /** A dashboard on a Hermes home hosting what {@code dispatch} starts (given the fixture, its boards ready). */
    static Dashboard onHome(Function<Dashboard, DispatchHost> dispatch) {
        return new Dashboard(dispatch, true);
    }

    /** Another handle on the board file at {@code file} (this one's, or another board of the home); closed with this. */
    Board open(Path file) {
        return scratch.openAt(file.toString());
    }

    /** The dashboard's environment: only HERMES_HOME. */
    Map<String, String> env() {
        return Map.of("HERMES_HOME", home.toString());
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
        return post("/api/tasks", json(Map.of("title", title))).expect(201).json().at("/task/id").asText();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        dashboard.close();
        scratch.close();
    }
}
