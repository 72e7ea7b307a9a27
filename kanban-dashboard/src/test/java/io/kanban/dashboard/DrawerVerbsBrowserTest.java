package io.kanban.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.kanban.core.Claims;
import io.kanban.core.model.Completion;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The card drawer's lifecycle verbs (reclaim, promote, request review, request changes, reopen review) appear where
 * {@code /api/lifecycle}'s {@code verbs} list the card's status: the same buttons as the table gives, and, when the
 * served table says otherwise, the buttons follow it (the page keeps no list of its own). A fresh browser per test:
 * one of them rewrites the served table before the page loads.
 */
class DrawerVerbsBrowserTest {
    @RegisterExtension
    static final BrowserSession web = BrowserSession.withDashboard().perTest(1280, 900);

    /** The drawer's buttons that the lifecycle table governs, in the order the drawer lays them out. */
    static final List<String> TABLE_VERBS = List.of("reclaim", "promote", "request review", "request changes",
            "reopen review");

    Dashboard d;
    ChromeDriver browser;
    WebDriverWait wait;

    /** Opens the page with the card's drawer open (as a notification's #task= link does) and lists its verbs. */
    private List<String> verbsOf(String id) {
        browser.get(d.base() + "/?token=" + Dashboard.TOKEN + "#task=" + id);
        wait.until(b -> {
            WebElement drawer = b.findElement(By.id("drawer"));
            return drawer.isDisplayed() && id.equals(drawer.getAttribute("data-id"));
        });
        return browser.findElements(By.cssSelector("#d-verbs button")).stream().map(b -> b.getAttribute("data-verb"))
                .filter(TABLE_VERBS::contains).toList();
    }

    private String ready(String title) {
        return d.board.tasks().create(NewTask.titled(title).assignee("coder").build()).task().id();
    }

    /** One card in each status the drawer treats apart, by name. */
    private Map<String, String> cards() {
        Map<String, String> ids = new LinkedHashMap<>();
        String parent = ready("parent");
        ids.put("todo", d.board.tasks().create(NewTask.titled("child").assignee("coder").parent(parent).build())
                .task().id());
        ids.put("ready", parent);
        ids.put("running", ready("running"));
        d.board.claims().claim(ids.get("running")).orElseThrow();
        ids.put("running for review", ready("being reviewed"));
        d.board.claims().requestReview(ids.get("running for review"),
                new Claims.ReviewRequest("built", null, null, null, false));
        d.board.claims().claimReview(ids.get("running for review")).orElseThrow();
        ids.put("blocked", ready("blocked"));
        d.board.claims().block(ids.get("blocked"), "needs a person", null);
        ids.put("scheduled", ready("scheduled"));
        d.board.claims().schedule(ids.get("scheduled"), "later", d.clock.instant().plus(Duration.ofHours(2)), null);
        ids.put("review", ready("in review"));
        d.board.claims().requestReview(ids.get("review"), new Claims.ReviewRequest("built", null, null, null, false));
        ids.put("done", ready("done"));
        d.board.claims().complete(ids.get("done"), new Completion("did it", null, null, null, false));
        ids.put("archived", ready("archived"));
        d.board.tasks().archive(ids.get("archived"));
        assertEquals(Status.RUNNING, d.board.tasks().get(ids.get("running for review")).status());
        assertEquals(Status.TODO, d.board.tasks().get(ids.get("todo")).status());
        return ids;
    }

    @Test
    void each_card_offers_the_verbs_the_served_table_allows_from_its_status() {
        Map<String, String> ids = cards();
        JsonNode verbs = d.get("/api/lifecycle").expect(200).json().get("verbs");
        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("todo", List.of("promote"));
        expected.put("ready", List.of("request review"));
        expected.put("running", List.of("reclaim", "request review"));
        expected.put("running for review", List.of("reclaim", "request review", "request changes"));
        expected.put("blocked", List.of("promote"));
        expected.put("scheduled", List.of());
        expected.put("review", List.of("reopen review"));
        expected.put("done", List.of());
        expected.put("archived", List.of());
        Map<String, List<String>> shown = new LinkedHashMap<>();
        ids.forEach((name, id) -> {
            shown.put(name, verbsOf(id));
            // what the served table says for this status ("request changes" also needs a reviewer's run)
            String status = d.board.tasks().get(id).status().wire();
            List<String> allowed = new ArrayList<>();
            for (String verb : TABLE_VERBS) {
                List<String> from = new ArrayList<>();
                verbs.get(verb).forEach(s -> from.add(s.asText()));
                if (from.contains(status) && (!verb.equals("request changes") || name.equals("running for review"))) {
                    allowed.add(verb);
                }
            }
            assertEquals(allowed, shown.get(name), name + ": the served table's verbs");
        });
        assertEquals(expected, shown, "the buttons the drawer offered before the table was served");
    }

    @Test
    void the_buttons_follow_the_table_the_server_sends_not_a_list_of_the_pages_own() {
        Map<String, String> ids = cards();
        // Before any of the page's scripts run: /api/lifecycle answers with a table whose verbs apply elsewhere.
        browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                (() => {
                  const real = window.fetch;
                  const elsewhere = {"promote": ["ready"], "request review": ["todo"], "reclaim": ["ready"],
                      "reopen review": ["done"], "request changes": []};
                  window.fetch = async (input, init) => {
                    const res = await real(input, init);
                    const url = new URL(typeof input === "string" ? input : input.url, location.href);
                    if (url.pathname !== "/api/lifecycle" || !res.ok) return res;
                    const table = await res.json();
                    Object.assign(table.verbs, elsewhere);
                    return new Response(JSON.stringify(table),
                        {status: res.status, headers: {"Content-Type": "application/json"}});
                  };
                })();
                """));
        assertEquals(List.of("reclaim", "promote"), verbsOf(ids.get("ready")));
        assertEquals(List.of("request review"), verbsOf(ids.get("todo")));
        assertEquals(List.of(), verbsOf(ids.get("running")));
        assertEquals(List.of(), verbsOf(ids.get("running for review")));
        assertEquals(List.of(), verbsOf(ids.get("blocked")));
        assertEquals(List.of(), verbsOf(ids.get("review")));
        assertEquals(List.of("reopen review"), verbsOf(ids.get("done")));
    }
}
