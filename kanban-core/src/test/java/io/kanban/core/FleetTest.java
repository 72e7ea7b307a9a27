package io.kanban.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.model.NewTask;
import io.kanban.core.model.Run;
import io.kanban.core.model.RunOutcome;
import io.kanban.core.model.Status;
import io.kanban.core.testing.OnEachBackend;
import io.kanban.core.testing.ScratchBoard;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Several hosts on one board: four JVMs ({@link FleetHostMain}), each with its own dispatcher tick loop and
 * workers. One host is killed while it holds claims; workers crash on some first attempts. Every task still
 * completes exactly once, and the failed attempts are on record as reclaimed or crashed runs.
 */
@OnEachBackend
class FleetTest {
    static final int TASKS = 60;

    final String location;

    FleetTest(ScratchBoard scratch) {
        location = scratch.location();
    }

    @Test
    void four_hosts_run_every_task_exactly_once_and_recover_a_killed_host_and_crashed_workers() throws Exception {
        List<String> ids = new ArrayList<>();
        try (Board board = Board.open(location)) {
            for (int i = 0; i < TASKS; i++) {
                ids.add(board.tasks().create(NewTask.titled("job " + i).assignee("w" + i % 3).build()).task().id());
            }
        }
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch doomedHoldsClaims = new CountDownLatch(3);
        List<Thread> readers = new ArrayList<>();
        Process doomed = host(location, "host0", "hang", lines, doomedHoldsClaims, readers);
        assertTrue(doomedHoldsClaims.await(2, TimeUnit.MINUTES), "host0 claimed tasks");
        List<Process> survivors = new ArrayList<>();
        for (int h = 1; h <= 3; h++) {
            survivors.add(host(location, "host" + h, "work", lines, new CountDownLatch(0), readers));
        }
        doomed.destroyForcibly().waitFor();
        for (Process p : survivors) {
            assertTrue(p.waitFor(4, TimeUnit.MINUTES), "a host did not finish");
            assertEquals(0, p.exitValue(), "a host failed");
        }
        for (Thread reader : readers) {
            reader.join(TimeUnit.MINUTES.toMillis(1)); // every line the hosts printed is read
        }

        List<String> ran = lines.stream().filter(l -> l.startsWith("ran ")).map(l -> l.split(" ")[1]).toList();
        assertEquals(TASKS, ran.size(), "each task reported once: " + ran);
        assertEquals(new HashSet<>(ids), new HashSet<>(ran));
        Set<String> hosts = new HashSet<>();
        lines.stream().filter(l -> l.startsWith("ran ")).forEach(l -> hosts.add(l.split(" ")[3]));
        assertTrue(hosts.size() >= 2, "work spread over the hosts: " + hosts);

        int reclaimed = 0;
        int crashed = 0;
        try (Board board = Board.open(location)) {
            for (String id : ids) {
                assertEquals(Status.DONE, board.tasks().get(id).status(), id);
                List<Run> runs = board.runs().of(id);
                assertEquals(1, runs.stream().filter(r -> r.outcome() == RunOutcome.COMPLETED).count(), id + " " + runs);
                assertTrue(runs.stream().noneMatch(Run::isOpen), id);
                reclaimed += (int) runs.stream().filter(r -> r.outcome() == RunOutcome.RECLAIMED).count();
                crashed += (int) runs.stream().filter(r -> r.outcome() == RunOutcome.CRASHED).count();
            }
        }
        assertTrue(reclaimed >= 3, "the killed host's claims were reclaimed: " + reclaimed);
        assertTrue(crashed >= 1, "crashed workers were reclaimed: " + crashed);
    }

    /** Starts a host; a thread of {@code readers} collects its output into {@code lines} until it exits. */
    private static Process host(String location, String name, String mode, List<String> lines, CountDownLatch spawned,
                                List<Thread> readers) throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.jooq.no-logo=true", "-Dorg.jooq.no-tips=true", "-cp", System.getProperty("java.class.path"),
                FleetHostMain.class.getName(), location, name, String.valueOf(TASKS), mode);
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                    if (line.startsWith("spawned ")) {
                        spawned.countDown();
                    }
                }
            } catch (java.io.IOException ignored) {
                // the process was killed
            }
        });
        reader.setDaemon(true);
        reader.start();
        readers.add(reader);
        return p;
    }
}
