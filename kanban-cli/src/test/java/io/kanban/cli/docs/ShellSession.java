package io.kanban.cli.docs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One bash process that runs commands in turn, as a person types them: exports and the working directory
 * carry over; stderr is merged into stdout; stdin is empty (so nothing waits for input).
 */
final class ShellSession implements AutoCloseable {
    record Result(int exitCode, List<String> output) {
    }

    private static final String EOF = "\u0000eof";

    private final Process bash;
    private final Writer in;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Path scratch;

    ShellSession(Path workDir, Map<String, String> env) throws IOException {
        scratch = Files.createDirectories(workDir.resolve(".session"));
        ProcessBuilder pb = new ProcessBuilder("bash", "--noprofile", "--norc").directory(workDir.toFile())
                .redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        bash = pb.start();
        in = new java.io.OutputStreamWriter(bash.getOutputStream(), StandardCharsets.UTF_8);
        BufferedReader out = new BufferedReader(new InputStreamReader(bash.getInputStream(), StandardCharsets.UTF_8));
        Thread reader = new Thread(() -> {
            try (out) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the shell was closed
            }
            lines.add(EOF);
        }, "shell-output");
        reader.setDaemon(true);
        reader.start();
        send("exec 2>&1\n");
    }

    /**
     * Runs one command (it may span lines, as a heredoc does) and returns its exit code and output lines; fails
     * when it has not finished within {@code timeout}.
     */
    Result run(String command, Duration timeout) throws IOException, InterruptedException {
        Path file = scratch.resolve("step.sh");
        Files.writeString(file, command + "\n");
        String marker = "__step_done_" + UUID.randomUUID().toString().replace("-", "");
        send("source " + quote(file.toString()) + " </dev/null\necho \"" + marker + " $?\"\n");
        List<String> printed = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("still running after " + timeout + ": " + command + "\noutput so far: "
                        + printed);
            }
            if (line.equals(EOF)) {
                throw new IOException("the shell ended while running: " + command + "\noutput so far: " + printed);
            }
            int at = line.indexOf(marker);
            if (at >= 0) {
                if (at > 0) {
                    printed.add(line.substring(0, at));
                }
                return new Result(Integer.parseInt(line.substring(at + marker.length()).strip()), printed);
            }
            printed.add(line);
        }
    }

    private void send(String text) throws IOException {
        in.write(text);
        in.flush();
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    @Override
    public void close() throws IOException {
        try {
            in.close();
        } catch (IOException ignored) {
            // the shell may be gone already
        }
        try {
            if (!bash.waitFor(5, TimeUnit.SECONDS)) {
                bash.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            bash.destroyForcibly();
        }
    }
}
