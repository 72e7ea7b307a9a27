package io.kanban.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.Board;
import io.kanban.core.dispatch.DispatchPolicy;
import io.kanban.core.dispatch.TickReport;
import io.kanban.core.model.NewTask;
import io.kanban.core.spi.DispatcherHandle;
import io.kanban.core.spi.DispatcherProvider;
import io.kanban.core.testing.SettableClock;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the CLI and the dashboard get through ServiceLoader. */
class ProcessDispatcherProviderTest {
    final SettableClock clock = SettableClock.startingAt("2026-01-01T00:00:00Z");
    @RegisterExtension
    final DispatcherHome fx = new DispatcherHome(clock);

    @Test
    void the_service_loader_finds_the_process_dispatcher_configured_from_config_yaml() throws Exception {
        Files.writeString(fx.home.resolve("config.yaml"), """
                kanban:
                  failure_limit: 2
                  per_assignee_limit: 3
                  dispatch_in_gateway: false
                  worker_command: [no-such-worker-binary, "{task_id}"]
                """);
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("HERMES_HOME", fx.home.toString());
        env.remove(ConfigFile.GATEWAY_ENV);

        DispatcherProvider provider = DispatcherProvider.find().orElseThrow();
        assertInstanceOf(ProcessDispatcherProvider.class, provider);
        DispatchPolicy policy = provider.configuredPolicy(env);
        assertEquals(2, policy.failureLimit());
        assertEquals(3, policy.perAssigneeLimit());
        assertFalse(provider.enabledInHost(env));
        env.put(ConfigFile.GATEWAY_ENV, "yes");
        assertTrue(provider.enabledInHost(env));

        Board board = fx.board;
        String id = board.tasks().create(NewTask.titled("t").assignee("a").build()).task().id();
        TickReport report = provider.tickOnce(board, env, policy);
        assertEquals(id, report.failed().get(0).taskId());
        assertTrue(report.failed().get(0).error().contains("no-such-worker-binary"));

        DispatcherHandle handle = provider.start(board, env);
        try {
            DispatcherHome.await(() -> handle.lastTick().isPresent(), "the loop's first tick");
            assertTrue(handle.isRunning());
        } finally {
            handle.stop(Duration.ofSeconds(30));
        }
        assertFalse(handle.isRunning());
    }

    @Test
    void a_loop_can_start_with_a_given_policy_and_interval_and_one_shot_ticks_report_stuck_tasks()
            throws Exception {
        Files.writeString(fx.home.resolve("config.yaml"), """
                kanban:
                  stuck_threshold_seconds: 1
                  worker_command: [no-such-worker-binary, "{task_id}"]
                """);
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("HERMES_HOME", fx.home.toString());
        DispatcherProvider provider = DispatcherProvider.find().orElseThrow();
        Board board = fx.board;
        String orphan = board.tasks().create(NewTask.titled("orphan").build()).task().id();
        clock.advance(Duration.ofSeconds(2)); // ready for longer than the one-second threshold
        provider.tickOnce(board, env, provider.configuredPolicy(env));
        assertEquals(orphan, board.health().stuckReady().get(0).taskId(), "a one-shot tick records it too");

        assertThrows(io.kanban.core.error.ValidationError.class, () -> provider.start(board, env,
                DispatchPolicy.defaults().withDryRun(true), null));
        String failing = board.tasks().create(NewTask.titled("t").assignee("a").build()).task().id();
        DispatcherHandle handle = provider.start(board, env, DispatchPolicy.defaults().withFailureLimit(1),
                Duration.ofSeconds(3600));
        try {
            DispatcherHome.await(() -> handle.lastTick().isPresent(), "the loop's first tick");
            assertEquals(io.kanban.core.model.Status.BLOCKED, board.tasks().get(failing).status(),
                    "failure limit 1 from the given policy, not the configured 3");
            assertInstanceOf(DispatcherService.class, handle);
            assertEquals(Duration.ofSeconds(3600), ((DispatcherService) handle).interval());
            assertFalse(handle.health().healthy(), "the handle shows the stuck queue");
        } finally {
            handle.stop(Duration.ofSeconds(30));
        }
    }
}
