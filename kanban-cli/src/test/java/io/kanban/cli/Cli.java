package io.kanban.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs the command tree in-process against a board file, as the shell would, capturing out, err and exit code. */
final class Cli {
    static final ObjectMapper JSON = new ObjectMapper();

    record Result(int code, String out, String err) {
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + out + "\nerr: " + err, e);
            }
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private final Path board;
    private final Map<String, String> env = new HashMap<>();
    private BoardOpener opener = BoardOpener.DEFAULT;

    Cli(Path board) {
        this.board = board;
        env.put("HERMES_HOME", board.getParent().resolve("hermes").toString());
    }

    /** Boards opened with this clock (e.g. a SettableClock moved past a retention period). */
    Cli clock(java.time.Clock clock) {
        opener = options -> io.kanban.core.Board.open(options.withClock(clock));
        return this;
    }

    Cli env(String name, String value) {
        env.put(name, value);
        return this;
    }

    Result run(String... args) {
        return runWithStdin("", args);
    }

    Result runWithStdin(String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of("--db", board.toString()));
        all.addAll(List.of(args));
        return raw(stdin, all.toArray(String[]::new));
    }

    /** Runs a command whose standard output is bytes (a saved attachment); returns them with the exit code. */
    record Bytes(int code, byte[] out, String err) {
    }

    Bytes runBytes(String... args) {
        List<String> all = new ArrayList<>(List.of("--db", board.toString()));
        all.addAll(List.of(args));
        StringWriter err = new StringWriter();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        int code = KanbanCli.run(all.toArray(String[]::new), opener, env, new ByteArrayInputStream(new byte[0]),
                new PrintWriter(new StringWriter()), new PrintWriter(err), bytes);
        return new Bytes(code, bytes.toByteArray(), err.toString());
    }

    /** Without the --db this harness adds. */
    Result raw(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = KanbanCli.run(args, opener, env,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), new PrintWriter(out),
                new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    /** Creates a task and returns its id. */
    String create(String title, String... flags) {
        List<String> args = new ArrayList<>(List.of("create", title, "--json"));
        args.addAll(List.of(flags));
        Result r = run(args.toArray(String[]::new));
        if (r.code() != 0) {
            throw new AssertionError("create failed: " + r);
        }
        return r.json().get("task").get("id").asText();
    }

    /** A refused command: exit 1, the message on one line of stderr, no stack trace. */
    static void refused(Result r, String message) {
        org.junit.jupiter.api.Assertions.assertEquals(1, r.code(), r.toString());
        org.junit.jupiter.api.Assertions.assertTrue(r.err().contains(message), r.toString());
        org.junit.jupiter.api.Assertions.assertEquals(1, r.err().strip().lines().count(), "one line on stderr: " + r);
        org.junit.jupiter.api.Assertions.assertFalse(r.err().contains("\tat "), "no stack trace: " + r);
    }

    /** Bad usage: exit 2, the message on stderr, no stack trace. */
    static void usage(Result r, String message) {
        org.junit.jupiter.api.Assertions.assertEquals(2, r.code(), r.toString());
        org.junit.jupiter.api.Assertions.assertTrue(r.err().contains(message), r.toString());
        org.junit.jupiter.api.Assertions.assertFalse(r.err().contains("\tat "), "no stack trace: " + r);
    }
}
