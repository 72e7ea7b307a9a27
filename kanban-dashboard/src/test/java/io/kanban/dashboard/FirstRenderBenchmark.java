package io.kanban.dashboard;

import io.kanban.core.Board;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Prints the page's time to first render (navigation start until every card is in the DOM) on a board of N
 * tasks, in Debian's headless Chromium. A figure, not a test: run with the test classpath, e.g.
 * {@code java -cp target/test-classes:target/classes:$(cat cp.txt) io.kanban.dashboard.FirstRenderBenchmark 10000}.
 */
public final class FirstRenderBenchmark {
    private FirstRenderBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path dir = Files.createTempDirectory("kanban-render");
        try (Board board = Board.open(dir.resolve("kanban.db"))) {
            Status[] spread = {Status.READY, Status.DONE, Status.TODO, Status.BLOCKED, Status.TRIAGE};
            for (int i = 0; i < tasks; i++) {
                String id = board.tasks().create(NewTask.titled("render task " + i).assignee("worker-" + (i % 12))
                        .priority(i % 5).skill("skill-" + (i % 7)).build()).task().id();
                if (spread[i % spread.length] != Status.READY) {
                    board.tasks().move(id, spread[i % spread.length], "spread");
                }
            }
            String token = "render-benchmark-token-0123";
            try (DashboardApp app = new DashboardApp(board, Clock.systemUTC(), token)) {
                app.app().start("127.0.0.1", 0);
                ChromeOptions options = new ChromeOptions();
                options.setBinary("/usr/bin/chromium");
                options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--window-size=1280,900", "--user-data-dir=" + Files.createDirectories(dir.resolve("profile")));
                ChromeDriver browser = new ChromeDriver(new ChromeDriverService.Builder()
                        .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).build(), options);
                try {
                    for (int run = 0; run < 3; run++) {
                        long t0 = System.nanoTime();
                        browser.get("http://127.0.0.1:" + app.app().port() + "/?token=" + token);
                        // Rendered: every column shows its count (they add up to the board) and its first cards.
                        new WebDriverWait(browser, Duration.ofSeconds(120)).until(b -> b.findElements(
                                By.cssSelector(".column .count")).stream().mapToInt(c -> Integer.parseInt(
                                        c.getText().isEmpty() ? "0" : c.getText())).sum() == tasks
                                && !b.findElements(By.cssSelector(".card")).isEmpty());
                        System.out.printf("first render of a %d-task board: %d ms (run %d; %d cards drawn, the "
                                        + "rest behind 'show more')%n", tasks, (System.nanoTime() - t0) / 1_000_000,
                                run + 1, browser.findElements(By.cssSelector(".card")).size());
                    }
                } finally {
                    browser.quit();
                }
            }
        }
        System.exit(0); // Selenium's client leaves non-daemon threads behind; a benchmark main just ends
    }
}
