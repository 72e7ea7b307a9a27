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

    @Test
    void on_a_hermes_home_the_hosted_dispatcher_serves_a_board_created_after_the_dashboard_started()
            throws Exception {
        try (Dashboard d = Dashboard.onHome(self -> {
            try {
                java.nio.file.Files.createDirectories(self.home);
                // A worker that exits at once: the test needs the spawn, not the work.
                java.nio.file.Files.writeString(self.home.resolve("config.yaml"), """
                        kanban:
                          dispatch_in_gateway: true
                          dispatch_interval_seconds: 3600
                          worker_command: ["/bin/true"]
                        """);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return DispatchHost.startHome(self.boards, self.env(), DispatcherProvider.find());
        })) {
            assertTrue(d.get("/api/dispatch").expect(200).json().get("in_process").asBoolean());
            d.post("/api/boards", Dashboard.json(Map.of("slug", "late"))).expect(201);
            String id = d.post("/api/tasks?board=late", Dashboard.json(Map.of("title", "on a new board",
                    "assignee", "coder"))).expect(201).json().at("/task/id").asText();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            JsonNode runs = null;
            while (System.nanoTime() < deadline) {
                d.post("/api/dispatch/nudge?board=late", "").expect(202);
                runs = d.get("/api/tasks/" + id + "/runs?board=late").expect(200).json();
                if (runs.path("runs").size() > 0) {
                    break;
                }
                Thread.sleep(200);
            }
            assertTrue(runs != null && runs.path("runs").size() > 0, "the card on the new board got a worker: "
                    + runs);
            assertEquals("coder", runs.at("/runs/0/profile").asText(), runs.toString());
            // The round that spawned it publishes its reports when every board is done.
            JsonNode status = d.get("/api/dispatch?board=late").expect(200).json();
            while (!status.get("boards").toString().contains("\"late\"") && System.nanoTime() < deadline) {
                Thread.sleep(100);
                status = d.get("/api/dispatch?board=late").expect(200).json();
            }
            assertTrue(status.get("boards").toString().contains("\"late\""), status.toString());
            assertTrue(status.get("boards").toString().contains("\"default\""), status.toString());
            assertTrue(status.get("last_tick").isObject(), "the last tick of the board asked for: " + status);
        }
    }
}
