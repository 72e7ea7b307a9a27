package io.kanban.core;

import io.kanban.core.boards.BoardFiles;
import io.kanban.core.boards.BoardSelection;
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
 * @param home where the board keeps its files ({@code kanban/attachments}, {@code kanban/workspaces}); null: the
 *     board file's folder, as the reference keeps them beside its default board ({@code $HERMES_HOME} in front ends
 *     for a database board)
 * @param attachmentsRoot where a SQLite board keeps attachment bytes ({@code HERMES_KANBAN_ATTACHMENTS_ROOT});
 *     null: {@code <home>/kanban/attachments}
 * @param attachmentMaxBytes the largest attachment accepted ({@code KANBAN_ATTACHMENT_MAX_BYTES})
 * @param workspacesRoot where scratch workspaces are made ({@code HERMES_KANBAN_WORKSPACES_ROOT}); null: as
 *     {@link BoardFiles} lays out the board's files
 */
public record BoardOptions(String location, Clock clock, Duration claimTtl, String hostname, long pid, Path home,
                           Path attachmentsRoot, long attachmentMaxBytes, Path workspacesRoot) {

    /** How long a claim lives without a heartbeat unless set: 15 minutes, as the reference's. */
    public static final Duration DEFAULT_CLAIM_TTL = Duration.ofSeconds(900);
    /** The reference's cap, shared by every front end: 25 MiB. */
    public static final long DEFAULT_ATTACHMENT_MAX_BYTES = 25L * 1024 * 1024;
    /** The variable that sets {@code attachmentMaxBytes}. */
    public static final String ATTACHMENT_MAX_VARIABLE = "KANBAN_ATTACHMENT_MAX_BYTES";
    /** The variable that sets {@code attachmentsRoot}. */
    public static final String ATTACHMENTS_ROOT_VARIABLE = "HERMES_KANBAN_ATTACHMENTS_ROOT";
    private static final Path KERNEL_HOSTNAME = Path.of("/proc/sys/kernel/hostname");

    /**
     * Checks the options and strips {@code jdbc:sqlite:} from a SQLite location.
     *
     * @param location a SQLite file path, or a PostgreSQL JDBC URL
     * @param clock the clock every time stamp, timeout and heartbeat is judged by
     * @param claimTtl how long a claim lives without a heartbeat
     * @param hostname this host's name in claim locks
     * @param pid this process's id in claim locks
     * @param home where the board keeps its files, or null
     * @param attachmentsRoot where attachment bytes are kept, or null
     * @param attachmentMaxBytes the largest attachment accepted
     * @param workspacesRoot where scratch workspaces are made, or null
     * @throws ValidationError if the location is blank or another kind of JDBC URL, the claim TTL is not positive,
     *     the hostname is empty or has a ':', or the attachment cap is not positive
     */
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
        if (attachmentMaxBytes <= 0) {
            throw new ValidationError("attachment_max_bytes", "must be a positive number of bytes");
        }
    }

    /** The prefix of a SQLite JDBC URL; a location may carry it. */
    public static final String SQLITE_URL_PREFIX = "jdbc:sqlite:";

    /**
     * @param path the SQLite board file
     * @return the options for that board, every other setting at its default
     */
    public static BoardOptions at(Path path) {
        return at(path.toString());
    }

    /**
     * A file path, {@code jdbc:sqlite:PATH}, or a {@code jdbc:postgresql:} URL.
     *
     * @param location where the board is
     * @return the options for that board, every other setting at its default
     */
    public static BoardOptions at(String location) {
        return new BoardOptions(location, Clock.systemUTC(), DEFAULT_CLAIM_TTL, localHostname(),
                ProcessHandle.current().pid(), null, null, DEFAULT_ATTACHMENT_MAX_BYTES, null);
    }

    /**
     * @return which database the location names
     */
    public Dialect dialect() {
        return Dialect.of(location);
    }

    /**
     * The board file; only a SQLite board has one.
     *
     * @return the board file's path
     * @throws IllegalStateException for a PostgreSQL board
     */
    public Path path() {
        if (dialect() != Dialect.SQLITE) {
            throw new IllegalStateException("a " + dialect() + " board has no file");
        }
        return Path.of(location);
    }

    /**
     * @param value the clock every time stamp, timeout and heartbeat is judged by
     * @return a copy with this clock
     */
    public BoardOptions withClock(Clock value) {
        return new BoardOptions(location, value, claimTtl, hostname, pid, home, attachmentsRoot, attachmentMaxBytes,
                workspacesRoot);
    }

    /**
     * @param value how long a claim lives without a heartbeat; positive
     * @return a copy with this TTL
     */
    public BoardOptions withClaimTtl(Duration value) {
        return new BoardOptions(location, clock, value, hostname, pid, home, attachmentsRoot, attachmentMaxBytes,
                workspacesRoot);
    }

    /**
     * @param host the host name written in claim locks
     * @param processId the process id written in claim locks
     * @return a copy that claims as {@code host:processId}
     */
    public BoardOptions withIdentity(String host, long processId) {
        return new BoardOptions(location, clock, claimTtl, host, processId, home, attachmentsRoot, attachmentMaxBytes,
                workspacesRoot);
    }

    /**
     * @param value where the board keeps its files ({@code <home>/kanban/...}), or null
     * @return a copy with this home
     */
    public BoardOptions withHome(Path value) {
        return new BoardOptions(location, clock, claimTtl, hostname, pid, value, attachmentsRoot, attachmentMaxBytes,
                workspacesRoot);
    }

    /**
     * @param value where attachment bytes are kept, or null for the home's
     * @return a copy with this root
     */
    public BoardOptions withAttachmentsRoot(Path value) {
        return new BoardOptions(location, clock, claimTtl, hostname, pid, home, value, attachmentMaxBytes,
                workspacesRoot);
    }

    /**
     * @param value where scratch workspaces are made, or null for the home's
     * @return a copy with this root
     */
    public BoardOptions withWorkspacesRoot(Path value) {
        return new BoardOptions(location, clock, claimTtl, hostname, pid, home, attachmentsRoot, attachmentMaxBytes,
                value);
    }

    /**
     * @param value the largest attachment accepted, in bytes
     * @return a copy with this cap
     */
    public BoardOptions withAttachmentMaxBytes(long value) {
        return new BoardOptions(location, clock, claimTtl, hostname, pid, home, attachmentsRoot, value,
                workspacesRoot);
    }

    /**
     * The settings a front end takes from its environment: {@value #ATTACHMENT_MAX_VARIABLE},
     * {@value #ATTACHMENTS_ROOT_VARIABLE}, {@code HERMES_KANBAN_WORKSPACES_ROOT}, and for a database board {@code $HERMES_HOME} as its home.
     *
     * @param env the environment
     * @return a copy with the settings the environment gives
     * @throws ValidationError if {@value #ATTACHMENT_MAX_VARIABLE} is not a number
     */
    public BoardOptions withEnvironment(java.util.Map<String, String> env) {
        BoardOptions out = this;
        String max = env.get(ATTACHMENT_MAX_VARIABLE);
        if (max != null && !max.isBlank()) {
            try {
                out = out.withAttachmentMaxBytes(Long.parseLong(max.strip()));
            } catch (NumberFormatException e) {
                throw new ValidationError(ATTACHMENT_MAX_VARIABLE, "'" + max + "' is not a number of bytes");
            }
        }
        String root = env.get(ATTACHMENTS_ROOT_VARIABLE);
        if (root != null && !root.isBlank()) {
            out = out.withAttachmentsRoot(Path.of(root));
        }
        String workspaces = env.get(BoardSelection.WORKSPACES_ROOT_VARIABLE);
        if (workspaces != null && !workspaces.isBlank()) {
            out = out.withWorkspacesRoot(Path.of(workspaces));
        }
        if (home == null && dialect() != Dialect.SQLITE) {
            out = out.withHome(BoardLocation.hermesHome(env));
        }
        return out;
    }

    /**
     * Where this board keeps its files: {@link #home()}, else the board file's folder; null for a bare database board.
     *
     * @return the folder, or null
     */
    public Path filesHome() {
        if (home != null) {
            return home.toAbsolutePath();
        }
        if (dialect() == Dialect.SQLITE) {
            Path parent = Path.of(location).toAbsolutePath().getParent();
            return parent == null ? Path.of("/") : parent;
        }
        return null;
    }

    /**
     * Where this board's files are: under {@link #home()} when set ({@code <home>/kanban/...}), else as
     * {@link BoardFiles#of} lays them out for the board file (a board directory keeps them in itself); null for a
     * database board without a home. The variables' overrides are applied.
     *
     * @return the board's file layout, or null
     */
    public BoardFiles files() {
        BoardFiles files;
        if (home != null) {
            files = BoardFiles.beside(home.toAbsolutePath());
        } else if (dialect() == Dialect.SQLITE) {
            files = BoardFiles.of(Path.of(location));
        } else {
            return null;
        }
        if (attachmentsRoot != null) {
            files = files.withAttachments(attachmentsRoot);
        }
        if (workspacesRoot != null) {
            files = files.withWorkspaces(workspacesRoot);
        }
        return files;
    }

    /**
     * Where a SQLite board's attachment bytes live: {@code <root>/<task_id>/<name>}.
     *
     * @return the attachments root, or null for a database board without a home
     */
    public Path attachmentsDirectory() {
        if (attachmentsRoot != null) {
            return attachmentsRoot.toAbsolutePath().normalize();
        }
        BoardFiles files = files();
        return files == null ? null : files.attachments().toAbsolutePath().normalize();
    }

    /**
     * Where the dispatcher makes scratch workspaces: {@code <workspaces root>/<task_id>}.
     *
     * @return the workspaces root, or null for a database board without a home
     */
    public Path scratchWorkspaces() {
        BoardFiles files = files();
        return files == null ? null : files.workspaces().toAbsolutePath().normalize();
    }

    /**
     * The claim lock this process writes: the reference's {@code <hostname>:<pid>}.
     *
     * @return the lock owner
     */
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
