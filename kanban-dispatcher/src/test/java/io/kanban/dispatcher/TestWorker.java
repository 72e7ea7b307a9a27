package io.kanban.dispatcher;

import io.kanban.core.Board;
import io.kanban.core.Claims;
import io.kanban.core.model.Completion;
import io.kanban.core.model.RunOutcome;
import io.kanban.core.model.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stand-in worker agent, started as a real child process. It finds its task through the environment the
 * dispatcher gives it and does what the first line of the task body says:
 * {@code complete}, {@code block}, {@code heartbeat-sleep}, {@code sleep-first} (sleep on the first attempt,
 * complete on a retry), {@code heartbeat-exit}, {@code crash}, {@code hang}, {@code exit}, {@code exit-code:<n>} (exit with that code),
 * {@code trailer-exit:<n>} (write the Hermes exit trailer, then exit with that code), {@code record} (write argv, env and process
 * facts to files in the workspace, then complete), {@code sleep-complete:<millis>}, {@code pipeline} (the
 * implement -> review lane: an implementer run requests review by {@code reviewer}; a reviewer run, started with
 * the {@code sdlc-review} skill among its arguments, requests changes the first time and approves the second).
 */
public final class TestWorker {
    private TestWorker() {
    }

    public static void main(String[] args) throws Exception {
        String taskId = System.getenv("HERMES_KANBAN_TASK");
        long runId = Long.parseLong(System.getenv("HERMES_KANBAN_RUN_ID"));
        Path workspace = Path.of(System.getenv("HERMES_KANBAN_WORKSPACE"));
        try (Board board = Board.open(Path.of(System.getenv("HERMES_KANBAN_DB")))) {
            Task task = board.tasks().get(taskId);
            String command = task.body() == null ? "complete" : task.body().lines().findFirst().orElse("complete");
            System.out.println("test worker for " + taskId + " run " + runId + ": " + command);
            System.out.flush();
            switch (command.contains(":") ? command.substring(0, command.indexOf(':')) : command) {
                case "complete" -> complete(board, taskId, runId);
                case "sleep-complete" -> {
                    Thread.sleep(Long.parseLong(command.substring(command.indexOf(':') + 1)));
                    complete(board, taskId, runId);
                }
                case "block" -> board.claims().block(taskId, "needs a decision from a person", runId);
                case "heartbeat-sleep", "hang" -> {
                    board.claims().heartbeat(taskId, "working", runId);
                    Thread.sleep(600_000);
                }
                case "sleep-first" -> {
                    if (board.runs().of(taskId).size() == 1) {
                        board.claims().heartbeat(taskId, "first attempt, sleeping", runId);
                        Thread.sleep(600_000);
                    } else {
                        complete(board, taskId, runId);
                    }
                }
                case "heartbeat-exit" -> board.claims().heartbeat(taskId, "started, then leaving", runId);
                case "crash" -> {
                    System.out.println("crashing on purpose");
                    System.exit(3);
                }
                case "exit" -> System.exit(0);
                case "exit-code" -> {
                    System.out.println("leaving with code " + command.substring(command.indexOf(':') + 1));
                    System.out.flush();
                    System.exit(Integer.parseInt(command.substring(command.indexOf(':') + 1)));
                }
                case "trailer-exit" -> {
                    // As a Hermes worker does: the exit trailer on its log, then the exit.
                    int code = Integer.parseInt(command.substring(command.indexOf(':') + 1));
                    System.out.println(WorkerLog.EXIT_TRAILER + code);
                    System.out.flush();
                    System.exit(code);
                }
                case "pipeline" -> pipeline(board, taskId, runId, List.of(args));
                case "record" -> {
                    record(workspace, args);
                    complete(board, taskId, runId);
                }
                default -> {
                    System.out.println("unknown command " + command);
                    System.exit(2);
                }
            }
        }
    }

    private static void pipeline(Board board, String taskId, long runId, List<String> args) {
        if (args.contains("sdlc-review")) {
            boolean changesAsked = board.runs().of(taskId).stream()
                    .anyMatch(r -> r.outcome() == RunOutcome.CHANGES_REQUESTED);
            if (changesAsked) {
                board.claims().complete(taskId, new Completion("approved", null, null, runId));
            } else {
                board.claims().requestChanges(taskId, "add tests for the edge cases", runId);
            }
        } else {
            long attempts = board.runs().of(taskId).stream()
                    .filter(r -> r.outcome() == RunOutcome.REVIEW_REQUESTED).count();
            board.claims().requestReview(taskId, new Claims.ReviewRequest("implemented, version " + (attempts + 1),
                    "reviewer", null, runId, false));
        }
    }

    private static void complete(Board board, String taskId, long runId) {
        board.claims().complete(taskId, Completion.withSummary("done by " + System.getenv("HERMES_PROFILE"))
                .forRun(runId));
    }

    private static void record(Path workspace, String[] args) throws Exception {
        Files.write(workspace.resolve("argv.txt"), List.of(args));
        Map<String, String> env = new TreeMap<>(System.getenv());
        StringBuilder sb = new StringBuilder();
        env.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        Files.writeString(workspace.resolve("env.txt"), sb);
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        String stdin = Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString();
        Files.write(workspace.resolve("proc.txt"), List.of(
                "pid=" + ProcessHandle.current().pid(),
                "session=" + fields[3],
                "cwd=" + Path.of("").toAbsolutePath(),
                "stdin=" + stdin));
    }
}
