package io.kanban.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class DashboardMainTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final StartedMains mains = new StartedMains();

    record Result(int code, String out, String err) {
    }

    private Result run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = DashboardMain.run(args, env, new PrintWriter(out), new PrintWriter(err), new CountDownLatch(0));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void a_board_it_cannot_open_is_one_clear_line() {
        Result other = run(Map.of(), "--port", "0", "--db", "jdbc:mysql://127.0.0.1/kanban");
        assertEquals(1, other.code());
        assertTrue(other.err().contains("only jdbc:sqlite: and jdbc:postgresql:"), other.err());
        assertEquals(1, other.err().strip().lines().count(), "one line: " + other.err());
        Result down = run(Map.of(), "--port", "0", "--db",
                "jdbc:postgresql://127.0.0.1:1/kanban?user=nobody&password=hunter2&connectTimeout=2");
        assertEquals(1, down.code());
        assertTrue(down.err().contains("cannot open board") && !down.err().contains("hunter2"), down.err());
        assertEquals(1, down.err().strip().lines().count(), "one line: " + down.err());
    }

    @Test
    void binding_a_non_loopback_address_without_a_token_is_refused_with_a_clear_message() {
        Result r = run(Map.of(), "--host", "0.0.0.0", "--port", "0", "--db", dir.resolve("b.db").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("refusing to bind 0.0.0.0") && r.err().contains("--token"), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertTrue(Files.notExists(dir.resolve("b.db")), "refused before touching the board");
    }

    @Test
    void a_short_token_and_a_bad_port_are_refused() {
        assertEquals(1, run(Map.of(), "--token", "short", "--port", "0").code());
        assertEquals(1, run(Map.of(), "--port", "70000").code());
        Result usage = run(Map.of(), "--port", "abc");
        assertEquals(2, usage.code());
        assertTrue(usage.err().contains("--port"), usage.err());
    }

    @Test
    void it_prints_its_url_with_the_token_and_serves_the_board_named_by_kanban_db() throws Exception {
        Path db = dir.resolve("env.db");
        StartedMains.Started started = mains.start(Map.of("KANBAN_DB", db.toString()), "--port", "0");
        HttpResponse<String> r = started.get("/api/board");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(Files.exists(db), "the board came from KANBAN_DB");
    }

    @Test
    void with_serve_writes_it_serves_the_claims_of_other_handles_until_it_stops() throws Exception {
        Path db = dir.resolve("served.db");
        StartedMains.Started started = mains.start(Map.of(), "--port", "0", "--db", db.toString(), "--serve-writes");
        assertTrue(started.out().contains("serving this host's claims, completions and heartbeats on "),
                started.out());
        assertTrue(Files.exists(dir.resolve("served.db-writer.sock")));
        try (io.kanban.core.Board worker = io.kanban.core.Board.open(db)) {
            String id = worker.tasks().create(io.kanban.core.model.NewTask.titled("served").build()).task().id();
            long commits = worker.writerStats().orElseThrow().commits();
            assertTrue(worker.claims().claim(id).isPresent());
            assertEquals(commits, worker.writerStats().orElseThrow().commits(), "the dashboard committed the claim");
            started.close();
            assertTrue(Files.notExists(dir.resolve("served.db-writer.sock")), "it stopped serving when it stopped");
            worker.claims().complete(id, io.kanban.core.model.Completion.withSummary("done"));
            assertEquals(commits + 1, worker.writerStats().orElseThrow().commits(), "then it wrote for itself");
        }
    }

    @Test
    void an_unknown_or_bad_board_is_one_clear_line_and_nothing_is_made() {
        Map<String, String> env = Map.of("HERMES_HOME", dir.toString());
        Result unknown = run(env, "--port", "0", "--board", "nope");
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("nope"), unknown.err());
        assertEquals(1, unknown.err().strip().lines().count(), "one line: " + unknown.err());
        Result bad = run(env, "--port", "0", "--board", "../x");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("not a board slug"), bad.err());
        assertTrue(Files.notExists(dir.resolve("kanban.db")), "refused before touching any board");
    }

    @Test
    void on_a_hermes_home_it_shows_the_board_named_by_board_and_serves_the_others_by_query() throws Exception {
        io.kanban.core.boards.Boards boards = new io.kanban.core.boards.Boards(
                new io.kanban.core.boards.BoardLayout(dir));
        boards.create(io.kanban.core.boards.BoardSlug.of("web"), io.kanban.core.boards.Boards.NewBoard.defaults());
        StartedMains.Started started = mains.start(Map.of("HERMES_HOME", dir.toString()), "--port", "0", "--board",
                "web");
        assertTrue(started.out().contains("board 'web' of the Hermes home"), started.out());
        HttpResponse<String> list = started.get("/api/boards");
        assertEquals(200, list.statusCode(), list.body());
        assertTrue(list.body().contains("\"dashboard_board\":\"web\""), list.body());
        HttpResponse<String> other = started.get("/api/board?board=default");
        assertEquals(200, other.statusCode(), other.body());
    }

    /** On the machine's PostgreSQL when KANBAN_TEST_PG_URL names it (.ci/run does), in a schema of its own. */
    @Test
    void it_serves_a_board_on_postgresql_named_by_url() throws Exception {
        String server = System.getenv("KANBAN_TEST_PG_URL");
        Assumptions.assumeTrue(server != null && !server.isBlank(), "KANBAN_TEST_PG_URL is not set");
        String schema = "kanban_dash_" + Long.toHexString(System.nanoTime());
        String url = server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema + "&password=hunter2";
        try (StartedMains.Started started = mains.start(Map.of(), "--port", "0", "--db", url)) {
            assertTrue(started.out().contains("on board jdbc:postgresql:"), started.out());
            assertTrue(started.out().contains("password=***") && !started.out().contains("hunter2"), started.out());
            HttpResponse<String> r = started.get("/api/board");
            assertEquals(200, r.statusCode(), r.body());
        } finally {
            try (Connection c = DriverManager.getConnection(server); Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    @Test
    void an_explicit_token_allows_a_non_loopback_bind() throws Exception {
        StartedMains.Started started = mains.start(Map.of(), "--host", "0.0.0.0", "--port", "0", "--token",
                "a-long-enough-secret-token", "--db", dir.resolve("open.db").toString());
        assertTrue(started.out().contains("token=a-long-enough-secret-token"), started.out());
        assertTrue(started.out().contains("http://0.0.0.0:"), started.out());
    }
}
