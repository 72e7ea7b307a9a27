package io.kanban.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.Board;
import io.kanban.core.boards.BoardLayout;
import io.kanban.core.boards.BoardSlug;
import io.kanban.core.boards.Boards;
import io.kanban.core.dispatch.TickReport;
import io.kanban.core.dispatch.TickReport.Skip;
import io.kanban.core.dispatch.TickReport.SkipReason;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code kanban.max_in_progress} and {@code kanban.max_in_progress_per_profile} are host-wide (HERMES-UPSTREAM §5):
 * with real worker processes on two boards of one Hermes home, a single-board dispatcher counts the other board's
 * workers, and the all-boards dispatcher keeps both caps across its boards.
 */
class HostWideCapsTest {
    @RegisterExtension
    final DispatcherHome fx = new DispatcherHome();

    private Boards boards;
    private Board ops;

    @BeforeEach
    void secondBoard() {
        boards = new Boards(BoardLayout.of(fx.env));
        boards.create(BoardSlug.of("ops"), Boards.NewBoard.defaults());
        ops = fx.open(boards.layout().db(BoardSlug.of("ops")));
    }

    /** Workers that live until the test ends: real processes that hold their card running. */
    private DispatcherConfig.Builder config() {
        return fx.config().workerCommand(List.of("/bin/sh", "-c", "sleep 300"));
    }

    private static Task card(Board board, String title, String assignee) {
        return board.tasks().create(NewTask.titled(title).assignee(assignee).build()).task();
    }

    private static Map<String, SkipReason> reasons(TickReport report) {
        return report.skipped().stream().collect(Collectors.toMap(Skip::taskId, Skip::reason));
    }

    private static long running(Board board, String assignee) {
        return board.tasks().list(io.kanban.core.model.TaskFilter.all().withStatus(Status.RUNNING)).stream()
                .filter(t -> assignee == null || assignee.equals(t.assignee())).count();
    }

    @Test
    void a_single_board_dispatcher_counts_the_workers_of_the_other_boards_of_its_home() {
        card(ops, "ops alpha 1", "alpha");
        card(ops, "ops alpha 2", "alpha");
        card(ops, "ops beta", "beta");
        DispatcherConfig caps = config().perAssigneeLimit(2).globalLimit(4).build();
        TickReport opsTick = DispatcherService.create(ops, caps, fx.env).tickOnce();
        assertEquals(3, opsTick.spawned().size(), opsTick.toString());
        for (TickReport.Spawn s : opsTick.spawned()) {
            assertTrue(ProcessHandle.of(s.pid()).map(ProcessHandle::isAlive).orElse(false), "worker " + s.pid());
        }

        Task alpha = card(fx.board, "default alpha", "alpha");
        Task gamma1 = card(fx.board, "default gamma 1", "gamma");
        Task gamma2 = card(fx.board, "default gamma 2", "gamma");
        TickReport tick = fx.dispatcher(caps).tickOnce();

        // alpha runs 2 workers on ops: its cap (2) is reached on this board too; the host has room for one more.
        assertEquals(List.of(gamma1.id()), tick.spawned().stream().map(TickReport.Spawn::taskId).toList());
        Map<String, SkipReason> why = reasons(tick);
        assertEquals(SkipReason.ASSIGNEE_AT_LIMIT, why.get(alpha.id()));
        assertEquals(SkipReason.GLOBAL_LIMIT, why.get(gamma2.id()));
        Skip global = tick.skipped().stream().filter(s -> s.taskId().equals(gamma2.id())).findFirst().orElseThrow();
        assertTrue(global.detail().contains("the host runs 4 of 4 workers") && global.detail()
                .contains("3 on other boards"), global.detail());
        Skip profile = tick.skipped().stream().filter(s -> s.taskId().equals(alpha.id())).findFirst().orElseThrow();
        assertTrue(profile.detail().contains("2 on other boards"), profile.detail());
        assertEquals(4, running(ops, null) + running(fx.board, null), "max_in_progress across both boards");
    }

    @Test
    void a_one_shot_kanban_dispatch_counts_the_other_boards_too() throws Exception {
        card(ops, "ops alpha", "alpha");
        card(ops, "ops beta", "beta");
        assertEquals(2, DispatcherService.create(ops, config().globalLimit(4).build(), fx.env).tickOnce().spawned()
                .size());
        java.nio.file.Files.writeString(fx.home.resolve("config.yaml"), "kanban:\n  check_profiles: false\n"
                + "  max_in_progress: 2\n");
        Task waiting = card(fx.board, "default gamma", "gamma");

        ProcessDispatcherProvider provider = new ProcessDispatcherProvider();
        TickReport dry = provider.tickOnce(fx.board, fx.env, provider.configuredPolicy(fx.env).withDryRun(true));

        assertTrue(dry.spawned().isEmpty(), dry.toString());
        assertEquals(SkipReason.GLOBAL_LIMIT, reasons(dry).get(waiting.id()), "2 workers run on ops: the host is full");
    }

    @Test
    void the_all_boards_dispatcher_keeps_the_host_and_profile_caps_across_boards() {
        for (Board board : List.of(fx.board, ops)) {
            for (int i = 0; i < 3; i++) {
                card(board, "alpha " + i, "alpha");
            }
            card(board, "beta", "beta");
        }
        try (MultiBoardDispatcher all = MultiBoardDispatcher.create(boards,
                config().perAssigneeLimit(2).globalLimit(10).build(), fx.env)) {
            MultiBoardDispatcher.Report first = all.tickOnce();
            assertEquals(4, first.spawned(), "two alpha workers on the whole host, and one beta per board");
            assertEquals(2, running(fx.board, "alpha") + running(ops, "alpha"), "per-profile cap across boards");
            assertEquals(2, running(fx.board, "beta") + running(ops, "beta"));
            assertEquals(0, all.tickOnce().spawned(), "alpha stays at its cap on every board");
        }

        for (int i = 0; i < 3; i++) {
            card(ops, "gamma " + i, "gamma");
        }
        try (MultiBoardDispatcher all = MultiBoardDispatcher.create(boards,
                config().perAssigneeLimit(3).globalLimit(6).build(), fx.env)) {
            MultiBoardDispatcher.Report second = all.tickOnce();
            // 4 run; max_in_progress 6 leaves 2 slots for the whole host, whichever board's cards take them.
            assertEquals(2, second.spawned(), second.boards().toString());
            assertEquals(6, running(fx.board, null) + running(ops, null));
            assertTrue(running(fx.board, "alpha") + running(ops, "alpha") <= 3);
            assertEquals(0, all.tickOnce().spawned(), "the host is full");
        }
    }
}
