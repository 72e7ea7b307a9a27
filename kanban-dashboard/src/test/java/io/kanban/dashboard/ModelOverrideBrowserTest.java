package io.kanban.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.kanban.core.model.NewTask;
import io.kanban.core.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The card drawer shows a card's model override and reasoning level and sets and clears them (as
 * {@code kanban set-model} and {@code kanban set-reasoning}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelOverrideBrowserTest {
    Dashboard d;
    HeadlessBrowser chromium;
    ChromeDriver browser;
    WebDriverWait wait;

    @BeforeAll
    void start() throws Exception {
        HeadlessBrowser.assumeInstalled(ModelOverrideBrowserTest.class);
        d = new Dashboard();
        chromium = HeadlessBrowser.start(1280, 900);
        browser = chromium.driver();
        wait = chromium.waiting();
    }

    @AfterAll
    void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (d != null) {
            d.close();
        }
    }

    private void openDrawer(String id) {
        browser.get(d.base() + "/?token=" + Dashboard.TOKEN);
        wait.until(b -> {
            b.findElement(By.cssSelector(".card[data-id='" + id + "']")).click();
            return id.equals(b.findElement(By.id("drawer")).getAttribute("data-id"))
                    && b.findElement(By.id("drawer")).isDisplayed();
        });
    }

    private void type(String field, String text) {
        WebElement input = browser.findElement(By.id(field));
        input.clear();
        if (!text.isEmpty()) {
            input.sendKeys(text);
        }
    }

    private String value(String field) {
        return browser.findElement(By.id(field)).getAttribute("value");
    }

    @Test
    void the_drawer_shows_sets_and_clears_the_model_override() {
        Task task = d.board.tasks().create(NewTask.titled("Summarise the logs").assignee("analyst")
                .model("claude-opus-4").provider("anthropic").build()).task();
        openDrawer(task.id());
        wait.until(b -> "claude-opus-4".equals(value("d-model")));
        assertEquals("anthropic", value("d-provider"));

        type("d-model", "gpt-5-mini");
        type("d-provider", "openai");
        browser.findElement(By.id("d-save")).click();
        wait.until(b -> "gpt-5-mini".equals(d.board.tasks().get(task.id()).modelOverride()));
        assertEquals("openai", d.board.tasks().get(task.id()).providerOverride());
        wait.until(b -> "gpt-5-mini".equals(b.findElement(By.id("drawer")).getAttribute("data-model")));

        type("d-model", "");
        type("d-provider", "");
        browser.findElement(By.id("d-save")).click();
        wait.until(b -> d.board.tasks().get(task.id()).modelOverride() == null);
        assertNull(d.board.tasks().get(task.id()).providerOverride());
        assertEquals(1, d.board.events().forTask(task.id(), 100).stream()
                .filter(e -> e.kind().equals("model_override_set") && e.payload().contains("\"model\":null"))
                .count(), "clearing it is one model_override_set event");
    }

    @Test
    void the_drawer_shows_sets_and_clears_the_reasoning_level() {
        Task task = d.board.tasks().create(NewTask.titled("Prove the lemma").assignee("mathematician").build())
                .task();
        d.board.tasks().setReasoningEffort(task.id(), "medium");
        openDrawer(task.id());
        wait.until(b -> "medium".equals(value("d-reasoning")));

        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("d-reasoning"))).selectByValue("xhigh");
        browser.findElement(By.id("d-save")).click();
        wait.until(b -> "xhigh".equals(d.board.tasks().get(task.id()).reasoningEffort()));
        assertNull(d.board.tasks().get(task.id()).modelOverride(), "only the changed field is sent");

        wait.until(b -> "xhigh".equals(value("d-reasoning")));
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("d-reasoning"))).selectByValue("");
        browser.findElement(By.id("d-save")).click();
        wait.until(b -> d.board.tasks().get(task.id()).reasoningEffort() == null);
    }
}
