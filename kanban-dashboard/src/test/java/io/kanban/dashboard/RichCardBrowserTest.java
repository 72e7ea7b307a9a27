package io.kanban.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.model.Completion;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Status;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Rich cards in Chromium: time in column, children progress, the latest summary, comment and dependency counts, and
 * the diagnostic mark, each read from the page as an operator sees it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RichCardBrowserTest {
    Dashboard d;
    HeadlessBrowser chromium;
    ChromeDriver browser;
    WebDriverWait wait;

    @BeforeAll
    void start() throws Exception {
        HeadlessBrowser.assumeInstalled(RichCardBrowserTest.class);
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

    private WebElement card(String id) {
        return wait.until(b -> b.findElement(By.cssSelector(".card[data-id='" + id + "']")));
    }

    private String badge(String id, String cls) {
        return card(id).findElement(By.cssSelector(".badge." + cls)).getText();
    }

    @Test
    void a_card_shows_its_age_progress_summary_counts_and_diagnostic_mark() {
        String parent = d.board.tasks().create(NewTask.titled("Ship the parser").assignee("dev").build()).task().id();
        String a = d.board.tasks().create(NewTask.titled("Lexer").parent(parent).build()).task().id();
        String b = d.board.tasks().create(NewTask.titled("Grammar").parent(parent).skill("antlr").build()).task().id();
        d.board.claims().claim(parent).orElseThrow();
        d.board.claims().complete(parent, Completion.withSummary("Parser shipped behind a flag\nlong details"));
        d.board.tasks().move(a, Status.DONE, "by hand");
        d.board.comments().add(b, "ann", "first");
        d.board.comments().add(b, "bob", "second");
        String stuck = d.board.tasks().create(NewTask.titled("Waiting on a licence").build()).task().id();
        d.board.tasks().move(stuck, Status.BLOCKED, "legal review");
        d.clock.advance(Duration.ofHours(25)); // blocked over a day: a diagnostic concerns it

        browser.get(d.base() + "/?token=" + Dashboard.TOKEN);
        assertEquals("1/2 done", badge(parent, "progress"));
        assertEquals("Parser shipped behind a flag", card(parent).findElement(By.cssSelector(".summary")).getText());
        assertEquals("⬑ 1", badge(b, "deps"));
        assertEquals("✉ 2", badge(b, "comments"));
        assertEquals("antlr", badge(b, "skill"));
        assertEquals("1d", badge(stuck, "age"));
        assertTrue(card(a).findElements(By.cssSelector(".badge.comments")).isEmpty(), "no comments, no badge");
        WebElement mark = wait.until(x -> card(stuck).findElement(By.cssSelector(".badge.diag")));
        assertEquals("⚠ 1", mark.getText());
        assertTrue(mark.getAttribute("title").startsWith("stuck_in_blocked") || mark.getAttribute("title")
                .contains("blocked"), mark.getAttribute("title"));
        assertTrue(card(parent).findElements(By.cssSelector(".badge.diag")).isEmpty(), "a healthy card has no mark");

        // A comment arriving live updates the count without a reload.
        d.board.comments().add(b, "cy", "third");
        wait.until(x -> badge(b, "comments").equals("✉ 3"));
        Screenshots.save(browser, "rich-cards");
    }
}
