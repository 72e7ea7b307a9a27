package io.kanban.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The CLI as a separate JVM on the test class path: what another process on the same board looks like. */
final class ChildCli {
    record Exit(int code, String out, String err) {
    }

    private ChildCli() {
    }

    static Process start(Path board, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), "io.kanban.cli.KanbanCli", "--db", board.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("HERMES_HOME", board.getParent().resolve("hermes").toString());
        return pb.start();
    }

    static Exit run(Path board, String... args) throws IOException, InterruptedException {
        Process p = start(board, args);
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child CLI did not finish: " + List.of(args));
        }
        return new Exit(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }
}
