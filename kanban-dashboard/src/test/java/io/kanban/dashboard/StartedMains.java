package io.kanban.dashboard;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Dashboards started as the {@code kanban-dashboard} command starts them ({@link DashboardMain#run} on a thread of
 * their own), each found by the URL it prints. Register it on a field ({@code @RegisterExtension final StartedMains
 * mains = new StartedMains();}); a dashboard the test has not stopped is stopped after it.
 */
final class StartedMains implements AfterEachCallback {
    private static final Pattern PRINTED = Pattern.compile("http://[0-9.]+:(\\d+)/\\?token=([A-Za-z0-9_-]{20,})");

    private final List<Started> running = new ArrayList<>();

    /** Runs the command with {@code args} and {@code env} and waits (up to a minute) until it prints its URL. */
    Started start(Map<String, String> env, String... args) throws InterruptedException {
        Started started = new Started(env, args);
        running.add(started);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Matcher m = PRINTED.matcher("");
        while (System.nanoTime() < deadline && !(m = PRINTED.matcher(started.out())).find()) {
            Thread.sleep(50);
        }
        assertTrue(m.find(0), "printed URL in: " + started.out() + started.err());
        started.port = Integer.parseInt(m.group(1));
        started.token = m.group(2);
        return started;
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        for (Started started : running) {
            started.close();
        }
        running.clear();
    }

    /** One running dashboard: what it printed, and its API under the token it printed. */
    static final class Started implements AutoCloseable {
        private final StringWriter out = new StringWriter();
        private final StringWriter err = new StringWriter();
        private final CountDownLatch stop = new CountDownLatch(1);
        private final Thread thread;
        private final HttpClient http = HttpClient.newHttpClient();
        private int port;
        private String token;

        private Started(Map<String, String> env, String... args) {
            thread = new Thread(() -> DashboardMain.run(args, env, new PrintWriter(out, true),
                    new PrintWriter(err, true), stop));
            thread.start();
        }

        String out() {
            return out.toString();
        }

        String err() {
            return err.toString();
        }

        /** GET {@code path} on the loopback address, with the printed token as the bearer. */
        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        }

        /** Stops the dashboard as its shutdown hook would, and waits for the command to return. */
        @Override
        public void close() throws InterruptedException {
            stop.countDown();
            thread.join(30_000);
        }
    }
}
