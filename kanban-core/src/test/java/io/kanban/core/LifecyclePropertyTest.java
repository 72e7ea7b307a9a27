package io.kanban.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kanban.core.Claims.ReviewRequest;
import io.kanban.core.Lifecycle.Transition;
import io.kanban.core.dispatch.DispatchPolicy;
import io.kanban.core.error.KanbanException;
import io.kanban.core.model.BlockKind;
import io.kanban.core.model.Completion;
import io.kanban.core.model.EventKind;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import io.kanban.core.model.TaskUpdate;
import io.kanban.core.spi.Liveness;
import io.kanban.core.testing.Backend;
import io.kanban.core.testing.FakeProcessProbe;
import io.kanban.core.testing.FakeWorkerLauncher;
import io.kanban.core.testing.OnEachBackend;
import io.kanban.core.testing.ScratchBoard;
import io.kanban.core.testing.SettableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Random sequences of every verb, through the API, on a real board. After each step, every task's status is one
 * the lifecycle table reaches from its status before, through the events the step appended for it: each
 * status-changing event must be the event of a row that allows the status the task had, and the task ends in a
 * status that row lands on. A status never changes without such an event, and each event kind keeps one payload
 * shape for the whole run.
 */
@OnEachBackend
class LifecyclePropertyTest {
    static final long SEED = 20261204L;
    private static final String[] VERBS = {"create", "create child", "create in triage", "claim", "claim next",
            "complete", "complete as the holder", "block", "block as the holder", "unblock", "archive", "link",
            "unlink", "move", "update", "heartbeat", "assign", "comment", "expire and tick", "crash and tick",
            "spawn failure", "time out", "block typed", "schedule", "request review", "claim review",
            "request changes", "reopen review", "promote", "reclaim", "reassign", "review round", "block loop",
            "finish with a child and reopen", "wait on a dependency and promote", "wake due"};
    /**
     * The event kinds by which a card may leave review (HERMES-UPSTREAM §1): a reviewer's claim, completion, a
     * move by hand back to triage/todo/ready, reopen-review, archive, and invalidation by a reopened parent.
     */
    private static final Set<String> LEAVES_REVIEW = Set.of("claimed", "completed", "status", "review_reopened",
            "archived", "descendant_invalidated");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Each example runs on a fresh board of its own, in a folder of this one or a schema of this backend. */
    final Backend backend;
    final Path dir;

    LifecyclePropertyTest(ScratchBoard scratch) {
        backend = scratch.backend();
        dir = scratch.dir();
    }

    @Test
    void every_status_change_follows_a_row_of_the_table_and_appends_its_event() {
        backend.assumeAvailable();
        Map<String, Set<String>> shapes = new HashMap<>();
        int[] example = {0};
        qt().withFixedSeed(SEED).withExamples(40).withShrinkCycles(40)
                .forAll(lists().of(integers().between(0, Integer.MAX_VALUE)).ofSizeBetween(1, 60))
                .checkAssert(codes -> {
                    try {
                        run(dir.resolve("l" + example[0]++), codes, shapes);
                    } catch (Exception e) {
                        throw new AssertionError("seed " + SEED + ", steps " + codes + ": " + e, e);
                    }
                });
        assertTrue(shapes.keySet().containsAll(List.of("claimed", "completed", "blocked", "promoted", "crashed",
                "review_requested", "changes_requested", "scheduled", "schedule_due", "block_loop_detected",
                "dependency_wait", "reclaimed", "promoted_manual", "descendant_invalidated")),
                "the sequences reach the rows: " + shapes.keySet());
    }

    private void run(Path folder, List<Integer> codes, Map<String, Set<String>> shapes) throws Exception {
        Files.createDirectories(folder);
        SettableClock clock = SettableClock.startingAt(ScratchBoard.START);
        FakeWorkerLauncher launcher = new FakeWorkerLauncher();
        FakeProcessProbe probe = new FakeProcessProbe();
        String location = backend.newBoard(folder);
        try (Board board = backend.open(location, clock); Connection db = backend.jdbc(location)) {
            List<String> ids = new ArrayList<>();
            for (int code : codes) {
                Map<String, Status> before = statuses(db);
                long cursor = lastEventId(db);
                String step = VERBS[code % VERBS.length] + "(" + code + ")";
                try {
                    apply(board, clock, launcher, probe, ids, code);
                } catch (KanbanException refused) {
                    // a refused verb changes nothing, which the checks below see as no event and no move
                }
                Map<String, Status> after = statuses(db);
                Map<String, List<Event>> events = eventsSince(db, cursor);
                for (Map.Entry<String, Status> task : after.entrySet()) {
                    List<Event> own = events.getOrDefault(task.getKey(), List.of());
                    checkMoves(step, task.getKey(), before.get(task.getKey()), task.getValue(), own);
                    if (before.get(task.getKey()) == Status.REVIEW && task.getValue() != Status.REVIEW) {
                        assertTrue(own.stream().anyMatch(e -> LEAVES_REVIEW.contains(e.kind())),
                                step + ": " + task.getKey() + " left review by " + own);
                    }
                }
                checkOpenRuns(step, db);
                checkDueFiresOnce(step, db);
                events.values().forEach(list -> list.forEach(e -> checkShape(step, e, shapes)));
                clock.advance(Duration.ofSeconds(1 + code % 7));
            }
        }
    }

    /**
     * Walks the task's new events from its old status: each status-changing event narrows the statuses it may have
     * now to those the rows with that event land on from where it may have been.
     */
    private static void checkMoves(String step, String id, Status from, Status to, List<Event> events) {
        Set<Status> possible = from == null
                ? EnumSet.of(Status.TRIAGE, Status.TODO, Status.READY) // created in this step
                : EnumSet.of(from);
        boolean moved = false;
        for (Event e : events) {
            Optional<EventKind> kind = EventKind.fromWire(e.kind());
            if (kind.isEmpty() || kind.get() == EventKind.CREATED
                    || !Lifecycle.statusChangingKinds().contains(kind.get())) {
                continue;
            }
            moved = true;
            if (kind.get() == EventKind.GAVE_UP) {
                assertTrue(possible.contains(Status.BLOCKED), step + ": " + id + " gave up but cannot be blocked");
                possible = EnumSet.of(Status.BLOCKED);
                continue;
            }
            Set<Status> next = EnumSet.noneOf(Status.class);
            for (Transition row : Transition.values()) {
                if (row.event() == kind.get() && possible.stream().anyMatch(row::allowsFrom)) {
                    next.addAll(row.lands());
                }
            }
            assertFalse(next.isEmpty(), step + ": " + id + " got '" + e.kind() + "' while it could only be "
                    + possible + "; no row of the table allows that");
            possible = next;
        }
        if (!moved) {
            assertTrue(from == null || from == to, step + ": " + id + " moved " + from + " -> " + to
                    + " without a status-changing event");
        } else {
            assertTrue(possible.contains(to), step + ": " + id + " is " + to + " after events " + events
                    + "; the table lands those on " + possible);
        }
    }

    /** Running if and only if exactly one run is open; no other status keeps a run open. */
    private static void checkOpenRuns(String step, Connection db) throws SQLException {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT t.id, t.status, (SELECT count(*) FROM task_runs r"
                        + " WHERE r.task_id = t.id AND r.ended_at IS NULL) FROM tasks t")) {
            while (rs.next()) {
                boolean running = Status.RUNNING.wire().equals(rs.getString(2));
                assertEquals(running ? 1 : 0, rs.getInt(3), step + ": " + rs.getString(1) + " is "
                        + rs.getString(2) + " with " + rs.getInt(3) + " open runs");
            }
        }
    }

    /** A due time fires once: never more wake-ups than schedules with a due time. */
    private static void checkDueFiresOnce(String step, Connection db) throws SQLException {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT task_id, sum(CASE WHEN kind = 'schedule_due' THEN 1 ELSE 0 END),"
                        + " sum(CASE WHEN kind = 'scheduled' AND payload NOT LIKE '%\"scheduled_until\":null%'"
                        + " THEN 1 ELSE 0 END) FROM task_events GROUP BY task_id")) {
            while (rs.next()) {
                assertTrue(rs.getInt(2) <= rs.getInt(3), step + ": " + rs.getString(1) + " woke " + rs.getInt(2)
                        + " times for " + rs.getInt(3) + " due times");
            }
        }
    }

    /** One payload shape per kind: the same keys every time (null payloads are their own shape). */
    private static void checkShape(String step, Event e, Map<String, Set<String>> shapes) {
        String keys = keysOf(e.payload());
        Set<String> seen = shapes.computeIfAbsent(e.kind(), k -> new TreeSet<>());
        seen.add(keys);
        assertEquals(1, seen.size(), step + ": '" + e.kind() + "' payloads have shapes " + seen);
    }

    private static String keysOf(String payload) {
        if (payload == null) {
            return "null";
        }
        try {
            JsonNode node = JSON.readTree(payload);
            List<String> keys = new ArrayList<>();
            node.fieldNames().forEachRemaining(keys::add);
            return String.join(",", new TreeSet<>(keys));
        } catch (Exception e) {
            throw new AssertionError("payload is not JSON: " + payload, e);
        }
    }

    private static void apply(Board board, SettableClock clock, FakeWorkerLauncher launcher, FakeProcessProbe probe,
                              List<String> ids, int code) {
        int verb = code % VERBS.length;
        int pick = code / VERBS.length;
        String a = ids.isEmpty() ? "t_missing" : ids.get(pick % ids.size());
        String b = ids.isEmpty() ? "t_missing" : ids.get((pick / 31) % ids.size());
        String profile = pick % 2 == 0 ? "alpha" : "beta";
        switch (verb) {
            case 0 -> ids.add(board.tasks().create(NewTask.titled("task " + ids.size()).assignee(profile)
                    .maxRuntime(pick % 3 == 0 ? Duration.ofMinutes(5) : null).build()).task().id());
            case 1 -> ids.add(board.tasks().create(NewTask.titled("child " + ids.size()).assignee(profile)
                    .parent(a).build()).task().id());
            case 2 -> ids.add(board.tasks().create(NewTask.titled("idea " + ids.size()).triage(true).build())
                    .task().id());
            case 3 -> board.claims().claim(a);
            case 4 -> board.claims().claimNext(pick % 3 == 0 ? null : profile);
            case 5 -> board.claims().complete(a, Completion.withSummary("done " + code));
            case 6 -> board.claims().complete(a, Completion.withSummary("mine").forRun(runOf(board, a)));
            case 7 -> board.claims().block(a, "needs input " + code, null);
            case 8 -> board.claims().block(a, "stuck " + code, runOf(board, a));
            case 9 -> board.claims().unblock(a);
            case 10 -> board.tasks().archive(a);
            case 11 -> board.links().link(a, b);
            case 12 -> board.links().unlink(a, b);
            case 13 -> board.tasks().move(a, Status.values()[pick % Status.values().length],
                    pick % 2 == 0 ? null : "by hand " + code);
            case 14 -> board.tasks().update(a, new TaskUpdate(null, null, null, pick % 5,
                    Status.values()[(pick / 5) % Status.values().length], null));
            case 15 -> board.claims().heartbeat(a, null, null);
            case 16 -> board.tasks().assign(a, pick % 3 == 0 ? null : profile);
            case 17 -> board.comments().add(a, "tester", "a comment " + code);
            case 18 -> {
                clock.advance(Duration.ofMinutes(20));
                board.dispatch().tick(DispatchPolicy.defaults(), launcher, probe);
            }
            case 19 -> {
                Task t = board.tasks().get(a);
                if (t.workerPid() != null) {
                    probe.set(t.workerPid(), Liveness.GONE);
                }
                board.dispatch().tick(DispatchPolicy.defaults().withFailureLimit(2), launcher, probe);
            }
            case 20 -> {
                launcher.failWith("no such binary");
                try {
                    board.dispatch().tick(DispatchPolicy.defaults().withFailureLimit(2), launcher, probe);
                } finally {
                    launcher.failWith(null);
                }
            }
            case 21 -> {
                clock.advance(Duration.ofMinutes(6));
                board.dispatch().tick(DispatchPolicy.defaults(), launcher, probe);
            }
            case 22 -> board.claims().block(a, "typed " + code, BlockKind.values()[pick % BlockKind.values().length],
                    pick % 3 == 0 ? runOf(board, a) : null, null);
            case 23 -> board.claims().schedule(a, pick % 3 == 0 ? null : "later " + code,
                    pick % 2 == 0 ? null : clock.instant().plus(Duration.ofMinutes(pick % 30)),
                    pick % 5 == 0 ? runOf(board, a) : null);
            case 24 -> board.claims().requestReview(a, new ReviewRequest("please review " + code,
                    pick % 3 == 0 ? "beta" : null, null, pick % 4 == 0 ? runOf(board, a) : null, pick % 2 == 0));
            case 25 -> board.claims().claimReview(a);
            case 26 -> board.claims().requestChanges(a, "fix " + code, pick % 2 == 0 ? runOf(board, a) : null);
            case 27 -> board.tasks().reopenReview(a, null);
            case 28 -> board.tasks().promote(a, null, "tester", pick % 4 == 0);
            case 29 -> board.tasks().reclaim(a, pick % 2 == 0 ? null : "stuck " + code);
            case 30 -> board.tasks().reassign(a, profile, pick % 2 == 0, null);
            case 31 -> { // the review lane in one step; each part may be refused, the rest still runs
                attempt(() -> board.claims().requestReview(a, ReviewRequest.of("round " + code)));
                attempt(() -> board.claims().claimReview(a));
                attempt(() -> board.claims().requestChanges(a, "again " + code, runOf(board, a)));
            }
            case 32 -> { // the same kind blocking after each unblock, into a loop
                for (int i = 0; i < 3; i++) {
                    attempt(() -> board.claims().block(a, "no answer", BlockKind.NEEDS_INPUT, null, null));
                    attempt(() -> board.claims().unblock(a));
                }
            }
            case 33 -> { // a child waits, its parent finishes (promoting it), then the parent is reopened
                attempt(() -> ids.add(board.tasks().create(NewTask.titled("child of " + a).assignee(profile)
                        .parent(a).build()).task().id()));
                attempt(() -> board.claims().complete(a, Completion.withSummary("finished " + code).forced()));
                attempt(() -> board.tasks().move(a, Status.values()[pick % 4], null));
            }
            case 34 -> {
                attempt(() -> board.claims().block(a, "needs " + b, BlockKind.DEPENDENCY, null, null));
                attempt(() -> board.claims().block(a, "stuck", null));
                attempt(() -> board.tasks().promote(a, "go on", "tester", false));
            }
            default -> {
                attempt(() -> board.claims().schedule(a, null, clock.instant().plus(Duration.ofMinutes(pick % 9)),
                        null));
                clock.advance(Duration.ofMinutes(10 + pick % 30));
                board.dispatch().tick(DispatchPolicy.defaults(), launcher, probe);
            }
        }
    }

    private static void attempt(Runnable verb) {
        try {
            verb.run();
        } catch (KanbanException refused) {
            // refused: nothing changed
        }
    }

    /** The task's open run, or a run id that is not open (a worker whose claim was lost). */
    private static long runOf(Board board, String id) {
        Task t = board.tasks().get(id);
        return t.currentRunId() != null ? t.currentRunId() : 999_999L;
    }

    private record Event(long id, String kind, String payload) {
        @Override
        public String toString() {
            return kind;
        }
    }

    private static Map<String, Status> statuses(Connection db) throws SQLException {
        Map<String, Status> statuses = new HashMap<>();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT id, status FROM tasks")) {
            while (rs.next()) {
                statuses.put(rs.getString(1), Status.fromWire(rs.getString(2)));
            }
        }
        return statuses;
    }

    private static long lastEventId(Connection db) throws SQLException {
        try (Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT coalesce(max(id), 0) FROM task_events")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Map<String, List<Event>> eventsSince(Connection db, long cursor) throws SQLException {
        Map<String, List<Event>> events = new LinkedHashMap<>();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT id, task_id, kind, payload FROM task_events WHERE id > " + cursor + " ORDER BY id")) {
            while (rs.next()) {
                events.computeIfAbsent(rs.getString(2), k -> new ArrayList<>())
                        .add(new Event(rs.getLong(1), rs.getString(3), rs.getString(4)));
            }
        }
        return events;
    }
}
