package io.kanban.dispatcher.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.Board;
import io.kanban.core.model.Completion;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.TargetType;
import io.kanban.core.model.Task;
import io.kanban.core.notify.NotifyRequest;
import io.kanban.core.spi.DispatcherHandle;
import io.kanban.core.spi.DispatcherProvider;
import io.kanban.core.spi.NotifierHandle;
import io.kanban.core.spi.NotifierProvider;
import io.kanban.core.testing.ScratchBoard;
import io.kanban.dispatcher.DispatcherWithNotifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The notifier runs wherever the provider's dispatcher runs, and on its own handle, both found by ServiceLoader. */
class NotifierHostingTest {
    /** The Hermes home is the scratch board's folder, its board the home's default board. */
    @RegisterExtension
    final ScratchBoard scratch = ScratchBoard.onSqliteFromNow();
    final Path home = scratch.dir();

    Map<String, String> env(Receiver r, String extra) throws Exception {
        Files.writeString(home.resolve("config.yaml"), "kanban:\n  dispatch_interval_seconds: 3600\n"
                + "  worker_command: [\"/bin/true\"]\n  notify:\n    interval_seconds: 1\n" + extra
                + "    targets:\n      team: {type: webhook, url: \"" + r.url("/") + "\"}\n");
        return Map.of("HERMES_HOME", home.toString());
    }

    @Test
    void the_dispatcher_handle_carries_a_notifier_and_stopping_it_stops_both() throws Exception {
        try (Receiver r = new Receiver()) {
            Board board = scratch.board();
            Map<String, String> env = env(r, "");
            Task t = board.tasks().create(NewTask.titled("hosted").build()).task();
            board.notifySubscriptions().subscribe(NotifyRequest.board(TargetType.WEBHOOK, "team"));
            DispatcherProvider provider = DispatcherProvider.find().orElseThrow();
            DispatcherHandle handle = provider.start(board, env);
            NotifierHandle notifier = assertInstanceOf(DispatcherWithNotifier.class, handle).notifier();
            try {
                assertTrue(notifier.isRunning());
                board.claims().claim(t.id()).orElseThrow();
                board.claims().complete(t.id(), Completion.withSummary("seen by the hosted notifier"));
                assertTrue(Receiver.eventually(() -> r.accepted().size() == 1, Duration.ofSeconds(30)));
            } finally {
                handle.stop(Duration.ofSeconds(10));
            }
            assertFalse(handle.isRunning());
            assertFalse(notifier.isRunning(), "stopping the dispatcher handle stops the notifier");
            assertEquals(null, board.notifySubscriptions().list(null).get(0).delivery().leaseOwner(),
                    "a graceful stop gives up the lease");
        }
    }

    @Test
    void a_dispatcher_started_with_a_given_policy_hosts_the_notifier_too() throws Exception {
        try (Receiver r = new Receiver()) {
            Board board = scratch.board();
            Map<String, String> env = env(r, "");
            DispatcherProvider provider = DispatcherProvider.find().orElseThrow();
            // What 'kanban daemon --force --interval 5 --max 2' starts.
            DispatcherHandle handle = provider.start(board, env, provider.configuredPolicy(env).withMaxSpawnsPerTick(2),
                    Duration.ofSeconds(5));
            try {
                NotifierHandle notifier = assertInstanceOf(DispatcherWithNotifier.class, handle).notifier();
                assertTrue(notifier.isRunning());
            } finally {
                handle.stop(Duration.ofSeconds(10));
            }
            assertFalse(handle.isRunning());
        }
    }

    @Test
    void without_targets_or_when_disabled_the_dispatcher_runs_alone_and_the_notifier_has_its_own_route()
            throws Exception {
        try (Receiver r = new Receiver()) {
            Board board = scratch.board();
            Map<String, String> env = env(r, "    enabled: false\n");
            DispatcherHandle alone = DispatcherProvider.find().orElseThrow().start(board, env);
            try {
                assertFalse(alone instanceof DispatcherWithNotifier);
            } finally {
                alone.stop(Duration.ofSeconds(10));
            }
            NotifierProvider notifiers = NotifierProvider.find().orElseThrow();
            assertFalse(notifiers.enabledInHost(env));
            assertEquals("team", notifiers.targets(env).get(0).name());
            NotifierHandle own = notifiers.start(board, env);
            try {
                assertTrue(own.isRunning());
            } finally {
                own.stop(Duration.ofSeconds(10));
            }
            assertFalse(own.isRunning());
        }
    }

    @Test
    void the_dispatcher_over_every_board_runs_a_notifier_beside_each_one_made_after_it_started_too()
            throws Exception {
        try (Receiver r = new Receiver()) {
            Map<String, String> env = env(r, "");
            io.kanban.core.boards.Boards boards = new io.kanban.core.boards.Boards(
                    new io.kanban.core.boards.BoardLayout(home));
            DispatcherProvider provider = DispatcherProvider.find().orElseThrow();
            // What the dashboard on a Hermes home and 'kanban daemon --force --all-boards' start.
            DispatcherHandle handle = provider.startAllBoards(boards, env, provider.configuredPolicy(env), null);
            io.kanban.dispatcher.MultiBoardService service = assertInstanceOf(
                    io.kanban.dispatcher.MultiBoardService.class, handle);
            try {
                assertTrue(Receiver.eventually(() -> service.notifiedBoards().equals(java.util.List.of("default")),
                        Duration.ofSeconds(30)), "the first round serves the default board with its notifier");
                io.kanban.core.boards.BoardSlug late = io.kanban.core.boards.BoardSlug.of("late");
                boards.create(late, io.kanban.core.boards.Boards.NewBoard.defaults());
                handle.nudge(); // the next round finds the new board without a restart
                assertTrue(Receiver.eventually(() -> service.notifiedBoards().contains("late"),
                        Duration.ofSeconds(30)), "a board made while the host runs gets its notifier");
                try (Board board = scratch.openAt(boards.layout().db(late).toString())) {
                    board.notifySubscriptions().subscribe(NotifyRequest.board(TargetType.WEBHOOK, "team"));
                    Task t = board.tasks().create(NewTask.titled("on the late board").build()).task();
                    board.claims().claim(t.id()).orElseThrow();
                    board.claims().complete(t.id(), Completion.withSummary("seen by the late board's notifier"));
                    assertTrue(Receiver.eventually(() -> r.accepted().size() == 1, Duration.ofSeconds(30)));
                    assertEquals("on the late board", r.accepted().get(0).json().at("/task/title").asText());
                }
            } finally {
                handle.stop(Duration.ofSeconds(10));
            }
            assertFalse(handle.isRunning());
            assertEquals(java.util.List.of(), service.notifiedBoards(), "stopping the loop stops every notifier");
        }
    }
}
