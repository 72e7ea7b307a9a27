package io.kanban.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.kanban.cli.render.JsonPrinter;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

/**
 * The training run behind {@code bin/kanban}'s class-data-sharing archive: the JVM that runs this records every
 * class it loads, and later calls map them from the archive instead of loading and verifying them.
 *
 * <p>It runs the commands people and workers call most, in-process, on a board that {@code kanban init} created
 * beforehand in another JVM: Flyway's classes, needed once per board, stay out of the archive, whose size every
 * call pays for at start-up. Usage: {@code java -XX:ArchiveClassesAtExit=A -cp kanban-cli.jar
 * io.kanban.cli.ClassDataTraining BOARD}. Exits 1 if a command fails, so a broken run leaves no archive.
 */
public final class ClassDataTraining {
    private ClassDataTraining() {
    }

    /**
     * Runs the training commands on the board.
     *
     * @param args the board made by {@code kanban init}
     */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: ClassDataTraining BOARD (a board made by kanban init)");
            System.exit(2);
        }
        String board = args[0];
        String parent = taskId(run(board, "create", "class-data training", "--assignee", "trainer", "--json"));
        String child = taskId(run(board, "create", "class-data training, step 2", "--parent", parent, "--json"));
        for (List<String> line : List.of(
                List.of("list"),
                List.of("list", "--json"),
                List.of("show", parent),
                List.of("show", parent, "--json"),
                List.of("claim", parent),
                List.of("heartbeat", parent, "--note", "training"),
                List.of("comment", parent, "a note for the thread"),
                List.of("complete", parent, "--summary", "done", "--json"),
                List.of("context", child),
                List.of("runs", parent),
                List.of("stats"))) {
            run(board, line.toArray(String[]::new));
        }
        System.exit(0);
    }

    private static String run(String board, String... line) {
        String[] args = new String[line.length + 2];
        args[0] = "--db";
        args[1] = board;
        System.arraycopy(line, 0, args, 2, line.length);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = KanbanCli.run(args, BoardOpener.DEFAULT, Map.of(), new ByteArrayInputStream(new byte[0]),
                new PrintWriter(out), new PrintWriter(err));
        if (code != 0) {
            System.err.println("training step failed: " + String.join(" ", line) + ": " + err.toString().strip());
            System.exit(1);
        }
        return out.toString();
    }

    private static String taskId(String json) {
        try {
            JsonNode task = JsonPrinter.mapper().readTree(json).get("task");
            return task.get("id").asText();
        } catch (Exception e) {
            System.err.println("training step printed no task: " + json.strip());
            System.exit(1);
            return null;
        }
    }
}
