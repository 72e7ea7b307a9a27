package io.kanban.core;

import io.kanban.core.error.ValidationError;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a board is opened. Build with {@link #at(Path)}; every setting has a named default.
 *
 * @param claimTtl how long a claim lives without a heartbeat before the dispatcher reclaims it
 * @param hostname this host's name as it appears in claim locks ({@code <host>:<pid>})
 * @param pid this process's id, the other half of the claim lock
 */
public record BoardOptions(Path path, Clock clock, Duration claimTtl, String hostname, long pid) {

    public static final Duration DEFAULT_CLAIM_TTL = Duration.ofSeconds(900);

    public BoardOptions {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(clock, "clock");
        if (claimTtl == null || claimTtl.isNegative() || claimTtl.isZero()) {
            throw new ValidationError("claim_ttl", "must be a positive duration");
        }
        if (hostname == null || hostname.isBlank() || hostname.contains(":")) {
            throw new ValidationError("hostname", "must be a non-empty name without ':'");
        }
    }

    public static BoardOptions at(Path path) {
        return new BoardOptions(path, Clock.systemUTC(), DEFAULT_CLAIM_TTL, localHostname(),
                ProcessHandle.current().pid());
    }

    public BoardOptions withClock(Clock value) {
        return new BoardOptions(path, value, claimTtl, hostname, pid);
    }

    public BoardOptions withClaimTtl(Duration value) {
        return new BoardOptions(path, clock, value, hostname, pid);
    }

    public BoardOptions withIdentity(String host, long processId) {
        return new BoardOptions(path, clock, claimTtl, host, processId);
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
        try {
            return InetAddress.getLocalHost().getHostName().replace(':', '_');
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }
}
