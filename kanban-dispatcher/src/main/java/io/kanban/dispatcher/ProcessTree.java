package io.kanban.dispatcher;

import io.kanban.core.spi.Liveness;
import io.kanban.core.spi.ProcessProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Stops a worker and everything it started: SIGTERM to the worker and its descendants, then SIGKILL to whatever
 * is still there after the grace period. A worker started with setsid leads its own process group, so the group
 * is signalled too: that also reaches grandchildren that detached from the tree. Works for workers another
 * process started (pids and groups are read from the OS).
 */
final class ProcessTree {
    private static final long POLL_MILLIS = 100;

    private final ProcessProbe probe;

    public ProcessTree(ProcessProbe probe) {
        this.probe = probe;
    }

    /** @return true when SIGKILL was needed */
    public boolean terminate(long pid, Duration grace) {
        List<ProcessHandle> tree = snapshot(pid);
        if (tree.isEmpty()) {
            return false;
        }
        OptionalLong group = ownGroup(pid);
        tree.forEach(ProcessHandle::destroy);
        group.ifPresent(g -> signalGroup(g, "TERM"));
        long deadline = System.nanoTime() + grace.toNanos();
        while (System.nanoTime() < deadline) {
            if (allDead(tree) && group.stream().noneMatch(ProcessTree::groupHasMembers)) {
                return false;
            }
            if (!pause()) {
                break;
            }
        }
        if (allDead(tree) && group.stream().noneMatch(ProcessTree::groupHasMembers)) {
            return false;
        }
        // Children started during the grace period are caught here too.
        List<ProcessHandle> survivors = new ArrayList<>(snapshot(pid));
        for (ProcessHandle h : tree) {
            if (!survivors.contains(h)) {
                survivors.add(h);
            }
        }
        survivors.forEach(ProcessHandle::destroyForcibly);
        group.ifPresent(g -> signalGroup(g, "KILL"));
        return true;
    }

    private static List<ProcessHandle> snapshot(long pid) {
        List<ProcessHandle> tree = new ArrayList<>();
        ProcessHandle.of(pid).ifPresent(root -> {
            tree.add(root);
            root.descendants().forEach(tree::add);
        });
        return tree;
    }

    /** The worker's process group when it leads one of its own (never ours: we must not signal ourselves). */
    static OptionalLong ownGroup(long pid) {
        long group = processGroup(pid);
        if (group == pid && group != processGroup(ProcessHandle.current().pid())) {
            return OptionalLong.of(group);
        }
        return OptionalLong.empty();
    }

    /** Field 5 of {@code /proc/<pid>/stat}; -1 when unknown. */
    static long processGroup(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[2]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static boolean groupHasMembers(long group) {
        return ProcessHandle.allProcesses().anyMatch(h -> h.isAlive() && processGroup(h.pid()) == group
                && !isZombie(h.pid()));
    }

    private static boolean isZombie(long pid) {
        return new ProcfsProcessProbe().probe(pid) != Liveness.ALIVE;
    }

    private static void signalGroup(long group, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal, "--", "-" + group)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            // no kill(1) here: the tree signals above still went out
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean allDead(List<ProcessHandle> tree) {
        for (ProcessHandle h : tree) {
            if (probe.probe(h.pid()) == Liveness.ALIVE) {
                return false;
            }
        }
        return true;
    }

    private static boolean pause() {
        try {
            Thread.sleep(POLL_MILLIS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
