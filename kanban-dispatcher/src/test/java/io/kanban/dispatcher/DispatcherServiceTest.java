package io.kanban.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.Board;
import io.kanban.core.dispatch.HealthReport;
import io.kanban.core.dispatch.TickReport;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Status;
import io.kanban.core.model.StuckCause;
import io.kanban.core.model.StuckTask;
import io.kanban.core.model.Task;
import io.kanban.core.spi.DispatcherHandle;
import io.kanban.core.spi.LaunchFailure;
import io.kanban.core.spi.LaunchRequest;
import io.kanban.core.spi.LaunchedWorker;
import io.kanban.core.spi.Liveness;
import io.kanban.core.spi.WorkerLauncher;
import io.kanban.core.testing.FakeProcessProbe;
import io.kanban.core.testing.FakeWorkerLauncher;
import io.kanban.core.testing.SettableClock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The loop: nudges, non-overlapping ticks, failing ticks, graceful stop, stuck-queue telemetry. */
class DispatcherServiceTest {
    final SettableClock clock = SettableClock.startingAt("2026-01-01T00:00:00Z");
    @RegisterExtension
    final DispatcherHome fx = new DispatcherHome(clock);

    private static DispatcherConfig config() {
        return DispatcherConfig.builder().dispatchInterval(Duration.ofSeconds(60)).perAssigneeLimit(4).build();
    }

    @Test
    void the_loop_ticks_at_start_and_again_when_nudged() {
        Board board = fx.board;
        FakeWorkerLauncher launcher = new FakeWorkerLauncher();
        DispatcherService service = DispatcherService.create(board, config(), launcher, new FakeProcessProbe());
        service.start();
        DispatcherHome.await(() -> service.lastTick().isPresent(), "the first tick");
        assertTrue(service.isRunning());

        Task task = board.tasks().create(NewTask.titled("later").assignee("a").build()).task();
        service.nudge();
        // The claim commits before the launch: wait for the launch itself, not for the status.
        DispatcherHome.await(() -> launcher.launched().size() == 1, "a nudged tick");
        assertEquals(Status.RUNNING, board.tasks().get(task.id()).status());
        service.stop(Duration.ofSeconds(30));
        assertFalse(service.isRunning());
    }

    @Test
    void a_failing_tick_is_logged_and_the_loop_goes_on() {
        Board board = fx.board;
        board.tasks().create(NewTask.titled("watched").assignee("a").build());
        AtomicInteger probes = new AtomicInteger();
        DispatcherService service = DispatcherService.create(board, config(), new FakeWorkerLauncher(), pid -> {
            if (probes.incrementAndGet() == 1) {
                throw new IllegalStateException("probe exploded");
            }
            return Liveness.ALIVE;
        });
        service.start();
        DispatcherHome.await(() -> service.lastTick().isPresent(), "the first tick (spawns, probes nothing)");
        TickReport first = service.lastTick().orElseThrow();
        service.nudge();
        DispatcherHome.await(() -> probes.get() >= 1, "the failing tick");
        service.nudge();
        DispatcherHome.await(() -> probes.get() >= 2 && service.lastTick().orElseThrow() != first, "a later tick");
        assertTrue(service.isRunning());
        service.stop(Duration.ofSeconds(30));
    }

    @Test
    void stop_during_a_tick_lets_it_finish_then_starts_nothing_new() throws Exception {
        Board board = fx.board;
        for (String who : List.of("a", "b", "c")) {
            board.tasks().create(NewTask.titled("task for " + who).assignee(who).build());
        }
        CountDownLatch inLaunch = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        FakeWorkerLauncher fake = new FakeWorkerLauncher();
        WorkerLauncher gated = new WorkerLauncher() {
            @Override
            public LaunchedWorker launch(LaunchRequest request) throws LaunchFailure {
                inLaunch.countDown();
                try {
                    proceed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return fake.launch(request);
            }

            @Override
            public boolean terminate(long pid, Duration grace) {
                return fake.terminate(pid, grace);
            }
        };
        DispatcherService service = DispatcherService.create(board, config(), gated, new FakeProcessProbe());
        service.start();
        assertTrue(inLaunch.await(60, TimeUnit.SECONDS), "a tick in the middle of spawning");

        Thread stopper = new Thread(() -> service.stop(Duration.ofSeconds(60)));
        stopper.start();
        stopper.join(300);
        assertTrue(stopper.isAlive(), "stop waits for the running tick");
        proceed.countDown();
        stopper.join(60_000);
        assertFalse(stopper.isAlive());

        TickReport last = service.lastTick().orElseThrow();
        assertEquals(3, last.spawned().size(), "the interrupted tick spawned all it had claimed");
        for (Task t : board.tasks().list(io.kanban.core.model.TaskFilter.all())) {
            assertEquals(Status.RUNNING, t.status());
            assertTrue(t.workerPid() != null, "every claim has its worker on record");
        }
        board.tasks().create(NewTask.titled("after stop").assignee("d").build());
        service.nudge();
        assertThrows(IllegalStateException.class, service::tickOnce);
        assertEquals(3, fake.launched().size());
        assertFalse(service.isRunning());
        service.stop(Duration.ofSeconds(1)); // idempotent
    }

    @Test
    void stop_from_a_shutdown_hook_style_thread_ends_an_idle_loop_promptly() throws Exception {
        Board board = fx.board;
        DispatcherService service = DispatcherService.create(board, config(), new FakeWorkerLauncher(),
                new FakeProcessProbe());
        service.start();
        DispatcherHome.await(() -> service.lastTick().isPresent(), "the first tick");
        Thread hook = new Thread(() -> service.stop(Duration.ofSeconds(30)), "shutdown-hook");
        hook.start();
        hook.join(60_000);
        assertFalse(hook.isAlive());
        assertFalse(service.isRunning());
    }

    @Test
    void ready_tasks_waiting_past_the_threshold_are_reported_with_their_cause() {
        Board board = fx.board;
        Task nobody = board.tasks().create(NewTask.titled("orphan").build()).task();
        board.tasks().create(NewTask.titled("first").assignee("busy").priority(2).build());
        Task second = board.tasks().create(NewTask.titled("second").assignee("busy").build()).task();
        Task broken = board.tasks().create(NewTask.titled("broken").assignee("flaky").build()).task();
        FakeWorkerLauncher launcher = new FakeWorkerLauncher();
        DispatcherConfig config = DispatcherConfig.builder().stuckThreshold(Duration.ofMinutes(5))
                .failureLimit(1).build();
        DispatcherService service = DispatcherService.create(board, config, new LauncherFailingFor(
                launcher, broken.id()), new FakeProcessProbe());

        service.tickOnce();
        assertTrue(service.health().stuck().stream().noneMatch(s -> s.taskId().equals(nobody.id())),
                "not stuck before the threshold");

        clock.advance(Duration.ofMinutes(6));
        service.tickOnce();

        HealthReport health = service.health();
        assertFalse(health.healthy());
        assertEquals(clock.instant(), health.checkedAt());
        assertEquals(StuckCause.UNASSIGNED, cause(health, nobody.id()).cause());
        assertEquals(StuckCause.ASSIGNEE_AT_LIMIT, cause(health, second.id()).cause());
        assertEquals(StuckCause.BREAKER_OPEN, cause(health, broken.id()).cause());
        assertTrue(cause(health, broken.id()).detail().contains("cannot start this one"),
                cause(health, broken.id()).detail());
        assertEquals(Set.of(nobody.id(), second.id()), Set.copyOf(health.newlyStuck()));

        DispatcherHandle handle = service;
        assertEquals(health, handle.health(), "front ends read it through the SPI");
        clock.advance(Duration.ofMinutes(1));
        service.tickOnce();
        assertTrue(service.health().newlyStuck().isEmpty(), "the condition started once");
        long stuckEvents = board.events().since(0, 1_000).stream().filter(e -> e.kind().equals("stuck")).count();
        assertEquals(2, stuckEvents, "one event per stuck task, not one per tick");
        assertEquals(2, board.tasks().stats().stuck().size(), "stats see them through core");
    }

    private static StuckTask cause(HealthReport health, String taskId) {
        return health.stuck().stream().filter(s -> s.taskId().equals(taskId)).findFirst()
                .orElseThrow(() -> new AssertionError(taskId + " not reported: " + health));
    }

    /** Launches through {@code delegate} except for one task, whose launches fail. */
    private record LauncherFailingFor(FakeWorkerLauncher delegate, String taskId) implements WorkerLauncher {
        @Override
        public LaunchedWorker launch(LaunchRequest request) throws LaunchFailure {
            if (request.task().id().equals(taskId)) {
                throw new LaunchFailure("cannot start this one");
            }
            return delegate.launch(request);
        }

        @Override
        public boolean terminate(long pid, Duration grace) {
            return delegate.terminate(pid, grace);
        }
    }

    @Test
    void a_stopped_service_cannot_be_restarted() {
        Board board = fx.board;
        DispatcherService service = DispatcherService.create(board, config(), new FakeWorkerLauncher(),
                new FakeProcessProbe());
        service.stop(Duration.ofSeconds(1));
        assertThrows(IllegalStateException.class, service::start);
        assertEquals(HealthReport.NOT_CHECKED, service.health());
    }
}
