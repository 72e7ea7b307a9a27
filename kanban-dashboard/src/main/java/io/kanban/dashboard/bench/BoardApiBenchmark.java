package io.kanban.dashboard.bench;

import io.kanban.core.Board;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Status;
import io.kanban.dashboard.DashboardApp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;

/**
 * Prints how long GET /api/board takes on a board of N tasks (default 10,000) spread over the columns, and the
 * process's resident memory after. Run: {@code java -cp kanban-dashboard.jar io.kanban.dashboard.bench.BoardApiBenchmark [tasks] [requests]}.
 * A figure to read, not a test.
 */
public final class BoardApiBenchmark {
    private BoardApiBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Path dir = Files.createTempDirectory("kanban-bench");
        Path file = dir.resolve("kanban.db");
        String token = "benchmark-token-0123456789";
        long fillStart = System.nanoTime();
        try (Board board = Board.open(file)) {
            Status[] spread = {Status.READY, Status.DONE, Status.TODO, Status.BLOCKED, Status.TRIAGE};
            for (int i = 0; i < tasks; i++) {
                String id = board.tasks().create(NewTask.titled("benchmark task " + i).assignee("worker-" + (i % 12))
                        .priority(i % 5).skill("skill-" + (i % 7)).body("body of task " + i).build()).task().id();
                Status to = spread[i % spread.length];
                if (to != Status.READY) {
                    board.tasks().move(id, to, "spread for the benchmark");
                }
            }
            System.out.printf("filled %d tasks in %.1f s%n", tasks, (System.nanoTime() - fillStart) / 1e9);
            try (DashboardApp app = new DashboardApp(board, Clock.systemUTC(), token)) {
                app.app().start("127.0.0.1", 0);
                HttpClient http = HttpClient.newHttpClient();
                HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.app().port()
                        + "/api/board")).header("Authorization", "Bearer " + token).build();
                int bytes = 0;
                for (int i = 0; i < 5; i++) { // warm-up
                    bytes = http.send(get, HttpResponse.BodyHandlers.ofString()).body().length();
                }
                double[] ms = new double[requests];
                for (int i = 0; i < requests; i++) {
                    long t0 = System.nanoTime();
                    HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException("GET /api/board answered " + r.statusCode());
                    }
                }
                Arrays.sort(ms);
                System.out.printf("GET /api/board on %d tasks: median %.1f ms, p90 %.1f ms, max %.1f ms over %d "
                                + "requests; %d KiB of JSON%n", tasks, ms[requests / 2], ms[(int) (requests * 0.9)],
                        ms[requests - 1], requests, bytes / 1024);
                double[] core = new double[requests];
                for (int i = 0; i < requests; i++) {
                    long t0 = System.nanoTime();
                    board.tasks().list(io.kanban.core.model.TaskFilter.all());
                    core[i] = (System.nanoTime() - t0) / 1e6;
                }
                Arrays.sort(core);
                System.out.printf("of which the core's tasks().list(): median %.1f ms%n", core[requests / 2]);
                System.out.printf("resident memory (VmRSS) of this process: %s%n", rss());
            }
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String rss() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return "unknown (no /proc)";
        }
        return Files.readAllLines(status).stream().filter(l -> l.startsWith("VmRSS:"))
                .map(l -> l.substring(6).strip()).findFirst().orElse("unknown");
    }
}
