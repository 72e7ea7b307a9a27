package io.kanban.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.error.TaskNotFound;
import io.kanban.core.error.ValidationError;
import io.kanban.core.model.Completion;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.NotifyMessage;
import io.kanban.core.model.NotifyScope;
import io.kanban.core.model.NotifySubscription;
import io.kanban.core.model.Task;
import io.kanban.core.model.TargetType;
import io.kanban.core.notify.DeliveryPolicy;
import io.kanban.core.notify.LeaseOwner;
import io.kanban.core.notify.NotifyKinds;
import io.kanban.core.notify.NotifyRequest;
import io.kanban.core.spi.Liveness;
import io.kanban.core.spi.ProcessProbe;
import io.kanban.core.testing.OnEachBackend;
import io.kanban.core.testing.ScratchBoard;
import io.kanban.core.testing.SettableClock;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

@OnEachBackend
class NotifyDeliveryTest {
    static final Duration TTL = Duration.ofSeconds(60);

    final ScratchBoard scratch;
    final SettableClock clock;

    NotifyDeliveryTest(ScratchBoard scratch) {
        this.scratch = scratch;
        clock = scratch.clock();
    }

    private static List<Long> ids(NotifyDelivery.Pending p) {
        return p.messages().stream().map(NotifyMessage::eventId).toList();
    }

    private static List<String> kinds(NotifyDelivery.Pending p) {
        return p.messages().stream().map(NotifyMessage::kind).toList();
    }

    @Test
    void a_task_subscription_gets_the_default_kinds_with_the_summary_and_reason() {
        Board board = scratch.board();
        Task a = TestBoards.create(board, "ship it");
        NotifySubscription sub = board.notifySubscriptions().subscribe(
                NotifyRequest.task(a.id(), TargetType.WEBHOOK, "team"));
        assertTrue(sub.id().matches("n_[0-9a-f]{12}"), sub.id());
        assertEquals(NotifyKinds.DEFAULT, sub.kinds());
        assertEquals("kanban:webhook", sub.platform());
        assertEquals(NotifyScope.TASK, sub.scope());

        board.comments().add(a.id(), "me", "noise");
        board.claims().claim(a.id()).orElseThrow();
        board.claims().block(a.id(), "needs the API key", null);
        board.claims().unblock(a.id());
        board.claims().claim(a.id()).orElseThrow();
        board.claims().complete(a.id(), Completion.withSummary("shipped v2\nmore lines"));

        NotifyDelivery.Pending p = board.notifySubscriptions().delivery().pending(sub, 100);
        assertEquals(List.of("blocked", "completed"), kinds(p));
        assertEquals("needs the API key", p.messages().get(0).detail());
        assertEquals("shipped v2", p.messages().get(1).detail());
        assertEquals("ship it", p.messages().get(1).title());
        assertEquals("worker", p.messages().get(1).assignee());
        assertEquals(board.events().latestId(), p.scannedTo(), "unwanted events are read past too");
    }

    @Test
    void kinds_are_checked_and_kept_in_order() {
        Board board = scratch.board();
        Task a = TestBoards.create(board, "x");
        ValidationError bad = assertThrows(ValidationError.class, () -> board.notifySubscriptions().subscribe(
                NotifyRequest.task(a.id(), TargetType.SLACK, "chat").withKinds(List.of("completed", "exploded"))));
        assertTrue(bad.getMessage().contains("exploded"), bad.getMessage());
        NotifySubscription sub = board.notifySubscriptions().subscribe(
                NotifyRequest.task(a.id(), TargetType.SLACK, "chat").withKinds(List.of("commented", "completed")));
        assertEquals(List.of("commented", "completed"), sub.kinds());
        board.comments().add(a.id(), "ann", "hello");
        NotifyDelivery.Pending p = board.notifySubscriptions().delivery().pending(sub, 100);
        assertEquals(List.of("commented"), kinds(p));
        assertEquals("by ann", p.messages().get(0).detail());

        NotifySubscription again = board.notifySubscriptions().subscribe(
                NotifyRequest.task(a.id(), TargetType.SLACK, "chat"));
        assertEquals(sub.id(), again.id(), "the same task, target and thread is the same subscription");
        assertEquals(NotifyKinds.DEFAULT, again.kinds(), "subscribing again takes the new kinds");
        assertThrows(TaskNotFound.class, () -> board.notifySubscriptions().subscribe(
                NotifyRequest.task("t_nope", TargetType.SLACK, "chat")));
        assertThrows(ValidationError.class, () -> board.notifySubscriptions().subscribe(
                NotifyRequest.board(TargetType.SLACK, "chat").withDescendants(true)));
    }

    @Test
    void descendants_created_after_subscribing_are_covered_and_others_are_not() {
        Board board = scratch.board();
        Task root = TestBoards.create(board, "epic");
        NotifySubscription withTree = board.notifySubscriptions().subscribe(
                NotifyRequest.task(root.id(), TargetType.DISCORD, "ops").withDescendants(true));
        NotifySubscription rootOnly = board.notifySubscriptions().subscribe(
                NotifyRequest.task(root.id(), TargetType.DISCORD, "ops").withThread("t1"));
        Task child = board.tasks().create(NewTask.titled("child").assignee("w").parent(root.id()).build()).task();
        Task grandchild = board.tasks().create(NewTask.titled("grand").assignee("w").parent(child.id()).build())
                .task();
        Task stranger = TestBoards.create(board, "unrelated");
        board.claims().claim(root.id()).orElseThrow();
        board.claims().complete(root.id(), Completion.withSummary("root done"));
        board.claims().claim(child.id()).orElseThrow();
        board.claims().complete(child.id(), Completion.withSummary("child done"));
        board.claims().claim(grandchild.id()).orElseThrow();
        board.claims().block(grandchild.id(), "stuck", null);
        board.claims().claim(stranger.id()).orElseThrow();
        board.claims().complete(stranger.id(), Completion.withSummary("other"));

        var tree = board.notifySubscriptions().delivery().pending(withTree, 100);
        assertEquals(List.of(root.id(), child.id(), grandchild.id()),
                tree.messages().stream().map(NotifyMessage::taskId).toList());
        var only = board.notifySubscriptions().delivery().pending(rootOnly, 100);
        assertEquals(List.of(root.id()), only.messages().stream().map(NotifyMessage::taskId).toList());
    }

    @Test
    void board_and_tenant_subscriptions_cover_their_tasks() {
        Board board = scratch.board();
        NotifySubscription all = board.notifySubscriptions().subscribe(NotifyRequest.board(TargetType.WEBHOOK, "w"));
        NotifySubscription acme = board.notifySubscriptions().subscribe(
                NotifyRequest.tenant("acme", TargetType.WEBHOOK, "w"));
        assertEquals(NotifySubscription.BOARD_KEY, all.taskId());
        assertEquals(NotifyScope.TENANT, acme.scope());
        assertEquals("acme", acme.tenant());
        Task a = board.tasks().create(NewTask.titled("a").assignee("w").tenant("acme").build()).task();
        Task b = board.tasks().create(NewTask.titled("b").assignee("w").tenant("other").build()).task();
        for (Task t : List.of(a, b)) {
            board.claims().claim(t.id()).orElseThrow();
            board.claims().complete(t.id(), Completion.withSummary("ok"));
        }
        var d = board.notifySubscriptions().delivery();
        assertEquals(List.of(a.id(), b.id()),
                d.pending(all, 100).messages().stream().map(NotifyMessage::taskId).toList());
        assertEquals(List.of(a.id()),
                d.pending(acme, 100).messages().stream().map(NotifyMessage::taskId).toList());

        Board scoped = board.forTenant("other");
        NotifySubscription mine = scoped.notifySubscriptions().subscribe(NotifyRequest.board(TargetType.SLACK, "s"));
        assertEquals(NotifyScope.TENANT, mine.scope(), "a tenant handle's board subscription is its tenant's");
        assertEquals("other", mine.tenant());
        assertEquals(List.of(mine.id()), scoped.notifySubscriptions().list(null).stream()
                .map(NotifySubscription::id).toList(), "a tenant handle sees only its own subscriptions");
        assertFalse(scoped.notifySubscriptions().unsubscribe(all.id()));
        assertThrows(ValidationError.class, () -> scoped.notifySubscriptions().subscribe(
                NotifyRequest.tenant("acme", TargetType.SLACK, "s")));
        assertTrue(board.notifySubscriptions().unsubscribe(all.id()));
        assertTrue(board.notifySubscriptions().find(all.id()).isEmpty());
    }

    @Test
    void only_the_lease_holder_moves_the_cursor_until_its_lease_expires() {
        Board board = scratch.board();
        Task a = TestBoards.create(board, "x");
        NotifySubscription sub = board.notifySubscriptions().subscribe(
                NotifyRequest.board(TargetType.WEBHOOK, "team"));
        board.claims().claim(a.id()).orElseThrow();
        board.claims().complete(a.id(), Completion.withSummary("ok"));
        long event = board.events().latestId();
        NotifyDelivery d = board.notifySubscriptions().delivery();

        assertTrue(d.claim(sub.id(), "host-a", TTL));
        assertTrue(d.claim(sub.id(), "host-a", TTL), "the holder renews its own lease");
        assertFalse(d.claim(sub.id(), "host-b", TTL), "another host waits while the lease lives");
        assertFalse(d.delivered(sub.id(), "host-b", event, TTL), "a host without the lease moves nothing");
        assertTrue(d.failed(sub.id(), "host-a", "HTTP 500", clock.instant().plusSeconds(4)));
        NotifySubscription failing = d.reload(sub.id()).orElseThrow();
        assertEquals(1, failing.delivery().failures());
        assertEquals("HTTP 500", failing.delivery().lastError());
        assertEquals(sub.lastEventId(), failing.lastEventId());

        clock.advance(TTL.plusSeconds(1));
        assertTrue(d.claim(sub.id(), "host-b", TTL), "an expired lease is free");
        assertFalse(d.delivered(sub.id(), "host-a", event, TTL), "the old holder lost it");
        assertTrue(d.delivered(sub.id(), "host-b", event, TTL));
        assertTrue(d.delivered(sub.id(), "host-b", event - 1, TTL));
        NotifySubscription done = d.reload(sub.id()).orElseThrow();
        assertEquals(event, done.lastEventId(), "the cursor never moves back");
        assertEquals(0, done.delivery().failures(), "a delivery clears the failures");
        assertEquals(0, d.pending(done, 10).messages().size());
        assertEquals(1, d.release("host-b"));
        assertTrue(d.claim(sub.id(), "host-a", TTL), "a released lease is free at once");
    }

    @Test
    void a_lease_whose_holder_died_on_this_machine_is_taken_over_at_once_and_others_are_waited_out()
            throws Exception {
        ProcessProbe probe = pid -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent()
                ? Liveness.ALIVE : Liveness.GONE;
        Process child = new ProcessBuilder("sleep", "60").start();
        Board board = scratch.board();
        try {
            Task a = TestBoards.create(board, "x");
            NotifySubscription sub = board.notifySubscriptions().subscribe(
                    NotifyRequest.task(a.id(), TargetType.WEBHOOK, "team"));
            NotifyDelivery d = board.notifySubscriptions().delivery();
            LeaseOwner me = LeaseOwner.parse(d.newOwner()).orElseThrow();
            Assumptions.assumeFalse(LeaseOwner.UNKNOWN_MACHINE.equals(me.machine()), "needs /proc");
            assertEquals(ProcessHandle.current().pid(), me.pid());
            String sibling = new LeaseOwner(me.host(), child.pid(), "c0ffee", me.machine()).toString();
            String elsewhere = new LeaseOwner(me.host(), child.pid(), "c0ffee", "0123456789ab").toString();
            String sameJvm = d.newOwner();

            assertTrue(d.claim(sub.id(), sibling, TTL));
            assertFalse(d.claim(sub.id(), me.toString(), TTL, probe), "the holder's process still runs");
            assertTrue(d.heldByAnother(d.reload(sub.id()).orElseThrow(), me.toString(), probe));
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertFalse(d.heldByAnother(d.reload(sub.id()).orElseThrow(), me.toString(), probe));
            assertTrue(d.claim(sub.id(), me.toString(), TTL, probe), "a dead holder's lease is taken at once");
            assertEquals(me.toString(), d.reload(sub.id()).orElseThrow().delivery().leaseOwner());
            assertFalse(d.claim(sub.id(), sameJvm, TTL, probe), "a live notifier in this JVM keeps its lease");

            assertEquals(1, d.release(me.toString()));
            assertTrue(d.claim(sub.id(), elsewhere, TTL));
            assertFalse(d.claim(sub.id(), me.toString(), TTL, probe),
                    "a holder on another machine is never judged, even when its pid means nothing here");
            assertFalse(d.claim(sub.id(), "old-style-owner", TTL, probe));
            clock.advance(TTL.plusSeconds(1));
            assertTrue(d.claim(sub.id(), me.toString(), TTL, probe), "its lease is free once expired");
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void lease_owner_names_round_trip_and_other_forms_are_not_parsed() {
        LeaseOwner o = new LeaseOwner("web-1.example", 4242, "a1b2c3", "0123456789ab");
        assertEquals("web-1.example:4242:a1b2c3@0123456789ab", o.toString());
        assertEquals(o, LeaseOwner.parse(o.toString()).orElseThrow());
        for (String other : new String[] {"host-a", "host:12:ab", "host:x:ab@m", "@m", ":1:a@m", "h:1:@m"}) {
            assertTrue(LeaseOwner.parse(other).isEmpty(), other);
        }
    }

    @Test
    void a_task_subscription_is_removed_once_its_finished_tasks_last_event_is_passed_and_others_stay() {
        Board board = scratch.board();
        Task a = TestBoards.create(board, "ship it");
        NotifyDelivery d = board.notifySubscriptions().delivery();
        NotifySubscription task = board.notifySubscriptions().subscribe(
                NotifyRequest.task(a.id(), TargetType.WEBHOOK, "team"));
        NotifySubscription quiet = board.notifySubscriptions().subscribe(
                NotifyRequest.task(a.id(), TargetType.WEBHOOK, "ops").withKinds(List.of("crashed")));
        NotifySubscription tree = board.notifySubscriptions().subscribe(
                NotifyRequest.task(a.id(), TargetType.WEBHOOK, "tree").withDescendants(true));
        NotifySubscription wide = board.notifySubscriptions().subscribe(
                NotifyRequest.board(TargetType.WEBHOOK, "team"));
        board.claims().claim(a.id()).orElseThrow();
        board.comments().add(a.id(), "me", "halfway");
        long comment = board.events().latestId();

        assertTrue(d.claim(task.id(), "host-a", TTL));
        assertTrue(d.skipped(task.id(), "host-a", comment, TTL));
        assertTrue(d.reload(task.id()).isPresent(), "a running task's subscription stays");

        board.claims().complete(a.id(), Completion.withSummary("shipped"));
        long completed = board.events().latestId();
        NotifyDelivery.Pending pending = d.pending(d.reload(task.id()).orElseThrow(), 10);
        assertEquals(List.of("completed"), kinds(pending));
        assertTrue(d.delivered(task.id(), "host-a", completed, TTL));
        assertTrue(d.reload(task.id()).isEmpty(), "done and its completion delivered: removed");

        assertTrue(d.claim(quiet.id(), "host-a", TTL));
        assertEquals(List.of(), d.pending(quiet, 10).messages());
        assertTrue(d.skipped(quiet.id(), "host-a", completed, TTL));
        assertTrue(d.reload(quiet.id()).isEmpty(), "passing the last event without a message counts too");

        for (NotifySubscription stays : List.of(tree, wide)) {
            assertTrue(d.claim(stays.id(), "host-a", TTL));
            assertTrue(d.delivered(stays.id(), "host-a", completed, TTL));
            assertTrue(d.reload(stays.id()).isPresent(), stays.scope() + " subscriptions stay");
        }

        NotifySubscription late = board.notifySubscriptions().subscribe(
                NotifyRequest.task(a.id(), TargetType.WEBHOOK, "late"));
        TestBoards.create(board, "something else");
        assertTrue(d.claim(late.id(), "host-a", TTL));
        assertTrue(d.skipped(late.id(), "host-a", board.events().latestId(), TTL));
        assertTrue(d.reload(late.id()).isPresent(),
                "a subscription made after the task finished waits for the task's next event");
    }

    @Test
    void a_reader_moving_the_cursor_to_the_head_misses_no_event_written_concurrently() throws Exception {
        int writers = 3;
        int each = 40;
        Board board = scratch.board();
        Task a = TestBoards.create(board, "busy");
        NotifySubscription sub = board.notifySubscriptions().subscribe(
                NotifyRequest.board(TargetType.WEBHOOK, "team").withKinds(List.of("commented")));
        NotifyDelivery d = board.notifySubscriptions().delivery();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> done = new java.util.ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            done.add(pool.submit(() -> {
                try (Board own = scratch.backend().open(scratch.location(), clock)) {
                    for (int i = 0; i < each; i++) {
                        own.comments().add(a.id(), "w" + writer, "note " + i);
                    }
                }
                return null;
            }));
        }
        java.util.Set<Long> seen = new java.util.TreeSet<>();
        assertTrue(d.claim(sub.id(), "reader", TTL));
        boolean writing = true;
        while (writing) {
            writing = done.stream().anyMatch(f -> !f.isDone());
            // What the notifier does each pass: the head first, then the batch, then the cursor move.
            long head = d.latestEventId();
            NotifySubscription current = d.reload(sub.id()).orElseThrow();
            NotifyDelivery.Pending p = d.pending(current, 7);
            p.messages().forEach(m -> assertTrue(seen.add(m.eventId()), "event " + m.eventId() + " twice"));
            assertTrue(d.skipped(sub.id(), "reader", p.cursorAfter(head), TTL)
                    || p.cursorAfter(head) == current.lastEventId());
            writing |= p.more();
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        assertEquals(writers * each, seen.size(), "every comment was read exactly once");
    }

    @Test
    void a_row_the_reference_kernel_inserts_gets_an_id_and_is_not_a_target_subscription() throws Exception {
        Board board = scratch.board();
        Task a = TestBoards.create(board, "x");
        try (Connection c = scratch.jdbc(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO kanban_notify_subs (task_id, platform, chat_id, thread_id,"
                    + " user_id, created_at, last_event_id) VALUES ('" + a.id() + "', 'telegram', '-100', '', "
                    + "'u', 1, 0)");
            try (ResultSet rs = st.executeQuery("SELECT sub_id, scope, failures FROM kanban_notify_subs")) {
                assertTrue(rs.next());
                assertNotNull(rs.getString(1));
                assertEquals("task", rs.getString(2));
            }
        }
        NotifySubscription chat = board.notifySubscriptions().list(a.id()).get(0);
        assertTrue(chat.id().startsWith("n_"));
        assertTrue(chat.targetType().isEmpty());
        assertEquals(List.of(), board.notifySubscriptions().delivery().targetSubscriptions());
    }

    @Test
    void backoff_doubles_with_jitter_up_to_the_cap_and_pauses_after_the_limit() {
        DeliveryPolicy policy = DeliveryPolicy.DEFAULT.withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(60))
                .withPauseAfter(3);
        Random random = new Random(7);
        for (int failures = 1; failures <= 12; failures++) {
            long full = Math.min(60_000, 2_000L << (failures - 1));
            for (int i = 0; i < 50; i++) {
                long ms = policy.retryDelay(failures, random).toMillis();
                assertTrue(ms >= full / 2 && ms <= full, failures + " failures -> " + ms + " ms");
            }
        }
        assertFalse(policy.paused(2));
        assertTrue(policy.paused(3));
        ValidationError e = assertThrows(ValidationError.class,
                () -> DeliveryPolicy.DEFAULT.withLeaseTtl(Duration.ofSeconds(5)));
        assertEquals("kanban.notify.lease_seconds", e.field());
    }
}
