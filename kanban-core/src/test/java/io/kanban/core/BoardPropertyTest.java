package io.kanban.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.kanban.core.dispatch.DispatchPolicy;
import io.kanban.core.error.KanbanException;
import io.kanban.core.model.Completion;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import io.kanban.core.model.TaskFilter;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Random operation sequences against a real board file; after every step the board's invariants hold:
 * at most one open run per task; running iff an open run (the task's current run); a todo task has an
 * unfinished parent and a ready one has none; no link cycles; event ids strictly increase; every change
 * appends an event and every refused operation changes nothing.
 */
@OnEachBackend
class BoardPropertyTest {
    static final long SEED = 20261125L;
    static final int OPS = 14;

    /** Each example runs on a fresh board of its own, in a folder of this one or a schema of this backend. */
    final Backend backend;
    final Path dir;

    BoardPropertyTest(ScratchBoard scratch) {
        backend = scratch.backend();
        dir = scratch.dir();
    }

    @Test
    void random_operation_sequences_keep_the_invariants() {
        backend.assumeAvailable();
        int[] example = {0};
        qt().withFixedSeed(SEED).withExamples(40).withShrinkCycles(60)
                .forAll(lists().of(integers().between(0, Integer.MAX_VALUE)).ofSizeBetween(1, 35))
                .checkAssert(codes -> {
                    try {
                        runSequence(dir.resolve("p" + example[0]++), codes);
                    } catch (Exception e) {
                        throw new AssertionError("seed " + SEED + ", ops " + codes + ": " + e, e);
                    }
                });
    }

    private void runSequence(Path folder, List<Integer> codes) throws Exception {
        Files.createDirectories(folder);
        SettableClock clock = SettableClock.startingAt(ScratchBoard.START);
        FakeWorkerLauncher launcher = new FakeWorkerLauncher();
        FakeProcessProbe probe = new FakeProcessProbe();
        String location = backend.newBoard(folder);
        try (Board board = backend.open(location, clock);
             Connection db = backend.jdbc(location)) {
            List<String> ids = new ArrayList<>();
            for (int code : codes) {
                String before = snapshot(db);
                long eventsBefore = maxEventId(db);
                String step = describe(code);
                boolean refused = false;
                try {
                    apply(board, clock, launcher, probe, ids, code);
                } catch (KanbanException expected) {
                    refused = true;
                }
                String after = snapshot(db);
                long eventsAfter = maxEventId(db);
                if (refused) {
                    assertEquals(before, after, step + " was refused but changed the board");
                    assertEquals(eventsBefore, eventsAfter, step + " was refused but wrote an event");
                } else if (!before.equals(after)) {
                    assertTrue(eventsAfter > eventsBefore, step + " changed the board without an event");
                }
                checkInvariants(db, step, backend.insertionOrder());
                clock.advance(Duration.ofSeconds(1 + code % 5));
            }
        }
    }

    private static void apply(Board board, SettableClock clock, FakeWorkerLauncher launcher,
                              FakeProcessProbe probe, List<String> ids, int code) {
        int op = code % OPS;
        String a = ids.isEmpty() ? "t_missing" : ids.get((code / OPS) % ids.size());
        String b = ids.isEmpty() ? "t_missing" : ids.get((code / (OPS * 97)) % ids.size());
        switch (op) {
            case 0, 1 -> {
                NewTask.Builder t = NewTask.titled("task " + ids.size()).assignee(code % 3 == 0 ? "a" : "b");
                if (!ids.isEmpty() && code % 2 == 0) {
                    t.parent(b);
                }
                t.triage(code % 11 == 0);
                ids.add(board.tasks().create(t.build()).task().id());
            }
            case 2 -> board.claims().claim(a);
            case 3 -> board.claims().claimNext(code % 2 == 0 ? "a" : null);
            case 4 -> board.claims().complete(a, Completion.withSummary("done " + code));
            case 5 -> board.claims().block(a, "need input " + code, null);
            case 6 -> board.claims().unblock(a);
            case 7 -> board.tasks().archive(a);
            case 8 -> board.links().link(a, b);
            case 9 -> board.links().unlink(a, b);
            case 10 -> board.tasks().move(a, List.of(Status.TODO, Status.READY, Status.TRIAGE, Status.DONE)
                    .get((code / 7) % 4), null);
            case 11 -> board.claims().heartbeat(a, null, null);
            case 12 -> {
                clock.advance(Duration.ofMinutes(20));
                board.dispatch().tick(DispatchPolicy.defaults(), launcher, probe);
            }
            default -> {
                Task t = board.tasks().get(a);
                if (t.workerPid() != null) {
                    probe.set(t.workerPid(), Liveness.GONE);
                }
                board.dispatch().tick(DispatchPolicy.defaults().withFailureLimit(2), launcher, probe);
            }
        }
    }

    private static String describe(int code) {
        String[] names = {"create", "create", "claim", "claimNext", "complete", "block", "unblock", "archive",
                "link", "unlink", "move", "heartbeat", "expire+tick", "crash+tick"};
        return names[code % OPS] + "(" + code + ")";
    }

    private static void checkInvariants(Connection db, String step, String insertionOrder) throws SQLException {
        Map<String, String> status = new HashMap<>();
        Map<String, Long> currentRun = new HashMap<>();
        query(db, "SELECT id, status, current_run_id FROM tasks", rs -> {
            status.put(rs.getString(1), rs.getString(2));
            long run = rs.getLong(3);
            currentRun.put(rs.getString(1), rs.wasNull() ? null : run);
        });
        Map<String, List<Long>> openRuns = new HashMap<>();
        query(db, "SELECT task_id, id FROM task_runs WHERE ended_at IS NULL",
                rs -> openRuns.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getLong(2)));
        Map<String, List<String>> parents = new HashMap<>();
        query(db, "SELECT child_id, parent_id FROM task_links",
                rs -> parents.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2)));
        for (String id : status.keySet()) {
            List<Long> open = openRuns.getOrDefault(id, List.of());
            assertTrue(open.size() <= 1, step + ": " + id + " has " + open.size() + " open runs");
            boolean running = status.get(id).equals("running");
            assertEquals(running, open.size() == 1, step + ": " + id + " is " + status.get(id) + " with runs " + open);
            if (running) {
                assertEquals(open.get(0), currentRun.get(id), step + ": current_run_id of " + id);
            }
            boolean waiting = parents.getOrDefault(id, List.of()).stream()
                    .anyMatch(p -> !Set.of("done", "archived").contains(status.get(p)));
            if (status.get(id).equals("todo")) {
                assertTrue(waiting, step + ": todo task " + id + " has no unfinished parent");
            }
            if (status.get(id).equals("ready")) {
                assertTrue(!waiting, step + ": ready task " + id + " has an unfinished parent");
            }
        }
        for (String id : status.keySet()) {
            assertTrue(!reaches(parents, id, id, new HashSet<>()), step + ": cycle through " + id);
        }
        List<Long> eventIds = new ArrayList<>();
        query(db, "SELECT id FROM task_events ORDER BY " + insertionOrder, rs -> eventIds.add(rs.getLong(1)));
        for (int i = 1; i < eventIds.size(); i++) {
            assertTrue(eventIds.get(i) > eventIds.get(i - 1), step + ": event ids not increasing");
        }
    }

    private static boolean reaches(Map<String, List<String>> parents, String from, String target, Set<String> seen) {
        for (String p : parents.getOrDefault(from, List.of())) {
            if (p.equals(target) || (seen.add(p) && reaches(parents, p, target, seen))) {
                return true;
            }
        }
        return false;
    }

    private static String snapshot(Connection db) throws SQLException {
        StringBuilder all = new StringBuilder();
        for (String sql : List.of(
                "SELECT id, status, assignee, claim_lock, current_run_id, result, consecutive_failures FROM tasks ORDER BY id",
                "SELECT parent_id, child_id FROM task_links ORDER BY 1, 2",
                "SELECT id, status, outcome, ended_at FROM task_runs ORDER BY id",
                "SELECT id FROM task_comments ORDER BY id")) {
            query(db, sql, rs -> {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    all.append(rs.getString(i)).append('|');
                }
                all.append('\n');
            });
        }
        return all.toString();
    }

    private static long maxEventId(Connection db) throws SQLException {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT coalesce(max(id), 0) FROM task_events")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private interface RowAction {
        void accept(ResultSet rs) throws SQLException;
    }

    private static void query(Connection db, String sql, RowAction action) throws SQLException {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                action.accept(rs);
            }
        }
    }
}
