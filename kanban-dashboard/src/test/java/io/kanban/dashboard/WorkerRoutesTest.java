package io.kanban.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kanban.core.Claims;
import io.kanban.core.model.NewTask;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The diagnostics panel's worker routes, against a real process this host started. */
class WorkerRoutesTest {
    @RegisterExtension
    final Dashboard d = new Dashboard();
    private Process worker;

    @AfterEach
    void killWorker() {
        if (worker != null) {
            worker.destroyForcibly();
        }
    }

    private String runningOnThisHost() throws Exception {
        worker = new ProcessBuilder("sleep", "300").start();
        String id = d.board.tasks().create(NewTask.titled("busy").assignee("coder").build()).task().id();
        d.board.claims().claim(id, new Claims.Claimant(d.board.options().hostname() + ":" + worker.pid(),
                worker.pid(), Duration.ofMinutes(15))).orElseThrow();
        return id;
    }

    @Test
    void active_workers_and_a_runs_inspection_show_the_live_local_process() throws Exception {
        String id = runningOnThisHost();
        long runId = d.board.tasks().get(id).currentRunId();

        JsonNode active = d.get("/api/workers/active").expect(200).json().get("workers");
        assertEquals(1, active.size());
        assertEquals(id, active.get(0).get("task_id").asText());
        assertTrue(active.get(0).get("alive").asBoolean());
        assertTrue(active.get(0).get("local").asBoolean());

        JsonNode run = d.get("/api/runs/" + runId + "/inspect").expect(200).json();
        assertEquals(worker.pid(), run.get("pid").asLong());
        assertTrue(run.get("alive").asBoolean());
        assertEquals("running", run.get("status").asText());
        assertTrue(run.has("runtime_seconds") && run.has("last_heartbeat_at") && run.has("log_tail"), run.toString());

        assertEquals(404, d.get("/api/runs/999999/inspect").status());
        assertEquals(400, d.get("/api/runs/nope/inspect").status());
    }

    @Test
    void terminate_stops_the_worker_and_takes_the_task_back_once() throws Exception {
        String id = runningOnThisHost();
        long runId = d.board.tasks().get(id).currentRunId();

        JsonNode after = d.post("/api/runs/" + runId + "/terminate", "").expect(200).json();

        assertEquals("reclaimed", after.get("status").asText());
        assertFalse(after.get("alive").asBoolean());
        assertTrue(worker.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "the worker is gone");
        assertEquals("ready", d.board.tasks().get(id).status().wire());
        assertTrue(d.board.events().forTask(id, 100).stream().anyMatch(e -> e.kind().equals("reclaimed")));
        assertEquals(409, d.post("/api/runs/" + runId + "/terminate", "").status());
        assertEquals(404, d.post("/api/runs/999999/terminate", "").status());
    }
}
