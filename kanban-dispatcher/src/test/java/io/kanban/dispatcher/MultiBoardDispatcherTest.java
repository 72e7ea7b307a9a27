package io.kanban.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.Board;
import io.kanban.core.BoardOptions;
import io.kanban.core.boards.BoardLayout;
import io.kanban.core.boards.BoardSlug;
import io.kanban.core.boards.Boards;
import io.kanban.core.model.NewTask;
import io.kanban.core.testing.FakeProcessProbe;
import io.kanban.core.testing.FakeWorkerLauncher;
import io.kanban.core.testing.SettableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MultiBoardDispatcherTest {
    @TempDir
    Path home;
    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final FakeWorkerLauncher launcher = new FakeWorkerLauncher();

    private Boards boardsWith(Map<String, Integer> readyCards) {
        Boards boards = new Boards(new BoardLayout(home), clock);
        readyCards.forEach((slug, n) -> {
            BoardSlug s = BoardSlug.of(slug);
            if (!s.isDefault()) {
                boards.create(s, Boards.NewBoard.defaults());
            }
            addReady(boards, s, n);
        });
        return boards;
    }

    private void addReady(Boards boards, BoardSlug s, int n) {
        try (Board b = Board.open(BoardOptions.at(boards.layout().db(s)).withClock(clock))) {
            for (int i = 0; i < n; i++) {
                b.tasks().create(NewTask.titled(s + " card " + i).assignee("w" + (i % 50)).build());
            }
        }
    }

    private MultiBoardDispatcher dispatcher(Boards boards, int maxInProgress, int maxSpawn) {
        DispatcherConfig config = DispatcherConfig.builder().perAssigneeLimit(100).globalLimit(maxInProgress)
                .maxSpawnsPerTick(maxSpawn).build();
        return new MultiBoardDispatcher(boards, config, b -> launcher, new FakeProcessProbe(), clock);
    }

    @Test
    void a_big_board_does_not_starve_small_ones_and_the_host_cap_spans_every_board() {
        Boards boards = boardsWith(Map.of("default", 0, "big", 200, "small", 3, "tiny", 2));
        try (MultiBoardDispatcher d = dispatcher(boards, 6, 64)) {
            MultiBoardDispatcher.Report first = d.tickOnce();
            assertEquals(6, first.spawned(), "max_in_progress across boards");
            assertEquals(2, first.spawned("big"));
            assertEquals(2, first.spawned("small"));
            assertEquals(2, first.spawned("tiny"));
            assertEquals(0, d.tickOnce().spawned(), "the host is full: nothing more starts");
            assertEquals(List.of("default", "big", "small", "tiny"), d.servedBoards());
        }
    }

    @Test
    void max_spawn_caps_what_each_board_runs_and_a_finished_worker_frees_a_slot() {
        Boards boards = boardsWith(Map.of("big", 100, "small", 1, "other", 5));
        try (MultiBoardDispatcher d = dispatcher(boards, 50, 4)) {
            MultiBoardDispatcher.Report first = d.tickOnce();
            assertEquals(4, first.spawned("big"), "per-board max_spawn");
            assertEquals(1, first.spawned("small"));
            assertEquals(4, first.spawned("other"));
            MultiBoardDispatcher.Report second = d.tickOnce();
            assertEquals(0, second.spawned(), "each board runs max_spawn workers already");
            Board big = d.board(BoardSlug.of("big"));
            io.kanban.core.spi.LaunchRequest launch = launcher.launched().stream()
                    .filter(l -> l.boardLocation().equals(big.location())).findFirst().orElseThrow();
            big.claims().complete(launch.task().id(),
                    new io.kanban.core.model.Completion("done", null, null, launch.run().id()));
            assertEquals(1, d.tickOnce().spawned("big"), "a finished worker frees its board's slot");
        }
    }

    @Test
    void a_board_created_while_the_host_runs_is_served_from_the_next_tick() {
        Boards boards = boardsWith(Map.of("first", 1));
        try (MultiBoardDispatcher d = dispatcher(boards, 10, 10)) {
            assertEquals(1, d.tickOnce().spawned());
            boards.create(BoardSlug.of("later"), Boards.NewBoard.defaults());
            addReady(boards, BoardSlug.of("later"), 2);
            MultiBoardDispatcher.Report r = d.tickOnce();
            assertEquals(2, r.spawned("later"));
            assertTrue(d.servedBoards().contains("later"));
            boards.remove(BoardSlug.of("later"), false);
            d.tickOnce();
            assertTrue(!d.servedBoards().contains("later"), "an archived board is let go");
        }
    }

    @Test
    void the_loop_serves_every_board_until_stopped() throws Exception {
        Boards boards = boardsWith(Map.of("p1", 1, "p2", 1));
        MultiBoardService service = new MultiBoardService(dispatcher(boards, 10, 10), java.time.Duration.ofSeconds(1))
                .start();
        try {
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
            // The launches are recorded inside the tick; its report is kept only when the tick returns.
            while ((launcher.launched().size() < 2 || service.lastRound().isEmpty())
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(2, launcher.launched().size());
            assertTrue(service.isRunning());
            assertTrue(service.lastRound().isPresent());
        } finally {
            service.stop(java.time.Duration.ofSeconds(10));
        }
        assertTrue(!service.isRunning());
    }

    @Test
    void the_first_board_served_changes_each_tick() {
        assertEquals(Map.of("a", 1, "b", 1, "c", 1),
                MultiBoardDispatcher.deal(List.of("a", "b", "c"), Map.of("a", 9, "b", 9, "c", 9), 3));
        assertEquals(Map.of("b", 2, "c", 1),
                MultiBoardDispatcher.deal(List.of("b", "c", "a"), Map.of("a", 0, "b", 9, "c", 1), 3));
    }

    @Test
    void each_launch_names_the_board_of_its_card() {
        Boards boards = boardsWith(Map.of("p1", 1, "p2", 1));
        try (MultiBoardDispatcher d = dispatcher(boards, 10, 10)) {
            d.tickOnce();
        }
        assertEquals(java.util.Set.of(boards.layout().db(BoardSlug.of("p1")).toString(),
                boards.layout().db(BoardSlug.of("p2")).toString()),
                new java.util.HashSet<>(launcher.launched().stream().map(l -> l.boardLocation()).toList()));
    }

    @Test
    void each_board_s_queue_is_judged_after_a_round_a_board_made_later_too() {
        Boards boards = boardsWith(Map.of("first", 0));
        BoardHealth health = new BoardHealth(io.kanban.core.dispatch.DispatchPolicy.defaults(),
                java.time.Duration.ofMinutes(5));
        try (MultiBoardDispatcher d = dispatcher(boards, 10, 10).watch(health)) {
            health.observe(d.tickOnce());
            boards.create(BoardSlug.of("later"), Boards.NewBoard.defaults());
            String orphan;
            try (Board b = Board.open(BoardOptions.at(boards.layout().db(BoardSlug.of("later"))).withClock(clock))) {
                orphan = b.tasks().create(NewTask.titled("nobody runs me").build()).task().id();
            }
            health.observe(d.tickOnce());
            Board later = d.board(BoardSlug.of("later"));
            assertTrue(later.tasks().stats().stuck().isEmpty(), "not stuck before the threshold");
            clock.advance(java.time.Duration.ofMinutes(6));
            health.observe(d.tickOnce());
            assertEquals(List.of(orphan), later.tasks().stats().stuck().stream().map(t -> t.taskId()).toList());
            assertEquals(1, later.events().since(0, 100).stream().filter(e -> e.kind().equals("stuck")).count(),
                    "the stuck event is recorded on the card's own board");
        }
    }
}
