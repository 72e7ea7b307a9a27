package io.kanban.dispatcher;

import static io.kanban.dispatcher.DispatcherHome.tickUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.Board;
import io.kanban.core.boards.BoardLayout;
import io.kanban.core.boards.BoardSlug;
import io.kanban.core.boards.Boards;
import io.kanban.core.model.ClaimedTask;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Run;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import io.kanban.core.spi.LaunchFailure;
import io.kanban.core.spi.LaunchRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The worker process exactly as Hermes expects it: argv, environment, directory, stdin, session, log. */
class ProcessWorkerLauncherTest {
    @RegisterExtension
    final DispatcherHome fx = new DispatcherHome();

    /** A {@code hermes} on PATH that runs the test worker, which records what it was given. */
    private Path fakeHermesOnPath() throws Exception {
        Path bin = Files.createDirectories(fx.dir.resolve("bin"));
        Path hermes = bin.resolve("hermes");
        StringBuilder script = new StringBuilder("#!/bin/sh\nexec");
        for (String word : DispatcherHome.javaWorker()) {
            script.append(" '").append(word).append('\'');
        }
        script.append(" \"$@\"\n");
        Files.writeString(hermes, script);
        Files.setPosixFilePermissions(hermes, PosixFilePermissions.fromString("rwxr-xr-x"));
        fx.env.put("PATH", bin + ":" + fx.env.getOrDefault("PATH", "/usr/bin:/bin"));
        return hermes;
    }

    @Test
    void a_fork_the_system_refuses_is_the_hosts_failure_and_a_missing_program_the_cards() {
        // The messages ProcessBuilder.start gives on Linux (errno in "error=N,").
        assertTrue(ProcessWorkerLauncher.refusedByHost(new java.io.IOException(
                "Cannot run program \"hermes\": error=11, Resource temporarily unavailable")), "EAGAIN");
        assertTrue(ProcessWorkerLauncher.refusedByHost(new java.io.IOException(
                "Cannot run program \"hermes\": error=12, Cannot allocate memory")), "ENOMEM");
        assertTrue(ProcessWorkerLauncher.refusedByHost(new java.io.IOException(
                "Cannot run program \"hermes\": error=24, Too many open files")), "EMFILE");
        assertTrue(!ProcessWorkerLauncher.refusedByHost(new java.io.IOException(
                "Cannot run program \"hermes\": error=2, No such file or directory")), "ENOENT is the card's");
        assertTrue(!ProcessWorkerLauncher.refusedByHost(new java.io.IOException(
                "Cannot run program \"hermes\": error=13, Permission denied")), "EACCES is the card's");
        assertTrue(!ProcessWorkerLauncher.refusedByHost(new java.io.IOException((String) null)));
    }

    @Test
    void the_default_command_gets_the_hermes_argv_env_workspace_stdin_session_and_log() throws Exception {
        fakeHermesOnPath();
        Files.createDirectories(fx.home.resolve("profiles").resolve("coder")); // the profile the task runs as
        fx.env.put("DISPATCHER_MARKER", "inherited");
        fx.env.put("HERMES_TENANT", "dispatcher-own-tenant");
        Task task = fx.board.tasks().create(NewTask.titled("record").assignee("coder").tenant("acme").body("record")
                .skills(List.of("review", "kanban-worker", "git")).model("anthropic/claude-sonnet-4")
                .provider("openrouter").build()).task();
        DispatcherService dispatcher = fx.dispatcher(DispatcherConfig.defaults());

        tickUntil(dispatcher, () -> fx.status(task.id()) == Status.DONE, "the recording worker to complete");

        Path workspace = fx.home.resolve("kanban/workspaces/" + task.id());
        // The reference's current argv: --cli --accept-hooks, the task's own skills, kanban-worker no longer added,
        // then the card's model override.
        assertEquals(List.of("-p", "coder", "--cli", "--accept-hooks", "--skills", "review", "--skills",
                        "kanban-worker", "--skills", "git", "-m", "anthropic/claude-sonnet-4", "--provider",
                        "openrouter", "chat", "-q", "work kanban task " + task.id()),
                Files.readAllLines(workspace.resolve("argv.txt")));

        Run run = fx.runs(task.id()).get(0);
        Map<String, String> expected = new HashMap<>(fx.env);
        expected.put("HERMES_KANBAN_TASK", task.id());
        expected.put("HERMES_KANBAN_WORKSPACE", workspace.toString());
        expected.put("HERMES_PROFILE", "coder");
        expected.put("HERMES_TENANT", "acme");
        expected.put("HERMES_KANBAN_DB", fx.boardFile.toString());
        expected.put("HERMES_KANBAN_BOARD", "default");
        expected.put("HERMES_KANBAN_WORKSPACES_ROOT", fx.home.resolve("kanban/workspaces").toString());
        expected.put("HERMES_KANBAN_RUN_ID", Long.toString(run.id()));
        expected.put("HERMES_HOME", fx.home.toAbsolutePath().toString());
        expected.put("HERMES_SESSION_SOURCE", "kanban");
        expected.put("TERMINAL_CWD", workspace.toString());
        expected.put("HERMES_KANBAN_CLAIM_LOCK", run.claimLock());
        Map<String, String> seen = readEnv(workspace.resolve("env.txt"));
        // The fake hermes is a shell script, and a shell keeps these up to date itself.
        Set<String> shellAdds = Set.of("PWD", "OLDPWD", "SHLVL", "_");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            if (!shellAdds.contains(e.getKey())) {
                assertEquals(e.getValue(), seen.get(e.getKey()), "env " + e.getKey());
            }
        }
        for (String key : seen.keySet()) {
            assertTrue(expected.containsKey(key) || shellAdds.contains(key), "unexpected env " + key);
        }

        Map<String, String> proc = readEnv(workspace.resolve("proc.txt"));
        assertEquals(Long.toString(run.workerPid()), proc.get("pid"), "the run records the worker's own pid");
        assertEquals(proc.get("pid"), proc.get("session"), "the worker leads a session of its own");
        assertEquals(workspace.toString(), proc.get("cwd"));
        assertEquals("/dev/null", proc.get("stdin"));

        Path log = fx.home.resolve("kanban/logs/" + task.id() + ".log");
        assertEquals(log.toString(), run.logPath());
        String text = Files.readString(log);
        assertTrue(text.contains("run " + run.id() + " task " + task.id() + ": hermes -p coder --cli"), text);
        assertTrue(text.contains("test worker for " + task.id()), text);
    }

    @Test
    void HERMES_BIN_names_the_hermes_executable_and_the_legacy_template_still_loads_kanban_worker() throws Exception {
        Path hermes = fakeHermesOnPath();
        Path elsewhere = Files.createDirectories(fx.dir.resolve("opt")).resolve("hermes-agent");
        Files.move(hermes, elsewhere);
        fx.env.put(CommandTemplate.HERMES_BIN, elsewhere.toString());
        Task task = fx.board.tasks().create(NewTask.titled("bin").assignee("coder").body("record")
                .skills(List.of("git")).build()).task();
        DispatcherConfig config = DispatcherConfig.builder().checkProfiles(ProfileCheck.OFF).build();

        tickUntil(fx.dispatcher(config), () -> fx.status(task.id()) == Status.DONE, "the worker from HERMES_BIN");

        Path workspace = fx.home.resolve("kanban/workspaces/" + task.id());
        assertEquals(List.of("-p", "coder", "--cli", "--accept-hooks", "--skills", "git", "chat", "-q",
                "work kanban task " + task.id()), Files.readAllLines(workspace.resolve("argv.txt")));
        assertTrue(Files.readString(fx.home.resolve("kanban/logs/" + task.id() + ".log"))
                .contains(": " + elsewhere + " -p coder"));

        // An older Hermes: the legacy template, which loads kanban-worker itself.
        Files.move(elsewhere, hermes);
        fx.env.remove(CommandTemplate.HERMES_BIN);
        Task old = fx.board.tasks().create(NewTask.titled("old").assignee("coder").body("record")
                .skills(List.of("git")).build()).task();
        DispatcherConfig legacy = config.toBuilder().workerCommand(CommandTemplate.LEGACY).build();
        tickUntil(fx.dispatcher(legacy), () -> fx.status(old.id()) == Status.DONE, "the legacy worker");
        assertEquals(List.of("-p", "coder", "--skills", "kanban-worker", "--skills", "git", "chat", "-q",
                "work kanban task " + old.id()),
                Files.readAllLines(fx.home.resolve("kanban/workspaces/" + old.id()).resolve("argv.txt")));
    }

    @Test
    void a_worktree_worker_is_told_its_branch_and_a_scratch_one_is_not() {
        fx.env.put("HERMES_KANBAN_BRANCH", "left-over");
        ProcessWorkerLauncher launcher = new ProcessWorkerLauncher(DispatcherConfig.defaults(), fx.env, null);
        Task scratchTask = fx.board.tasks().create(NewTask.titled("s").assignee("a").build()).task();
        ClaimedTask scratch = fx.board.claims().claim(scratchTask.id()).orElseThrow();
        Task treeTask = fx.board.tasks().create(NewTask.titled("w").assignee("a")
                .workspace(new io.kanban.core.model.Workspace(io.kanban.core.model.WorkspaceKind.WORKTREE, null))
                .build()).task();
        ClaimedTask tree = fx.board.claims().claim(treeTask.id()).orElseThrow();

        assertTrue(!launcher.environment(scratch.task(), scratch.run(), fx.dir, fx.board.location())
                .containsKey("HERMES_KANBAN_BRANCH"));
        assertEquals("kanban/" + treeTask.id(), launcher.environment(tree.task(), tree.run(), fx.dir,
                fx.board.location()).get("HERMES_KANBAN_BRANCH"));
    }

    @Test
    void a_task_without_tenant_gets_no_HERMES_TENANT_even_if_the_dispatcher_has_one() throws Exception {
        fx.env.put("HERMES_TENANT", "dispatcher-own-tenant");
        ProcessWorkerLauncher launcher = new ProcessWorkerLauncher(DispatcherConfig.defaults(), fx.env, null);
        Task task = fx.board.tasks().create(NewTask.titled("t").assignee("a").build()).task();
        ClaimedTask claim = fx.board.claims().claim(task.id()).orElseThrow();

        Map<String, String> env = launcher.environment(claim.task(), claim.run(), fx.dir, fx.board.location());

        assertTrue(!env.containsKey("HERMES_TENANT"));
        assertEquals("a", env.get("HERMES_PROFILE"));
    }

    @Test
    void a_worker_on_a_named_board_gets_that_board_pinned_and_its_files_in_the_board_directory() throws Exception {
        fakeHermesOnPath();
        Files.createDirectories(fx.home.resolve("profiles").resolve("coder"));
        fx.env.put("HERMES_KANBAN_BOARD", "some-other-board");
        Boards boards = new Boards(BoardLayout.of(fx.env));
        boards.create(BoardSlug.of("web"), Boards.NewBoard.defaults());
        Path db = boards.layout().db(BoardSlug.of("web"));
        Board web = fx.open(db);
        Task task = web.tasks().create(NewTask.titled("record").assignee("coder").body("record").build()).task();
        ClaimedTask claim = web.claims().claim(task.id()).orElseThrow();
        ProcessWorkerLauncher launcher = new ProcessWorkerLauncher(DispatcherConfig.defaults(), fx.env, null);

        launcher.launch(new LaunchRequest(claim.task(), claim.run(), web.location()));

        Path dir = fx.home.resolve("kanban/boards/web");
        Path workspace = dir.resolve("workspaces/" + task.id());
        waitUntilDone(web, task.id());
        Map<String, String> seen = readEnv(workspace.resolve("env.txt"));
        assertEquals(db.toString(), seen.get("HERMES_KANBAN_DB"));
        assertEquals("web", seen.get("HERMES_KANBAN_BOARD"));
        assertEquals(dir.resolve("workspaces").toString(), seen.get("HERMES_KANBAN_WORKSPACES_ROOT"));
        assertTrue(Files.isRegularFile(dir.resolve("logs/" + task.id() + ".log")));
        assertTrue(!Files.exists(fx.home.resolve("kanban/workspaces/" + task.id())));
    }

    @Test
    void a_board_outside_the_home_drops_an_inherited_board_slug() throws Exception {
        fx.env.put("HERMES_KANBAN_BOARD", "inherited");
        Path elsewhere = fx.dir.resolve("elsewhere/kanban.db");
        Board other = fx.open(elsewhere);
        Task task = other.tasks().create(NewTask.titled("t").assignee("a").build()).task();
        ClaimedTask claim = other.claims().claim(task.id()).orElseThrow();
        ProcessWorkerLauncher launcher = new ProcessWorkerLauncher(DispatcherConfig.defaults(), fx.env, null);
        Map<String, String> env = launcher.environment(claim.task(), claim.run(), fx.dir, other.location());
        assertTrue(!env.containsKey("HERMES_KANBAN_BOARD"), env.toString());
        assertEquals(fx.dir.resolve("elsewhere/kanban/workspaces").toString(),
                env.get("HERMES_KANBAN_WORKSPACES_ROOT"));
    }

    /** The recording worker writes its files, then completes its task on the board it was given. */
    private static void waitUntilDone(Board board, String taskId) throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        while (board.tasks().get(taskId).status() != Status.DONE && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(Status.DONE, board.tasks().get(taskId).status(), "the worker completed on its own board");
    }

    @Test
    void a_missing_executable_or_an_unassigned_task_fails_the_launch_with_a_clear_message() {
        DispatcherConfig config = DispatcherConfig.builder()
                .workerCommand(List.of("/no/such/dir/hermes", "{task_id}")).build();
        ProcessWorkerLauncher launcher = new ProcessWorkerLauncher(config, fx.env, null);
        Task task = fx.board.tasks().create(NewTask.titled("t").assignee("a").build()).task();
        ClaimedTask claim = fx.board.claims().claim(task.id()).orElseThrow();

        LaunchFailure missing = assertThrows(LaunchFailure.class,
                () -> launcher.launch(new LaunchRequest(claim.task(), claim.run(), fx.board.location())));
        assertEquals("worker executable '/no/such/dir/hermes' not found (kanban.worker_command)",
                missing.getMessage());

        Task unassigned = fx.board.tasks().create(NewTask.titled("u").build()).task();
        Task asClaimed = new Task(unassigned.id(), unassigned.title(), null, null, Status.RUNNING, 0, null, null,
                unassigned.createdAt(), null, null, unassigned.workspace(), null, null, null, null, 0, null, null,
                null, null, claim.run().id(), List.of(), null, 0, null, null, null, null, null);
        LaunchFailure noAssignee = assertThrows(LaunchFailure.class,
                () -> launcher.launch(new LaunchRequest(asClaimed, claim.run(), fx.board.location())));
        assertTrue(noAssignee.getMessage().contains("has no assignee"));
    }

    @Test
    void without_setsid_the_worker_still_starts_with_its_executable_resolved_on_PATH() throws Exception {
        DispatcherConfig config = DispatcherConfig.builder()
                .workerCommand(List.of("sh", "-c", "echo started $HERMES_KANBAN_TASK; sleep 30")).build();
        ProcessWorkerLauncher launcher = new ProcessWorkerLauncher(config, fx.env, null, null);
        Task task = fx.board.tasks().create(NewTask.titled("t").assignee("a").build()).task();
        ClaimedTask claim = fx.board.claims().claim(task.id()).orElseThrow();

        var worker = launcher.launch(new LaunchRequest(claim.task(), claim.run(), fx.board.location()));

        DispatcherHome.await(() -> read(Path.of(worker.logPath())).contains("started " + task.id()), "worker output");
        assertTrue(ProcessHandle.of(worker.pid()).orElseThrow().isAlive());
        assertTrue(!launcher.terminate(worker.pid(), java.time.Duration.ofSeconds(20)), "SIGTERM was enough");
        DispatcherHome.await(() -> ProcessHandle.of(worker.pid()).map(h -> !h.isAlive()).orElse(true), "worker gone");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static Map<String, String> readEnv(Path file) throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return env;
    }
}
