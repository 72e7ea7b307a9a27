package io.kanban.cli.command;

import io.kanban.cli.UsageFailure;
import io.kanban.core.dispatch.DispatchPolicy;
import io.kanban.core.spi.DispatcherHandle;
import io.kanban.core.spi.DispatcherProvider;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code kanban daemon} command: Deprecated: prints how to run the dispatcher now, and exits 2. */
@Command(name = "daemon", mixinStandardHelpOptions = true,
        description = {"Deprecated: prints how to run the dispatcher now, and exits 2.",
                "The dashboard runs the dispatcher in-process (kanban.dispatch_in_gateway: true).",
                "--force runs the dispatcher loop in the foreground until SIGINT/SIGTERM, for headless hosts."})
public final class DaemonCommand extends BoardCommand {
    static final String GUIDANCE = String.join(System.lineSeparator(),
            "kanban daemon is deprecated: the dispatcher now runs inside the dashboard process.",
            "  - start the dashboard (java -jar kanban-dashboard.jar); it dispatches every",
            "    kanban.dispatch_interval_seconds while kanban.dispatch_in_gateway is true (the default)",
            "    and HERMES_KANBAN_DISPATCH_IN_GATEWAY is not 0/false/no/off;",
            "  - for one tick from a script or cron, run: kanban dispatch",
            "  - on a headless host without the dashboard, run: kanban daemon --force");

    @Option(names = "--force", description = "Run the dispatcher loop in the foreground anyway.")
    boolean force;

    @Option(names = "--interval", paramLabel = "SECONDS",
            description = "With --force: seconds between ticks (default: kanban.dispatch_interval_seconds, 60).")
    Integer interval;

    @Option(names = "--max", paramLabel = "N",
            description = "With --force: each tick spawns at most N workers (default: kanban.max_spawn).")
    Integer max;

    @Option(names = "--failure-limit", paramLabel = "N", description = "With --force: failed attempts in a row "
            + "before a task is blocked (default: kanban.failure_limit).")
    Integer failureLimit;

    @Option(names = {"-v", "--verbose"}, description = "With --force: log every tick, spawn and worker exit "
            + "(info level) to stderr, not only warnings.")
    boolean verbose;

    @Option(names = "--all-boards", description = "With --force: tick every board of the Hermes home, sharing "
            + "kanban.max_in_progress fairly among them (max_spawn applies per board).")
    boolean allBoards;

    @Option(names = "--serve-writes", description = "With --force, on a SQLite board: serve the claims, completions "
            + "and heartbeats of this host's other processes (workers, CLI calls), so they share this process's "
            + "commits: one writer per host.")
    boolean serveWrites;

    @Option(names = "--pidfile", paramLabel = "PATH", description = "With --force: write this process's pid here "
            + "while the loop runs.")
    java.nio.file.Path pidfile;

    @Override
    int execute() throws InterruptedException {
        if (!force) {
            err().println(GUIDANCE);
            err().flush();
            return 2;
        }
        if (interval != null && interval < 1) {
            throw new UsageFailure("--interval must be at least 1 second, got " + interval);
        }
        if (max != null && max < 1) {
            throw new UsageFailure("--max must be at least 1, got " + max);
        }
        if (failureLimit != null && failureLimit < 1) {
            throw new UsageFailure("--failure-limit must be at least 1, got " + failureLimit);
        }
        if (serveWrites && allBoards) {
            throw new UsageFailure("--serve-writes serves one board; it cannot be combined with --all-boards");
        }
        if (verbose) {
            // slf4j-simple reads a logger's level when the logger is made: before the dispatcher's classes load.
            System.setProperty("org.slf4j.simpleLogger.log.io.kanban", "info");
        }
        DispatcherProvider provider = Providers.dispatcher("daemon --force");
        DispatchPolicy policy = provider.configuredPolicy(root().env());
        if (max != null) {
            policy = policy.withMaxSpawnsPerTick(max);
        }
        if (failureLimit != null) {
            policy = policy.withFailureLimit(failureLimit);
        }
        if (pidfile != null) {
            try {
                java.nio.file.Files.writeString(pidfile, ProcessHandle.current().pid() + "\n");
            } catch (java.io.IOException e) {
                throw new io.kanban.cli.CliFailure("cannot write --pidfile " + pidfile + ": " + e.getMessage());
            }
        }
        boolean serving = serveWrites && board().serveHostWrites();
        DispatcherHandle handle = allBoards
                ? provider.startAllBoards(root().env(), policy, interval == null ? null : Duration.ofSeconds(interval))
                : interval == null && max == null && failureLimit == null
                ? provider.start(board(), root().env())
                : provider.start(board(), root().env(), policy, interval == null ? null : Duration.ofSeconds(interval));
        Thread stopper = new Thread(() -> {
            handle.stop(Duration.ofSeconds(30));
            removePidfile();
        }, "kanban-daemon-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        err().println("dispatcher running on " + (allBoards ? "every board of the Hermes home"
                : io.kanban.core.BoardLocation.shown(board().location())) + "; Ctrl-C or SIGTERM stops it");
        if (serveWrites) {
            err().println(serving ? "serving this host's claims, completions and heartbeats on the board"
                    : "not serving this host's writes: another process does, or the board is not a SQLite file");
        }
        err().flush();
        try {
            while (handle.isRunning()) {
                Thread.sleep(500);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            handle.stop(Duration.ofSeconds(30));
            removePidfile();
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running already; it stops the same handle.
            }
        }
        return 0;
    }

    private void removePidfile() {
        if (pidfile != null) {
            try {
                java.nio.file.Files.deleteIfExists(pidfile);
            } catch (java.io.IOException ignored) {
                // A stale pidfile names a dead pid; nothing else to do on the way out.
            }
        }
    }
}
