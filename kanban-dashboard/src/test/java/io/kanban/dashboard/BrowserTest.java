package io.kanban.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kanban.core.model.Completion;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Status;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in Debian's headless Chromium, driven by Selenium through Debian's chromedriver (nothing is
 * downloaded). Skipped, with a message, where /usr/bin/chromium is not installed. Screenshots go to docs/img/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserTest {
    @RegisterExtension
    static final BrowserSession web = BrowserSession.withDashboard();

    Dashboard d;
    ChromeDriver browser;
    WebDriverWait wait;

    private void open() {
        int columns = d.get("/api/lifecycle").expect(200).json().get("columns").size();
        browser.get(d.base() + "/?token=" + Dashboard.TOKEN);
        wait.until(b -> b.findElements(By.cssSelector(".column")).size() == columns);
    }

    /** HTML5 drag and drop as the browser fires it: dragstart on the card, dragover + drop on the column. */
    private void drag(String id, String status) {
        js("const card = document.querySelector(\".card[data-id='\" + arguments[0] + \"']\");"
                + "const col = document.querySelector(\".column[data-status='\" + arguments[1] + \"']\");"
                + "const dt = new DataTransfer();"
                + "card.dispatchEvent(new DragEvent('dragstart', {bubbles: true, dataTransfer: dt}));"
                + "col.dispatchEvent(new DragEvent('dragover', {bubbles: true, cancelable: true, dataTransfer: dt}));"
                + "col.dispatchEvent(new DragEvent('drop', {bubbles: true, cancelable: true, dataTransfer: dt}));"
                + "card.dispatchEvent(new DragEvent('dragend', {bubbles: true, dataTransfer: dt}));", id, status);
    }

    private org.openqa.selenium.Alert dialog() {
        return wait.until(org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent());
    }

    private WebElement card(String id) {
        return wait.until(b -> b.findElements(By.cssSelector(".card[data-id='" + id + "']")).stream().findFirst()
                .orElse(null));
    }

    private void clickCard(String id) {
        wait.until(b -> {
            card(id).click();
            return true;
        });
    }

    /** The drawer's move control; the drawer re-renders on live events, so a stale option is looked up again. */
    private void selectMove(String status) {
        wait.until(b -> {
            new org.openqa.selenium.support.ui.Select(b.findElement(By.id("d-move"))).selectByValue(status);
            return true;
        });
    }

    private String cardText(String id) {
        return wait.until(b -> card(id).getText());
    }

    private String columnOf(String id) {
        // One script, so a card re-rendered by a live update between two calls cannot go stale under us.
        return (String) js("const c = document.querySelector(\".card[data-id='\" + arguments[0] + \"']\");"
                + "return c ? c.closest('section').dataset.status : null;", id);
    }

    private void shot(String name) {
        Screenshots.save(browser, name);
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    @Test
    @Order(1)
    void the_board_renders_columns_and_cards_and_forgets_the_token_in_the_url() throws Exception {
        String a = d.board.tasks().create(NewTask.titled("Write the spec").assignee("pm").priority(2)
                .skill("writing").build()).task().id();
        String b = d.board.tasks().create(NewTask.titled("Build the parser").assignee("coder").parent(a).build())
                .task().id();
        d.board.tasks().create(NewTask.titled("Triage me").triage(true).build());
        String flaky = d.board.tasks().create(NewTask.titled("Flaky job").assignee("coder").build()).task().id();
        d.board.tasks().move(flaky, Status.BLOCKED, "needs a person");
        open();
        assertEquals("ready", columnOf(a));
        assertEquals("todo", columnOf(b));
        String text = cardText(a);
        assertTrue(text.contains("pm") && text.contains("writing"), text);
        // The columns, menus and drop targets come from the server's lifecycle, not from lists in the page.
        JsonNode lifecycle = d.get("/api/lifecycle").expect(200).json();
        List<String> columns = new ArrayList<>();
        lifecycle.get("columns").forEach(c -> columns.add(c.asText()));
        assertEquals(List.of("triage", "todo", "scheduled", "ready", "running", "blocked", "review", "done"), columns);
        assertEquals(columns, browser.findElements(By.cssSelector(".column")).stream()
                .map(c -> c.getAttribute("data-status")).toList());
        Set<String> targets = new HashSet<>();
        lifecycle.get("moves").forEach(m -> m.forEach(t -> targets.add(t.asText())));
        List<String> offered = new ArrayList<>();
        lifecycle.get("statuses").forEach(st -> {
            if (targets.contains(st.asText())) {
                offered.add(st.asText());
            }
        });
        assertEquals(offered, browser.findElements(By.cssSelector("#bulk-status option[value]")).stream()
                .map(o -> o.getAttribute("value")).filter(v -> !v.isEmpty()).toList());
        List<String> initial = new ArrayList<>();
        lifecycle.get("initial").forEach(st -> initial.add(st.asText()));
        assertEquals(initial, browser.findElements(By.cssSelector(".column .add")).stream()
                .map(add -> add.findElement(By.xpath("ancestor::section")).getAttribute("data-status")).toList());
        assertTrue(!browser.getCurrentUrl().contains("token="), "token moved out of the URL: " + browser.getCurrentUrl());
        assertEquals(Dashboard.TOKEN, js("return sessionStorage.getItem('kanban.token')"));
        wait.until(b2 -> "live".equals(b2.findElement(By.id("live")).getText()));
        shot("board");
    }

    @Test
    @Order(2)
    void a_task_created_inline_and_dragged_changes_status_on_the_server() throws Exception {
        open();
        browser.findElement(By.cssSelector(".column[data-status='ready'] .add")).click();
        WebElement title = browser.findElement(By.cssSelector(".column[data-status='ready'] .create input[name='title']"));
        title.sendKeys("Created in the browser");
        browser.findElement(By.cssSelector(".column[data-status='ready'] .create input[name='assignee']"))
                .sendKeys("reviewer");
        title.sendKeys(Keys.ENTER);
        String id = wait.until(b -> d.board.tasks().list(io.kanban.core.model.TaskFilter.all()).stream()
                .filter(t -> t.title().equals("Created in the browser")).map(io.kanban.core.model.Task::id)
                .findFirst().orElse(null));
        assertEquals("reviewer", d.board.tasks().get(id).assignee());
        card(id);
        drag(id, "triage");
        wait.until(b -> d.board.tasks().get(id).status() == Status.TRIAGE);
        wait.until(b -> "triage".equals(columnOf(id)));
        shot("after-drag");
    }

    @Test
    @Order(3)
    void a_change_by_another_process_appears_without_a_reload() throws Exception {
        open();
        js("window.__sameDocument = 'yes';");
        long before = System.nanoTime();
        String id = OtherProcess.run(d.file, "create", "Written by the CLI");
        long written = System.nanoTime();
        card(id);
        long shown = System.nanoTime();
        System.out.printf("BrowserTest: a task created by another process showed on the page %d ms after that "
                + "process exited (%d ms including its JVM start)%n", (shown - written) / 1_000_000,
                (shown - before) / 1_000_000);
        assertEquals("yes", js("return window.__sameDocument"), "the page was not reloaded");
        OtherProcess.run(d.file, "move", id, "blocked");
        wait.until(b -> "blocked".equals(columnOf(id)));
        assertEquals("yes", js("return window.__sameDocument"));
        shot("live-update");
    }

    @Test
    @Order(4)
    void a_live_refresh_of_the_open_drawer_keeps_what_the_user_typed_and_save_sends_it() throws Exception {
        String id = d.board.tasks().create(NewTask.titled("Title before").build()).task().id();
        open();
        clickCard(id);
        wait.until(b -> "Title before".equals(b.findElement(By.id("d-title")).getAttribute("value")));
        WebElement title = browser.findElement(By.id("d-title"));
        title.clear();
        title.sendKeys("Title typed, not saved yet");
        d.board.comments().add(id, "ops", "a comment from another process"); // its event refreshes the drawer
        wait.until(b -> b.findElement(By.id("d-comments")).getText().contains("a comment from another process"));
        assertEquals("Title typed, not saved yet", browser.findElement(By.id("d-title")).getAttribute("value"));
        browser.findElement(By.id("d-save")).click();
        wait.until(b -> "Title typed, not saved yet".equals(d.board.tasks().get(id).title()));
        d.board.tasks().reprioritize(id, 7); // a change from elsewhere now reaches the saved, untouched fields
        wait.until(b -> "7".equals(b.findElement(By.id("d-priority")).getAttribute("value")));
        assertEquals("Title typed, not saved yet", browser.findElement(By.id("d-title")).getAttribute("value"));
    }

    @Test
    @Order(4)
    void the_drawer_shows_comments_runs_and_moves_the_task() throws Exception {
        String id = d.board.tasks().create(NewTask.titled("Task with history").assignee("coder")
                .body("# Plan\n\n- step **one**\n- step `two`").build()).task().id();
        d.board.claims().claim(id).orElseThrow();
        d.board.claims().block(id, "crashed on purpose", null);
        d.board.comments().add(id, "coder", "first attempt failed");
        open();
        clickCard(id);
        wait.until(b -> b.findElement(By.id("drawer")).isDisplayed()
                && b.findElement(By.id("d-comments")).getText().contains("first attempt failed"));
        assertTrue(browser.findElement(By.id("d-runs")).getText().contains("blocked"),
                browser.findElement(By.id("d-runs")).getText());
        // Epoch seconds on the wire, shown as dates: this year, not 1970 (seconds read as milliseconds).
        String year = String.valueOf(java.time.Year.now().getValue());
        assertTrue(browser.findElement(By.cssSelector("#d-comments .who")).getText().contains(year),
                browser.findElement(By.cssSelector("#d-comments .who")).getText());
        assertTrue(browser.findElement(By.id("d-events")).getText().contains(year),
                browser.findElement(By.id("d-events")).getText());
        assertEquals("one", browser.findElement(By.cssSelector("#d-body li strong")).getText());
        browser.findElement(By.id("d-comment-body")).sendKeys("added from the drawer");
        browser.findElement(By.cssSelector("#d-comment button")).click();
        wait.until(b -> b.findElement(By.id("d-comments")).getText().contains("added from the drawer"));
        var comments = d.board.comments().list(id); // the block left its "BLOCKED: ..." comment first
        assertEquals("added from the drawer", comments.get(comments.size() - 1).body());
        shot("drawer");
        // The drawer's move control: blocked -> ready, through PATCH.
        selectMove("ready");
        wait.until(b -> d.board.tasks().get(id).status() == Status.READY);
        wait.until(b -> "ready".equals(columnOf(id)));
        // Done asks for a summary first; it becomes the run's summary on the server.
        wait.until(b -> b.findElement(By.id("d-move")).getAttribute("value").equals("ready"));
        selectMove("done");
        org.openqa.selenium.Alert prompt = wait.until(
                org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent());
        assertTrue(prompt.getText().contains("Summary"), prompt.getText());
        prompt.sendKeys("finished from the page");
        prompt.accept();
        wait.until(b -> d.board.tasks().get(id).status() == Status.DONE);
        var runs = d.board.runs().of(id);
        assertEquals("finished from the page", runs.get(runs.size() - 1).summary());
        wait.until(b -> "done".equals(columnOf(id)));
    }

    @Test
    @Order(4)
    void a_card_dragged_to_review_and_back_goes_through_the_review_verbs_and_refused_drops_name_the_rule()
            throws Exception {
        d.board.tasks().create(NewTask.titled("Review the parser").assignee("reviewer").build());
        String id = d.board.tasks().create(NewTask.titled("Build the lexer").assignee("coder").build()).task().id();
        String later = d.board.tasks().create(NewTask.titled("Rotate the keys").assignee("ops").build()).task().id();
        d.board.claims().schedule(later, "after the freeze", d.clock.instant().plus(Duration.ofHours(2)), null);
        open();
        assertTrue(cardText(later).contains("due "), "a scheduled card shows its due time: " + cardText(later));
        assertEquals("scheduled", columnOf(later));

        // Running is no move by hand: the drop reaches the server, and its 409 names the rule.
        drag(id, "running");
        wait.until(b -> b.findElement(By.id("toast")).isDisplayed()
                && b.findElement(By.id("toast")).getText().contains("refused by the rule 'move to running'"));
        assertEquals(Status.READY, d.board.tasks().get(id).status());

        // To review: the page asks for the reviewer's summary, then requests the review.
        drag(id, "review");
        org.openqa.selenium.Alert summary = dialog();
        assertTrue(summary.getText().contains("reviewer"), summary.getText());
        summary.sendKeys("lexer done, tests green");
        summary.accept();
        wait.until(b -> d.board.tasks().get(id).status() == Status.REVIEW);
        wait.until(b -> "review".equals(columnOf(id)));
        var runs = d.board.runs().of(id);
        assertEquals("lexer done, tests green", runs.get(runs.size() - 1).summary());
        d.board.tasks().assign(id, "reviewer"); // as a reviewer named at request-review would hold it
        wait.until(b -> cardText(id).contains("reviewer"));
        clickCard(id);
        wait.until(b -> b.findElement(By.id("d-waiting")).getText().contains("waiting for a reviewer (reviewer)"));
        assertTrue(browser.findElements(By.cssSelector("#d-verbs button[data-verb='reopen review']")).size() == 1);
        browser.findElement(By.tagName("body")).sendKeys(Keys.ESCAPE);
        wait.until(b -> !b.findElement(By.id("drawer")).isDisplayed());
        js("document.getElementById('toast').hidden = true;");
        shot("review-column");

        // And back: reopen-review returns the card to its implementer.
        drag(id, "ready");
        wait.until(b -> d.board.tasks().get(id).status() == Status.READY);
        assertEquals("coder", d.board.tasks().get(id).assignee());
        wait.until(b -> "ready".equals(columnOf(id)));
        assertTrue(d.board.events().forTask(id, 50).stream().anyMatch(e -> e.kind().equals("review_reopened")));
    }

    @Test
    @Order(4)
    void the_drawer_says_what_a_card_waits_for_and_offers_the_operators_verbs() throws Exception {
        String parent = d.board.tasks().create(NewTask.titled("Design the schema").assignee("architect").build())
                .task().id();
        String child = d.board.tasks().create(NewTask.titled("Write the migration").assignee("coder").parent(parent)
                .build()).task().id();
        open();
        clickCard(child);
        wait.until(b -> b.findElement(By.id("d-waiting")).getText()
                .contains("waiting for " + parent + " (ready, architect)"));
        WebElement promote = wait.until(b -> b.findElement(By.cssSelector("#d-verbs button[data-verb='promote']")));
        promote.click();
        wait.until(b -> b.findElement(By.id("toast")).getText().contains("waiting for " + parent));
        assertEquals(Status.TODO, d.board.tasks().get(child).status());
        browser.findElement(By.tagName("body")).sendKeys(Keys.ESCAPE);
        wait.until(b -> !b.findElement(By.id("drawer")).isDisplayed());

        // Reclaim a running card from the drawer.
        d.board.claims().claim(parent).orElseThrow();
        wait.until(b -> "running".equals(columnOf(parent)));
        clickCard(parent);
        wait.until(b -> b.findElements(By.cssSelector("#d-verbs button[data-verb='reclaim']")).size() == 1);
        browser.findElement(By.cssSelector("#d-verbs button[data-verb='reclaim']")).click();
        org.openqa.selenium.Alert why = dialog();
        why.sendKeys("worker stuck");
        why.accept();
        wait.until(b -> d.board.tasks().get(parent).status() == Status.READY);

        // Dragging a done card back lists the descendants it will send to todo, and asks first.
        d.board.claims().complete(parent, new Completion("schema designed", null, null, null, false));
        wait.until(b -> "done".equals(columnOf(parent)) && "ready".equals(columnOf(child)));
        browser.findElement(By.tagName("body")).sendKeys(Keys.ESCAPE);
        drag(parent, "todo");
        org.openqa.selenium.Alert no = dialog();
        assertTrue(no.getText().contains(child) && no.getText().contains("Write the migration"), no.getText());
        no.dismiss();
        assertEquals(Status.DONE, d.board.tasks().get(parent).status(), "nothing moves until confirmed");
        drag(parent, "todo");
        dialog().accept();
        wait.until(b -> d.board.tasks().get(child).status() == Status.TODO);
        wait.until(b -> "todo".equals(columnOf(child)));
        assertEquals(Status.READY, d.board.tasks().get(parent).status(), "todo without parents lands on ready");
    }

    /** Violations of the page's Content-Security-Policy from now on, collected by the page itself. */
    private void watchCsp() {
        js("window.__csp = []; document.addEventListener('securitypolicyviolation',"
                + " (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));");
    }

    /**
     * A page function listing what rendered markdown must never hold: active or embedded elements, event handlers,
     * styles, sources, and links to anything but http(s) or mailto. Takes the elements to look at.
     */
    private static final String UNSAFE = "const unsafe = (elements) => { const bad = [];"
            + "for (const e of elements) {"
            + "  if (/^(script|img|iframe|svg|math|object|embed|style|link|form|input|button|details)$/i.test(e.tagName)) {"
            + "    bad.push(e.outerHTML);"
            + "  }"
            + "  for (const a of e.attributes) {"
            + "    if (/^on/i.test(a.name) || a.name === 'style' || a.name === 'src') bad.push(e.outerHTML);"
            + "    if (a.name === 'href' && !/^(https?:|mailto:)/i.test(a.value)) bad.push(e.outerHTML);"
            + "  }"
            + "} return bad; };";

    @SuppressWarnings("unchecked")
    private List<String> unsafeMarkupInDrawer() {
        return (List<String>) js(UNSAFE
                + "return unsafe(document.querySelectorAll('#d-body *, #d-results *, #d-comments .md *'));");
    }

    @Test
    @Order(5)
    void the_renderer_neutralises_known_xss_payloads() throws Exception {
        open();
        watchCsp();
        List<String> payloads = List.of(
                "<img src=x onerror=\"window.__xss='img'\">",
                "<svg/onload=\"window.__xss='svg'\">",
                "<a href=\"javascript:window.__xss='a'\">x</a>",
                "<details open ontoggle=\"window.__xss='details'\">x</details>",
                "<math><mi xlink:href=\"javascript:window.__xss='math'\">x</mi></math>",
                "<form action=\"javascript:window.__xss='form'\"><button>go</button></form>",
                "<style>body { display: none }</style>",
                "<!-- --><script>window.__xss='comment'</script>",
                "[x](javascript:window.__xss='md')",
                "[x](JaVaScRiPt:window.__xss='case')",
                "[x](%6Aavascript:window.__xss='percent')",
                "[x](jav&#x09;ascript:window.__xss='tab')",
                "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
                "[x](vbscript:msgbox(1))",
                "[x](file:///etc/passwd)",
                "<javascript:window.__xss='autolink'>",
                "[x][1]\n\n[1]: javascript:window.__xss='reference'",
                "![x](javascript:window.__xss='image')",
                "![x\" onerror=\"window.__xss='alt'](https://example.org/x.png)",
                "[x](https://example.org/ \"\\\" onmouseover=\\\"window.__xss='title'\")",
                "```\n</code></pre><script>window.__xss='fence'</script>\n```",
                "`<img src=x onerror=\"window.__xss='code'\">`",
                "| a |\n|---|\n| <img src=x onerror=\"window.__xss='cell'\"> |",
                "www.example.org/\"onmouseover=\"window.__xss='linkify'\"");
        // The Markdown scripts load after the first render (app.js loadMarkdown).
        wait.until(b -> Boolean.TRUE.equals(js("return typeof window.renderMarkdown === 'function'")));
        // Each rendering is parsed into an inert template first, then also put live into the drawer's body.
        Object found = js(UNSAFE + "const out = [];"
                + "for (const p of arguments[0]) {"
                + "  const html = window.renderMarkdown(p);"
                + "  const t = document.createElement('template'); t.innerHTML = html;"
                + "  const bad = unsafe(t.content.querySelectorAll('*'));"
                + "  if (bad.length) out.push(p + ' -> ' + html);"
                + "}"
                + "const live = document.getElementById('d-body');"
                + "live.innerHTML = arguments[0].map((p) => window.renderMarkdown(p)).join('');"
                + "return out.concat(unsafe(live.querySelectorAll('*')));", payloads);
        assertEquals(List.of(), found);
        // The next frame is past any error or load event the live markup could have fired.
        ((JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[0]; requestAnimationFrame(() => setTimeout(done, 0));");
        assertNull(js("return window.__xss === undefined ? null : window.__xss"));
        assertEquals(List.of(), js("return window.__csp"), "no Content-Security-Policy violations");
    }

    @Test
    @Order(5)
    void html_in_titles_bodies_and_comments_renders_inert() throws Exception {
        String id = d.board.tasks().create(NewTask.titled("<img src=x onerror=\"window.__xss=1\">")
                .body("<script>window.__xss=2</script>\n[link](javascript:window.__xss=3)\n<b onmouseover=x>b</b>\n\n"
                        + "<iframe src=\"javascript:window.__xss=5\"></iframe>\n\n"
                        + "![x](javascript:window.__xss=6) <svg onload=\"window.__xss=7\"></svg>"
                        + " ![pixel](https://tracker.invalid/p.png)\n\n"
                        + "[ref][r] <javascript:window.__xss=8> [enc](jav&#x61;script:window.__xss=9)"
                        + " [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) [vb](vbscript:msgbox)"
                        + " [up](/api/tasks)\n\n"
                        + "<a href=\"javascript:window.__xss=10\">raw link</a> <div style=\"position:fixed\">styled</div>\n\n"
                        + "[r]: javascript:window.__xss=11")
                .build()).task().id();
        d.board.comments().add(id, "attacker", "<img src=y onerror=\"window.__xss=4\">");
        String child = d.board.tasks().create(NewTask.titled("<img src=c onerror=\"window.__xss=12\">").parent(id)
                .build()).task().id();
        d.board.tasks().move(id, Status.DONE, "parent done, so the child may run");
        d.board.claims().claim(child).orElseThrow();
        d.board.claims().complete(child, new Completion("sum",
                "<script>window.__xss=13</script> **bold** <img src=r onerror=\"window.__xss=14\">", null, null));
        open();
        watchCsp();
        clickCard(id);
        wait.until(b -> b.findElement(By.id("d-comments")).getText().contains("<img src=y")
                && b.findElement(By.id("d-results")).getText().contains("bold"));
        assertTrue(cardText(id).contains("<img src=x"), "the title shows as text");
        String body = browser.findElement(By.id("d-body")).getText();
        assertTrue(body.contains("<script>window.__xss=2</script>") && body.contains("<b onmouseover=x>b</b>")
                && body.contains("<iframe") && body.contains("<a href=\"javascript:"), "raw HTML shows as text: " + body);
        String results = browser.findElement(By.id("d-results")).getText();
        assertTrue(results.contains("<img src=c onerror") && results.contains("<script>window.__xss=13</script>"),
                "a child's title and result show their HTML as text: " + results);
        assertEquals("bold", browser.findElement(By.cssSelector("#d-results .md strong")).getText());
        assertEquals(List.of(), unsafeMarkupInDrawer());
        assertEquals(0L, js("return document.querySelectorAll('#drawer img, #drawer script, #drawer iframe, .card img').length"));
        // The only link left is the image turned into a link to its address; every script-bearing link is text,
        // and a relative one keeps its text without a target.
        assertEquals(List.of("https://tracker.invalid/p.png"),
                js("return Array.from(document.querySelectorAll('#d-body a[href]')).map((a) => a.getAttribute('href'))"));
        assertEquals("up", js("return document.querySelector('#d-body a:not([href])').textContent"));
        assertTrue(body.contains("[link](javascript:window.__xss=3)"), body);
        assertEquals(List.of(), js("return window.__csp"), "no Content-Security-Policy violations");
        assertNull(js("return window.__xss === undefined ? null : window.__xss"));
    }

    @Test
    @Order(5)
    void commonmark_in_bodies_and_comments_renders_with_tables_and_safe_links() throws Exception {
        String id = d.board.tasks().create(NewTask.titled("Markdown tour").assignee("writer").body(String.join("\n",
                "# Plan",
                "",
                "Some *emphasis*, **strong**, `inline <code>`, ~~gone~~ and a [guide](https://example.org/docs \"Docs\").",
                "A bare address https://example.org/bare and mail ops@example.org.",
                "",
                "3. first",
                "4. second",
                "   - nested",
                "",
                "> quoted",
                "",
                "```java",
                "if (a < b && c > d) { return \"<b>\"; }",
                "```",
                "",
                "| name | value |",
                "|:-----|------:|",
                "| alpha | 1 |",
                "| beta | 2 |",
                "",
                "---"))
                .build()).task().id();
        d.board.comments().add(id, "coder", "Done:\n\n- one\n- two with `code`");
        open();
        watchCsp();
        clickCard(id);
        wait.until(b -> b.findElements(By.cssSelector("#d-comments .md li")).size() == 2);
        assertEquals("Plan", js("return document.querySelector('#d-body h3').textContent"), "# starts at h3");
        assertEquals(0L, js("return document.querySelectorAll('#d-body h1, #d-body h2').length"));
        assertEquals("emphasis", js("return document.querySelector('#d-body em').textContent"));
        assertEquals("strong", js("return document.querySelector('#d-body p strong').textContent"));
        assertEquals("inline <code>", js("return document.querySelector('#d-body p code').textContent"));
        assertEquals("gone", js("return document.querySelector('#d-body s').textContent"));
        assertEquals(List.of("https://example.org/docs|_blank|noopener noreferrer|Docs",
                        "https://example.org/bare|_blank|noopener noreferrer|", "mailto:ops@example.org|_blank|noopener noreferrer|"),
                js("return Array.from(document.querySelectorAll('#d-body a')).map((a) => [a.getAttribute('href'),"
                        + " a.getAttribute('target'), a.getAttribute('rel'), a.getAttribute('title') || ''].join('|'))"));
        assertEquals(List.of("first", "second nested"),
                js("return Array.from(document.querySelectorAll('#d-body ol > li'))"
                        + ".map((li) => li.textContent.replace(/\\s+/g, ' ').trim())"));
        assertEquals("nested", js("return document.querySelector('#d-body ol li ul li').textContent"));
        assertEquals("3", js("return document.querySelector('#d-body ol').getAttribute('start')"));
        assertEquals("quoted", js("return document.querySelector('#d-body blockquote').textContent.trim()"));
        assertEquals("if (a < b && c > d) { return \"<b>\"; }\n", js("return document.querySelector('#d-body pre code').textContent"));
        assertEquals(List.of("name", "value", "alpha", "1", "beta", "2"),
                js("return Array.from(document.querySelectorAll('#d-body table th, #d-body table td')).map((c) => c.textContent)"));
        assertEquals(List.of("left", "right", "left", "right", "left", "right"),
                js("return Array.from(document.querySelectorAll('#d-body table th, #d-body table td')).map((c) => c.align)"));
        assertEquals(1L, js("return document.querySelectorAll('#d-body hr').length"));
        assertEquals("code", js("return document.querySelector('#d-comments .md li code').textContent"));
        assertEquals(List.of(), unsafeMarkupInDrawer());
        assertEquals(List.of(), js("return window.__csp"), "no Content-Security-Policy violations (table alignment included)");
        d.board.claims().claim(id).orElseThrow();
        d.board.claims().complete(id, Completion.withSummary("ok"));
    }

    @Test
    @Order(6)
    void bulk_select_lanes_and_keyboard_shortcuts_work() throws Exception {
        String x = d.board.tasks().create(NewTask.titled("bulk one").assignee("alpha").build()).task().id();
        String y = d.board.tasks().create(NewTask.titled("bulk two").assignee("beta").build()).task().id();
        open();
        wait.until(b -> {
            card(x).findElement(By.cssSelector(".sel")).click();
            return true;
        });
        wait.until(b -> {
            card(y).findElement(By.cssSelector(".sel")).click();
            return true;
        });
        wait.until(b -> b.findElement(By.id("bulk-count")).getText().equals("2 selected"));
        browser.findElement(By.id("bulk-assignee")).sendKeys("gamma");
        browser.findElement(By.id("bulk-assign")).click();
        wait.until(b -> "gamma".equals(d.board.tasks().get(x).assignee()) && "gamma".equals(d.board.tasks().get(y).assignee()));
        wait.until(b -> b.findElement(By.id("bulkbar")).getAttribute("hidden") != null);

        browser.findElement(By.id("f-lanes")).click();
        wait.until(b -> b.findElements(By.cssSelector(".column[data-status='ready'] .lane")).stream()
                .anyMatch(l -> l.getText().startsWith("gamma")));
        assertTrue(browser.getCurrentUrl().contains("lanes=1"), "the toggle is kept in the URL");
        shot("lanes");

        browser.findElement(By.tagName("body")).sendKeys("/");
        wait.until(b -> "search".equals(b.switchTo().activeElement().getAttribute("id")));
        browser.switchTo().activeElement().sendKeys("bulk two");
        wait.until(b -> b.findElements(By.cssSelector(".card")).size() == 1);
        assertTrue(browser.getCurrentUrl().contains("q=bulk+two") || browser.getCurrentUrl().contains("q=bulk%20two"),
                browser.getCurrentUrl());
        browser.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        browser.findElement(By.tagName("body")).sendKeys("j");
        browser.findElement(By.tagName("body")).sendKeys(Keys.ENTER);
        wait.until(b -> b.findElement(By.id("drawer")).isDisplayed()
                && "bulk two".equals(b.findElement(By.id("d-title")).getAttribute("value")));
        browser.findElement(By.tagName("body")).sendKeys(Keys.ESCAPE);
        wait.until(b -> !b.findElement(By.id("drawer")).isDisplayed());

        browser.manage().window().setSize(new org.openqa.selenium.Dimension(420, 900));
        browser.findElement(By.tagName("body")).sendKeys(Keys.ESCAPE);
        js("document.getElementById('search').value=''; document.getElementById('search').dispatchEvent(new Event('input'));");
        wait.until(b -> b.findElements(By.cssSelector(".card")).size() >= 2);
        shot("narrow");
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
    }

    @Test
    @Order(7)
    void a_long_column_draws_a_page_of_cards_and_the_rest_on_request() throws Exception {
        for (int i = 0; i < 130; i++) {
            d.board.tasks().create(NewTask.titled("bulk load " + i).triage(true).build());
        }
        open();
        String triage = ".column[data-status='triage']";
        int total = Integer.parseInt(browser.findElement(By.cssSelector(triage + " .count")).getText());
        assertTrue(total >= 130, "count is the whole column: " + total);
        // The server sent the column's first 50 cards only; each "show more" asks it for the next slice.
        assertEquals(50, browser.findElements(By.cssSelector(triage + " .card")).size());
        while (browser.findElements(By.cssSelector(triage + " .card")).size() < total) {
            int before = browser.findElements(By.cssSelector(triage + " .card")).size();
            browser.findElement(By.cssSelector(triage + " .more")).click();
            wait.until(b -> b.findElements(By.cssSelector(triage + " .card")).size() > before);
        }
        assertEquals(total, browser.findElements(By.cssSelector(triage + " .card")).size());
        assertTrue(browser.findElements(By.cssSelector(triage + " .more")).isEmpty(), "nothing more to show");
    }

    @Test
    @Order(8)
    void after_the_server_restarts_the_page_reconnects_and_catches_up_from_its_cursor() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        DashboardApp first = new DashboardApp(d.board, java.time.Clock.systemUTC(), Dashboard.TOKEN);
        first.app().start("127.0.0.1", port);
        browser.get("http://127.0.0.1:" + port + "/?token=" + Dashboard.TOKEN);
        wait.until(b -> "live".equals(b.findElement(By.id("live")).getText()));
        js("window.__sameDocument = 'yes';");
        first.close();
        wait.until(b -> "offline".equals(b.findElement(By.id("live")).getText()));
        // Written while the page had no connection: it must arrive after the reconnect, from the cursor.
        String missed = d.board.tasks().create(NewTask.titled("written while offline").build()).task().id();
        DashboardApp second = new DashboardApp(d.board, java.time.Clock.systemUTC(), Dashboard.TOKEN);
        try {
            second.app().start("127.0.0.1", port);
            WebDriverWait patient = new WebDriverWait(browser, Duration.ofSeconds(40));
            patient.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
            patient.until(b -> "ready".equals(columnOf(missed)));
            assertEquals("live", browser.findElement(By.id("live")).getText());
            assertEquals("yes", js("return window.__sameDocument"), "caught up without a reload");
        } finally {
            second.close();
        }
    }

    /**
     * A person subscribes a configured webhook from the drawer's "Notify me" control of a dashboard that hosts the
     * dispatcher and its notifier (as the real one does), then finishes the task from the drawer: a real receiver
     * on 127.0.0.1 gets the signed message, and the finished task's subscription is removed afterwards.
     */
    @Test
    @Order(9)
    void notify_me_in_the_drawer_subscribes_a_target_and_finishing_the_task_delivers_to_it() throws Exception {
        String secret = "browser-secret-0123456789";
        java.util.List<com.sun.net.httpserver.Headers> headers = java.util.Collections.synchronizedList(
                new java.util.ArrayList<>());
        java.util.List<String> bodies = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 10);
        receiver.createContext("/", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            headers.add(ex.getRequestHeaders());
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        String config = """
                kanban:
                  dispatch_in_gateway: true
                  notify:
                    interval_seconds: 1
                    targets:
                      team: {type: webhook, url: "http://127.0.0.1:%d/hook", secret: "%s"}
                """.formatted(receiver.getAddress().getPort(), secret);
        AtomicReference<DispatchHost> hosted = new AtomicReference<>();
        try {
            // As `kanban dashboard` does: the dispatcher (and its notifier) hosted on the dashboard's own board.
            try (Dashboard n = new Dashboard(self -> {
                try {
                    Files.createDirectories(self.home);
                    Files.writeString(self.home.resolve("config.yaml"), config);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                hosted.set(DispatchHost.start(self.board, self.env(), io.kanban.core.spi.DispatcherProvider.find()));
                return hosted.get();
            })) {
                assertTrue(hosted.get().handle().isPresent(), "the dashboard hosts the dispatcher: "
                        + hosted.get().whyAbsent());
                // No assignee: the hosted dispatcher leaves it alone, so only the person's moves change it.
                String id = n.board.tasks().create(NewTask.titled("Tell me when it ships").build()).task().id();
                browser.get(n.base() + "/?token=" + Dashboard.TOKEN);
                int columns = n.get("/api/lifecycle").expect(200).json().get("columns").size();
                wait.until(b -> b.findElements(By.cssSelector(".column")).size() == columns);
                clickCard(id);
                wait.until(b -> b.findElement(By.id("d-notify")).isDisplayed());
                assertEquals("team (webhook)", new org.openqa.selenium.support.ui.Select(
                        browser.findElement(By.id("d-notify-target"))).getFirstSelectedOption().getText());
                browser.findElement(By.id("d-notify-me")).click();
                wait.until(b -> b.findElement(By.id("d-notify-subs")).getText().contains("webhook:team"));

                java.util.List<io.kanban.core.model.NotifySubscription> subs =
                        n.board.notifySubscriptions().list(id);
                assertEquals(1, subs.size(), "the drawer's subscription is in the board");
                assertEquals("team", subs.get(0).targetName());
                assertEquals(io.kanban.core.model.NotifyScope.TASK, subs.get(0).scope());
                assertEquals(5, subs.get(0).kinds().size(), "the default kinds");

                selectMove("done");
                org.openqa.selenium.Alert prompt = wait.until(
                        org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent());
                prompt.sendKeys("shipped from the drawer");
                prompt.accept();
                wait.until(b -> n.board.tasks().get(id).status() == Status.DONE);
                WebDriverWait delivery = new WebDriverWait(browser, Duration.ofSeconds(30));
                delivery.until(b -> !bodies.isEmpty());
                com.fasterxml.jackson.databind.JsonNode message = Dashboard.JSON.readTree(bodies.get(0));
                assertEquals("completed", message.get("kind").asText(), message.toString());
                assertEquals(id, message.at("/task/id").asText());
                assertEquals("Tell me when it ships", message.at("/task/title").asText());
                assertEquals(subs.get(0).id(), message.get("subscription").asText());
                assertEquals("shipped from the drawer", message.get("detail").asText());
                javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
                mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        "HmacSHA256"));
                String expected = "sha256=" + java.util.HexFormat.of().formatHex(
                        mac.doFinal(bodies.get(0).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                assertEquals(expected, headers.get(0).getFirst("X-Kanban-Signature"), "signed with the secret");

                delivery.until(b -> n.board.notifySubscriptions().list(id).isEmpty());
                browser.findElement(By.id("d-close")).click();
                wait.until(b -> !b.findElement(By.id("drawer")).isDisplayed());
                clickCard(id);
                wait.until(b -> b.findElement(By.id("d-notify")).isDisplayed());
                wait.until(b -> b.findElement(By.id("d-notify-subs")).getText().isEmpty());
                assertEquals(1, bodies.size(), "one message, no repeats");
            }
        } finally {
            receiver.stop(0);
        }
    }
}
