package io.kanban.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.kanban.core.model.Attachment;
import io.kanban.core.model.ClaimedTask;
import io.kanban.core.model.Status;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * kanban_attach, kanban_attach_url and kanban_attachments, artifacts on kanban_complete, attachments in
 * kanban_show. The URL tool is tested against a server on this machine's loopback, which the test's address rule
 * lets through on that server's port only: every refusal below is the production rule's.
 */
class AttachToolsTest {
    @RegisterExtension
    final Fixture f = new Fixture();

    HttpServer server;
    int port;
    final AtomicInteger hits = new AtomicInteger();
    final CountDownLatch release = new CountDownLatch(1);
    KanbanTools tools;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        port = server.getAddress().getPort();
        server.createContext("/", exchange -> {
            hits.incrementAndGet();
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getQuery();
            try (exchange) {
                switch (path) {
                    case "/chart.png" -> {
                        exchange.getResponseHeaders().add("Content-Type", "image/png");
                        byte[] body = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
                        exchange.sendResponseHeaders(200, body.length);
                        exchange.getResponseBody().write(body);
                    }
                    case "/redirect" -> {
                        exchange.getResponseHeaders().add("Location", query.substring("to=".length()));
                        exchange.sendResponseHeaders(302, -1);
                    }
                    case "/loop" -> {
                        int n = Integer.parseInt(query);
                        exchange.getResponseHeaders().add("Location", n == 0 ? "/chart.png" : "/loop?" + (n - 1));
                        exchange.sendResponseHeaders(301, -1);
                    }
                    case "/big" -> { // declared length over the cap
                        exchange.sendResponseHeaders(200, 2_000);
                        exchange.getResponseBody().write(new byte[2_000]);
                    }
                    case "/chunked" -> { // no length: the cap applies while reading
                        exchange.sendResponseHeaders(200, 0);
                        OutputStream out = exchange.getResponseBody();
                        for (int i = 0; i < 4; i++) {
                            out.write(new byte[600]);
                            out.flush();
                        }
                    }
                    case "/slow" -> {
                        exchange.sendResponseHeaders(200, 0);
                        exchange.getResponseBody().write(new byte[10]);
                        exchange.getResponseBody().flush();
                        release.await(); // held until the test ends: only the fetcher's deadline ends the read
                    }
                    default -> exchange.sendResponseHeaders(404, -1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        UrlFetcher.AddressPolicy onlyThisServer = (address, p) ->
                address.isLoopbackAddress() && p == port ? null : UrlFetcher.nonPublic(address);
        tools = KanbanTools.withFetcher(new UrlFetcher(onlyThisServer, Duration.ofMillis(800)))
                .withBoardOpener(location -> f.open(Path.of(location)));
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    /** A port the test's rule does not open. */
    int other() {
        return port == 65535 ? 1 : port + 1;
    }

    ObjectNode call(Map<String, String> env, String tool, String args) {
        try (ToolSession session = tools.session(env, f.board)) {
            return session.call(tool, Fixture.json(args));
        }
    }

    private static void refused(ObjectNode result, String code, String text) {
        assertFalse(result.get("ok").asBoolean(), result.toString());
        assertEquals(code, result.get("code").asText(), result.toString());
        assertTrue(result.get("error").asText().contains(text), result.toString());
    }

    @Test
    void attach_takes_base64_and_the_bytes_come_back_exactly() {
        ClaimedTask claim = f.claimed("chart");
        byte[] bytes = new byte[5_000];
        new Random(3).nextBytes(bytes);
        ObjectNode result = call(f.worker(claim), "kanban_attach", "{'filename': '../chart.png', 'content_base64': '"
                + Base64.getEncoder().encodeToString(bytes) + "'}");
        assertTrue(result.get("ok").asBoolean(), result.toString());
        assertEquals("chart.png", result.at("/attachment/filename").asText());
        assertEquals("coder", result.at("/attachment/uploaded_by").asText());
        assertEquals("image/png", result.at("/attachment/content_type").asText());
        assertArrayEquals(bytes, f.board.attachments().read(result.at("/attachment/id").asLong()).bytes());

        ObjectNode list = call(f.worker(claim), "kanban_attachments", "{}");
        assertEquals(1, list.get("count").asInt());
        assertEquals("chart.png", list.at("/attachments/0/filename").asText());
        ObjectNode show = call(f.worker(claim), "kanban_show", "{}");
        assertEquals("chart.png", show.at("/attachments/0/filename").asText());
    }

    @Test
    void attach_refuses_bad_base64_and_more_than_the_cap_storing_nothing() {
        ClaimedTask claim = f.claimed("x");
        refused(call(f.worker(claim), "kanban_attach", "{'filename': 'a.txt', 'content_base64': '***'}"),
                "invalid_argument", "content_base64");
        // As JSON text, the way a runtime or the MCP server passes arguments: 25 MiB goes in, one byte more does not.
        try (ToolSession session = tools.session(f.worker(claim), f.board)) {
            String exact = Base64.getEncoder().encodeToString(new byte[25 * 1024 * 1024]);
            String ok = session.call("kanban_attach", "{\"filename\": \"exact.bin\", \"content_base64\": \"" + exact
                    + "\"}");
            assertTrue(ok.startsWith("{\"ok\":true"), ok.substring(0, Math.min(300, ok.length())));
            String over = Base64.getEncoder().encodeToString(new byte[25 * 1024 * 1024 + 1]);
            refused(Fixture.parse(session.call("kanban_attach", "{\"filename\": \"a.bin\", \"content_base64\": \""
                    + over + "\"}")), "attachment_too_large", "attachment exceeds 25 MB limit");
        }
        refused(call(f.worker(claim), "kanban_attach", "{'filename': 'a.txt'}"), "missing_argument", "content_base64");
        assertEquals(List.of("exact.bin"), f.board.attachments().list(claim.task().id()).stream()
                .map(Attachment::filename).toList());
    }

    @Test
    void attach_url_fetches_from_an_allowed_server_and_follows_up_to_five_redirects() {
        ClaimedTask claim = f.claimed("fetch");
        ObjectNode result = call(f.worker(claim), "kanban_attach_url",
                "{'url': 'http://127.0.0.1:" + port + "/loop?4'}");
        assertTrue(result.get("ok").asBoolean(), result.toString());
        assertEquals("chart.png", result.at("/attachment/filename").asText());
        assertEquals("image/png", result.at("/attachment/content_type").asText());
        assertEquals(7, result.at("/attachment/size").asLong());
        assertEquals("http://127.0.0.1:" + port + "/chart.png", result.get("url").asText());
        ObjectNode named = call(f.worker(claim), "kanban_attach_url",
                "{'url': 'http://127.0.0.1:" + port + "/chart.png', 'filename': 'figure 1.png'}");
        assertEquals("figure 1.png", named.at("/attachment/filename").asText());
    }

    @Test
    void attach_url_refuses_a_sixth_redirect() {
        ClaimedTask claim = f.claimed("loop");
        refused(call(f.worker(claim), "kanban_attach_url", "{'url': 'http://127.0.0.1:" + port + "/loop?5'}"),
                "url_refused", "more than 5 redirects");
        assertEquals(List.of(), f.board.attachments().list(claim.task().id()));
    }

    @Test
    void attach_url_refuses_local_private_and_metadata_addresses_before_connecting() {
        ClaimedTask claim = f.claimed("ssrf");
        String[][] cases = {
                {"http://127.0.0.1:" + other() + "/", "loopback"},
                {"http://localhost:" + port + "/chart.png", "local or metadata name"},
                {"http://[::1]:" + other() + "/", "loopback"},
                {"http://[::ffff:127.0.0.1]:" + other() + "/", "loopback"},
                {"http://169.254.169.254/latest/meta-data/", "link-local"},
                {"http://metadata.google.internal/computeMetadata/v1/", "metadata"},
                {"http://10.0.0.1/", "private"},
                {"http://192.168.1.1/", "private"},
                {"http://172.16.0.1/", "private"},
                {"http://[fd00:ec2::254]/", "unique-local"},
                {"http://100.64.0.1/", "CGNAT"},
                {"http://0.0.0.0:" + port + "/", "unspecified"},
                {"file:///etc/passwd", "only http and https"},
                {"ftp://example.com/x", "only http and https"},
                {"http://user:pw@127.0.0.1:" + port + "/chart.png", "user name or password"},
        };
        for (String[] c : cases) {
            refused(call(f.worker(claim), "kanban_attach_url", "{'url': '" + c[0] + "'}"), "url_refused", c[1]);
        }
        assertEquals(0, hits.get(), "no refused URL reached the server");
        assertEquals(List.of(), f.board.attachments().list(claim.task().id()));
    }

    @Test
    void attach_url_refuses_a_redirect_to_a_refused_address() {
        ClaimedTask claim = f.claimed("hop");
        for (String target : List.of("http://169.254.169.254/latest/meta-data/", "http://localhost:" + port + "/x",
                "http://127.0.0.2:" + port + "/chart.png", "http://10.1.2.3/", "file:///etc/passwd")) {
            refused(call(f.worker(claim), "kanban_attach_url", "{'url': 'http://127.0.0.1:" + port
                    + "/redirect?to=" + target + "'}"), "url_refused", "");
        }
        assertEquals(5, hits.get(), "only the first hop of each was fetched");
        assertEquals(List.of(), f.board.attachments().list(claim.task().id()));
    }

    @Test
    void attach_url_caps_size_and_time() {
        ClaimedTask claim = f.claimed("caps");
        // A handle whose cap is 1,000 bytes: the declared and the streamed bodies are both over it.
        try (io.kanban.core.Board board = io.kanban.core.Board.open(io.kanban.core.BoardOptions.at(f.file)
                .withClock(f.clock).withAttachmentMaxBytes(1_000));
             ToolSession session = tools.session(f.worker(claim), board)) {
            refused(session.call("kanban_attach_url", Fixture.json("{'url': 'http://127.0.0.1:" + port + "/big'}")),
                    "attachment_too_large", "attachment exceeds 1000 bytes limit");
            refused(session.call("kanban_attach_url", Fixture.json("{'url': 'http://127.0.0.1:" + port + "/chunked'}")),
                    "attachment_too_large", "attachment exceeds 1000 bytes limit");
            long start = System.nanoTime();
            refused(session.call("kanban_attach_url", Fixture.json("{'url': 'http://127.0.0.1:" + port + "/slow'}")),
                    "url_refused", "took longer than 800 ms");
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 5_000);
            assertEquals(List.of(), board.attachments().list(claim.task().id()));
        }
    }

    @Test
    void complete_with_artifacts_hands_over_the_report_and_the_chart() throws IOException {
        ClaimedTask claim = f.claimed("analysis");
        Path ws = Files.createDirectories(f.board.options().scratchWorkspaces().resolve(claim.task().id()));
        Files.writeString(ws.resolve("report.md"), "# Report\n");
        Files.write(ws.resolve("chart.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        ObjectNode refusedResult = call(f.worker(claim), "kanban_complete",
                "{'summary': 'done', 'artifacts': ['report.md', 'nope.png']}");
        refused(refusedResult, "invalid_argument", "does not exist");
        assertEquals(Status.RUNNING, f.board.tasks().get(claim.task().id()).status());

        ObjectNode done = call(f.worker(claim), "kanban_complete",
                "{'summary': 'done', 'artifacts': ['report.md', '" + ws.resolve("chart.png") + "']}");
        assertTrue(done.get("ok").asBoolean(), done.toString());
        assertEquals(2, done.get("attachments").size());
        assertEquals("kanban_complete", done.at("/attachments/0/uploaded_by").asText());
        List<Attachment> stored = f.board.attachments().list(claim.task().id());
        assertEquals(List.of("report.md", "chart.png"), stored.stream().map(Attachment::filename).toList());
        assertEquals("# Report\n", new String(f.board.attachments().read(stored.get(0).id()).bytes(),
                StandardCharsets.UTF_8));
    }
}
