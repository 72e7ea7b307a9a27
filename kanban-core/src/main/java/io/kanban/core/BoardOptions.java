package io.kanban.core;

import io.kanban.core.error.ValidationError;
import io.kanban.core.store.Dialect;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a board is opened. Build with {@link #at(Path)} or {@link #at(String)}; every setting has a named default.
 *
 * @param location a SQLite file path, or a PostgreSQL JDBC URL ({@code jdbc:postgresql://host:port/db?...})
 * @param claimTtl how long a claim lives without a heartbeat before the dispatcher reclaims it
 * @param hostname this host's name as it appears in claim locks ({@code <host>:<pid>})
 * @param pid this process's id, the other half of the claim lock
 */
public record BoardOptions(String location, Clock clock, Duration claimTtl, String hostname, long pid) {

    public static final Duration DEFAULT_CLAIM_TTL = Duration.ofSeconds(900);
    private static final Path KERNEL_HOSTNAME = Path.of("/proc/sys/kernel/hostname");

    public BoardOptions {
        Objects.requireNonNull(location, "location");
        if (location.isBlank()) {
            throw new ValidationError("db", "must name a board file or a JDBC URL");
        }
        if (location.startsWith(SQLITE_URL_PREFIX)) {
            location = location.substring(SQLITE_URL_PREFIX.length());
        } else if (location.startsWith("jdbc:") && !location.startsWith(Dialect.POSTGRES_URL_PREFIX)) {
            throw new ValidationError("db", "only jdbc:sqlite: and jdbc:postgresql: URLs name a board");
        }
        Objects.requireNonNull(clock, "clock");
        if (claimTtl == null || claimTtl.isNegative() || claimTtl.isZero()) {
            throw new ValidationError("claim_ttl", "must be a positive duration");
        }
        if (hostname == null || hostname.isBlank() || hostname.contains(":")) {
            throw new ValidationError("hostname", "must be a non-empty name without ':'");
        }
    }

    public static final String SQLITE_URL_PREFIX = "jdbc:sqlite:";

    public static BoardOptions at(Path path) {
        return at(path.toString());
    }

    /** A file path, {@code jdbc:sqlite:PATH}, or a {@code jdbc:postgresql:} URL. */
    public static BoardOptions at(String location) {
        return new BoardOptions(location, Clock.systemUTC(), DEFAULT_CLAIM_TTL, localHostname(),
                ProcessHandle.current().pid());
    }

    public Dialect dialect() {
        return Dialect.of(location);
    }

    /** The board file; only a SQLite board has one. */
    public Path path() {
        if (dialect() != Dialect.SQLITE) {
            throw new IllegalStateException("a " + dialect() + " board has no file");
        }
        return Path.of(location);
    }

    public BoardOptions withClock(Clock value) {
        return new BoardOptions(location, value, claimTtl, hostname, pid);
    }

    public BoardOptions withClaimTtl(Duration value) {
        return new BoardOptions(location, clock, value, hostname, pid);
    }

    public BoardOptions withIdentity(String host, long processId) {
        return new BoardOptions(location, clock, claimTtl, host, processId);
    }

    /** The claim lock this process writes: the reference's {@code <hostname>:<pid>}. */
    public String lockOwner() {
        return hostname + ":" + pid;
    }

    static String localHostname() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.replace(':', '_');
        }
        // The kernel's name for this host, as the reference's socket.gethostname() reads it. InetAddress would
        // also resolve that name, a lookup that costs a short-lived CLI call several milliseconds.
        try {
            String kernel = Files.readString(KERNEL_HOSTNAME).strip();
            if (!kernel.isEmpty()) {
                return kernel.replace(':', '_');
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux, or no /proc: ask the resolver below
        }
        try {
            return InetAddress.getLocalHost().getHostName().replace(':', '_');
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }
}
