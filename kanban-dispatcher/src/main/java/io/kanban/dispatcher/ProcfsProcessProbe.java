package io.kanban.dispatcher;

import io.kanban.core.spi.Liveness;
import io.kanban.core.spi.ProcessProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Liveness from {@code /proc/<pid>/status}: no such entry means gone, {@code State: Z} a zombie (dead but not
 * reaped), {@code State: X} gone. Hosts without {@code /proc} fall back to {@link ProcessHandle}, which cannot
 * tell a zombie from a live process.
 */
public final class ProcfsProcessProbe implements ProcessProbe {
    /** The real {@code /proc}. */
    public static final Path PROC = Path.of("/proc");

    private final Path procRoot;

    /** A probe reading this host's {@code /proc}. */
    public ProcfsProcessProbe() {
        this(PROC);
    }

    /**
     * A probe reading {@code procRoot} instead of {@code /proc}, for tests.
     *
     * @param procRoot the folder read as {@code /proc}
     */
    public ProcfsProcessProbe(Path procRoot) {
        this.procRoot = procRoot;
    }

    @Override
    public Liveness probe(long pid) {
        if (pid <= 0) {
            return Liveness.GONE;
        }
        if (!Files.isDirectory(procRoot)) {
            return viaProcessHandle(pid);
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(procRoot.resolve(Long.toString(pid)).resolve("status"));
        } catch (NoSuchFileException e) {
            return Liveness.GONE;
        } catch (IOException e) {
            // A process exiting while we read it can fail the read; ask the OS another way.
            return viaProcessHandle(pid);
        }
        for (String line : lines) {
            if (line.startsWith("State:")) {
                String state = line.substring("State:".length()).strip();
                if (state.startsWith("Z")) {
                    return Liveness.ZOMBIE;
                }
                if (state.startsWith("X")) {
                    return Liveness.GONE;
                }
                return Liveness.ALIVE;
            }
        }
        return Liveness.ALIVE;
    }

    /** {@code MemTotal} and {@code MemAvailable} from {@code /proc/meminfo}; empty when unreadable. */
    @Override
    public java.util.Optional<io.kanban.core.spi.HostMemory> memory() {
        long total = -1;
        long available = -1;
        try {
            for (String line : Files.readAllLines(procRoot.resolve("meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    total = kibibytes(line);
                } else if (line.startsWith("MemAvailable:")) {
                    available = kibibytes(line);
                }
            }
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
        return total > 0 && available >= 0
                ? java.util.Optional.of(new io.kanban.core.spi.HostMemory(total * 1024, available * 1024))
                : java.util.Optional.empty();
    }

    private static long kibibytes(String line) {
        String[] words = line.substring(line.indexOf(':') + 1).strip().split("\\s+");
        return Long.parseLong(words[0]);
    }

    static Liveness viaProcessHandle(long pid) {
        return ProcessHandle.of(pid).map(h -> h.isAlive() ? Liveness.ALIVE : Liveness.GONE).orElse(Liveness.GONE);
    }
}
