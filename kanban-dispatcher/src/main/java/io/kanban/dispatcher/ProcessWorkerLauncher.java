package io.kanban.dispatcher;

import io.kanban.core.BoardLocation;
import io.kanban.core.model.Run;
import io.kanban.core.model.Task;
import io.kanban.core.spi.LaunchFailure;
import io.kanban.core.spi.LaunchRequest;
import io.kanban.core.spi.LaunchedWorker;
import io.kanban.core.spi.WorkerExit;
import io.kanban.core.spi.WorkerLauncher;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts one OS process per claimed task. The argv comes from the {@link CommandTemplate}; the environment is the
 * dispatcher's plus {@code HERMES_KANBAN_TASK}, {@code HERMES_KANBAN_WORKSPACE}, {@code HERMES_PROFILE},
 * {@code HERMES_TENANT} (when the task has one), {@code HERMES_KANBAN_RUN_ID} and the card's board pinned
 * ({@link PinnedBoard}: {@code HERMES_KANBAN_DB}, {@code HERMES_KANBAN_BOARD}, {@code HERMES_KANBAN_WORKSPACES_ROOT}). The
 * worker runs in its workspace with stdin from {@code /dev/null}, output appended to its task log, in a session of
 * its own ({@code setsid}), so it outlives the dispatcher and a terminal's signals do not reach it. A worker that
 * exits within the spawn grace period is reported to the {@link EarlyExit.Listener}.
 */
public final class ProcessWorkerLauncher implements WorkerLauncher {
    /** Where {@link #findSetsid()} looks for {@code setsid}. */
    public static final List<Path> SETSID_CANDIDATES = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));
    private static final Logger LOG = LoggerFactory.getLogger(ProcessWorkerLauncher.class);
    private static final File DEV_NULL = new File("/dev/null");
    static final int MAX_REMEMBERED_EXITS = 4096;
    /** How long the crash sweep waits for the JVM to hand over the exit code of a child the probe saw die. */
    static final Duration EXIT_WAIT = Duration.ofSeconds(2);

    private final CommandTemplate template;
    private final Map<String, String> parentEnv;
    private final Workspaces workspaces;
    private final long logMaxBytes;
    private final int logBackups;
    private final Duration spawnGrace;
    private final Path setsid;
    private final EarlyExit.Listener listener;
    private final ProcessTree processTree;
    private final Clock clock;
    /** Null when profiles are not checked (kanban.check_profiles). */
    private final HermesProfiles profiles;
    /** Workers this launcher started that are still running, and those it is stopping on purpose. */
    private final Map<Long, Process> running = new ConcurrentHashMap<>();
    private final Set<Long> terminating = ConcurrentHashMap.newKeySet();
    /** Exit codes of workers this launcher started, until the crash sweep asks for them (oldest dropped first). */
    private final Map<Long, Integer> exits = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Long, Integer> eldest) {
                    return size() > MAX_REMEMBERED_EXITS;
                }
            });

    /**
     * @param parentEnv the environment workers inherit (usually {@code System.getenv()})
     * @param setsid the setsid executable, or null to start workers without a session of their own
     * @param config the worker command, workspaces, logs and spawn grace
     * @param listener hears workers that exit within the spawn grace
     */
    public ProcessWorkerLauncher(DispatcherConfig config, Map<String, String> parentEnv, Path setsid,
                                 EarlyExit.Listener listener) {
        this(config, parentEnv, setsid, listener, Clock.systemUTC());
    }

    /**
     * @param clock stamps the header line each attempt writes to the log
     *
     * @param config the worker command, workspaces, logs and spawn grace
     * @param parentEnv the environment workers inherit
     * @param setsid the setsid executable, or null
     * @param listener hears workers that exit within the spawn grace
     */
    public ProcessWorkerLauncher(DispatcherConfig config, Map<String, String> parentEnv, Path setsid,
                                 EarlyExit.Listener listener, Clock clock) {
        this.clock = clock;
        this.template = new CommandTemplate(config.workerCommand());
        this.parentEnv = Map.copyOf(parentEnv);
        this.workspaces = new Workspaces(config.workspaceRoot(), config.worktreeRepo());
        this.logMaxBytes = config.logMaxBytes();
        this.logBackups = config.logBackupCount();
        this.spawnGrace = config.spawnGrace();
        this.setsid = setsid;
        this.listener = listener;
        this.processTree = new ProcessTree(new ProcfsProcessProbe());
        this.profiles = config.checkProfiles().appliesTo(config.workerCommand())
                ? new HermesProfiles(BoardLocation.hermesHome(this.parentEnv).toAbsolutePath()) : null;
    }

    /**
     * A launcher using this host's setsid when it has one.
     *
     * @param config the worker command, workspaces, logs and spawn grace
     * @param parentEnv the environment workers inherit
     * @param listener hears workers that exit within the spawn grace
     */
    public ProcessWorkerLauncher(DispatcherConfig config, Map<String, String> parentEnv, EarlyExit.Listener listener) {
        this(config, parentEnv, findSetsid().orElse(null), listener);
    }

    /**
     * The first of {@link #SETSID_CANDIDATES} that is executable.
     *
     * @return its path, or empty
     */
    public static Optional<Path> findSetsid() {
        return SETSID_CANDIDATES.stream().filter(Files::isExecutable).findFirst();
    }

    @Override
    public Optional<String> unavailableProfile(String profile) {
        return profiles == null ? Optional.empty() : profiles.problem(profile);
    }

    @Override
    public LaunchedWorker launch(LaunchRequest request) throws LaunchFailure {
        Task task = request.task();
        Run run = request.run();
        if (task.assignee() == null) {
            throw new LaunchFailure("task " + task.id() + " has no assignee to run as");
        }
        PinnedBoard board = PinnedBoard.of(request.boardLocation(), parentEnv);
        Path workspace = workspaces.prepare(task, board.files(), board.defaultWorkdir());
        List<String> argv = template.expand(task, run, workspace, request.reviewSkill(),
                CommandTemplate.hermesExecutable(parentEnv));
        Map<String, String> env = environment(task, run, workspace, board);
        Path executable = findExecutable(argv.get(0), env.get("PATH"), workspace)
                .orElseThrow(() -> new LaunchFailure("worker executable '" + argv.get(0) + "' not found"
                        + (argv.get(0).contains("/") ? "" : " on PATH") + " (kanban.worker_command)"));
        Path log = WorkerLog.prepare(board.files().logs(), task.id(), logMaxBytes, logBackups,
                WorkerLog.header(clock.instant(), run.id(), task.id(), String.join(" ", argv)));

        List<String> command = new ArrayList<>();
        if (setsid != null) {
            // setsid looks the name up on the worker's PATH, so the worker sees argv[0] as written.
            command.add(setsid.toString());
            command.addAll(argv);
        } else {
            command.add(executable.toString());
            command.addAll(argv.subList(1, argv.size()));
        }
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(workspace.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (DEV_NULL.exists()) {
            pb.redirectInput(ProcessBuilder.Redirect.from(DEV_NULL));
        }
        pb.environment().clear();
        pb.environment().putAll(env);
        long started = System.nanoTime();
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            String why = "cannot start worker '" + argv.get(0) + "': " + e.getMessage();
            throw refusedByHost(e) ? LaunchFailure.refusedByHost(why, e) : new LaunchFailure(why, e);
        }
        if (!DEV_NULL.exists()) {
            closeStdin(process); // no /dev/null here: an immediately closed pipe reads as end of input too
        }
        watchEarlyExit(process, task.id(), run.id(), started, log);
        LOG.info("spawned worker pid {} for {} (run {}) as {}", process.pid(), task.id(), run.id(), task.assignee());
        return new LaunchedWorker(process.pid(), log.toString());
    }

    /**
     * Whether the system, not the card, refused the fork: out of processes (EAGAIN), memory (ENOMEM) or file
     * handles (ENFILE, EMFILE). Such a spawn is not counted against the card (the reference's infrastructure refusal).
     */
    static boolean refusedByHost(IOException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        return m.contains("error=11,") || m.contains("error=12,") || m.contains("error=23,")
                || m.contains("error=24,");
    }

    @Override
    public boolean terminate(long pid, Duration grace) {
        terminating.add(pid); // its exit is our doing, not an early exit
        boolean killed = processTree.terminate(pid, grace);
        if (!running.containsKey(pid)) {
            terminating.remove(pid); // not our child: no exit watcher will clear it
        }
        LOG.info("terminated worker pid {}{}", pid, killed ? " with SIGKILL" : "");
        return killed;
    }

    Map<String, String> environment(Task task, Run run, Path workspace, String boardLocation) {
        return environment(task, run, workspace, PinnedBoard.of(boardLocation, parentEnv));
    }

    Map<String, String> environment(Task task, Run run, Path workspace, PinnedBoard board) {
        Map<String, String> env = new HashMap<>(parentEnv);
        env.put("HERMES_KANBAN_TASK", task.id());
        env.put("HERMES_KANBAN_WORKSPACE", workspace.toString());
        env.put("HERMES_PROFILE", task.assignee());
        if (task.tenant() != null) {
            env.put("HERMES_TENANT", task.tenant());
        } else {
            env.remove("HERMES_TENANT"); // the dispatcher's own tenant must not leak onto another tenant's task
        }
        board.pin(env);
        env.put("HERMES_KANBAN_RUN_ID", Long.toString(run.id()));
        referenceWorkerEnv(env, task, run, workspace);
        return env;
    }

    /**
     * The variables the reference's current dispatcher adds (HERMES-UPSTREAM §5): the Hermes home, the session
     * source, the terminal's working directory, the claim lock the worker holds, and the branch of a worktree.
     */
    private void referenceWorkerEnv(Map<String, String> env, Task task, Run run, Path workspace) {
        env.put("HERMES_HOME", BoardLocation.hermesHome(parentEnv).toAbsolutePath().toString());
        env.put("HERMES_SESSION_SOURCE", "kanban");
        env.put("TERMINAL_CWD", workspace.toString());
        if (run.claimLock() != null) {
            env.put("HERMES_KANBAN_CLAIM_LOCK", run.claimLock());
        } else {
            env.remove("HERMES_KANBAN_CLAIM_LOCK");
        }
        if (task.workspace() != null && task.workspace().kind() == io.kanban.core.model.WorkspaceKind.WORKTREE) {
            env.put("HERMES_KANBAN_BRANCH", Workspaces.branch(task));
        } else {
            env.remove("HERMES_KANBAN_BRANCH");
        }
    }

    static Optional<Path> findExecutable(String name, String pathVar, Path cwd) {
        if (name.contains("/")) {
            Path p = cwd.resolve(name);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        if (pathVar == null) {
            return Optional.empty();
        }
        for (String dir : pathVar.split(File.pathSeparator, -1)) {
            Path p = (dir.isEmpty() ? cwd : cwd.resolve(dir)).resolve(name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * The exit code of a worker this launcher started (waiting briefly for the JVM's reaper when the probe saw it
     * die first), else the exit trailer ({@value WorkerLog#EXIT_TRAILER}) the worker wrote to its log during this
     * run, as Hermes workers do; with the last lines the worker printed.
     */
    @Override
    public Optional<WorkerExit> exitOf(long pid, long runId, String logPath) {
        Integer code = null;
        Process process = running.get(pid);
        if (process != null) {
            try {
                if (process.waitFor(EXIT_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    code = process.exitValue();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Integer seen = exits.remove(pid);
        if (code == null) {
            code = seen;
        }
        Path log = logPath == null ? null : Path.of(logPath);
        WorkerLog.Attempt attempt = log == null ? WorkerLog.Attempt.NONE : WorkerLog.attempt(log, runId);
        if (code == null) {
            code = attempt.exitCode();
        }
        if (code == null && attempt.output().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new WorkerExit(code, attempt.output()));
    }

    private void watchEarlyExit(Process process, String taskId, long runId, long startedNanos, Path log) {
        running.put(process.pid(), process);
        process.onExit().thenAccept(p -> {
            boolean stopped = terminating.remove(p.pid());
            if (!stopped) {
                exits.put(p.pid(), p.exitValue());
            }
            running.remove(p.pid());
            Duration after = Duration.ofNanos(System.nanoTime() - startedNanos);
            if (listener != null && !stopped && after.compareTo(spawnGrace) < 0) {
                try {
                    listener.onEarlyExit(new EarlyExit(taskId, runId, p.pid(), p.exitValue(), after,
                            WorkerLog.tail(log)));
                } catch (RuntimeException e) {
                    LOG.warn("could not record the early exit of worker pid {} for {}: {}", p.pid(), taskId,
                            e.getMessage());
                }
            }
        });
    }

    private static void closeStdin(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // nothing to close
        }
    }
}
