package io.kanban.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kanban.core.Board;
import io.kanban.core.boards.BoardLayout;
import io.kanban.core.boards.BoardSlug;
import io.kanban.core.boards.Boards;
import io.kanban.core.model.ClaimedTask;
import io.kanban.core.model.Event;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.NotifySubscription;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import io.kanban.core.model.TaskFilter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reference's arguments that issue 22 left open: {@code board} on every tool (pinned inside a worker),
 * {@code suspected_hallucinated_references} on kanban_complete, kanban_create's auto-subscribe and
 * {@code initial_status}, and the reference's kanban_create arguments this board does not offer.
 */
class ReferenceArgumentsTest {
    @RegisterExtension
    final Fixture f = new Fixture();

    /** A board of the fixture's Hermes home, made as {@code kanban boards create} would. */
    private Path homeBoard(String slug) {
        Boards boards = new Boards(BoardLayout.of(Map.of("HERMES_HOME", f.home.toString())), f.clock);
        boards.create(new BoardSlug(slug), Boards.NewBoard.defaults());
        return boards.layout().db(new BoardSlug(slug));
    }

    private int cards(Board board) {
        return board.tasks().list(TaskFilter.all()).size();
    }

    // --- board -------------------------------------------------------------------------------------------------

    @Test
    void an_orchestrator_names_a_board_of_the_home_and_the_call_lands_there_only() {
        Path alpha = homeBoard("alpha");
        ObjectNode created = f.call(f.lead(), ToolAccess.ORCHESTRATOR, "kanban_create",
                "{'title': 'alpha work', 'assignee': 'coder', 'board': 'Alpha '}");
        assertTrue(created.get("ok").asBoolean(), created.toString());
        String id = created.get("task_id").asText();
        assertEquals(0, cards(f.board), "nothing on the session's own board");
        try (Board board = f.open(alpha)) {
            assertEquals("alpha work", board.tasks().get(id).title());
            assertEquals("lead", board.tasks().get(id).createdBy());
        }
        ObjectNode listed = f.call(f.lead(), ToolAccess.ORCHESTRATOR, "kanban_list", "{'board': 'alpha'}");
        assertEquals(1, listed.get("count").asInt(), listed.toString());
        assertEquals(0, f.call(f.lead(), ToolAccess.ORCHESTRATOR, "kanban_list", "{}").get("count").asInt());
        ObjectNode shown = f.call(f.lead(), ToolAccess.ORCHESTRATOR, "kanban_show",
                "{'task_id': '" + id + "', 'board': 'alpha'}");
        assertEquals(id, shown.at("/task/id").asText(), shown.toString());
    }

    @Test
    void an_unknown_or_malformed_board_is_refused_naming_board_and_nothing_is_created() {
        homeBoard("alpha");
        ObjectNode missing = f.call(f.lead(), ToolAccess.ORCHESTRATOR, "kanban_create",
                "{'title': 't', 'assignee': 'coder', 'board': 'nope'}");
        assertEquals("board_not_found", missing.get("code").asText(), missing.toString());
        assertEquals("board", missing.get("field").asText());
        assertTrue(missing.get("error").asText().contains("no board 'nope'"), missing.toString());
        ObjectNode malformed = f.call(f.lead(), ToolAccess.ORCHESTRATOR, "kanban_create",
                "{'title': 't', 'assignee': 'coder', 'board': '../etc'}");
        assertEquals("invalid_argument", malformed.get("code").asText(), malformed.toString());
        assertEquals("board", malformed.get("field").asText());
        assertEquals(0, cards(f.board));
        assertFalse(Files.exists(new BoardLayout(f.home).dir(new BoardSlug("nope"))), "no board was made");
    }

    @Test
    void a_worker_naming_another_board_is_refused_on_every_tool_and_nothing_changes() {
        homeBoard("alpha");
        ClaimedTask claim = f.claimed("mine");
        Map<String, String> worker = f.worker(claim);
        Task before = f.board.tasks().get(claim.task().id());
        String id = claim.task().id();
        Map<String, String> calls = new java.util.LinkedHashMap<>();
        calls.put("kanban_show", "{}");
        calls.put("kanban_complete", "{'summary': 's'}");
        calls.put("kanban_block", "{'reason': 'r'}");
        calls.put("kanban_schedule", "{'reason': 'r'}");
        calls.put("kanban_request_review", "{'summary': 's'}");
        calls.put("kanban_request_changes", "{'reason': 'r'}");
        calls.put("kanban_heartbeat", "{}");
        calls.put("kanban_comment", "{'task_id': '" + id + "', 'body': 'b'}");
        calls.put("kanban_attach", "{'filename': 'a.txt', 'content_base64': 'aGk='}");
        calls.put("kanban_attach_url", "{'url': 'http://127.0.0.1:9/x'}");
        calls.put("kanban_attachments", "{}");
        calls.put("kanban_create", "{'title': 't', 'assignee': 'coder'}");
        calls.put("kanban_link", "{'parent_id': '" + id + "', 'child_id': '" + id + "'}");
        assertEquals(13, calls.size(), "every tool a worker sees");
        for (Map.Entry<String, String> call : calls.entrySet()) {
            String args = call.getValue().replaceFirst("\\{", "{'board': 'alpha', ").replace(", }", "}");
            ObjectNode refused = f.call(worker, call.getKey(), args);
            assertEquals("board_pinned", refused.path("code").asText(), call.getKey() + ": " + refused);
            assertEquals("board", refused.get("field").asText());
            assertTrue(refused.get("error").asText().endsWith("Nothing changed."), refused.toString());
        }
        assertEquals(before, f.board.tasks().get(id));
        assertEquals(1, cards(f.board));
        assertEquals(List.of(), f.board.comments().list(id));
    }

    @Test
    void a_worker_may_name_its_own_board() {
        Path alpha = homeBoard("alpha");
        KanbanTools tools = KanbanTools.standard().withBoardOpener(location -> f.open(Path.of(location)));
        ClaimedTask claim;
        try (Board board = f.open(alpha)) {
            String id = board.tasks().create(NewTask.titled("on alpha").assignee("coder").build()).task().id();
            claim = board.claims().claim(id).orElseThrow();
        }
        Map<String, String> env = f.worker(claim);
        env.put(ToolEnvironment.DB, alpha.toString());
        try (ToolSession session = tools.session(env)) {
            ObjectNode done = session.call("kanban_complete", Fixture.json("{'summary': 'done', 'board': 'alpha'}"));
            assertTrue(done.get("ok").asBoolean(), done.toString());
            ObjectNode other = session.call("kanban_show", Fixture.json("{'board': 'default'}"));
            assertEquals("board_pinned", other.get("code").asText(), other.toString());
        }
        try (Board board = f.open(alpha)) {
            assertEquals(Status.DONE, board.tasks().get(claim.task().id()).status());
        }
    }

    // --- suspected_hallucinated_references ------------------------------------------------------------------------

    @Test
    void ids_in_prose_that_name_no_card_come_back_as_a_warning_and_the_completion_stands() {
        ClaimedTask claim = f.claimed("plan");
        Map<String, String> worker = f.worker(claim);
        String made = f.call(worker, "kanban_create", "{'title': 'notes', 'assignee': 'writer'}").get("task_id")
                .asText();
        ObjectNode done = f.call(worker, "kanban_complete", "{'summary': 'Planned; " + made + " writes the notes,"
                + " t_0123456789ab reviews.', 'created_cards': ['" + made + "']}");
        assertTrue(done.get("ok").asBoolean(), done.toString());
        assertEquals(List.of("t_0123456789ab"), List.of(done.at("/suspected_hallucinated_references/0").asText()));
        assertEquals(1, done.get("suspected_hallucinated_references").size());
        assertTrue(done.get("warning").asText().contains("t_0123456789ab"), done.toString());
        assertEquals(Status.DONE, f.board.tasks().get(claim.task().id()).status());
        List<Event> recorded = f.board.events().forTask(claim.task().id(), 50).stream()
                .filter(e -> e.kind().equals("suspected_hallucinated_references")).toList();
        assertEquals(1, recorded.size());
        assertEquals(claim.run().id(), recorded.get(0).runId());

        ClaimedTask clean = f.claimed("clean");
        ObjectNode ok = f.call(f.worker(clean), "kanban_complete", "{'summary': 'Done in " + clean.task().id()
                + ".'}");
        assertEquals(0, ok.get("suspected_hallucinated_references").size(), ok.toString());
        assertFalse(ok.has("warning"));
    }

    // --- auto-subscribe ---------------------------------------------------------------------------------------------

    @Test
    void a_chat_session_that_creates_a_card_is_subscribed_to_it() {
        Map<String, String> lead = f.lead();
        lead.put(ToolEnvironment.SESSION_PLATFORM, "telegram");
        lead.put(ToolEnvironment.SESSION_CHAT_ID, "-100123");
        lead.put(ToolEnvironment.SESSION_THREAD_ID, "7");
        lead.put(ToolEnvironment.SESSION_USER_ID, "alice");
        ObjectNode created = f.call(lead, ToolAccess.ORCHESTRATOR, "kanban_create",
                "{'title': 'report', 'assignee': 'writer'}");
        assertTrue(created.get("subscribed").asBoolean(), created.toString());
        List<NotifySubscription> subs = f.board.notifySubscriptions().list(created.get("task_id").asText());
        assertEquals(1, subs.size());
        assertEquals(List.of("telegram", "-100123", "7", "alice"), List.of(subs.get(0).platform(),
                subs.get(0).chatId(), subs.get(0).threadId(), subs.get(0).userId()));

        Map<String, String> tui = f.lead();
        tui.put(ToolEnvironment.SESSION_KEY, "session-42");
        tui.put("HERMES_SESSION_ID", "never-used");
        ObjectNode second = f.call(tui, ToolAccess.ORCHESTRATOR, "kanban_create", "{'title': 'b', 'assignee': 'w'}");
        assertTrue(second.get("subscribed").asBoolean());
        NotifySubscription sub = f.board.notifySubscriptions().list(second.get("task_id").asText()).get(0);
        assertEquals("tui", sub.platform());
        assertEquals("session-42", sub.chatId());
    }

    @Test
    void no_chat_or_the_config_switch_off_means_no_subscription() throws Exception {
        ClaimedTask claim = f.claimed("worker");
        ObjectNode byWorker = f.call(f.worker(claim), "kanban_create", "{'title': 'a', 'assignee': 'w'}");
        assertFalse(byWorker.get("subscribed").asBoolean(), "a worker has no chat: " + byWorker);
        assertEquals(List.of(), f.board.notifySubscriptions().list(byWorker.get("task_id").asText()));

        Files.createDirectories(f.home);
        Files.writeString(f.home.resolve("config.yaml"), "kanban:\n  auto_subscribe_on_create: false\n");
        Map<String, String> lead = f.lead();
        lead.put(ToolEnvironment.SESSION_PLATFORM, "slack");
        lead.put(ToolEnvironment.SESSION_CHAT_ID, "C1");
        ObjectNode off = f.call(lead, ToolAccess.ORCHESTRATOR, "kanban_create", "{'title': 'b', 'assignee': 'w'}");
        assertFalse(off.get("subscribed").asBoolean(), off.toString());
        assertEquals(List.of(), f.board.notifySubscriptions().list(off.get("task_id").asText()));

        Files.writeString(f.home.resolve("config.yaml"), "kanban:\n  auto_subscribe_on_create: sometimes\n");
        assertEquals(ToolSettings.DEFAULTS, ToolSettings.load(lead), "an unreadable value keeps the default");
        Files.writeString(f.home.resolve("config.yaml"), "kanban: [not, a, map\n");
        assertEquals(ToolSettings.DEFAULTS, ToolSettings.load(lead), "nor does a broken file fail a call");
    }

    // --- kanban_create's other reference arguments -----------------------------------------------------------------

    @Test
    void initial_status_blocked_starts_the_card_blocked_and_a_bad_value_changes_nothing() {
        ObjectNode created = f.call(f.lead(), ToolAccess.ORCHESTRATOR, "kanban_create",
                "{'title': 'needs legal', 'assignee': 'coder', 'initial_status': 'blocked'}");
        assertEquals("blocked", created.get("status").asText(), created.toString());
        assertFalse(created.get("gated").asBoolean());
        ObjectNode usual = f.call(f.lead(), ToolAccess.ORCHESTRATOR, "kanban_create",
                "{'title': 'usual', 'assignee': 'coder', 'initial_status': 'running'}");
        assertEquals("ready", usual.get("status").asText(), "running is the usual path");
        ObjectNode bad = f.call(f.lead(), ToolAccess.ORCHESTRATOR, "kanban_create",
                "{'title': 'x', 'assignee': 'coder', 'initial_status': 'paused'}");
        assertEquals("invalid_argument", bad.get("code").asText());
        assertEquals("initial_status", bad.get("field").asText());
        assertEquals(2, cards(f.board));
    }

    @Test
    void reference_arguments_without_a_feature_here_are_refused_with_the_reason_and_nothing_is_created() {
        Map<String, String> args = Map.of("goal_mode", "true", "goal_max_turns", "20",
                "completion_contract", "'evidence-required'", "project", "'shop'");
        for (Map.Entry<String, String> arg : args.entrySet()) {
            ObjectNode refused = f.call(f.lead(), ToolAccess.ORCHESTRATOR, "kanban_create",
                    "{'title': 't', 'assignee': 'coder', '" + arg.getKey() + "': " + arg.getValue() + "}");
            assertEquals("not_offered", refused.get("code").asText(), refused.toString());
            assertEquals(arg.getKey(), refused.get("field").asText());
            assertTrue(refused.get("error").asText().startsWith(arg.getKey() + ": "), refused.toString());
            assertTrue(refused.get("error").asText().contains("not offered"), refused.toString());
            assertTrue(refused.get("error").asText().endsWith("Nothing changed."), refused.toString());
        }
        ObjectNode unknown = f.call(f.lead(), ToolAccess.ORCHESTRATOR, "kanban_create",
                "{'title': 't', 'assignee': 'coder', 'colour': 'red'}");
        assertEquals("unknown_field", unknown.get("code").asText(), "other names stay plain unknown arguments");
        assertEquals(0, cards(f.board));
    }
}
