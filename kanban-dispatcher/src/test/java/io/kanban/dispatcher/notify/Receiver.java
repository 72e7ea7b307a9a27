package io.kanban.dispatcher.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A real HTTP receiver on 127.0.0.1 (the JDK's HttpServer) that records every request and answers with the
 * statuses a test queues (200 once the queue is empty). It can go down and come back on the same port.
 */
final class Receiver implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    /** One request as it arrived. */
    record Request(String path, String query, Map<String, List<String>> headers, byte[] body, int answered) {
        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        long eventId() {
            return Long.parseLong(header("X-Kanban-Event-Id"));
        }
    }

    private final List<Request> requests = new ArrayList<>();
    private final Deque<Integer> statuses = new ArrayDeque<>();
    private volatile Duration delay = Duration.ZERO;
    private volatile CountDownLatch holdAt;
    private volatile int holdIndex = -1;
    private int port;
    private HttpServer server;

    Receiver() {
        start(0);
    }

    private void start(int wanted) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", wanted), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
        port = server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        int index;
        int status;
        synchronized (this) {
            index = requests.size();
            Integer next = statuses.poll();
            status = next == null ? 200 : next;
            requests.add(new Request(ex.getRequestURI().getPath(), ex.getRequestURI().getRawQuery(),
                    Map.copyOf(ex.getRequestHeaders()), body, status));
            notifyAll();
        }
        try {
            if (index == holdIndex && holdAt != null) {
                holdAt.await(60, TimeUnit.SECONDS);
            }
            if (!delay.isZero()) {
                Thread.sleep(delay.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] answer = (status < 300 ? "ok" : "failure " + status).getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, answer.length);
        ex.getResponseBody().write(answer);
        ex.close();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    synchronized void answer(Integer... codes) {
        statuses.addAll(List.of(codes));
    }

    void delay(Duration value) {
        delay = value;
    }

    /** The request with this index (0-based) gets no answer until the latch opens. */
    void holdRequest(int index, CountDownLatch latch) {
        holdIndex = index;
        holdAt = latch;
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Requests answered 2xx, in arrival order. */
    synchronized List<Request> accepted() {
        return requests.stream().filter(r -> r.answered() < 300).toList();
    }

    synchronized boolean awaitRequests(int count, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (requests.size() < count) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    void down() {
        server.stop(0);
    }

    void up() {
        start(port);
    }

    static boolean eventually(BooleanSupplier condition, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
