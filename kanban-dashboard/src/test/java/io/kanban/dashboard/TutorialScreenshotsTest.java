package io.kanban.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.Board;
import io.kanban.core.dispatch.DispatchPolicy;
import io.kanban.core.model.Completion;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Status;
import io.kanban.core.spi.DispatcherProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard screenshots of docs/kanban-tutorial.md: each story's board, set up as the story leaves it, in
 * headless Chromium. The checks make sure the picture shows what the tutorial says it shows.
 */
class TutorialScreenshotsTest {
    @RegisterExtension
    static final BrowserSession web = BrowserSession.browserOnly().perTest(1280, 760, "--hide-scrollbars");

    @RegisterExtension
    final Dashboard d = new Dashboard();
    ChromeDriver browser;
    WebDriverWait wait;

    private Board board() {
        return d.board;
    }

    private String task(String title, String assignee, int priority) {
        return board().tasks().create(NewTask.titled(title).assignee(assignee).priority(priority).build()).task().id();
    }

    private void finish(String id, String summary) {
        board().claims().claim(id).orElseThrow();
        board().claims().complete(id, Completion.withSummary(summary));
    }

    private void open(String query) {
        int columns = d.get("/api/lifecycle").expect(200).json().get("columns").size();
        browser.get(d.base() + "/?token=" + Dashboard.TOKEN + query);
        wait.until(b -> b.findElements(By.cssSelector(".column")).size() == columns
                && "live".equals(b.findElement(By.id("live")).getText()));
    }

    private int cardsIn(String status) {
        return browser.findElements(By.cssSelector(".column[data-status='" + status + "'] .card")).size();
    }

    private void openDrawer(String id, String waitForText) {
        wait.until(b -> {
            b.findElement(By.cssSelector(".card[data-id='" + id + "']")).click();
            return true;
        });
        wait.until(b -> b.findElement(By.id("drawer")).isDisplayed()
                && b.findElement(By.id("drawer")).getText().contains(waitForText));
    }

    @Test
    void solo_dev_one_profiles_queue() {
        String login = task("Fix the login redirect", "dev", 2);
        String client = task("Upgrade the HTTP client", "dev", 1);
        task("Write the release notes for 1.4", "dev", 0);
        finish(login, "The login redirect keeps the query string now.");
        board().claims().claim(client).orElseThrow();
        open("");
        wait.until(b -> cardsIn("done") == 1 && cardsIn("running") == 1 && cardsIn("ready") == 1);
        Screenshots.save(browser, "tutorial-solo-dev");
    }

    @Test
    void fleet_farming_running_lanes_by_profile() {
        List<String> translations = new ArrayList<>();
        for (String lang : List.of("de", "fr", "es", "it", "pt", "nl")) {
            translations.add(board().tasks().create(NewTask.titled("Translate the guide to " + lang)
                    .assignee("translator").skill("translation").build()).task().id());
        }
        String diagram = task("Draw the architecture diagram", "illustrator", 0);
        task("Draw the onboarding comic", "illustrator", 0);
        translations.subList(0, 3).forEach(id -> board().claims().claim(id).orElseThrow());
        board().claims().claim(diagram).orElseThrow();
        open("&lanes=1");
        wait.until(b -> cardsIn("running") == 4 && cardsIn("ready") == 4);
        List<String> lanes = browser.findElements(By.cssSelector(".column[data-status='running'] .lane")).stream()
                .map(e -> e.getText()).toList();
        assertEquals(List.of("illustrator (1)", "translator (3)"), lanes);
        Screenshots.save(browser, "tutorial-fleet-farming");
    }

    @Test
    void role_pipeline_the_blocked_review_in_the_drawer() {
        String spec = task("Spec: accept plus signs in email addresses", "pm", 0);
        String impl = board().tasks().create(NewTask.titled("Implement plus-sign emails").assignee("backend")
                .parent(spec).build()).task().id();
        String review = board().tasks().create(NewTask.titled("Review the plus-sign change").assignee("reviewer")
                .parent(impl).body("block: no test covers an address like a+b@example.com").build()).task().id();
        finish(spec, "pm: done with \"Spec: accept plus signs in email addresses\"");
        finish(impl, "backend: done with \"Implement plus-sign emails\"");
        board().claims().claim(review).orElseThrow();
        board().claims().block(review, "no test covers an address like a+b@example.com", null);
        String tests = board().tasks().create(NewTask.titled("Test plus-sign emails").assignee("backend")
                .parent(impl).build()).task().id();
        board().links().link(tests, review);
        board().comments().add(review, "lead", "Tests are coming in " + tests + "; review again once it is done.");
        board().claims().unblock(review);
        assertEquals(Status.TODO, board().tasks().get(review).status());
        open("");
        openDrawer(review, "review again once it is done");
        String parents = browser.findElement(By.id("d-parents")).getText();
        assertTrue(parents.contains("Implement") && parents.contains("Test plus-sign"), parents);
        assertTrue(browser.findElement(By.id("d-runs")).getText().contains("no test covers"),
                browser.findElement(By.id("d-runs")).getText());
        Screenshots.save(browser, "tutorial-role-pipeline");
    }

    @Test
    void circuit_breaker_three_spawn_failures_block_the_task() throws Exception {
        // The real dispatcher, configured with a worker command that does not exist, as in the story.
        Path home = Files.createDirectories(d.home);
        Files.writeString(home.resolve("config.yaml"), "kanban:\n  worker_command: [pretend-wroker]\n");
        Map<String, String> env = Map.of("HERMES_HOME", home.toString(), "PATH", "/usr/bin:/bin");
        DispatcherProvider dispatcher = DispatcherProvider.find().orElseThrow();
        DispatchPolicy policy = dispatcher.configuredPolicy(env);
        String keys = task("Rotate the API keys", "ops", 0);
        for (int tick = 0; tick < 3; tick++) {
            dispatcher.tickOnce(board(), env, policy);
        }
        assertEquals(Status.BLOCKED, board().tasks().get(keys).status());
        open("");
        wait.until(b -> !b.findElement(By.id("warnings")).getText().isEmpty());
        openDrawer(keys, "gave_up");
        String runs = browser.findElement(By.id("d-runs")).getText();
        assertTrue(runs.contains("spawn_failed") && runs.contains("pretend-wroker"), runs);
        Screenshots.save(browser, "tutorial-circuit-breaker");
    }
}
