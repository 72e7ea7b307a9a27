package io.kanban.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.kanban.cli.CliFailure;
import io.kanban.cli.UsageFailure;
import io.kanban.cli.bench.ClaimBenchmark;
import io.kanban.cli.bench.NoWorkers;
import io.kanban.cli.render.JsonPrinter;
import io.kanban.core.Board;
import io.kanban.core.BoardLocation;
import io.kanban.core.dispatch.DispatchPolicy;
import io.kanban.core.dispatch.TickReport;
import io.kanban.core.model.ClaimedTask;
import io.kanban.core.model.Completion;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Task;
import io.kanban.core.spi.ProcessProbe;
import io.kanban.core.store.WriterStats;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmark this machine's board, like pgbench.",
                "Measures claim+complete throughput and claim latency with W workers,",
                "dependency promotion on a fan-in graph, dispatch-tick time on a board of --tasks tasks, and the raw",
                "SQLite commit ceiling. Runs on a temporary directory, or on --db (a new file) and files beside it.",
                "With --db jdbc:postgresql://..., the same on scratch schemas of that server (dropped after)."},
        subcommands = BenchCommand.Worker.class)
public final class BenchCommand extends BoardCommand {
    static final int FAN_IN_MAX = 200;
    static final int DRY_TICKS = 5;
    static final String[] PROFILES = {"pm", "dev", "qa", "ops", "docs", "sec", "data", "ux"};

    @Option(names = "--tasks", paramLabel = "N", defaultValue = "2000", description = "Tasks per board (default 2000).")
    int tasks;

    @Option(names = "--workers", paramLabel = "W", defaultValue = "4", description = "Concurrent workers (default 4).")
    int workers;

    @Option(names = "--processes", description = "Workers are child JVMs instead of threads.")
    boolean processes;

    @Option(names = "--commits", paramLabel = "N", defaultValue = "5000",
            description = "Commits for the raw SQLite ceiling (default 5000).")
    int commits;

    @Override
    int execute() throws Exception {
        if (tasks < 1 || workers < 1 || commits < 1) {
            throw new UsageFailure("--tasks, --workers and --commits must be at least 1");
        }
        if (BoardLocation.isUrl(root().dbFlag())) {
            return onServer(root().dbFlag());
        }
        Path dir;
        Path claimsBoard;
        boolean temporary = root().dbFlag() == null;
        if (temporary) {
            dir = Files.createTempDirectory("kanban-bench");
            claimsBoard = dir.resolve("claims.db");
        } else {
            claimsBoard = Path.of(root().dbFlag()).toAbsolutePath();
            if (Files.exists(claimsBoard)) {
                throw new CliFailure("bench fills its board with tasks; give --db a file that does not exist yet, not "
                        + claimsBoard);
            }
            dir = claimsBoard.getParent();
        }
        PrintWriter progress = err();
        try {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("tasks", tasks);
            doc.put("workers", workers);
            doc.put("mode", processes ? "processes" : "threads");
            doc.put("board", claimsBoard.toString());
            progress.println("bench: raw SQLite commit ceiling (" + commits + " commits)...");
            progress.flush();
            doc.put("raw_commits_per_second", Math.round(ClaimBenchmark.rawCommitCeiling(dir, commits)));
            progress.println("bench: claim+complete of " + tasks + " tasks with " + workers + " "
                    + (processes ? "processes" : "threads") + "...");
            progress.flush();
            doc.put("claim_complete", processes ? claimCompleteInProcesses(claimsBoard) : claimComplete(claimsBoard));
            progress.println("bench: fan-in promotion...");
            progress.flush();
            doc.put("fan_in", fanIn(dir.resolve(claimsBoard.getFileName() + ".fanin.db")));
            progress.println("bench: dispatch tick on " + tasks + " tasks...");
            progress.flush();
            doc.put("dispatch_tick", dispatchTick(dir.resolve(claimsBoard.getFileName() + ".tick.db")));
            if (json()) {
                printJson(doc);
            } else {
                print(out(), doc, "SQLite");
            }
            return 0;
        } finally {
            if (temporary) {
                deleteTree(dir);
            }
        }
    }

    /**
     * The same figures for a PostgreSQL server: each measurement on a scratch schema of its own, dropped after,
     * and the server's raw commit ceiling in place of SQLite's.
     */
    private int onServer(String server) throws Exception {
        PrintWriter progress = err();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("tasks", tasks);
        doc.put("workers", workers);
        doc.put("mode", processes ? "processes" : "threads");
        doc.put("board", server.replaceAll("(?i)(password=)[^&]*", "$1***"));
        progress.println("bench: raw PostgreSQL commit ceiling (" + commits + " commits)...");
        progress.flush();
        doc.put("raw_commits_per_second", Math.round(ClaimBenchmark.rawCommitCeiling(server, commits)));
        try (ClaimBenchmark.ScratchSchema claims = ClaimBenchmark.ScratchSchema.create(server);
             ClaimBenchmark.ScratchSchema fan = ClaimBenchmark.ScratchSchema.create(server);
             ClaimBenchmark.ScratchSchema tick = ClaimBenchmark.ScratchSchema.create(server)) {
            progress.println("bench: claim+complete of " + tasks + " tasks with " + workers + " "
                    + (processes ? "processes" : "threads") + "...");
            progress.flush();
            doc.put("claim_complete", processes ? claimCompleteInProcesses(claims.url()) : claimComplete(claims.url()));
            progress.println("bench: fan-in promotion...");
            progress.flush();
            doc.put("fan_in", fanIn(fan.url()));
            progress.println("bench: dispatch tick on " + tasks + " tasks...");
            progress.flush();
            doc.put("dispatch_tick", dispatchTick(tick.url()));
        }
        if (json()) {
            printJson(doc);
        } else {
            print(out(), doc, "PostgreSQL");
        }
        return 0;
    }

    private Map<String, Object> claimComplete(Path board) throws InterruptedException {
        return claimComplete(board.toString());
    }

    private Map<String, Object> claimComplete(String board) throws InterruptedException {
        ClaimBenchmark.Result r = ClaimBenchmark.claimComplete(board, tasks, workers);
        Map<String, Object> m = claimFigures(r.cycles(), r.seconds(), r.p50Micros(), r.p95Micros(), r.p99Micros());
        WriterStats w = r.writer();
        if (w != null) {
            // Where the time went: SQLite runs one writer, so its busy share bounds what more workers can add.
            m.put("writer_busy_percent", Math.round(w.busyPercent((long) (r.seconds() * 1e9))));
            m.put("writes_per_commit", round(w.writesPerCommit(), 1));
            m.put("commit_us", Math.round(w.commitMicros()));
        }
        return m;
    }

    /** W child JVMs drain one board; they start together once all have opened it, so JVM start-up is not timed. */
    private Map<String, Object> claimCompleteInProcesses(Path boardFile) throws Exception {
        return claimCompleteInProcesses(boardFile.toString());
    }

    private Map<String, Object> claimCompleteInProcesses(String boardFile) throws Exception {
        try (Board board = Board.open(boardFile)) {
            for (int i = 0; i < tasks; i++) {
                board.tasks().create(NewTask.titled("bench task " + i).assignee("bench").priority(i % 3).build());
            }
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> children = new ArrayList<>();
        List<BufferedReader> outputs = new ArrayList<>();
        try {
            for (int i = 0; i < workers; i++) {
                Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                        "io.kanban.cli.KanbanCli", "--db", boardFile, "bench", "worker")
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                children.add(p);
                outputs.add(new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
            }
            for (BufferedReader r : outputs) {
                if (!"ready".equals(r.readLine())) {
                    throw new CliFailure("a bench worker process failed to start");
                }
            }
            long begin = System.nanoTime();
            for (Process p : children) {
                Writer w = new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
                w.write("go\n");
                w.flush();
            }
            List<Long> latencies = new ArrayList<>();
            long cycles = 0;
            for (BufferedReader r : outputs) {
                String line = r.readLine();
                if (line == null) {
                    throw new CliFailure("a bench worker process died before reporting");
                }
                JsonNode report = JsonPrinter.mapper().readTree(line);
                cycles += report.get("cycles").asLong();
                report.get("claim_nanos").forEach(n -> latencies.add(n.asLong()));
            }
            double seconds = (System.nanoTime() - begin) / 1e9;
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            return claimFigures(cycles, seconds, pct(sorted, 50) / 1e3, pct(sorted, 95) / 1e3, pct(sorted, 99) / 1e3);
        } finally {
            for (Process p : children) {
                p.destroy();
            }
        }
    }

    private static Map<String, Object> claimFigures(long cycles, double seconds, double p50, double p95, double p99) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cycles", cycles);
        m.put("seconds", round(seconds, 3));
        m.put("cycles_per_second", Math.round(cycles / seconds));
        m.put("claim_p50_us", Math.round(p50));
        m.put("claim_p95_us", Math.round(p95));
        m.put("claim_p99_us", Math.round(p99));
        return m;
    }

    /** One child with many parents: what each parent's completion costs, and the one that promotes the child. */
    private Map<String, Object> fanIn(Path file) {
        return fanIn(file.toString());
    }

    private Map<String, Object> fanIn(String file) {
        int parents = Math.max(1, Math.min(FAN_IN_MAX, tasks));
        try (Board board = Board.open(file)) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < parents; i++) {
                ids.add(board.tasks().create(NewTask.titled("parent " + i).build()).task().id());
            }
            long t0 = System.nanoTime();
            Task child = board.tasks().create(NewTask.titled("fan-in child").parents(ids).build()).task();
            double createMs = (System.nanoTime() - t0) / 1e6;
            long sum = 0;
            for (int i = 0; i < parents - 1; i++) {
                long s = System.nanoTime();
                board.claims().complete(ids.get(i), Completion.withSummary("done"));
                sum += System.nanoTime() - s;
            }
            long s = System.nanoTime();
            board.claims().complete(ids.get(parents - 1), Completion.withSummary("done"));
            double lastMs = (System.nanoTime() - s) / 1e6;
            String status = board.tasks().get(child.id()).status().wire();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("parents", parents);
            m.put("create_child_ms", round(createMs, 2));
            m.put("avg_complete_ms", parents > 1 ? round(sum / 1e6 / (parents - 1), 3) : null);
            m.put("promoting_complete_ms", round(lastMs, 3));
            m.put("child_status", status);
            return m;
        }
    }

    /** Dry-run ticks (sweeps and decisions, no claims) on a full board, then one live tick that starts no workers. */
    private Map<String, Object> dispatchTick(Path file) {
        return dispatchTick(file.toString());
    }

    private Map<String, Object> dispatchTick(String file) {
        try (Board board = Board.open(file)) {
            for (int i = 0; i < tasks; i++) {
                board.tasks().create(NewTask.titled("tick task " + i).assignee(PROFILES[i % PROFILES.length])
                        .priority(i % 5).build());
            }
            NoWorkers launcher = new NoWorkers();
            ProcessProbe probe = NoWorkers.ALL_ALIVE;
            DispatchPolicy dry = DispatchPolicy.defaults().withDryRun(true);
            long[] nanos = new long[DRY_TICKS];
            for (int i = 0; i < DRY_TICKS; i++) {
                long s = System.nanoTime();
                board.dispatch().tick(dry, launcher, probe);
                nanos[i] = System.nanoTime() - s;
            }
            Arrays.sort(nanos);
            long s = System.nanoTime();
            TickReport live = board.dispatch().tick(DispatchPolicy.defaults(), launcher, probe);
            double liveMs = (System.nanoTime() - s) / 1e6;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("tasks", tasks);
            m.put("dry_run_median_ms", round(nanos[DRY_TICKS / 2] / 1e6, 2));
            m.put("live_ms", round(liveMs, 2));
            m.put("live_spawned", live.spawned().size());
            return m;
        }
    }

    @SuppressWarnings("unchecked")
    private static void print(PrintWriter out, Map<String, Object> d, String backend) {
        Map<String, Object> cc = (Map<String, Object>) d.get("claim_complete");
        Map<String, Object> fan = (Map<String, Object>) d.get("fan_in");
        Map<String, Object> tick = (Map<String, Object>) d.get("dispatch_tick");
        out.println("kanban bench: " + d.get("tasks") + " tasks, " + d.get("workers") + " workers (" + d.get("mode")
                + ")");
        out.printf("%-28s %,d commits/s%n", "raw " + backend + " commit ceiling", (Long) d.get("raw_commits_per_second"));
        out.printf("claim+complete               %,d cycles/s (%d cycles in %s s)%n", (Long) cc.get("cycles_per_second"),
                (Long) cc.get("cycles"), cc.get("seconds"));
        out.printf("claim latency                p50 %s us, p95 %s us, p99 %s us%n", cc.get("claim_p50_us"),
                cc.get("claim_p95_us"), cc.get("claim_p99_us"));
        if (cc.containsKey("writer_busy_percent")) {
            out.printf("SQLite writer                busy %s%% of the run; %s writes per commit, %s us per commit%n",
                    cc.get("writer_busy_percent"), cc.get("writes_per_commit"), cc.get("commit_us"));
        }
        out.printf("fan-in promotion             %s parents: complete avg %s ms; last (promotes child -> %s) %s ms%n",
                fan.get("parents"), fan.get("avg_complete_ms"), fan.get("child_status"),
                fan.get("promoting_complete_ms"));
        out.printf("dispatch tick                %s tasks: dry-run median %s ms; live tick %s ms (%s spawned, fake"
                + " launcher)%n", tick.get("tasks"), tick.get("dry_run_median_ms"), tick.get("live_ms"),
                tick.get("live_spawned"));
    }

    private static double round(double v, int places) {
        double f = Math.pow(10, places);
        return Math.round(v * f) / f;
    }

    private static double pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)];
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A bench worker process: says ready, waits for go on stdin, drains the board, prints one JSON line. */
    @Command(name = "worker", hidden = true, description = "Internal: one worker process of bench --processes.")
    public static final class Worker extends BoardCommand {
        @Override
        int execute() throws IOException {
            Board board = board();
            board.tasks().list(io.kanban.core.model.TaskFilter.all().withLimit(1));
            PrintWriter out = out();
            out.println("ready");
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(root().stdin(), StandardCharsets.UTF_8));
            if (!"go".equals(in.readLine())) {
                return 1;
            }
            List<Long> nanos = new ArrayList<>();
            while (true) {
                long t0 = System.nanoTime();
                Optional<ClaimedTask> c = board.claims().claimNext(null);
                long t1 = System.nanoTime();
                if (c.isEmpty()) {
                    break;
                }
                nanos.add(t1 - t0);
                board.claims().complete(c.get().task().id(), Completion.withSummary("bench").forRun(c.get().run().id()));
            }
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("cycles", nanos.size());
            report.put("claim_nanos", nanos);
            out.println(JsonPrinter.compact(report));
            return 0;
        }
    }
}
