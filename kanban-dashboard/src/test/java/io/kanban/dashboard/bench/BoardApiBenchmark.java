package io.kanban.dashboard.bench;

import io.kanban.core.Board;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Status;
import io.kanban.core.model.TaskFilter;
import io.kanban.dashboard.HeadlessBrowser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.openqa.selenium.JavascriptExecutor;

/**
 * Prints, for a board of N tasks (default 10,000) spread over the columns: the latency of {@code GET /api/board}
 * (a card changed before each request, so the board is read again; only a comment since, or nothing, so the
 * cached render is served; each plain and gzip-encoded as a browser asks), the core's read time, the page's time
 * to first render in headless Chromium (driven by Selenium, as the browser tests do; the times are the page's own
 * performance marks), and the resident memory of the dashboard process after all that. The dashboard runs as its
 * own process from the jar, as {@code kanban dashboard} starts it; this process fills the board and changes it
 * between requests, like a CLI sharing the file.
 *
 * <p>Run from the repository root: {@code mvn -B -q -pl kanban-dashboard -am verify -DskipTests
 * -Dbench=BoardApiBenchmark -Dbench.args="[tasks] [requests]"}. System properties {@code kanban.dashboard.jar},
 * {@code kanban.chromium} and {@code kanban.chromedriver} say where those are. A figure to read, not a test.
 */
public final class BoardApiBenchmark {
    private static final String TOKEN = "benchmark-token-0123456789";
    private static final Pattern URL_LINE = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/\\?token=.*");
    private static final int RENDER_RUNS = 5;
    private static final int CACHED_RENDER_RUNS = 3;
    /** Tasks made through the core; a larger board is made of copies of their rows. */
    private static final int CREATED = 5_000;
    /** Cards changed per second while the page's responsiveness is measured, and for how long. */
    private static final int CHANGES_PER_SECOND = 50;
    private static final int CHANGE_SECONDS = 5;

    private BoardApiBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Path jar = dashboardJar();
        Path dir = Files.createTempDirectory("kanban-bench");
        Path file = dir.resolve("kanban.db");
        try (Board board = Board.open(file)) {
            List<String> ids = fill(board, file, tasks);
            measureCore(board, requests);
            Process dashboard = startDashboard(jar, file, dir);
            try {
                int port = awaitPort(dashboard);
                String base = "http://127.0.0.1:" + port;
                // Each change is one reprioritize from this process: the dashboard's cached render is then stale.
                IntConsumer change = i -> board.tasks().reprioritize(ids.get(i % ids.size()), i % 5);
                // A comment: rich cards count comments, so the board is read again (a heartbeat keeps the render).
                IntConsumer comment = i -> board.comments().add(ids.get(i % ids.size()), "bench", "note " + i);
                measureApi(base, requests, change, comment);
                measureRender(base, tasks, change);
                System.out.printf("dashboard process (pid %d) after the above: %s%n", dashboard.pid(),
                        memory(dashboard.pid()));
            } finally {
                dashboard.destroy();
                if (!dashboard.waitFor(20, TimeUnit.SECONDS)) {
                    dashboard.destroyForcibly();
                }
            }
        } finally {
            deleteTree(dir);
        }
        System.exit(0); // the HTTP client's selector threads would otherwise keep the JVM a moment longer
    }

    /**
     * Creates up to {@value #CREATED} tasks through the core, then copies their rows in one SQL transaction until the
     * board holds {@code tasks} (a 100,000-task board filled task by task would take minutes of the run).
     */
    private static List<String> fill(Board board, Path file, int tasks) throws SQLException {
        long start = System.nanoTime();
        Status[] spread = {Status.READY, Status.DONE, Status.TODO, Status.BLOCKED, Status.TRIAGE};
        int created = Math.min(tasks, CREATED);
        List<String> ids = new ArrayList<>(created);
        for (int i = 0; i < created; i++) {
            String id = board.tasks().create(NewTask.titled("benchmark task " + i).assignee("worker-" + (i % 12))
                    .priority(i % 5).skill("skill-" + (i % 7)).body("body of task " + i).build()).task().id();
            Status to = spread[i % spread.length];
            if (to != Status.READY) {
                board.tasks().move(id, to, "spread for the benchmark");
            }
            ids.add(id);
        }
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            db.setAutoCommit(false);
            for (int copy = 1; copy * created < tasks; copy++) {
                try (PreparedStatement insert = db.prepareStatement("INSERT INTO tasks (id, title, body, assignee, "
                        + "status, priority, created_at, workspace_kind, tenant, skills) SELECT id || '_' || ?, "
                        + "title || ' copy ' || ?, body, assignee, status, priority, created_at + ?, workspace_kind, "
                        + "tenant, skills FROM tasks WHERE rowid <= ? ORDER BY rowid LIMIT ?")) {
                    insert.setInt(1, copy);
                    insert.setInt(2, copy);
                    insert.setInt(3, copy);
                    insert.setInt(4, created); // the rows the core made, in a fresh file the first rowids
                    insert.setInt(5, Math.min(created, tasks - copy * created));
                    insert.executeUpdate();
                }
            }
            db.commit();
        }
        // An event moves the board's version past the copies, as the kernel's own writes do.
        board.tasks().reprioritize(ids.get(0), 1);
        System.out.printf("filled %d tasks (%d through the core, the rest copied) in %.1f s%n", tasks, created,
                (System.nanoTime() - start) / 1e9);
        return ids;
    }

    private static void measureCore(Board board, int runs) {
        for (int i = 0; i < 5; i++) { // warm-up
            board.tasks().list(TaskFilter.all());
            board.tasks().cards(TaskFilter.all());
        }
        double[] list = new double[runs];
        double[] cards = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            board.tasks().list(TaskFilter.all());
            long t1 = System.nanoTime();
            board.tasks().cards(TaskFilter.all());
            cards[i] = (System.nanoTime() - t1) / 1e6;
            list[i] = (t1 - t0) / 1e6;
        }
        System.out.printf("core, in process: tasks().list() (whole rows) median %.1f ms; tasks().cards() (the card "
                + "projection /api/board reads) median %.1f ms%n", median(list), median(cards));
    }

    private static void measureApi(String base, int requests, IntConsumer change, IntConsumer comment)
            throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (boolean gzip : new boolean[] {false, true}) {
            HttpRequest.Builder get = HttpRequest.newBuilder(URI.create(base + "/api/board"))
                    .header("Authorization", "Bearer " + TOKEN);
            if (gzip) {
                get.header("Accept-Encoding", "gzip");
            }
            HttpRequest request = get.build();
            for (int i = 0; i < 10; i++) { // warm-up, every path
                change.accept(i);
                fetch(http, request);
                comment.accept(i);
                fetch(http, request);
                fetch(http, request);
            }
            double[] fresh = new double[requests];
            double[] afterComment = new double[requests];
            double[] unchanged = new double[requests];
            long bytes = 0;
            for (int i = 0; i < requests; i++) {
                change.accept(i);
                long t0 = System.nanoTime();
                bytes = fetch(http, request);
                fresh[i] = (System.nanoTime() - t0) / 1e6;
                comment.accept(i);
                long t1 = System.nanoTime();
                fetch(http, request);
                afterComment[i] = (System.nanoTime() - t1) / 1e6;
                long t2 = System.nanoTime();
                fetch(http, request);
                unchanged[i] = (System.nanoTime() - t2) / 1e6;
            }
            System.out.printf("GET /api/board, %s, %d KiB on the wire (%d requests each):%n", gzip ? "gzip" : "identity",
                    bytes / 1024, requests);
            System.out.printf("  a card changed before each request (full read):  median %.1f ms, p90 %.1f ms, "
                    + "max %.1f ms%n", median(fresh), percentile(fresh, 0.9), max(fresh));
            System.out.printf("  a comment since the last read (cards count them): median %.1f ms, p90 %.1f ms, "
                    + "max %.1f ms%n", median(afterComment), percentile(afterComment, 0.9), max(afterComment));
            System.out.printf("  nothing changed (render kept):                    median %.1f ms, p90 %.1f ms, "
                    + "max %.1f ms%n", median(unchanged), percentile(unchanged, 0.9), max(unchanged));
        }
    }

    /** Sends the request, reads the whole body, returns its size as sent. */
    private static long fetch(HttpClient http, HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET /api/board answered " + r.statusCode());
        }
        return r.body().length;
    }

    private static void measureRender(String base, int tasks, IntConsumer change) throws Exception {
        if (!HeadlessBrowser.installed()) {
            System.out.println("first render: skipped, " + HeadlessBrowser.missing()
                    + " (or -Dkanban.chromium=PATH -Dkanban.chromedriver=PATH)");
            return;
        }
        try (HeadlessBrowser browser = HeadlessBrowser.start(1280, 900)) {
            for (int run = 1; run <= RENDER_RUNS + CACHED_RENDER_RUNS; run++) {
                boolean fresh = run <= RENDER_RUNS;
                if (fresh) {
                    change.accept(run);
                }
                browser.driver().get("about:blank");
                browser.driver().get(base + "/?token=" + TOKEN);
                Map<?, ?> t = awaitPainted(browser.driver());
                if (number(t, "counted") != tasks) {
                    throw new IllegalStateException("the page counted " + t.get("counted") + " cards, not " + tasks);
                }
                System.out.printf(Locale.ROOT, "first render, run %d (%s): board painted at %.0f ms after navigation "
                                + "start (cards drawn %.0f ms; /api/board requested %.0f ms, received %.0f ms, %d "
                                + "KiB transferred); %d cards drawn, the rest behind 'show more'; JS heap %.1f MB%n",
                        run, fresh ? (run == 1 ? "board changed, first load" : "board changed") : "board unchanged",
                        number(t, "painted"), number(t, "drawn"), number(t, "requested"), number(t, "received"),
                        (long) number(t, "transfer") / 1024, (long) number(t, "cards"), number(t, "heap") / 1e6);
            }
            measureResponsiveness(browser.driver(), change);
        }
    }

    /**
     * Changes {@value #CHANGES_PER_SECOND} cards a second for {@value #CHANGE_SECONDS} s while the page is open, and
     * prints how late a 50 ms timer in the page fired at worst (its main thread's longest stall) and the JS heap.
     */
    private static void measureResponsiveness(JavascriptExecutor page, IntConsumer change) throws Exception {
        page.executeScript("window.__lag = { max: 0, last: performance.now() };"
                + "window.__lagTimer = setInterval(() => { const now = performance.now();"
                + " window.__lag.max = Math.max(window.__lag.max, now - window.__lag.last - 50);"
                + " window.__lag.last = now; }, 50);");
        long start = System.nanoTime();
        int n = 0;
        for (int second = 0; second < CHANGE_SECONDS; second++) {
            for (int i = 0; i < CHANGES_PER_SECOND; i++) {
                change.accept(1000 + n++);
                long due = start + (long) (n * 1e9 / CHANGES_PER_SECOND);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait); // paces the writer: the figure is per second
                }
            }
        }
        Thread.sleep(1500); // the last events and the recount arrive
        Map<?, ?> r = (Map<?, ?>) page.executeScript("clearInterval(window.__lagTimer);"
                + "return { lag: window.__lag.max, heap: performance.memory ? performance.memory.usedJSHeapSize : -1,"
                + " cards: document.querySelectorAll('.card').length };");
        System.out.printf(Locale.ROOT, "while %d cards changed per second for %d s: the page's longest stall %.0f ms; "
                        + "%d cards drawn; JS heap %.1f MB%n", CHANGES_PER_SECOND, CHANGE_SECONDS, number(r, "lag"),
                (long) number(r, "cards"), number(r, "heap") / 1e6);
    }

    /**
     * The page's own performance marks once it has painted the board: times are from navigation start, so the
     * driver's round trips are not in them.
     */
    private static Map<?, ?> awaitPainted(JavascriptExecutor page) throws InterruptedException {
        String probe = "const at = (n) => { const e = performance.getEntriesByName(n); "
                + "return e.length ? e[0].startTime : null; };"
                + "const r = performance.getEntriesByType('resource').find((e) => e.name.includes('/api/board'));"
                + "return { painted: at('kanban:board-painted'), drawn: at('kanban:board-drawn'),"
                + " requested: r ? r.startTime : -1, received: r ? r.responseEnd : -1,"
                + " transfer: r ? r.transferSize : -1, cards: document.querySelectorAll('.card').length,"
                + " counted: [...document.querySelectorAll('.column .count')]"
                + ".reduce((n, c) => n + Number(c.textContent || 0), 0),"
                + " heap: performance.memory ? performance.memory.usedJSHeapSize : -1 };";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Map<?, ?> t = (Map<?, ?>) page.executeScript(probe);
            if (t.get("painted") != null) {
                return t;
            }
            Thread.sleep(20); // polls the page, which paints in its own time
        }
        throw new IllegalStateException("the board was not painted within 60 s");
    }

    /** A number the page returned: WebDriver hands back whole numbers as Long and others as Double. */
    private static double number(Map<?, ?> values, String key) {
        return ((Number) values.get(key)).doubleValue();
    }

    private static Process startDashboard(Path jar, Path file, Path dir) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Dorg.jooq.no-logo=true", "-Dorg.jooq.no-tips=true", "-jar",
                jar.toString(), "--port", "0", "--db", file.toString(), "--token", TOKEN);
        // No config file and no in-process dispatcher: it would start claiming the benchmark's ready tasks.
        pb.environment().put("HERMES_HOME", dir.toString());
        pb.environment().put("HERMES_KANBAN_DISPATCH_IN_GATEWAY", "0");
        pb.redirectErrorStream(true);
        return pb.start();
    }

    /** Reads the dashboard's output until it prints its URL; the rest of its output is passed through. */
    private static int awaitPort(Process dashboard) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(dashboard.getInputStream(),
                StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            Matcher m = URL_LINE.matcher(line.strip());
            if (m.matches()) {
                Thread drain = new Thread(() -> {
                    try {
                        out.lines().forEach(l -> System.out.println("  dashboard: " + l));
                    } catch (java.io.UncheckedIOException closed) {
                        // the dashboard was stopped: its output ends here
                    }
                }, "dashboard-output");
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(m.group(1));
            }
            System.out.println("  dashboard: " + line);
        }
        throw new IOException("the dashboard exited before printing its URL");
    }

    /** The jar the build made: found from the module folder (where Maven runs this) or from the repository root. */
    private static Path dashboardJar() {
        String configured = System.getProperty("kanban.dashboard.jar");
        if (configured != null) {
            return Path.of(configured);
        }
        Path inModule = Path.of("target", "kanban-dashboard.jar");
        return Files.exists(inModule) ? inModule : Path.of("kanban-dashboard", "target", "kanban-dashboard.jar");
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String memory(long pid) throws IOException {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        if (!Files.exists(status)) {
            return "RSS unknown (no /proc)";
        }
        String rss = "?";
        String peak = "?";
        for (String l : Files.readAllLines(status)) {
            if (l.startsWith("VmRSS:")) {
                rss = l.substring(6).strip();
            } else if (l.startsWith("VmHWM:")) {
                peak = l.substring(6).strip();
            }
        }
        return "VmRSS " + rss + " (peak VmHWM " + peak + ")";
    }

    private static double median(double[] values) {
        return percentile(values, 0.5);
    }

    private static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))];
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }
}
