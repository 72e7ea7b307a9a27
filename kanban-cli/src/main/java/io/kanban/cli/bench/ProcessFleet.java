package io.kanban.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.kanban.cli.render.JsonPrinter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Claim+complete from child JVMs on one board, as a fleet of worker processes on one host (or on several, for a
 * server board) would run it: {@code jvms} children with {@code threadsPerJvm} workers each, started together
 * once every child has opened the board and warmed up (one child after the other), so neither JVM start-up nor
 * JIT compilation is timed.
 * Each child is {@code kanban bench worker} ({@code BenchCommand.Worker}).
 */
public final class ProcessFleet {
    private ProcessFleet() {
    }

    /**
     * Drains the already filled {@code board}.
     *
     * @param warmUpBoards one fresh board location per child for its warm-up, or empty for none
     * @param warmUpTasks  cycles each child runs on its warm-up board before it says ready
     * @param board the filled board's location
     * @param jvms how many child JVMs
     * @param threadsPerJvm the workers in each
     * @param serveWrites whether the children serve the host's writes ({@code Board#serveHostWrites}): the first
     *     to start serves, and the others send it their claims and completions
     * @return the measured run
     * @throws IOException if a child cannot be started or read
     * @throws InterruptedException if interrupted while waiting for the children
     */
    public static ClaimBenchmark.Result run(String board, int jvms, int threadsPerJvm, List<String> warmUpBoards,
                                            int warmUpTasks, boolean serveWrites)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> children = new ArrayList<>();
        List<BufferedReader> outputs = new ArrayList<>();
        try {
            for (int i = 0; i < jvms; i++) {
                List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                        "io.kanban.cli.KanbanCli", "--db", board, "bench", "worker",
                        "--threads", String.valueOf(threadsPerJvm)));
                if (serveWrites) {
                    command.add("--serve-writes");
                }
                if (!warmUpBoards.isEmpty() && warmUpTasks > 0) {
                    command.addAll(List.of("--warm-up-db", warmUpBoards.get(i), "--warm-up",
                            String.valueOf(warmUpTasks)));
                }
                Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
                children.add(p);
                BufferedReader output = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8));
                outputs.add(output);
                // One child warms up at a time: several compiling at once on a small machine (and, on a server
                // board, sharing its CPU) hit the warm-up's time cap before the JIT had settled, and went on
                // compiling through the measured run.
                if (!"ready".equals(output.readLine())) {
                    throw new IllegalStateException("a bench worker process failed to start");
                }
            }
            long begin = System.nanoTime();
            for (Process p : children) {
                Writer w = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
                w.write("go\n");
                w.flush();
            }
            List<long[]> reports = new ArrayList<>();
            for (BufferedReader r : outputs) {
                String line = r.readLine();
                if (line == null) {
                    throw new IllegalStateException("a bench worker process died before reporting");
                }
                JsonNode nanos = JsonPrinter.mapper().readTree(line).get("claim_nanos");
                long[] mine = new long[nanos.size()];
                for (int k = 0; k < mine.length; k++) {
                    mine[k] = nanos.get(k).asLong();
                }
                reports.add(mine);
            }
            double seconds = (System.nanoTime() - begin) / 1e9;
            long[] all = reports.stream().flatMapToLong(Arrays::stream).toArray();
            return ClaimBenchmark.result(jvms * threadsPerJvm, all, seconds, null);
        } finally {
            for (Process p : children) {
                p.destroy();
            }
        }
    }
}
