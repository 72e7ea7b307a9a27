package io.kanban.dispatcher.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kanban.core.Board;
import io.kanban.core.model.Completion;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.NotifySubscription;
import io.kanban.core.model.Task;
import io.kanban.core.model.TargetType;
import io.kanban.core.notify.DeliveryPolicy;
import io.kanban.core.notify.DeliveryReport;
import io.kanban.core.notify.NotifyRequest;
import io.kanban.core.notify.NotifyTarget;
import io.kanban.core.testing.ScratchBoard;
import io.kanban.core.testing.SettableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The notifier against real HTTP receivers on 127.0.0.1, with the board's clock moved by hand for back-off. */
class NotifierTest {
    static final String SECRET = "s3cret-signing-key-0123456789";
    static final Duration PATIENCE = Duration.ofSeconds(30);

    @RegisterExtension
    final ScratchBoard scratch = ScratchBoard.onSqlite();
    final SettableClock clock = scratch.clock();
    final Board board = scratch.board();
    final List<Receiver> receivers = new ArrayList<>();

    @AfterEach
    void closeReceivers() {
        receivers.forEach(Receiver::close);
    }

    Receiver receiver() {
        Receiver r = new Receiver();
        receivers.add(r);
        return r;
    }

    static NotifyConfig config(DeliveryPolicy policy, NotifyTarget... targets) {
        Map<String, NotifyTarget> map = new LinkedHashMap<>();
        for (NotifyTarget t : targets) {
            map.put(t.name(), t);
        }
        return new NotifyConfig(map, policy, Duration.ofMillis(100), "http://127.0.0.1:9119", true);
    }

    static NotifyConfig config(NotifyTarget... targets) {
        return config(DeliveryPolicy.DEFAULT.withRequestTimeout(Duration.ofSeconds(5)), targets);
    }

    Task create(String title, String tenant) {
        return board.tasks().create(NewTask.titled(title).assignee("worker").tenant(tenant).build()).task();
    }

    void complete(Task t, String summary) {
        board.claims().claim(t.id()).orElseThrow();
        board.claims().complete(t.id(), Completion.withSummary(summary));
    }

    void block(Task t, String reason) {
        board.claims().claim(t.id()).orElseThrow();
        board.claims().block(t.id(), reason, null);
    }

    @Test
    void a_webhook_gets_the_event_as_json_with_a_valid_hmac_signature() {
        Receiver r = receiver();
        NotifyTarget team = NotifyTarget.of("team", "webhook", r.url("/hook"), SECRET);
        Task t = create("Ship \"v2\" <now>", "acme");
        NotifySubscription sub = board.notifySubscriptions().subscribe(NotifyRequest.task(t.id(), TargetType.WEBHOOK,
                "team"));
        complete(t, "shipped & tagged");

        DeliveryReport report = Notifier.create(board, config(team)).deliverOnce();
        assertEquals(1, report.delivered(), report.toString());
        Receiver.Request got = r.requests().get(0);
        assertEquals("/hook", got.path());
        assertTrue(Signature.verify(SECRET, got.body(), got.header(Signature.HEADER)), "the signature checks out");
        assertFalse(Signature.verify("another-secret-0123456789", got.body(), got.header(Signature.HEADER)));
        JsonNode body = got.json();
        long eventId = board.events().latestId();
        assertEquals(eventId, body.get("event_id").asLong());
        assertEquals(String.valueOf(eventId), got.header("X-Kanban-Event-Id"));
        assertEquals("completed", body.get("kind").asText());
        assertEquals(t.id(), body.at("/task/id").asText());
        assertEquals("Ship \"v2\" <now>", body.at("/task/title").asText(), "JSON escaping round-trips the title");
        assertEquals("worker", body.at("/task/assignee").asText());
        assertEquals("acme", body.at("/task/tenant").asText());
        assertEquals("done", body.at("/task/status").asText());
        assertEquals("shipped & tagged", body.get("detail").asText());
        assertEquals("http://127.0.0.1:9119/#task=" + t.id(), body.get("url").asText());
        assertEquals(sub.id(), body.get("subscription").asText());
        assertTrue(board.notifySubscriptions().find(sub.id()).isEmpty(),
                "the task is done and its completion was accepted: the task subscription is finished");
        assertEquals(0, Notifier.create(board, config(team)).deliverOnce().delivered(), "nothing twice");
    }

    @Test
    void slack_and_discord_messages_are_escaped_for_their_markup_and_go_to_the_thread() {
        Receiver slack = receiver();
        Receiver discord = receiver();
        NotifyTarget s = NotifyTarget.of("chat", "slack", slack.url("/services/T0/B0/xyz"), null);
        NotifyTarget d = NotifyTarget.of("ops", "discord", discord.url("/api/webhooks/1/abc"), null);
        Task t = create("Fix <b>bold</b> & *stars* @everyone", null);
        board.notifySubscriptions().subscribe(NotifyRequest.task(t.id(), TargetType.SLACK, "chat")
                .withThread("1712345678.000100"));
        board.notifySubscriptions().subscribe(NotifyRequest.task(t.id(), TargetType.DISCORD, "ops")
                .withThread("998877"));
        block(t, "needs `token` > now");

        assertEquals(2, Notifier.create(board, config(s, d)).deliverOnce().delivered());
        JsonNode sb = slack.requests().get(0).json();
        String text = sb.get("text").asText();
        assertTrue(text.contains("Fix &lt;b&gt;bold&lt;/b&gt; &amp; *stars* @everyone"), text);
        assertTrue(text.contains("<http://127.0.0.1:9119/#task=" + t.id() + "|"), "a mrkdwn link: " + text);
        assertTrue(text.contains("needs `token` &gt; now"), text);
        assertTrue(text.contains("event " + board.events().latestId()), text);
        assertEquals("1712345678.000100", sb.get("thread_ts").asText());

        Receiver.Request dr = discord.requests().get(0);
        assertEquals("thread_id=998877", dr.query());
        JsonNode db = dr.json();
        String content = db.get("content").asText();
        assertTrue(content.contains("\\*stars\\*"), content);
        assertTrue(content.contains("\\@everyone"), content);
        assertTrue(content.contains("needs \\`token\\` \\> now"), content);
        assertEquals(0, db.at("/allowed_mentions/parse").size(), "no pings from task text");
    }

    @Test
    void each_subscription_hears_its_own_events_in_order_and_only_the_kinds_it_chose() {
        Receiver r = receiver();
        NotifyTarget team = NotifyTarget.of("team", "webhook", r.url("/"), null);
        Task a = create("a", null);
        Task b = create("b", null);
        NotifySubscription subA = board.notifySubscriptions().subscribe(
                NotifyRequest.task(a.id(), TargetType.WEBHOOK, "team"));
        NotifySubscription subB = board.notifySubscriptions().subscribe(
                NotifyRequest.task(b.id(), TargetType.WEBHOOK, "team").withKinds(List.of("commented")));
        for (int i = 0; i < 5; i++) {
            block(a, "reason " + i);
            board.claims().unblock(a.id());
            board.comments().add(b.id(), "ann", "note " + i);
        }
        complete(a, "done");
        board.claims().claim(b.id()).orElseThrow();
        board.claims().complete(b.id(), Completion.withSummary("b done"));

        DeliveryReport report = Notifier.create(board, config(team)).deliverOnce();
        assertEquals(11, report.delivered(), report.toString());
        Map<String, List<Receiver.Request>> bySub = new LinkedHashMap<>();
        for (Receiver.Request req : r.requests()) {
            bySub.computeIfAbsent(req.json().get("subscription").asText(), k -> new ArrayList<>()).add(req);
        }
        List<String> kindsA = bySub.get(subA.id()).stream().map(q -> q.json().get("kind").asText()).toList();
        assertEquals(List.of("blocked", "blocked", "blocked", "blocked", "blocked", "completed"), kindsA);
        assertEquals(List.of("reason 0", "reason 1", "reason 2", "reason 3", "reason 4", "done"),
                bySub.get(subA.id()).stream().map(q -> q.json().get("detail").asText()).toList());
        List<String> kindsB = bySub.get(subB.id()).stream().map(q -> q.json().get("kind").asText()).toList();
        assertEquals(java.util.Collections.nCopies(5, "commented"), kindsB, "b chose comments only: no completed");
        for (List<Receiver.Request> reqs : bySub.values()) {
            List<Long> ids = reqs.stream().map(Receiver.Request::eventId).toList();
            assertEquals(ids.stream().sorted().toList(), ids, "in event order");
        }
        assertEquals(0, Notifier.create(board, config(team)).deliverOnce().delivered(), "nothing twice");
    }

    @Test
    void a_quiet_subscription_follows_the_head_of_the_log_so_later_passes_skip_it() {
        Receiver r = receiver();
        NotifyTarget team = NotifyTarget.of("team", "webhook", r.url("/"), null);
        Task quiet = create("quiet", null);
        NotifySubscription sub = board.notifySubscriptions().subscribe(
                NotifyRequest.task(quiet.id(), TargetType.WEBHOOK, "team"));
        for (int i = 0; i < 3; i++) {
            complete(create("busy " + i, null), "ok");
        }
        Notifier notifier = Notifier.create(board, config(team));
        assertEquals(0, notifier.deliverOnce().delivered());
        assertEquals(board.events().latestId(), board.notifySubscriptions().find(sub.id()).orElseThrow().lastEventId(),
                "no event of its task up to the head: the cursor moves there");
        complete(quiet, "finally");
        assertEquals(1, notifier.deliverOnce().delivered());
        assertEquals("finally", r.requests().get(0).json().get("detail").asText());
        notifier.stop(Duration.ofSeconds(5));
    }

    @Test
    void board_and_tenant_subscriptions_hear_every_matching_task() {
        Receiver r = receiver();
        NotifyTarget team = NotifyTarget.of("team", "webhook", r.url("/"), null);
        NotifySubscription all = board.notifySubscriptions().subscribe(NotifyRequest.board(TargetType.WEBHOOK, "team"));
        NotifySubscription acme = board.notifySubscriptions().subscribe(
                NotifyRequest.tenant("acme", TargetType.WEBHOOK, "team"));
        Task x = create("x", "acme");
        Task y = create("y", "globex");
        Task z = create("z", null);
        complete(x, "x");
        block(y, "y");
        complete(z, "z");

        Notifier.create(board, config(team)).deliverOnce();
        Map<String, List<String>> tasksBySub = new LinkedHashMap<>();
        for (Receiver.Request q : r.requests()) {
            tasksBySub.computeIfAbsent(q.json().get("subscription").asText(), k -> new ArrayList<>())
                    .add(q.json().at("/task/id").asText());
        }
        assertEquals(List.of(x.id(), y.id(), z.id()), tasksBySub.get(all.id()));
        assertEquals(List.of(x.id()), tasksBySub.get(acme.id()));
    }

    @Test
    void a_500_is_retried_after_the_backoff_and_the_event_is_delivered_once() {
        Receiver r = receiver();
        r.answer(500);
        NotifyTarget team = NotifyTarget.of("team", "webhook", r.url("/"), SECRET);
        Task t = create("t", null);
        NotifySubscription sub = board.notifySubscriptions().subscribe(
                NotifyRequest.task(t.id(), TargetType.WEBHOOK, "team"));
        block(t, "needs a key");
        NotifyConfig config = config(DeliveryPolicy.DEFAULT.withBackoff(Duration.ofSeconds(4), Duration.ofSeconds(60)),
                team);
        Notifier notifier = Notifier.create(board, config);

        DeliveryReport first = notifier.deliverOnce();
        assertEquals(1, first.failed());
        NotifySubscription failing = board.notifySubscriptions().find(sub.id()).orElseThrow();
        assertEquals(1, failing.delivery().failures());
        assertEquals("HTTP 500: failure 500", failing.delivery().lastError());
        assertEquals(sub.lastEventId(), failing.lastEventId(), "no 2xx, no cursor move");

        assertEquals(0, notifier.deliverOnce().delivered(), "not before the backoff is over");
        assertEquals(1, r.requests().size());
        clock.advance(Duration.ofSeconds(5));
        assertEquals(1, notifier.deliverOnce().delivered());
        assertEquals(2, r.requests().size());
        assertEquals(1, r.accepted().size(), "accepted once");
        assertEquals(r.requests().get(0).eventId(), r.accepted().get(0).eventId(), "the same event, retried");
        NotifySubscription healed = board.notifySubscriptions().find(sub.id()).orElseThrow();
        assertEquals(0, healed.delivery().failures());
        assertNull(healed.delivery().lastError());
        notifier.stop(Duration.ofSeconds(5));
    }

    @Test
    void events_sent_while_the_receiver_is_down_all_arrive_in_order_after_it_returns() {
        Receiver r = receiver();
        NotifyTarget team = NotifyTarget.of("team", "webhook", r.url("/"), null);
        NotifySubscription sub = board.notifySubscriptions().subscribe(NotifyRequest.board(TargetType.WEBHOOK, "team"));
        NotifyConfig config = config(DeliveryPolicy.DEFAULT.withRequestTimeout(Duration.ofSeconds(2))
                .withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(30)).withPauseAfter(3), team);
        Notifier notifier = Notifier.create(board, config);
        r.down();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Task t = create("t" + i, null);
            complete(t, "s" + i);
            ids.add(t.id());
            DeliveryReport down = notifier.deliverOnce();
            assertEquals(0, down.delivered());
            clock.advance(Duration.ofSeconds(31));
        }
        DeliveryReport paused = notifier.deliverOnce();
        assertEquals(List.of("team"), paused.paused(), "a target failing again and again counts as paused");
        assertTrue(board.notifySubscriptions().find(sub.id()).orElseThrow().delivery().lastError()
                .startsWith("cannot connect to http://127.0.0.1:"), "the reason is kept for the dashboard");

        r.up();
        clock.advance(Duration.ofSeconds(31));
        DeliveryReport back = notifier.deliverOnce();
        assertEquals(5, back.delivered(), back.toString());
        assertEquals(List.of(), back.paused(), "it resumes by itself");
        assertEquals(ids, r.accepted().stream().map(q -> q.json().at("/task/id").asText()).toList());
        notifier.stop(Duration.ofSeconds(5));
    }

    @Test
    void new_events_wake_the_loop_long_before_its_interval() throws Exception {
        Receiver r = receiver();
        NotifyTarget team = NotifyTarget.of("team", "webhook", r.url("/"), null);
        board.notifySubscriptions().subscribe(NotifyRequest.board(TargetType.WEBHOOK, "team"));
        // Its creation is an event the subscription does not want: the first pass reads past it and reports.
        Task task = create("done soon", null);
        NotifyConfig slow = new NotifyConfig(Map.of("team", team), DeliveryPolicy.DEFAULT
                .withRequestTimeout(Duration.ofSeconds(5)), Duration.ofMinutes(10), "http://127.0.0.1:9119", true);
        Notifier notifier = Notifier.start(board, slow);
        try {
            // Past the first pass: the loop now waits out its ten-minute interval.
            assertTrue(Receiver.eventually(() -> notifier.lastPass().isPresent(), PATIENCE), "the first pass");
            assertEquals(0, r.accepted().size(), "nothing wanted yet");
            long before = System.nanoTime();
            complete(task, "quick");
            assertTrue(Receiver.eventually(() -> r.accepted().size() == 1, Duration.ofSeconds(20)),
                    "delivered without waiting out the interval");
            System.out.printf("NotifierTest: a completion reached the receiver %d ms after it was written%n",
                    (System.nanoTime() - before) / 1_000_000);
        } finally {
            notifier.stop(Duration.ofSeconds(10));
        }
    }

    @Test
    void a_slow_target_does_not_hold_up_another_target() throws Exception {
        Receiver slow = receiver();
        Receiver fast = receiver();
        slow.delay(Duration.ofSeconds(3));
        NotifyTarget s = NotifyTarget.of("slow", "webhook", slow.url("/"), null);
        NotifyTarget f = NotifyTarget.of("fast", "webhook", fast.url("/"), null);
        board.notifySubscriptions().subscribe(NotifyRequest.board(TargetType.WEBHOOK, "slow"));
        board.notifySubscriptions().subscribe(NotifyRequest.board(TargetType.WEBHOOK, "fast"));
        Notifier notifier = Notifier.start(board, config(s, f));
        try {
            complete(create("one", null), "1");
            complete(create("two", null), "2");
            assertTrue(Receiver.eventually(() -> fast.accepted().size() == 2, PATIENCE));
            assertTrue(slow.accepted().size() < 2, "the fast target got both while the slow one was still busy");
            assertTrue(Receiver.eventually(() -> slow.accepted().size() == 2, PATIENCE));
        } finally {
            notifier.stop(Duration.ofSeconds(10));
        }
    }

    @Test
    void secrets_and_webhook_urls_never_reach_logs_reports_or_the_board() throws Exception {
        Receiver r = receiver();
        String secretPath = "/services/T000/B000/XyZsecretTokenPart";
        NotifyTarget team = NotifyTarget.of("team", "webhook", r.url(secretPath), SECRET);
        NotifyTarget chat = NotifyTarget.of("chat", "slack", r.url(secretPath + "?token=qsecret"), null);
        board.notifySubscriptions().subscribe(NotifyRequest.board(TargetType.WEBHOOK, "team"));
        board.notifySubscriptions().subscribe(NotifyRequest.board(TargetType.SLACK, "chat"));
        NotifyConfig config = config(DeliveryPolicy.DEFAULT.withRequestTimeout(Duration.ofSeconds(2))
                .withBackoff(Duration.ofSeconds(1), Duration.ofSeconds(2)).withPauseAfter(2), team, chat);
        PrintStream realErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        List<String> outputs = new ArrayList<>();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Notifier notifier = Notifier.create(board, config);
            complete(create("t", null), "done");
            r.answer(500, 500, 500, 500);
            for (int i = 0; i < 2; i++) {
                outputs.add(notifier.deliverOnce().toString());
                clock.advance(Duration.ofSeconds(3));
            }
            r.down();
            outputs.add(notifier.deliverOnce().toString());
            notifier.stop(Duration.ofSeconds(5));
        } finally {
            System.setErr(realErr);
        }
        outputs.add(captured.toString(StandardCharsets.UTF_8));
        outputs.add(team.toString());
        outputs.add(chat.toString());
        outputs.add(ProcessNotifierProvider.sendTest(config, "team").toString());
        outputs.add(dumpBoard(Path.of(scratch.location())));
        String all = String.join("\n", outputs);
        assertTrue(all.contains("paused"), "the paused warning was logged: " + all);
        for (String secret : List.of(SECRET, "XyZsecretTokenPart", "qsecret", secretPath)) {
            assertFalse(all.contains(secret), "'" + secret + "' leaked into:\n" + all);
        }
    }

    static String dumpBoard(Path file) throws Exception {
        StringBuilder out = new StringBuilder();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement st = c.createStatement()) {
            for (String table : List.of("kanban_notify_subs", "task_events", "task_comments", "tasks")) {
                try (ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= n; i++) {
                            out.append(rs.getString(i)).append('|');
                        }
                        out.append('\n');
                    }
                }
            }
        }
        assertTrue(Files.exists(file));
        return out.toString();
    }
}
