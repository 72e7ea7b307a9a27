package io.kanban.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kanban.core.dispatch.DispatchPolicy;
import io.kanban.core.model.Completion;
import io.kanban.core.model.NewTask;
import io.kanban.core.spi.Liveness;
import io.kanban.core.testing.FakeProcessProbe;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The Fleet view in Chromium and /api/fleet, their numbers checked against a scripted history. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetBrowserTest {
    @RegisterExtension
    static final BrowserSession web = BrowserSession.withDashboard();

    Dashboard d;
    ChromeDriver browser;
    WebDriverWait wait;

    @BeforeAll
    void history() {
        script();
    }

    private void done(String profile, long wait, long run) {
        String id = d.board.tasks().create(NewTask.titled("work for " + profile).assignee(profile).build()).task().id();
        d.clock.advance(Duration.ofSeconds(wait));
        d.board.claims().claim(id).orElseThrow();
        d.clock.advance(Duration.ofSeconds(run));
        d.board.claims().complete(id, Completion.withSummary("ok"));
    }

    /** dev: three runs (waits 30/60/120 s, runs 100/300/500 s); ops: one good run, a crash and a spawn failure. */
    private void script() {
        d.clock.set(Instant.ofEpochSecond((d.clock.instant().getEpochSecond() / 3600 + 1) * 3600));
        done("dev", 60, 300);
        done("dev", 120, 100);
        done("dev", 30, 500);
        done("ops", 10, 20);
        DispatchPolicy policy = DispatchPolicy.defaults().withFailureLimit(5);
        String flaky = d.board.tasks().create(NewTask.titled("flaky").assignee("ops").build()).task().id();
        long run = d.board.claims().claim(flaky).orElseThrow().run().id();
        d.board.dispatch().recordSpawned(flaky, run, 4242, null);
        FakeProcessProbe probe = new FakeProcessProbe();
        probe.set(4242, Liveness.GONE);
        d.board.dispatch().reclaimCrashed(policy, probe, new ArrayList<>());
        run = d.board.claims().claim(flaky).orElseThrow().run().id();
        d.board.dispatch().recordSpawnFailure(flaky, run, "no such binary", policy);
        d.clock.advance(Duration.ofMinutes(1));
    }

    @Test
    @Order(1)
    void the_api_aggregates_the_scripted_history() {
        JsonNode f = d.get("/api/fleet?window=24h").expect(200).json();
        assertEquals(4, f.get("completed").asInt());
        assertEquals(1, f.get("failed").get("crashed").asInt());
        assertEquals(1, f.get("failed").get("spawn_failed").asInt());
        JsonNode dev = f.get("profiles").get(0);
        assertEquals("dev", dev.get("profile").asText());
        assertEquals(60, dev.get("wait_p50_seconds").asInt());
        assertEquals(300, dev.get("run_p50_seconds").asInt());
        assertEquals(500, dev.get("run_max_seconds").asInt());
        assertEquals("window", d.get("/api/fleet?window=soon").expect(400).json().get("field").asText());
        assertEquals("window", d.get("/api/fleet?window=40d").expect(400).json().get("field").asText());
    }

    @Test
    @Order(2)
    void the_fleet_view_draws_the_same_numbers() {
        browser.get(d.base() + "/?token=" + Dashboard.TOKEN);
        wait.until(b -> !b.findElements(By.cssSelector(".column")).isEmpty());
        browser.findElement(By.id("fleet-toggle")).click();
        wait.until(b -> b.findElement(By.id("fleet-summary")).getText().equals("4 completed, 2 failed"));
        assertTrue(!browser.findElement(By.id("board")).isDisplayed(), "the view replaces the board");
        WebElement dev = browser.findElement(By.cssSelector("#fleet-profiles tr[data-profile='dev']"));
        List<String> cells = dev.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
        assertEquals(List.of("dev", "3", "1m", "2m", "2m", "3", "5m", "8m", "8m", "–"), cells);
        WebElement ops = browser.findElement(By.cssSelector("#fleet-profiles tr[data-profile='ops']"));
        assertEquals("failing", ops.getAttribute("class"));
        assertTrue(ops.getText().contains("crashed 1") && ops.getText().contains("spawn_failed 1"), ops.getText());
        long drawn = browser.findElements(By.cssSelector("#fleet-completions rect")).stream()
                .mapToLong(r -> Long.parseLong(r.getAttribute("data-value"))).sum();
        assertEquals(4, drawn, "completion bars add up to the completions");
        List<String> failures = browser.findElements(By.cssSelector("#fleet-failures rect")).stream()
                .map(r -> r.getAttribute("data-value")).toList();
        assertEquals(List.of("1", "0", "1", "0", "0"), failures, "crashed, timed_out, spawn_failed, rate_limited, gave_up");
        Screenshots.save(browser, "fleet");
        browser.findElement(By.id("fleet-toggle")).click();
        wait.until(b -> b.findElement(By.id("board")).isDisplayed());
    }

    @Test
    @Order(3)
    void the_open_fleet_view_follows_a_completion_in_another_process_without_a_reload() throws Exception {
        browser.get(d.base() + "/?token=" + Dashboard.TOKEN);
        wait.until(b -> "live".equals(b.findElement(By.id("live")).getAttribute("data-state")));
        browser.findElement(By.id("fleet-toggle")).click();
        wait.until(b -> b.findElement(By.id("fleet-summary")).getText().equals("4 completed, 2 failed"));
        ((JavascriptExecutor) browser).executeScript("window.__sameDocument = true;");
        String id = d.board.tasks().create(NewTask.titled("finished elsewhere").assignee("live").build()).task().id();
        // A worker's process on the board file, its clock the test's (half a minute back, inside the window).
        OtherProcess.run(d.file, "complete", id, String.valueOf(d.clock.instant().getEpochSecond() - 30));
        wait.until(b -> b.findElement(By.id("fleet-summary")).getText().equals("5 completed, 2 failed"));
        assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript("return window.__sameDocument"),
                "the view refreshed in place, not by reloading the page");
        long drawn = browser.findElements(By.cssSelector("#fleet-completions rect")).stream()
                .mapToLong(r -> Long.parseLong(r.getAttribute("data-value"))).sum();
        assertEquals(5, drawn, "the completion bars count the new one");
        WebElement live = wait.until(b -> b.findElement(By.cssSelector("#fleet-profiles tr[data-profile='live']")));
        assertEquals("1", live.findElements(By.tagName("td")).get(5).getText(), "its run is in the profile's runs");
    }
}
