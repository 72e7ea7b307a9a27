package io.kanban.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.boards.BoardSlug;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The board switcher in Chromium: boards made from the page, each showing its own cards (loaded and arriving on the
 * live stream), the board in the page's URL, counts in the switcher, rename and archive.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BoardsBrowserTest {
    @RegisterExtension
    static final BrowserSession web = BrowserSession.withDashboard(Dashboard::onHome);

    Dashboard d;
    ChromeDriver browser;
    WebDriverWait wait;

    private Alert dialog() {
        return wait.until(ExpectedConditions.alertIsPresent());
    }

    private List<String> titles() {
        return browser.findElements(By.cssSelector(".card .title")).stream().map(WebElement::getText).sorted()
                .toList();
    }

    private void waitForBoard(String slug) {
        wait.until(b -> b.getCurrentUrl().contains("board=" + slug));
        wait.until(b -> !b.findElements(By.cssSelector(".column")).isEmpty());
        wait.until(b -> slug.equals(new Select(b.findElement(By.id("board-switch"))).getFirstSelectedOption()
                .getAttribute("value")));
        wait.until(b -> "live".equals(b.findElement(By.id("live")).getAttribute("data-state")));
    }

    private String option(String slug) {
        return browser.findElement(By.cssSelector("#board-switch option[value='" + slug + "']")).getText();
    }

    private void createFromPage(String slug, String name) {
        browser.findElement(By.id("board-new")).click();
        Alert first = dialog();
        first.sendKeys(slug);
        first.accept();
        Alert second = dialog();
        second.sendKeys(name);
        second.accept();
        waitForBoard(slug);
    }

    private String cardOn(String board, String title) {
        return d.post("/api/tasks?board=" + board, Dashboard.json(Map.of("title", title))).expect(201).json()
                .at("/task/id").asText();
    }

    @Test
    void two_boards_made_on_the_page_each_show_their_own_cards() {
        d.create("default card");
        browser.get(d.base() + "/?token=" + Dashboard.TOKEN);
        waitForBoard("default"); // the board the dashboard started on goes into the URL
        wait.until(b -> titles().equals(List.of("default card")));
        assertTrue(option("default").contains("(1)"), option("default"));

        createFromPage("alpha", "Alpha project");
        assertTrue(d.boards.exists(BoardSlug.of("alpha")));
        assertEquals(List.of(), titles());
        cardOn("default", "second default card"); // another board's event: not on this page's stream
        cardOn("alpha", "alpha card");            // this board's: arrives live
        wait.until(b -> titles().equals(List.of("alpha card")));

        createFromPage("beta", "Beta");
        cardOn("beta", "beta card");
        wait.until(b -> titles().equals(List.of("beta card")));
        wait.until(b -> option("alpha").equals("Alpha project (1)"));
        wait.until(b -> option("default").contains("(2)"));
        wait.until(b -> option("beta").equals("Beta (1)"));
        Screenshots.save(browser, "boards");

        new Select(browser.findElement(By.id("board-switch"))).selectByValue("alpha");
        waitForBoard("alpha");
        wait.until(b -> titles().equals(List.of("alpha card")));
        assertEquals("Alpha project · Kanban", browser.getTitle());

        new Select(browser.findElement(By.id("board-switch"))).selectByValue("default");
        waitForBoard("default");
        wait.until(b -> titles().equals(List.of("default card", "second default card")));
        assertFalse(browser.findElement(By.id("board-archive")).isEnabled(), "the default board is not archived");

        // A bookmark of a board opens that board.
        browser.get(d.base() + "/?board=beta");
        waitForBoard("beta");
        wait.until(b -> titles().equals(List.of("beta card")));

        browser.findElement(By.id("board-rename")).click();
        Alert rename = dialog();
        rename.sendKeys("Beta renamed");
        rename.accept();
        wait.until(b -> option("beta").equals("Beta renamed (1)"));
        assertEquals("Beta renamed", d.boards.meta(BoardSlug.of("beta")).name());

        browser.findElement(By.id("board-archive")).click();
        dialog().accept();
        waitForBoard("default");
        wait.until(b -> b.findElements(By.cssSelector("#board-switch option[value='beta']")).isEmpty());
        assertFalse(d.boards.exists(BoardSlug.of("beta")));

        // A bookmark of the archived board says so, and the switcher still leads elsewhere.
        browser.get(d.base() + "/?board=beta");
        wait.until(b -> b.findElement(By.id("board-switch")).getText().contains("beta (no such board)"));
        new Select(browser.findElement(By.id("board-switch"))).selectByValue("alpha");
        waitForBoard("alpha");
        wait.until(b -> titles().equals(List.of("alpha card")));
    }

    @Test
    void a_board_is_exported_and_imported_from_the_page() throws Exception {
        d.post("/api/boards", Dashboard.json(Map.of("slug", "exp", "name", "Exported"))).expect(201);
        cardOn("exp", "travels along");
        cardOn("exp", "so do I");
        browser.get(d.base() + "/?board=exp&token=" + Dashboard.TOKEN);
        waitForBoard("exp");
        wait.until(b -> titles().equals(List.of("so do I", "travels along")));

        // The download is a blob the page links to: catch it on its way to the link.
        browser.executeScript("window.exported = []; const make = URL.createObjectURL;"
                + " URL.createObjectURL = (blob) => { window.exported.push(blob); return make(blob); };");
        browser.findElement(By.id("board-export")).click();
        wait.until(b -> b.findElement(By.id("toast")).getText().equals("exported board exp"));
        Object head = browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " window.exported[0].arrayBuffer().then((a) => { const v = new Uint8Array(a);"
                + " done([v.length, v[0], v[1], window.exported[0].type]); });");
        List<?> facts = (List<?>) head;
        assertTrue(((Number) facts.get(0)).longValue() > 100, "an archive was downloaded: " + facts);
        assertEquals(0x1f, ((Number) facts.get(1)).intValue(), "gzip magic: " + facts);
        assertEquals(0x8b, ((Number) facts.get(2)).intValue(), "gzip magic: " + facts);
        assertEquals("application/gzip", facts.get(3));

        // Import: the page's file input takes an export (this one, fetched over REST) and makes a new board.
        java.nio.file.Path file = java.nio.file.Files.createTempFile("exp-", ".tar.gz");
        try {
            java.net.http.HttpResponse<byte[]> export = d.http.send(d.request("/api/boards/exp/export")
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, export.statusCode());
            java.nio.file.Files.write(file, export.body());
            WebElement input = browser.findElement(By.id("board-import-file"));
            browser.executeScript("arguments[0].hidden = false;", input); // Selenium types only into a shown input
            input.sendKeys(file.toAbsolutePath().toString());
            Alert as = dialog();
            as.sendKeys("imp");
            as.accept();
            waitForBoard("imp");
            wait.until(b -> titles().equals(List.of("so do I", "travels along")));
            wait.until(b -> option("imp").equals("Exported (2)"));
            assertTrue(d.boards.exists(BoardSlug.of("imp")));
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }
}
