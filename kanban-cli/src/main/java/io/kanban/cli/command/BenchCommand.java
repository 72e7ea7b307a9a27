package io.kanban.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.kanban.cli.CliFailure;
import io.kanban.cli.UsageFailure;
import io.kanban.cli.bench.ClaimBenchmark;
import io.kanban.cli.bench.JitWarmUp;
import io.kanban.cli.bench.NoWorkers;
import io.kanban.cli.bench.ProcessFleet;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code kanban bench} command: Benchmark this machine's board, like pgbench. */
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
    static final int SCALING_WORKERS = 16;
    /** Cycles each measuring JVM runs on a board of its own first, so that the JIT has compiled the claim path. */
    static final int WARM_UP_TASKS = 2_000;
    /**
     * The cycles of one warm-up round in each child JVM, which runs rounds until the JIT is done (see
     * {@link JitWarmUp}); small enough that a round takes seconds, not minutes, on a server whose commits are slow.
     */
    static final int CHILD_WARM_UP_TASKS = 500;
    /**
     * A multi-process run shorter than this is said to be short: profiled in a 10 s run, the serving child JVM
     * spent over a third of its CPU in C2, although its warm-up had settled on a scratch board of its own.
     */
    static final int STEADY_RUN_SECONDS = 10;

    /**
     * The longest a child JVM warms up, so J children on a slow server, warming up one after the other, take at most
     * J times this before the run.
     */
    static final Duration CHILD_WARM_UP_CAP = Duration.ofSeconds(20);
    /**
     * The most warm-up rounds of a child JVM: with a few tasks (a quick check, or a test) rounds are tiny and
     * spend much of their time compiling, so the warm-up would otherwise run to its cap.
     */
    static final int CHILD_WARM_UP_MAX_ROUNDS = 40;
    static final String[] PROFILES = {"pm", "dev", "qa", "ops", "docs", "sec", "data", "ux"};

    @Option(names = "--tasks", paramLabel = "N", defaultValue = "2000", description = "Tasks per board (default 2000).")
    int tasks;

    @Option(names = "--workers", paramLabel = "W",
            description = "Concurrent workers (default 4; 16 on PostgreSQL and with --processes).")
    Integer workersFlag;

    @Option(names = "--processes",
            description = "Compare one child JVM with W threads against --jvms child JVMs sharing W threads.")
    boolean processes;

    @Option(names = "--jvms", paramLabel = "J", defaultValue = "4",
            description = "Child JVMs for the multi-process run (default 4); W/J threads each.")
    int jvms;

    int workers;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "1",
            description = "Runs the child-JVM shapes (and on PostgreSQL the ceilings and thread series) N times in turn"
                    + " and reports each one's median round (default 1).")
    int rounds;

    @Option(names = "--commits", paramLabel = "N", defaultValue = "5000",
            description = "Commits for the raw SQLite ceiling (default 5000).")
    int commits;

    @Override
    int execute() throws Exception {
        boolean server = BoardLocation.isUrl(root().dbFlag());
        workers = workersFlag != null ? workersFlag : server || processes ? SCALING_WORKERS : 4;
        if (tasks < 1 || workers < 1 || commits < 1 || jvms < 1 || rounds < 1) {
            throw new UsageFailure("--tasks, --workers, --jvms, --rounds and --commits must be at least 1");
        }
        if (rounds > 1 && !server && !processes) {
            throw new UsageFailure("--rounds repeats the child JVM runs: give --processes, or a PostgreSQL --db");
        }
        if ((server || processes) && workers % jvms != 0) {
            throw new UsageFailure("--workers (" + workers + ") must be a multiple of --jvms (" + jvms + ")");
        }
        if (server) {
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
            doc.put("rounds", rounds);
            doc.put("board", claimsBoard.toString());
            progress.println("bench: raw SQLite commit ceiling (" + commits + " commits)...");
            progress.flush();
            doc.put("raw_commits_per_second", Math.round(ClaimBenchmark.rawCommitCeiling(dir, commits)));
            progress.println("bench: claim+complete of " + tasks + " tasks with " + workers + " "
                    + (processes ? "processes" : "threads") + "...");
            progress.flush();
            if (processes) {
                List<Map<String, Object>> scaling = processPair(claimsBoard.toString(),
                        i -> dir.resolve(claimsBoard.getFileName() + ".run" + i + ".db").toString());
                doc.put("scaling", scaling);
                doc.put("claim_complete", scaling.get(Math.min(1, scaling.size() - 1)));
            } else {
                doc.put("claim_complete", claimComplete(claimsBoard));
            }
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
        doc.put("rounds", rounds);
        doc.put("board", server.replaceAll("(?i)(password=)[^&]*", "$1***"));
        int[] steps = steps();
        List<List<Map<String, Object>>> ceilingRounds = new ArrayList<>();
        List<List<Map<String, Object>>> threadRounds = new ArrayList<>();
        for (int i = 0; i < steps.length; i++) {
            ceilingRounds.add(new ArrayList<>());
            threadRounds.add(new ArrayList<>());
        }
        List<ClaimBenchmark.ScratchSchema> schemas = new ArrayList<>();
        try {
            java.util.function.Supplier<String> scratch = () -> {
                ClaimBenchmark.ScratchSchema s = ClaimBenchmark.ScratchSchema.create(server);
                schemas.add(s);
                return s.url();
            };
            // Each round measures the ceiling and then the claims, so both meet the disk of the same minutes.
            for (int round = 1; round <= rounds; round++) {
                String of = roundLabel(round);
                for (int i = 0; i < steps.length; i++) {
                    progress.println("bench: PostgreSQL commit ceiling with " + steps[i] + " clients (" + commits
                            + " commits)" + of + "...");
                    progress.flush();
                    Map<String, Object> c = new LinkedHashMap<>();
                    c.put("clients", steps[i]);
                    c.put("commits_per_second", Math.round(ClaimBenchmark.rawCommitCeiling(server, commits,
                            steps[i])));
                    ceilingRounds.get(i).add(c);
                }
                if (round == 1) {
                    progress.println("bench: warming up this JVM...");
                    progress.flush();
                    ClaimBenchmark.claimComplete(scratch.get(), Math.min(WARM_UP_TASKS, tasks), workers);
                }
                for (int i = 0; i < steps.length; i++) {
                    progress.println("bench: claim+complete of " + tasks + " tasks with " + steps[i] + " threads"
                            + of + "...");
                    progress.flush();
                    threadRounds.get(i).add(scalingFigures(1, steps[i], false,
                            ClaimBenchmark.claimComplete(scratch.get(), tasks, steps[i])));
                }
            }
            List<Map<String, Object>> ceiling = new ArrayList<>();
            ceilingRounds.forEach(c -> ceiling.add(median(c, "commits_per_second")));
            doc.put("raw_commits_per_second", ceiling.get(0).get("commits_per_second"));
            doc.put("commit_ceiling", ceiling);
            List<Map<String, Object>> scaling = new ArrayList<>();
            threadRounds.forEach(t -> scaling.add(median(t, "cycles_per_second")));
            Map<String, Object> inThisJvm = scaling.get(scaling.size() - 1);
            doc.put("claim_complete", inThisJvm);
            scaling.addAll(processPair(null, i -> scratch.get()));
            doc.put("scaling", scaling);
            progress.println("bench: fan-in promotion...");
            progress.flush();
            doc.put("fan_in", fanIn(scratch.get()));
            progress.println("bench: dispatch tick on " + tasks + " tasks...");
            progress.flush();
            doc.put("dispatch_tick", dispatchTick(scratch.get()));
        } finally {
            for (ClaimBenchmark.ScratchSchema s : schemas) {
                s.close();
            }
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

    /** 1, W/J and W: the client and thread counts of the scaling series. */
    private int[] steps() {
        return java.util.stream.IntStream.of(1, workers / jvms, workers).filter(n -> n >= 1).distinct().toArray();
    }

    /**
     * One child JVM with W threads, then J child JVMs with W/J threads each, each pair on a fresh board of
     * {@code tasks} tasks: what splitting one fleet over processes costs. Both sides run in child JVMs warmed up
     * the same way, so the comparison is of processes, not of this JVM's flags or warm-up.
     *
     * @param board   the board of the multi-process run (SQLite: the --db file), or null for a fresh one
     * @param fresh   a fresh board location; called with a number for each board this needs
     */
    private List<Map<String, Object>> processPair(String board, java.util.function.IntFunction<String> fresh)
            throws Exception {
        PrintWriter progress = err();
        int n = 0;
        double shortest = Double.MAX_VALUE;
        // On SQLite, J JVMs a second time with one of them serving the others' writes (one writer per host).
        boolean sqlite = !BoardLocation.isUrl(root().dbFlag());
        int[] runs = jvms == 1 ? new int[] {1} : sqlite ? new int[] {1, jvms, jvms} : new int[] {1, jvms};
        // Rounds run the shapes in turn, so a slow spell of the machine falls on every shape, not on one.
        List<List<Map<String, Object>>> byShape = new ArrayList<>();
        for (int r = 0; r < runs.length; r++) {
            byShape.add(new ArrayList<>());
        }
        for (int round = 1; round <= rounds; round++) {
            for (int r = 0; r < runs.length; r++) {
                int j = runs[r];
                boolean hostWriter = r == 2;
                int threads = workers / j;
                progress.println("bench: claim+complete of " + tasks + " tasks from " + j + " child JVM(s) x "
                        + threads + " threads" + (hostWriter ? ", one of them serving the others' writes" : "")
                        + roundLabel(round) + "...");
                progress.flush();
                String location = r == 1 && round == 1 && board != null ? board : fresh.apply(n++);
                try (Board b = Board.open(location)) {
                    ClaimBenchmark.fill(b, tasks);
                }
                ClaimBenchmark.analyzeOnServer(location);
                List<String> warmUps = new ArrayList<>();
                for (int i = 0; i < j; i++) {
                    warmUps.add(fresh.apply(n++));
                }
                ClaimBenchmark.Result result = ProcessFleet.run(location, j, threads, warmUps,
                        Math.min(CHILD_WARM_UP_TASKS, tasks), hostWriter);
                Map<String, Object> figures = scalingFigures(j, threads, true, result);
                figures.put("host_writer", hostWriter);
                byShape.get(r).add(figures);
                shortest = Math.min(shortest, result.seconds());
            }
        }
        if (shortest < STEADY_RUN_SECONDS) {
            progress.println("bench: the shortest of these runs took " + round(shortest, 1) + " s; a run under "
                    + STEADY_RUN_SECONDS + " s still includes the children's JIT compiling (more --tasks gives "
                    + "steady-state figures)");
            progress.flush();
        }
        List<Map<String, Object>> pair = new ArrayList<>();
        for (List<Map<String, Object>> shape : byShape) {
            pair.add(median(shape, "cycles_per_second"));
        }
        return pair;
    }

    /** {@code " (round 2 of 3)"} for a progress line, or nothing when there is one round. */
    private String roundLabel(int round) {
        return rounds > 1 ? " (round " + round + " of " + rounds + ")" : "";
    }

    /**
     * The run whose {@code figure} is the median of a shape's rounds (the lower of the middle two for an even
     * count), with every round's figure beside it, as {@code rounds_<figure>}, when there was more than one.
     */
    private static Map<String, Object> median(List<Map<String, Object>> rounds, String figure) {
        List<Map<String, Object>> sorted = new ArrayList<>(rounds);
        sorted.sort(java.util.Comparator.comparingLong(m -> (Long) m.get(figure)));
        Map<String, Object> median = new LinkedHashMap<>(sorted.get((sorted.size() - 1) / 2));
        if (rounds.size() > 1) {
            median.put("rounds_" + figure, rounds.stream().map(m -> m.get(figure)).toList());
        }
        return median;
    }

    private static Map<String, Object> scalingFigures(int jvms, int threadsPerJvm, boolean children,
                                                      ClaimBenchmark.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jvms", jvms);
        m.put("threads_per_jvm", threadsPerJvm);
        m.put("child_jvms", children);
        m.putAll(claimFigures(r.cycles(), r.seconds(), r.p50Micros(), r.p95Micros(), r.p99Micros()));
        return m;
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
            // As for the claims: without the statistics a live server gathers within a minute, PostgreSQL reads
            // every ready card and sorts it for the tick's page of the queue (45 ms against 6 ms on 20,000 cards).
            ClaimBenchmark.analyzeOnServer(file);
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
        List<Map<String, Object>> ceiling = (List<Map<String, Object>>) d.get("commit_ceiling");
        if (d.get("rounds") instanceof Integer n && n > 1) {
            out.printf("%-28s %s each the median of %d rounds, run in turn%n", "rounds",
                    ceiling == null ? "the child JVM runs are" : "the ceilings and the claim runs are", n);
        }
        if (ceiling == null) {
            out.printf("%-28s %,d commits/s%n", "raw " + backend + " commit ceiling",
                    (Long) d.get("raw_commits_per_second"));
        } else {
            List<String> parts = new ArrayList<>();
            for (Map<String, Object> c : ceiling) {
                parts.add(String.format("%,d/s with %d", (Long) c.get("commits_per_second"), (Integer) c.get("clients")));
            }
            out.printf("%-28s %s clients (single-row UPDATE commits)%n", backend + " commit ceiling",
                    String.join(", ", parts));
        }
        List<Map<String, Object>> scaling = (List<Map<String, Object>>) d.get("scaling");
        if (scaling == null) {
            out.printf("claim+complete               %,d cycles/s (%d cycles in %s s)%n",
                    (Long) cc.get("cycles_per_second"), (Long) cc.get("cycles"), cc.get("seconds"));
            out.printf("claim latency                p50 %s us, p95 %s us, p99 %s us%n", cc.get("claim_p50_us"),
                    cc.get("claim_p95_us"), cc.get("claim_p99_us"));
        } else {
            printScaling(out, scaling, ceiling);
        }
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

    /**
     * One line per run, and beside the widest ones how they compare: cycles against the server's commit ceiling
     * at as many clients (a cycle is two commits), and J JVMs against one JVM with as many threads.
     */
    private static void printScaling(PrintWriter out, List<Map<String, Object>> scaling,
                                     List<Map<String, Object>> ceiling) {
        out.println("claim+complete                         cycles/s   claim p50   p95   p99 (us)");
        Long oneChild = null;
        List<?> oneChildRounds = null;
        for (Map<String, Object> r : scaling) {
            int j = (Integer) r.get("jvms");
            int t = (Integer) r.get("threads_per_jvm");
            long cps = (Long) r.get("cycles_per_second");
            boolean hostWriter = Boolean.TRUE.equals(r.get("host_writer"));
            String label = String.format("  %d JVM%s x %2d thread%s%s", j, j == 1 ? " " : "s", t, t == 1 ? " " : "s",
                    hostWriter ? " (child, 1 writer)" : (Boolean) r.get("child_jvms") ? " (child)" : "");
            String note = "";
            if ((Boolean) r.get("child_jvms")) {
                List<?> rounds = (List<?>) r.get("rounds_cycles_per_second");
                if (j == 1) {
                    oneChild = cps;
                    oneChildRounds = rounds;
                } else if (oneChild != null && oneChild > 0) {
                    note = String.format("  %.0f%% of 1 JVM x %d", 100.0 * cps / oneChild, j * t)
                            + roundRatios(rounds, oneChildRounds, 100);
                }
            } else if (ceiling != null) {
                for (Map<String, Object> c : ceiling) {
                    if ((Integer) c.get("clients") == t && (Long) c.get("commits_per_second") > 0) {
                        note = String.format("  %.0f%% of the %d-client ceiling in commits", 200.0 * cps
                                / (Long) c.get("commits_per_second"), t)
                                + roundRatios((List<?>) r.get("rounds_cycles_per_second"),
                                        (List<?>) c.get("rounds_commits_per_second"), 200);
                    }
                }
            }
            out.printf("%-38s %,8d   %9s %5s %5s%s%n", label, cps, r.get("claim_p50_us"), r.get("claim_p95_us"),
                    r.get("claim_p99_us"), note);
        }
    }

    /**
     * {@code " (rounds 55-66%)"}: the lowest and highest of {@code percent * figures[i] / against[i]} over the
     * rounds, each round's pair measured in the same minutes; nothing for one round.
     */
    private static String roundRatios(List<?> figures, List<?> against, double percent) {
        if (figures == null || against == null || figures.size() != against.size()) {
            return "";
        }
        double low = Double.MAX_VALUE;
        double high = 0;
        for (int i = 0; i < figures.size(); i++) {
            double base = ((Number) against.get(i)).doubleValue();
            double ratio = base > 0 ? percent * ((Number) figures.get(i)).doubleValue() / base : 0;
            low = Math.min(low, ratio);
            high = Math.max(high, ratio);
        }
        return String.format(" (rounds %.0f-%.0f%%)", low, high);
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

    /**
     * A bench worker process: opens the board, warms up on a board of its own if given one, says ready, waits for
     * go on stdin, drains the board with its threads, and prints one JSON line of its claim latencies.
     */
    @Command(name = "worker", hidden = true, description = "Internal: one worker process of bench --processes.")
    public static final class Worker extends BoardCommand {
        @Option(names = "--threads", defaultValue = "1")
        int threads;

        @Option(names = "--warm-up-db")
        String warmUpBoard;

        @Option(names = "--warm-up", defaultValue = "0")
        int warmUpTasks;

        /** Serve the host's writes (the first worker to ask does; the others send it theirs). */
        @Option(names = "--serve-writes")
        boolean serveWrites;

        @Override
        int execute() throws Exception {
            if (warmUpBoard != null && warmUpTasks > 0) {
                int rounds = new JitWarmUp(warmUpTasks, CHILD_WARM_UP_MAX_ROUNDS, CHILD_WARM_UP_CAP)
                        .run(warmUpBoard, threads, serveWrites);
                PrintWriter progress = err();
                progress.println("bench: worker " + ProcessHandle.current().pid() + " warmed up in " + rounds
                        + " rounds of " + warmUpTasks + " cycles");
                progress.flush();
            }
            Board board = board();
            if (serveWrites) {
                board.serveHostWrites();
            }
            board.tasks().list(io.kanban.core.model.TaskFilter.all().withLimit(1));
            PrintWriter out = out();
            out.println("ready");
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(root().stdin(), StandardCharsets.UTF_8));
            if (!"go".equals(in.readLine())) {
                return 1;
            }
            CountDownLatch go = new CountDownLatch(1);
            ClaimBenchmark.Drain drain = ClaimBenchmark.Drain.start(board, threads, go);
            go.countDown();
            long[] nanos = drain.join();
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("cycles", nanos.length);
            report.put("claim_nanos", nanos);
            out.println(JsonPrinter.compact(report));
            return 0;
        }
    }
}
