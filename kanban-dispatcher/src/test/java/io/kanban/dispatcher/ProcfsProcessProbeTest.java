package io.kanban.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kanban.core.spi.Liveness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcfsProcessProbeTest {
    @TempDir
    Path tmp;

    private void status(Path proc, long pid, String state) throws Exception {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(dir.resolve("status"), "Name:\tworker\nUmask:\t0022\nState:\t" + state + "\nPid:\t" + pid
                + "\n");
    }

    @Test
    void reads_zombie_gone_and_alive_from_proc_status() throws Exception {
        Path proc = Files.createDirectories(tmp.resolve("proc"));
        status(proc, 10, "S (sleeping)");
        status(proc, 11, "Z (zombie)");
        status(proc, 12, "X (dead)");
        status(proc, 13, "R (running)");
        ProcfsProcessProbe probe = new ProcfsProcessProbe(proc);

        assertEquals(Liveness.ALIVE, probe.probe(10));
        assertEquals(Liveness.ZOMBIE, probe.probe(11));
        assertEquals(Liveness.GONE, probe.probe(12));
        assertEquals(Liveness.ALIVE, probe.probe(13));
        assertEquals(Liveness.GONE, probe.probe(99));
    }

    @Test
    void without_proc_it_falls_back_to_process_handle() throws Exception {
        ProcfsProcessProbe probe = new ProcfsProcessProbe(tmp.resolve("no-proc-here"));
        assertEquals(Liveness.ALIVE, probe.probe(ProcessHandle.current().pid()));
        Process p = new ProcessBuilder("true").start();
        p.waitFor(60, TimeUnit.SECONDS);
        assertEquals(Liveness.GONE, probe.probe(p.pid()));
    }

    @Test
    void real_processes_alive_then_gone_and_a_real_zombie() throws Exception {
        ProcfsProcessProbe probe = new ProcfsProcessProbe();
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        assertEquals(Liveness.ALIVE, probe.probe(sleeper.pid()));
        sleeper.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
        DispatcherHome.await(() -> probe.probe(sleeper.pid()) == Liveness.GONE, "the reaped process to be gone");

        // sh starts a short child, then becomes sleep, which never reaps it: a zombie until sleep ends.
        Process parent = new ProcessBuilder("/bin/sh", "-c", "true & exec sleep 60").start();
        try {
            DispatcherHome.await(() -> parent.children().anyMatch(c -> probe.probe(c.pid()) == Liveness.ZOMBIE),
                    "an unreaped child to show as a zombie");
        } finally {
            parent.destroyForcibly();
        }
    }
}
