package io.kanban.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.dispatch.DispatchPolicy;
import io.kanban.core.model.Event;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The diagnostics panel in Chromium: every diagnostic of a scripted bad hour is listed with its actions, and one
 * click on an action fixes the card (the diagnostic then disappears); the active workers, a run's inspection and
 * terminating its worker. Each test has a board of its own; the browser is shared.
 */
class DiagnosticsBrowserTest {
    @RegisterExtension
    static final BrowserSession web = BrowserSession.browserOnly();

    ChromeDriver browser;
    WebDriverWait wait;

    @RegisterExtension
    final Dashboard d = new Dashboard();
    @TempDir
    Path tmp;
    final List<Process> workers = new ArrayList<>();

    @AfterEach
    void stopWorkers() {
        workers.forEach(Process::destroyForcibly);
    }

    /** Running, claimed long ago; its claim expired and no dispatcher reclaimed it. */
    private String ghost(String title) {
        String id = d.board.tasks().create(NewTask.titled(title).assignee("ops").build()).task().id();
        d.board.claims().claim(id).orElseThrow();
        d.clock.advance(Duration.ofHours(2));
        return id;
    }

    /** Two spawn failures in a row: the breaker (limit 2) blocked it with gave_up. */
    private String tripped(String title) {
        String id = d.board.tasks().create(NewTask.titled(title).assignee("dev").build()).task().id();
        for (int i = 0; i < 2; i++) {
            long run = d.board.claims().claim(id).orElseThrow().run().id();
            d.board.dispatch().recordSpawnFailure(id, run, "no such binary: hermes", DispatchPolicy.defaults());
        }
        assertEquals(Status.BLOCKED, d.board.tasks().get(id).status(), "the breaker tripped");
        return id;
    }

    record Working(String taskId, long run) {
    }

    /** A running card whose worker is a real process of this host, with a log. */
    private Working working(String title, String logText) throws Exception {
        String id = d.board.tasks().create(NewTask.titled(title).assignee("dev").build()).task().id();
        long run = d.board.claims().claim(id).orElseThrow().run().id();
        Process worker = new ProcessBuilder("sleep", "300").start();
        workers.add(worker);
        Path log = tmp.resolve("run-" + run + ".log");
        Files.writeString(log, logText);
        d.board.dispatch().recordSpawned(id, run, worker.pid(), log.toString());
        d.clock.advance(Duration.ofMinutes(3));
        d.board.claims().heartbeat(id, "parsing the fixtures", run);
        d.clock.advance(Duration.ofSeconds(40));
        return new Working(id, run);
    }

    private void openPanel() {
        browser.get(d.base() + "/?token=" + Dashboard.TOKEN);
        wait.until(b -> !b.findElements(By.cssSelector(".column")).isEmpty());
        browser.findElement(By.id("diag-toggle")).click();
        wait.until(b -> b.findElement(By.id("diag-panel")).isDisplayed());
    }

    private By item(String taskId, String kind) {
        return By.cssSelector(".diag-item[data-task='" + taskId + "'][data-kind='" + kind + "']");
    }

    private WebElement action(String taskId, String kind, String action) {
        return wait.until(b -> b.findElement(item(taskId, kind)).findElement(By.cssSelector("[data-action='" + action
                + "']")));
    }

    private void gone(String taskId, String kind) {
        wait.until(b -> b.findElements(item(taskId, kind)).isEmpty());
    }

    private String toast() {
        return wait.until(b -> {
            WebElement t = b.findElement(By.id("toast"));
            return t.isDisplayed() ? t.getText() : null;
        });
    }

    /** Before the page's own scripts: the cards and their marks at the moment the page marks its first render. */
    static final String FIRST_RENDER_PROBE = "const mark = performance.mark.bind(performance);"
            + "performance.mark = (name, options) => {"
            + "  if (name === 'kanban:board-drawn') window.__firstRender = [...document.querySelectorAll('.card')]"
            + "    .map((c) => { const m = c.querySelector('.badge.diag'); return c.dataset.id + (m ? ' ' + m.className : ''); });"
            + "  return mark(name, options);"
            + "};";

    @Test
    @SuppressWarnings("unchecked")
    void cards_carry_their_diagnostic_marks_on_the_first_render() {
        String flaky = tripped("Migrate the billing tables");
        String quiet = d.create("Quiet card");
        Object probe = browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
                Map.of("source", FIRST_RENDER_PROBE)).get("identifier");
        try {
            browser.get(d.base() + "/?token=" + Dashboard.TOKEN);
            List<String> first = wait.until(b -> (List<String>) browser.executeScript("return window.__firstRender || null"));
            assertTrue(first.contains(flaky + " badge diag error"), "marked as the first render draws it: " + first);
            assertTrue(first.contains(quiet), "a healthy card unmarked: " + first);
        } finally {
            browser.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", probe));
        }
    }

    @Test
    void reclaim_on_a_ghost_running_card_returns_it_to_ready_and_the_diagnostic_disappears() throws Exception {
        String stranded = d.board.tasks().create(NewTask.titled("Write the release notes").build()).task().id();
        String ghost = ghost("Nightly report");
        String flaky = tripped("Migrate the billing tables");
        long run = working("Refactor the parser", "starting worker\nreading fixtures\nparsing 40 files\n").run();

        openPanel();
        WebElement badge = browser.findElement(By.id("diag-count"));
        wait.until(b -> count("error").equals("2"));
        assertEquals("1", count("warning"), "one count per severity");
        assertEquals("error", badge.getAttribute("data-severity"), "the worst severity");
        WebElement strandedItem = wait.until(b -> b.findElement(item(stranded, "stranded_in_ready")));
        assertEquals("warning", strandedItem.getAttribute("data-severity"));
        assertEquals("Assign a profile…", action(stranded, "stranded_in_ready", "reassign").getText());
        WebElement ghostItem = wait.until(b -> b.findElement(item(ghost, "ghost_running")));
        assertEquals("error", ghostItem.getAttribute("data-severity"));
        assertTrue(ghostItem.getText().contains("Nightly report"), ghostItem.getText());
        assertTrue(ghostItem.getText().contains("claim expired"), ghostItem.getText());
        assertTrue(ghostItem.getText().contains("count 1"), ghostItem.getText());
        assertTrue(ghostItem.getText().contains("kanban reclaim " + ghost), "the CLI hint: " + ghostItem.getText());
        wait.until(b -> b.findElement(item(flaky, "repeated_failures")));

        // The worker of the healthy running card, inspected: pid, alive, runtime, heartbeat, log tail.
        wait.until(b -> b.findElement(By.cssSelector("#diag-workers tr[data-run='" + run + "'] [data-inspect]")))
                .click();
        WebElement inspect = wait.until(b -> b.findElement(By.id("diag-inspect")));
        wait.until(b -> inspect.isDisplayed() && inspect.getAttribute("data-run").equals(String.valueOf(run)));
        assertEquals(String.valueOf(workers.get(0).pid()), fact("pid"));
        assertEquals("yes", fact("alive"));
        assertEquals("3m", fact("runtime"));
        assertTrue(fact("last heartbeat").matches(".*\\((4\\d|5\\d)s ago\\)"), fact("last heartbeat"));
        assertTrue(browser.findElement(By.id("di-log")).getText().contains("parsing 40 files"));
        Screenshots.save(browser, "diagnostics");

        action(ghost, "ghost_running", "reclaim").click();
        gone(ghost, "ghost_running");
        assertEquals(Status.READY, d.board.tasks().get(ghost).status());
        wait.until(b -> !b.findElements(By.cssSelector(".column[data-status='ready'] .card[data-id='" + ghost + "']"))
                .isEmpty());
        wait.until(b -> count("error").equals("1"));
        assertEquals("1", count("warning"));
        assertTrue(!browser.findElements(item(flaky, "repeated_failures")).isEmpty(), "the others stay");
    }

    private String count(String severity) {
        List<WebElement> c = browser.findElements(By.cssSelector("#diag-count .sev-count[data-severity='" + severity
                + "']"));
        return c.isEmpty() ? "" : c.get(0).getText();
    }

    private String fact(String name) {
        return browser.findElement(By.cssSelector("#di-facts [data-fact='" + name + "']")).getText();
    }

    @Test
    void unblock_on_repeated_failures_puts_the_card_back_in_the_queue_after_a_comment() {
        String flaky = tripped("Migrate the billing tables");
        openPanel();
        WebElement it = wait.until(b -> b.findElement(item(flaky, "repeated_failures")));
        assertEquals("error", it.getAttribute("data-severity"));
        assertTrue(it.getText().contains("no such binary: hermes"), it.getText());
        assertEquals("suggested", action(flaky, "repeated_failures", "unblock").getAttribute("class"));

        // cli_hint: the command is copied (or shown to copy), not run.
        action(flaky, "repeated_failures", "cli_hint").click();
        assertTrue(toast().endsWith("kanban log " + flaky), "the hint's command");

        // comment asks for the text; Cancel sends nothing.
        action(flaky, "repeated_failures", "comment").click();
        wait.until(ExpectedConditions.alertIsPresent()).dismiss();
        action(flaky, "repeated_failures", "comment").click();
        Alert ask = wait.until(ExpectedConditions.alertIsPresent());
        ask.sendKeys("hermes is installed on the host now");
        ask.accept();
        wait.until(b -> d.board.comments().list(flaky).size() == 1);
        assertEquals("hermes is installed on the host now", d.board.comments().list(flaky).get(0).body());
        assertEquals(Status.BLOCKED, d.board.tasks().get(flaky).status(), "a comment fixes nothing by itself");

        action(flaky, "repeated_failures", "unblock").click();
        gone(flaky, "repeated_failures");
        assertEquals(Status.READY, d.board.tasks().get(flaky).status());
        assertEquals(0, d.board.tasks().get(flaky).consecutiveFailures(), "a fresh failure count");
        List<Event> events = d.board.events().forTask(flaky, 100);
        assertTrue(events.stream().anyMatch(e -> e.kind().equals("unblocked")), "the unblock verb, as the CLI's");
        wait.until(b -> b.findElement(By.id("diag-empty")).isDisplayed());
        assertEquals("0", count("none"));
    }

    @Test
    void the_open_panel_follows_the_board_live_without_a_reload() {
        String quiet = d.create("Quiet card");
        openPanel();
        wait.until(b -> b.findElement(By.id("diag-empty")).isDisplayed());
        // Well within the panel's 15 s poll: only the live stream can bring these changes in time.
        WebDriverWait live = new WebDriverWait(browser, Duration.ofSeconds(6));
        live.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        // A card trips the breaker in another process's way (straight on the board): its events bring it in.
        String flaky = tripped("Migrate the billing tables");
        live.until(b -> b.findElement(item(flaky, "repeated_failures")));
        live.until(b -> count("error").equals("1"));
        // Someone unblocks it from the CLI: the diagnostic leaves the panel.
        d.board.claims().unblock(flaky);
        live.until(b -> b.findElements(item(flaky, "repeated_failures")).isEmpty());
        wait.until(b -> b.findElement(By.id("diag-empty")).isDisplayed());
        assertTrue(browser.findElements(item(quiet, "stranded_in_ready")).isEmpty());
    }

    @Test
    void reassign_asks_for_the_profile_and_gives_the_card_to_it() {
        String flaky = tripped("Migrate the billing tables");
        openPanel();
        action(flaky, "repeated_failures", "reassign").click();
        Alert ask = wait.until(ExpectedConditions.alertIsPresent());
        ask.sendKeys("ops");
        ask.accept();
        gone(flaky, "repeated_failures");
        assertEquals("ops", d.board.tasks().get(flaky).assignee());
        assertEquals(0, d.board.tasks().get(flaky).consecutiveFailures(), "a new profile starts afresh");
    }

    @Test
    void terminate_from_a_running_cards_drawer_asks_first_then_stops_the_worker_and_takes_the_card_back() throws Exception {
        Working w = working("Refactor the parser", "working\n");
        long run = w.run();
        String id = w.taskId();
        Process worker = workers.get(0);
        // From the drawer of the running card: its "worker" verb opens the panel on the run's inspection.
        browser.get(d.base() + "/?token=" + Dashboard.TOKEN);
        wait.until(b -> b.findElement(By.cssSelector(".card[data-id='" + id + "']"))).click();
        wait.until(b -> b.findElement(By.cssSelector("#d-verbs [data-verb='worker']"))).click();
        WebElement inspect = wait.until(b -> b.findElement(By.id("diag-inspect")));
        wait.until(b -> inspect.isDisplayed() && String.valueOf(run).equals(inspect.getAttribute("data-run")));
        assertEquals("yes", fact("alive"));
        wait.until(b -> !b.findElements(By.cssSelector("#diag-workers tr[data-run='" + run + "']")).isEmpty());
        WebElement terminate = wait.until(b -> b.findElement(By.id("di-terminate")));
        wait.until(b -> terminate.isDisplayed());

        terminate.click();
        wait.until(ExpectedConditions.alertIsPresent()).dismiss();
        assertTrue(worker.isAlive(), "Cancel stops nothing");
        assertEquals(Status.RUNNING, d.board.tasks().get(id).status());

        terminate.click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        assertTrue(worker.waitFor(20, TimeUnit.SECONDS), "the worker was stopped");
        wait.until(b -> d.board.tasks().get(id).status() == Status.READY);
        wait.until(b -> !terminate.isDisplayed());
        wait.until(b -> b.findElements(By.cssSelector("#diag-workers tr[data-run='" + run + "']")).isEmpty());
    }
}
