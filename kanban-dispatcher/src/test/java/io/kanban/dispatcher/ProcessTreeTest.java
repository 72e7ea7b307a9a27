package io.kanban.dispatcher;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.model.ClaimedTask;
import io.kanban.core.model.NewTask;
import io.kanban.core.spi.LaunchRequest;
import io.kanban.core.spi.LaunchedWorker;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Terminating a worker reaches its whole process group, even a grandchild that detached from the tree. */
class ProcessTreeTest {
    @RegisterExtension
    final DispatcherHome fx = new DispatcherHome();

    private LaunchedWorker launch(List<String> command) throws Exception {
        DispatcherConfig config = DispatcherConfig.builder().workerCommand(command).build();
        ProcessWorkerLauncher launcher = new ProcessWorkerLauncher(config, fx.env, null);
        String id = fx.board.tasks().create(NewTask.titled("t").assignee("a").build()).task().id();
        ClaimedTask claim = fx.board.claims().claim(id).orElseThrow();
        return launcher.launch(new LaunchRequest(claim.task(), claim.run(), fx.board.location()));
    }

    private static List<ProcessHandle> group(long pgid) {
        return ProcessHandle.allProcesses().filter(h -> ProcessTree.processGroup(h.pid()) == pgid)
                .collect(Collectors.toList());
    }

    @Test
    void sigterm_then_sigkill_reaches_a_detached_grandchild_that_ignores_sigterm() throws Exception {
        assertTrue(ProcessWorkerLauncher.findSetsid().isPresent(), "this test needs setsid");
        LaunchedWorker worker = launch(List.of("/bin/sh", "-c",
                "trap '' TERM; (sleep 300 &); echo ready; sleep 300"));
        long pid = worker.pid();
        // The detached sleep is in the worker's group but not among its descendants.
        DispatcherHome.await(() -> group(pid).stream().anyMatch(h -> h.parent().map(p -> p.pid() != pid).orElse(true)
                && h.pid() != pid), "the detached grandchild");
        List<ProcessHandle> members = group(pid);
        assertTrue(members.size() >= 3, members.toString());

        boolean killed = new ProcessTree(new ProcfsProcessProbe()).terminate(pid, Duration.ofMillis(500));

        assertTrue(killed, "SIGTERM was ignored, so SIGKILL was needed");
        for (ProcessHandle h : members) {
            DispatcherHome.await(() -> !h.isAlive() || new ProcfsProcessProbe().probe(h.pid()).isDead(),
                    "group member " + h.pid() + " gone");
        }
    }

    @Test
    void a_worker_that_honours_sigterm_stops_without_sigkill_and_a_gone_pid_is_a_no_op() throws Exception {
        LaunchedWorker worker = launch(List.of("sleep", "300"));
        ProcessTree tree = new ProcessTree(new ProcfsProcessProbe());

        assertFalse(tree.terminate(worker.pid(), Duration.ofSeconds(30)));
        DispatcherHome.await(() -> ProcessHandle.of(worker.pid()).map(h -> !h.isAlive()).orElse(true), "worker gone");
        assertFalse(tree.terminate(worker.pid(), Duration.ofSeconds(1)));
    }
}
