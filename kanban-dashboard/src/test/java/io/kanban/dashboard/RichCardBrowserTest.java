package io.kanban.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.model.Completion;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Rich cards in Chromium: time in column, children progress, the latest summary, comment and dependency counts, and
 * the diagnostic mark, each read from the page as an operator sees it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RichCardBrowserTest {
    @RegisterExtension
    static final BrowserSession web = BrowserSession.withDashboard();

    Dashboard d;
    ChromeDriver browser;
    WebDriverWait wait;

    private WebElement card(String id) {
        return wait.until(b -> b.findElement(By.cssSelector(".card[data-id='" + id + "']")));
    }

    private String badge(String id, String cls) {
        return card(id).findElement(By.cssSelector(".badge." + cls)).getText();
    }

    @Test
    @Order(1)
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

    @Test
    @Order(2) // after the screenshot of the first, which its cards would join
    void the_done_column_shows_the_newest_completion_first_and_a_new_one_arrives_on_top() {
        List<String> ids = new ArrayList<>();
        for (String title : List.of("first made", "second made", "third made")) {
            ids.add(d.board.tasks().create(NewTask.titled(title).assignee("dev").priority(ids.size()).build()).task()
                    .id());
        }
        // Completed in another order than made, and than priority: second, third, first.
        for (int i : new int[] {1, 2, 0}) {
            d.clock.advance(Duration.ofMinutes(1));
            d.board.claims().claim(ids.get(i)).orElseThrow();
            d.board.claims().complete(ids.get(i), Completion.withSummary("ok"));
        }
        browser.get(d.base() + "/?token=" + Dashboard.TOKEN);
        wait.until(x -> doneColumn().size() >= 3);
        assertEquals(List.of(ids.get(0), ids.get(2), ids.get(1)), doneColumn().subList(0, 3));

        // One finishing now, while the page is open, goes on top.
        String latest = d.board.tasks().create(NewTask.titled("just finished").assignee("dev").build()).task().id();
        d.clock.advance(Duration.ofMinutes(1));
        d.board.claims().claim(latest).orElseThrow();
        d.board.claims().complete(latest, Completion.withSummary("ok"));
        wait.until(x -> doneColumn().get(0).equals(latest));
        assertEquals(List.of(latest, ids.get(0), ids.get(2), ids.get(1)), doneColumn().subList(0, 4));
    }

    private List<String> doneColumn() {
        return browser.findElements(By.cssSelector(".column[data-status='done'] .card")).stream()
                .map(e -> e.getAttribute("data-id")).toList();
    }
}
