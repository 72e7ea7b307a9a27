package io.kanban.dashboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A headless Chromium driven over the DevTools protocol with the JDK's own HTTP and WebSocket clients, so the
 * benchmark runs from the dashboard jar without Selenium on the class path. Only what the benchmark needs:
 * navigate, evaluate an expression, close.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final ObjectMapper mapper = new ObjectMapper();
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> calls = new ConcurrentHashMap<>();

    private HeadlessChromium(Process process, Path profile, WebSocket.Builder sockets, URI page) {
        this.process = process;
        this.profile = profile;
        this.socket = sockets.buildAsync(page, new Replies()).join();
    }

    /** Starts {@code binary} headless with a fresh profile and attaches to its first tab. */
    static HeadlessChromium start(Path binary, int width, int height) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("kanban-bench-chromium");
        Process process = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--remote-debugging-port=0", "--window-size=" + width + "," + height,
                "--user-data-dir=" + profile, "about:blank")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            // Chromium writes the port it picked (and the browser's path) into the profile once it listens.
            Path portFile = profile.resolve("DevToolsActivePort");
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (!Files.exists(portFile) || Files.readAllLines(portFile).isEmpty()) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("chromium did not open its DevTools port within " + START_TIMEOUT);
                }
                Thread.sleep(50);
            }
            int port = Integer.parseInt(Files.readAllLines(portFile).get(0).strip());
            HttpClient http = HttpClient.newHttpClient();
            JsonNode targets = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            URI page = null;
            for (JsonNode t : targets) {
                if ("page".equals(t.path("type").asText())) {
                    page = URI.create(t.get("webSocketDebuggerUrl").asText());
                    break;
                }
            }
            if (page == null) {
                throw new IOException("chromium shows no page target: " + targets);
            }
            return new HeadlessChromium(process, profile, http.newWebSocketBuilder(), page);
        } catch (IOException | InterruptedException | RuntimeException e) {
            process.destroyForcibly();
            deleteTree(profile);
            throw e;
        }
    }

    void navigate(String url) {
        call("Page.navigate", Map.of("url", url));
    }

    /** The value of a JavaScript expression in the page (JSON-serialisable values only). */
    JsonNode evaluate(String expression) {
        JsonNode result = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("page script failed: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    private JsonNode call(String method, Map<String, Object> params) {
        long id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        calls.put(id, reply);
        ObjectNode message = mapper.createObjectNode().put("id", id).put("method", method);
        message.set("params", mapper.valueToTree(params));
        socket.sendText(message.toString(), true).join();
        try {
            JsonNode answer = reply.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (answer.has("error")) {
                throw new IllegalStateException(method + " failed: " + answer.get("error"));
            }
            return answer.path("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + method, e);
        } catch (Exception e) {
            throw new IllegalStateException(method + " got no answer: " + e.getMessage(), e);
        } finally {
            calls.remove(id);
        }
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(2, TimeUnit.SECONDS).exceptionally(e -> null)
                    .join();
        } finally {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            deleteTree(profile);
        }
    }

    static void deleteTree(Path root) {
        try (var walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }

    /** Collects text frames into messages and completes the call each reply answers; events are ignored. */
    private final class Replies implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    JsonNode message = mapper.readTree(text);
                    if (message.has("id")) {
                        CompletableFuture<JsonNode> reply = calls.get(message.get("id").asLong());
                        if (reply != null) {
                            reply.complete(message);
                        }
                    }
                } catch (IOException e) {
                    calls.values().forEach(c -> c.completeExceptionally(e));
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            List.copyOf(calls.values()).forEach(c -> c.completeExceptionally(error));
        }
    }
}
