package io.kanban.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.Board;
import io.kanban.core.dispatch.DispatchPolicy;
import io.kanban.core.dispatch.TickReport;
import io.kanban.core.model.NewTask;
import io.kanban.core.spi.DispatcherHandle;
import io.kanban.core.spi.DispatcherProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the CLI and the dashboard get through ServiceLoader. */
class ProcessDispatcherProviderTest {
    @TempDir
    Path home;

    @Test
    void the_service_loader_finds_the_process_dispatcher_configured_from_config_yaml() throws Exception {
        Files.writeString(home.resolve("config.yaml"), """
                kanban:
                  failure_limit: 2
                  per_assignee_limit: 3
                  dispatch_in_gateway: false
                  worker_command: [no-such-worker-binary, "{task_id}"]
                """);
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("HERMES_HOME", home.toString());
        env.remove(ConfigFile.GATEWAY_ENV);

        DispatcherProvider provider = DispatcherProvider.find().orElseThrow();
        assertInstanceOf(ProcessDispatcherProvider.class, provider);
        DispatchPolicy policy = provider.configuredPolicy(env);
        assertEquals(2, policy.failureLimit());
        assertEquals(3, policy.perAssigneeLimit());
        assertFalse(provider.enabledInHost(env));
        env.put(ConfigFile.GATEWAY_ENV, "yes");
        assertTrue(provider.enabledInHost(env));

        try (Board board = Board.open(home.resolve("kanban.db"))) {
            String id = board.tasks().create(NewTask.titled("t").assignee("a").build()).task().id();
            TickReport report = provider.tickOnce(board, env, policy);
            assertEquals(id, report.failed().get(0).taskId());
            assertTrue(report.failed().get(0).error().contains("no-such-worker-binary"));

            DispatcherHandle handle = provider.start(board, env);
            try {
                Fixture.await(() -> handle.lastTick().isPresent(), "the loop's first tick");
                assertTrue(handle.isRunning());
            } finally {
                handle.stop(Duration.ofSeconds(30));
            }
            assertFalse(handle.isRunning());
        }
    }
}
