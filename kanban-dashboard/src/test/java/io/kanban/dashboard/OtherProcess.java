package io.kanban.dashboard;

import io.kanban.core.Board;
import io.kanban.core.BoardOptions;
import io.kanban.core.model.Completion;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Status;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A separate JVM that changes the board the way the CLI or a worker would: {@code <db> create <title>},
 * {@code <db> move <id> <status>}, {@code <db> comment <id> <text>}, and as a worker {@code <db> complete <id>
 * <epoch-seconds>}: claims and completes the task with its clock at that time (a test's board runs on its test
 * clock, not on this machine's). Prints the task id.
 */
public final class OtherProcess {
    private OtherProcess() {
    }

    public static void main(String[] args) {
        BoardOptions options = BoardOptions.at(Path.of(args[0]));
        if (args[1].equals("complete")) {
            options = options.withClock(Clock.fixed(Instant.ofEpochSecond(Long.parseLong(args[3])), ZoneOffset.UTC));
        }
        try (Board board = Board.open(options)) {
            String id = switch (args[1]) {
                case "create" -> board.tasks().create(NewTask.titled(args[2]).assignee("worker").build()).task().id();
                case "move" -> board.tasks().move(args[2], Status.fromWire(args[3]), "moved by another process").id();
                case "comment" -> board.comments().add(args[2], "cli", args[3]).taskId();
                case "complete" -> {
                    board.claims().claim(args[2]).orElseThrow();
                    board.claims().complete(args[2], Completion.withSummary("done in another process"));
                    yield args[2];
                }
                default -> throw new IllegalArgumentException("unknown command " + args[1]);
            };
            System.out.println(id);
        }
    }

    /** Runs it as a child JVM on this test's classpath and returns what it printed; fails on a non-zero exit. */
    static String run(Path db, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.jooq.no-logo=true", "-Dorg.jooq.no-tips=true", "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), OtherProcess.class.getName(), db.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("child process failed: " + out);
        }
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1].strip();
    }
}
