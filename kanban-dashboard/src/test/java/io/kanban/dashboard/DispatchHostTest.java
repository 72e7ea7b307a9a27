package io.kanban.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kanban.core.Board;
import io.kanban.core.dispatch.DispatchPolicy;
import io.kanban.core.dispatch.TickReport;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Status;
import io.kanban.core.spi.DispatcherHandle;
import io.kanban.core.spi.DispatcherProvider;
import io.kanban.core.testing.FakeProcessProbe;
import io.kanban.core.testing.FakeWorkerLauncher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DispatchHostTest {
    @TempDir
    Path dir;

    /** A provider whose loop ticks only when nudged, with a launcher that starts no real process. */
    static final class NudgedProvider implements DispatcherProvider {
        final FakeWorkerLauncher launcher = new FakeWorkerLauncher();
        final AtomicReference<Board> startedOn = new AtomicReference<>();
        volatile boolean stopped;

        @Override
        public DispatchPolicy configuredPolicy(Map<String, String> env) {
            return DispatchPolicy.defaults();
        }

        @Override
        public TickReport tickOnce(Board board, Map<String, String> env, DispatchPolicy policy) {
            return board.dispatch().tick(policy, launcher, new FakeProcessProbe());
        }

        @Override
        public DispatcherHandle start(Board board, Map<String, String> env) {
            startedOn.set(board);
            AtomicReference<TickReport> last = new AtomicReference<>();
            return new DispatcherHandle() {
                @Override
                public void nudge() {
                    last.set(tickOnce(board, env, DispatchPolicy.defaults()));
                }

                @Override
                public Optional<TickReport> lastTick() {
                    return Optional.ofNullable(last.get());
                }

                @Override
                public boolean isRunning() {
                    return !stopped;
                }

                @Override
                public void stop(Duration timeout) {
                    stopped = true;
                }
            };
        }

        @Override
        public boolean enabledInHost(Map<String, String> env) {
            return !"0".equals(env.get("HERMES_KANBAN_DISPATCH_IN_GATEWAY"));
        }
    }

    @Test
    void without_a_provider_nothing_is_hosted_and_the_reason_names_the_classpath() {
        try (Board board = Board.open(dir.resolve("a.db"))) {
            DispatchHost host = DispatchHost.start(board, Map.of(), Optional.empty());
            assertTrue(host.handle().isEmpty());
            assertTrue(host.whyAbsent().contains("not on the classpath"), host.whyAbsent());
        }
    }

    @Test
    void a_provider_disabled_in_the_configuration_is_not_started() {
        NudgedProvider provider = new NudgedProvider();
        try (Board board = Board.open(dir.resolve("b.db"))) {
            DispatchHost host = DispatchHost.start(board, Map.of("HERMES_KANBAN_DISPATCH_IN_GATEWAY", "0"),
                    Optional.of(provider));
            assertTrue(host.handle().isEmpty());
            assertTrue(host.whyAbsent().contains("dispatch_in_gateway"), host.whyAbsent());
            assertEquals(null, provider.startedOn.get());
        }
    }

    @Test
    void an_enabled_provider_runs_in_the_dashboard_and_a_nudge_dispatches_ready_work() {
        NudgedProvider provider = new NudgedProvider();
        DispatchHost host;
        try (Board board = Board.open(dir.resolve("kanban.db"))) {
            host = DispatchHost.start(board, Map.of(), Optional.of(provider));
            assertSame(board, provider.startedOn.get());
            try (Dashboard d = new Dashboard(host)) {
                // The fixture opened its own board; dispatch acts on the hosted board, so create the task there.
                String id = board.tasks().create(NewTask.titled("work").assignee("coder").build()).task().id();
                d.post("/api/dispatch/nudge", "").expect(202);
                assertEquals(Status.RUNNING, board.tasks().get(id).status());
                assertEquals(1, provider.launcher.launched().size());
                JsonNode status = d.get("/api/dispatch").expect(200).json();
                assertTrue(status.get("in_process").asBoolean());
                assertEquals(id, status.at("/last_tick/spawned/0/task_id").asText(), status.toString());
            }
            assertTrue(provider.stopped, "closing the dashboard stops the hosted dispatcher");
            assertFalse(host.handle().get().isRunning());
        }
    }
}
