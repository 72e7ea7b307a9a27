package io.kanban.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.Board;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Run;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import io.kanban.core.model.TaskFilter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two dispatcher JVMs racing over one board file never start the same task twice; their workers outlive them. */
class TwoDispatcherProcessesTest {
    static final int TASKS = 24;

    @TempDir
    Path tmp;

    @Test
    void two_dispatcher_processes_never_spawn_the_same_task_twice_and_their_workers_outlive_them() throws Exception {
        Path boardFile = tmp.resolve("kanban.db");
        List<Long> pids = new ArrayList<>();
        try (Board board = Board.open(boardFile)) {
            for (int i = 0; i < TASKS; i++) {
                board.tasks().create(NewTask.titled("job " + i).assignee("p" + (i % 6)).build());
            }
            Path go = tmp.resolve("go");
            List<Process> dispatchers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                List<String> cmd = new ArrayList<>(List.of(DispatcherHome.javaExecutable(), "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                        "-cp", DispatcherHome.testClassPath(), DispatchOnceMain.class.getName(),
                        boardFile.toString(), go.toString(), "3"));
                dispatchers.add(new ProcessBuilder(cmd).redirectErrorStream(true)
                        .redirectOutput(tmp.resolve("dispatcher-" + i + ".out").toFile()).start());
            }
            Files.createFile(go);
            int total = 0;
            for (int i = 0; i < dispatchers.size(); i++) {
                Process p = dispatchers.get(i);
                assertTrue(p.waitFor(DispatcherHome.PATIENCE.toSeconds(), TimeUnit.SECONDS), "dispatcher " + i + " ends");
                String out = Files.readString(tmp.resolve("dispatcher-" + i + ".out"));
                assertEquals(0, p.exitValue(), out);
                total += Integer.parseInt(out.lines().filter(l -> l.startsWith("spawned=")).findFirst()
                        .orElseThrow(() -> new AssertionError(out)).substring("spawned=".length()));
            }
            assertEquals(TASKS, total, "together they spawned each task once");

            Set<Long> distinct = new HashSet<>();
            for (Task t : board.tasks().list(TaskFilter.all())) {
                assertEquals(Status.RUNNING, t.status(), t.id());
                List<Run> runs = board.runs().of(t.id());
                assertEquals(1, runs.size(), "runs of " + t.id());
                long spawnedEvents = board.events().forTask(t.id(), 100).stream()
                        .filter(e -> e.kind().equals("spawned")).count();
                assertEquals(1, spawnedEvents, "spawned events of " + t.id());
                pids.add(runs.get(0).workerPid());
                distinct.add(runs.get(0).workerPid());
            }
            assertEquals(TASKS, distinct.size());
            for (long pid : pids) {
                assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                        "worker " + pid + " outlives the dispatcher that started it");
            }
        } finally {
            ProcessTree tree = new ProcessTree(new ProcfsProcessProbe());
            for (long pid : pids) {
                tree.terminate(pid, Duration.ofSeconds(10));
            }
        }
    }
}
