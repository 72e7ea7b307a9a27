package io.kanban.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.model.Attachment;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Attachments in Chromium: a picture uploaded with the file picker and one dropped on the drawer are previewed, and
 * uploaded HTML and SVG with script, opened straight from their download URL, never run in the dashboard's origin.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AttachmentBrowserTest {
    @RegisterExtension
    static final BrowserSession web = BrowserSession.withDashboard();

    /** What the hostile files try: leave a mark in the dashboard origin's storage and title. */
    static final String PAYLOAD = "try { localStorage.setItem('pwned', location.href); } catch (e) {} "
            + "document.title = 'pwned'; try { parent.document.title = 'pwned'; } catch (e) {}";

    Dashboard d;
    ChromeDriver browser;
    WebDriverWait wait;

    @BeforeEach
    void page() {
        browser.get(d.base() + "/?token=" + Dashboard.TOKEN);
        wait.until(b -> !b.findElements(By.cssSelector(".column")).isEmpty());
    }

    static byte[] png(Color color) throws Exception {
        BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, 64, 48);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private void openDrawer(String id) {
        wait.until(b -> {
            b.findElements(By.cssSelector(".card[data-id='" + id + "']")).stream().findFirst()
                    .ifPresent(WebElement::click);
            return !b.findElement(By.id("drawer")).getAttribute("class").isEmpty()
                    && id.equals(b.findElement(By.id("drawer")).getAttribute("data-id"));
        });
    }

    /** Width of the rendered preview of {@code name}, 0 until it has loaded. */
    private long previewWidth(String name) {
        Object w = ((JavascriptExecutor) browser).executeScript(
                "const img = [...document.querySelectorAll('#d-previews img')].find(i => i.alt === arguments[0]);"
                        + " return img && img.complete ? img.naturalWidth : 0;", name);
        return ((Number) w).longValue();
    }

    @Test
    void a_picture_uploaded_with_the_picker_or_dropped_is_listed_and_previewed() throws Exception {
        String id = d.create("the chart");
        openDrawer(id);
        Path chart = Files.write(Files.createTempDirectory("kanban-upload").resolve("chart.png"), png(Color.BLUE));
        WebElement input = browser.findElement(By.id("d-file"));
        ((JavascriptExecutor) browser).executeScript("arguments[0].hidden = false;", input);
        input.sendKeys(chart.toString());
        wait.until(b -> previewWidth("chart.png") == 64);
        String listed = browser.findElement(By.id("d-attachments")).getText();
        assertTrue(listed.contains("chart.png"), listed);
        assertTrue(listed.contains("user"), listed);

        // Drag and drop: a File built in the page, dropped on the zone as the browser would deliver it.
        String base64 = java.util.Base64.getEncoder().encodeToString(png(Color.RED));
        ((JavascriptExecutor) browser).executeScript(
                "const bytes = Uint8Array.from(atob(arguments[0]), c => c.charCodeAt(0));"
                        + "const dt = new DataTransfer(); dt.items.add(new File([bytes], 'dropped.png', {type: 'image/png'}));"
                        + "document.getElementById('d-drop').dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));",
                base64);
        wait.until(b -> previewWidth("dropped.png") == 64);
        ((JavascriptExecutor) browser).executeScript("arguments[0].hidden = true;", input);
        List<Attachment> stored = d.board.attachments().list(id);
        assertEquals(List.of("chart.png", "dropped.png"), stored.stream().map(Attachment::filename).toList());
        Screenshots.save(browser, "drawer-attachments");
    }

    @Test
    void a_large_upload_moves_the_progress_bar_to_the_end() {
        String id = d.create("the dataset");
        openDrawer(id);
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript("window.progressSeen = []; const bar = document.getElementById('d-progress');"
                + "new MutationObserver(() => window.progressSeen.push(Number(bar.value)))"
                + ".observe(bar, {attributes: true, attributeFilter: ['value']});"
                + "const dt = new DataTransfer(); dt.items.add(new File([new Uint8Array(8 * 1024 * 1024)], 'data.bin'));"
                + "document.getElementById('d-drop').dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));");
        wait.until(b -> b.findElement(By.id("d-attachments")).getText().contains("data.bin"));
        @SuppressWarnings("unchecked")
        List<Number> seen = (List<Number>) js.executeScript("return window.progressSeen;");
        assertEquals(100, seen.get(seen.size() - 1).intValue(), "progress values: " + seen);
        assertTrue(browser.findElement(By.id("d-upload")).getAttribute("hidden") != null, "the bar hides when done");
        assertEquals(8L * 1024 * 1024, d.board.attachments().list(id).get(0).size());
    }

    @Test
    void uploaded_html_and_svg_with_script_never_run_in_the_dashboard_origin() throws Exception {
        String id = d.create("hostile files");
        String html = "<!doctype html><html><body><h1>hello</h1><script>" + PAYLOAD + "</script></body></html>";
        String svg = "<svg xmlns='http://www.w3.org/2000/svg' onload=\"" + PAYLOAD.replace("'", "&apos;")
                + "\"><script>" + PAYLOAD + "</script><rect width='10' height='10'/></svg>";
        List<Attachment> hostile = List.of(
                d.board.attachments().add(id, "page.html", "text/html", "mallory", html.getBytes(StandardCharsets.UTF_8)),
                d.board.attachments().add(id, "pic.svg", "image/svg+xml", "mallory", svg.getBytes(StandardCharsets.UTF_8)),
                // HTML that claims to be a picture: served inline, but nosniff keeps it a (broken) image.
                d.board.attachments().add(id, "fake.png", "image/png", "mallory", html.getBytes(StandardCharsets.UTF_8)));

        JavascriptExecutor js = (JavascriptExecutor) browser;
        // The check can fail: the same payload run in the dashboard's own page leaves the mark.
        js.executeScript(PAYLOAD);
        assertEquals(d.base() + "/", ((String) js.executeScript("return localStorage.getItem('pwned')"))
                .replaceAll("\\?.*", ""));
        js.executeScript("localStorage.removeItem('pwned'); document.title = 'Kanban';");

        for (Attachment a : hostile) {
            browser.get(d.base() + "/api/attachments/" + a.id() + "?token=" + Dashboard.TOKEN);
            assertTrue(!"pwned".equals(browser.getTitle()), a.filename() + " ran: " + browser.getTitle());
        }
        // The previews in the drawer (an <img> never runs script, but the SVG is not even previewed).
        page();
        openDrawer(id);
        wait.until(b -> b.findElement(By.id("d-attachments")).getText().contains("fake.png"));
        assertEquals(0L, js.executeScript("return [...document.querySelectorAll('#d-previews img')]"
                + ".filter(i => i.alt === 'pic.svg' || i.alt === 'page.html').length"));
        assertNull(js.executeScript("return localStorage.getItem('pwned')"), "a hostile file wrote to the origin");
        assertTrue(!"pwned".equals(browser.getTitle()));
    }
}
