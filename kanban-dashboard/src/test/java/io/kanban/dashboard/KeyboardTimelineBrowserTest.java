package io.kanban.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.model.NewTask;
import io.kanban.core.model.Status;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Keyboard navigation between cards and columns, the shortcut list, and the drawer's run timeline, in Chromium. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeyboardTimelineBrowserTest {
    @RegisterExtension
    static final BrowserSession web = BrowserSession.withDashboard();

    Dashboard d;
    ChromeDriver browser;
    WebDriverWait wait;

    private void keys(CharSequence... k) {
        browser.findElement(By.tagName("body")).sendKeys(k);
    }

    private String cursor() {
        List<WebElement> c = browser.findElements(By.cssSelector(".card.cursor"));
        return c.isEmpty() ? null : c.get(0).getAttribute("data-id");
    }

    @Test
    @Order(1)
    void the_keyboard_moves_between_cards_and_columns_opens_searches_and_lists_its_shortcuts() {
        String first = d.board.tasks().create(NewTask.titled("first ready").priority(2).build()).task().id();
        String second = d.board.tasks().create(NewTask.titled("second ready").priority(1).build()).task().id();
        String blocked = d.board.tasks().create(NewTask.titled("a blocked one").build()).task().id();
        d.board.tasks().move(blocked, Status.BLOCKED, "waiting on legal");
        browser.get(d.base() + "/?token=" + Dashboard.TOKEN);
        wait.until(b -> b.findElements(By.cssSelector(".card")).size() == 3);

        keys("j");
        assertEquals(first, cursor());
        keys("j");
        assertEquals(second, cursor());
        keys("l");
        assertEquals(blocked, cursor(), "the next column that has cards");
        keys("h");
        assertEquals(first, cursor(), "back to the same height (the column's last card is its second)");
        keys(Keys.ENTER);
        wait.until(b -> first.equals(b.findElement(By.id("drawer")).getAttribute("data-id"))
                && b.findElement(By.id("drawer")).isDisplayed());
        keys(Keys.ESCAPE);
        wait.until(b -> !b.findElement(By.id("drawer")).isDisplayed());

        keys("?");
        assertTrue(browser.findElement(By.id("shortcuts")).isDisplayed());
        assertTrue(browser.findElement(By.id("shortcuts")).getText().contains("previous / next column"));
        Screenshots.save(browser, "shortcuts");
        keys(Keys.ESCAPE);
        assertTrue(!browser.findElement(By.id("shortcuts")).isDisplayed());

        keys("/");
        assertEquals("search", browser.switchTo().activeElement().getAttribute("id"));
        browser.switchTo().activeElement().sendKeys("blocked");
        wait.until(b -> b.findElements(By.cssSelector(".card")).size() == 1);
        browser.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        browser.findElement(By.id("search")).clear();
        browser.findElement(By.id("search")).sendKeys(" ");
        wait.until(b -> b.findElements(By.cssSelector(".card")).size() == 3);
    }

    @Test
    @Order(2)
    void the_drawer_draws_each_attempt_as_a_bar_on_one_timeline() {
        String id = d.board.tasks().create(NewTask.titled("retried").assignee("coder").build()).task().id();
        d.board.claims().claim(id).orElseThrow();
        d.clock.advance(Duration.ofMinutes(10));
        d.board.tasks().reclaim(id, "stuck");
        d.clock.advance(Duration.ofMinutes(2));
        d.board.claims().claim(id).orElseThrow();
        d.clock.advance(Duration.ofMinutes(5));
        browser.get(d.base() + "/?token=" + Dashboard.TOKEN + "#task=" + id);
        wait.until(b -> b.findElements(By.cssSelector("#d-timeline rect")).size() == 2);
        List<WebElement> bars = browser.findElements(By.cssSelector("#d-timeline rect"));
        assertEquals("run reclaimed", bars.get(0).getAttribute("class"));
        assertEquals("run open", bars.get(1).getAttribute("class"));
        double firstX = Double.parseDouble(bars.get(0).getAttribute("x"));
        double secondX = Double.parseDouble(bars.get(1).getAttribute("x"));
        assertTrue(secondX > firstX, "the second attempt starts later on the axis");
        String title = bars.get(0).findElement(By.tagName("title")).getAttribute("textContent");
        assertTrue(title.contains("coder") && title.contains("reclaimed") && title.contains("10m"), title);
        Screenshots.save(browser, "drawer-timeline");
    }

    @Test
    @Order(3)
    void a_running_cards_worker_log_follows_live_in_the_drawer() throws Exception {
        java.nio.file.Path log = java.nio.file.Files.createTempFile("worker", ".log");
        java.nio.file.Files.writeString(log, "starting work\n");
        String id = d.board.tasks().create(NewTask.titled("logging").assignee("coder").build()).task().id();
        long run = d.board.claims().claim(id).orElseThrow().run().id();
        d.board.dispatch().recordSpawned(id, run, 4343, log.toString());
        browser.get(d.base() + "/?token=" + Dashboard.TOKEN + "#task=" + id);
        wait.until(b -> b.findElement(By.id("d-log")).getText().contains("starting work"));
        java.nio.file.Files.writeString(log, "tests pass\n", java.nio.file.StandardOpenOption.APPEND);
        wait.until(b -> b.findElement(By.id("d-log")).getText().contains("tests pass"));
        keys(Keys.ESCAPE);
        java.nio.file.Files.deleteIfExists(log);
    }
}
