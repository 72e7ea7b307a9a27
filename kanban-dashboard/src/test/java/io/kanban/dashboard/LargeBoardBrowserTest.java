package io.kanban.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.model.NewTask;
import io.kanban.core.model.Status;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A 100,000-card board in Chromium: the page holds a few hundred cards, counts every one, scrolls a column and
 * pages it from the server. The board is 1,000 tasks made through the core and copies of their rows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LargeBoardBrowserTest {
    @RegisterExtension
    static final BrowserSession web = BrowserSession.withDashboard();

    static final int CARDS = 100_000;
    static final int MADE = 1_000;

    Dashboard d;
    ChromeDriver browser;
    WebDriverWait wait;

    @BeforeAll
    void fill() throws Exception {
        Status[] spread = {Status.READY, Status.DONE, Status.TODO, Status.BLOCKED};
        for (int i = 0; i < MADE; i++) {
            String id = d.board.tasks().create(NewTask.titled("large " + i).assignee("w" + (i % 5)).priority(i % 3)
                    .build()).task().id();
            if (spread[i % spread.length] != Status.READY) {
                d.board.tasks().move(id, spread[i % spread.length], "spread");
            }
        }
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + d.file)) {
            db.setAutoCommit(false);
            for (int copy = 1; copy < CARDS / MADE; copy++) {
                try (PreparedStatement insert = db.prepareStatement("INSERT INTO tasks (id, title, assignee, status, "
                        + "priority, created_at, workspace_kind) SELECT id || '_' || ?, title || ' copy ' || ?, "
                        + "assignee, status, priority, created_at + ?, workspace_kind FROM tasks WHERE rowid <= ?")) {
                    insert.setInt(1, copy);
                    insert.setInt(2, copy);
                    insert.setInt(3, copy);
                    insert.setInt(4, MADE);
                    insert.executeUpdate();
                }
            }
            db.commit();
        }
    }

    @Test
    void a_hundred_thousand_cards_render_scroll_and_page() {
        assertTrue(d.get("/api/board").expect(200).text().length() < 200_000, "the board's answer stays small");
        browser.get(d.base() + "/?token=" + Dashboard.TOKEN);
        wait.until(b -> b.findElements(By.cssSelector(".column .count")).stream()
                .mapToLong(c -> Long.parseLong(c.getText().isEmpty() ? "0" : c.getText())).sum() == CARDS);
        int drawn = browser.findElements(By.cssSelector(".card")).size();
        assertTrue(drawn <= 4 * BoardHandler.DEFAULT_LIMIT, "cards drawn: " + drawn);
        String ready = ".column[data-status='ready']";
        long readyCount = 0;
        for (com.fasterxml.jackson.databind.JsonNode c : d.get("/api/board?limit=0").json().get("columns")) {
            if (c.get("status").asText().equals("ready")) {
                readyCount = c.get("count").asLong();
            }
        }
        assertTrue(readyCount >= CARDS / 4, "ready holds a quarter of the board or more: " + readyCount);
        assertEquals(Long.toString(readyCount), browser.findElement(By.cssSelector(ready + " .count")).getText());
        WebElement list = browser.findElement(By.cssSelector(ready + " .cards"));
        browser.executeScript("arguments[0].scrollTop = arguments[0].scrollHeight;", list);
        assertTrue(((Number) browser.executeScript("return arguments[0].scrollTop;", list)).longValue() > 0,
                "the column scrolls");
        browser.findElement(By.cssSelector(ready + " .more")).click();
        wait.until(b -> b.findElements(By.cssSelector(ready + " .card")).size() == 3 * BoardHandler.DEFAULT_LIMIT);
        // The page keeps answering: a search over the whole board comes back from the server.
        browser.findElement(By.id("search")).sendKeys("large 999 copy 98");
        wait.until(b -> b.findElements(By.cssSelector(".card")).size() == 1);
    }
}
