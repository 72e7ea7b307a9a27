package io.kanban.cli.command;

import io.kanban.cli.render.Table;
import io.kanban.core.model.BoardStats;
import io.kanban.core.model.FleetStats;
import io.kanban.core.model.StuckTask;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code kanban stats} command: Counts per status and per assignee, how long the oldest ready task has waited
 * (since it
 */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = {"Counts per status and per assignee, how long the oldest ready task has waited (since it",
                "became ready), and the ready tasks a dispatcher reported as stuck, with the cause.",
                "With --window: how the fleet did over that window, the numbers of the dashboard's Fleet view."})
public final class StatsCommand extends BoardCommand {
    @Option(names = "--window", paramLabel = "DURATION", converter = DurationConverter.class,
            description = {"Fleet figures over this window ending now (1h, 24h, 7d; at most 31d): completions per",
                    "hour, wait and run time percentiles per profile, failures by outcome, workers running."})
    Duration window;

    @Override
    int execute() {
        if (window != null) {
            FleetStats f = board().fleet().stats(window);
            if (json()) {
                printJson(f);
            } else {
                printFleet(out(), f);
            }
            return 0;
        }
        BoardStats s = board().tasks().stats();
        if (json()) {
            printJson(s);
        } else {
            print(out(), s);
        }
        return 0;
    }

    static void print(PrintWriter out, BoardStats s) {
        Table statuses = new Table("STATUS", "TASKS");
        s.byStatus().forEach(statuses::row);
        if (statuses.isEmpty()) {
            out.println("no tasks");
        } else {
            statuses.print(out);
        }
        if (!s.byAssignee().isEmpty()) {
            out.println();
            Table who = new Table("ASSIGNEE", "TASKS");
            for (Map.Entry<String, Map<String, Long>> e : s.byAssignee().entrySet()) {
                who.row(e.getKey(), e.getValue().entrySet().stream().map(x -> x.getKey() + "=" + x.getValue())
                        .collect(Collectors.joining(" ")));
            }
            who.print(out);
        }
        out.println();
        out.println("oldest ready task waiting: "
                + (s.oldestReadyAgeSeconds() == null ? "none ready" : s.oldestReadyAgeSeconds() + "s"));
        printStuck(out, s.stuck());
    }

    static void printFleet(PrintWriter out, FleetStats f) {
        out.println("window " + time(f.from()) + " to " + time(f.to()) + ", buckets of " + f.bucketSeconds() + "s");
        out.println("completed: " + f.completed());
        out.println("failed: " + FleetStats.FAILURE_OUTCOMES.stream().map(o -> o + "=" + f.failed(o))
                .collect(Collectors.joining(" ")));
        if (!f.profiles().isEmpty()) {
            out.println();
            Table times = new Table("PROFILE", "WAITS", "WAIT P50", "WAIT P90", "WAIT MAX", "RUNS", "RUN P50",
                    "RUN P90", "RUN MAX", "FAILURES");
            for (FleetStats.ProfileTimes p : f.profiles()) {
                Map<String, Long> failed = f.failures().getOrDefault(p.profile(), Map.of());
                times.row(p.profile().isEmpty() ? "(none)" : p.profile(), p.waits(), secs(p.waitP50()),
                        secs(p.waitP90()), secs(p.waitMax()), p.runs(), secs(p.runP50()), secs(p.runP90()),
                        secs(p.runMax()), failed.isEmpty() ? "-" : failed.entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ")));
            }
            times.print(out);
        }
        out.println();
        Table buckets = new Table("FROM", "COMPLETED", "WORKERS");
        Map<java.time.Instant, Long> done = f.completions().stream()
                .collect(Collectors.toMap(FleetStats.Bucket::start, FleetStats.Bucket::count));
        f.workers().forEach(b -> buckets.row(time(b.start()), done.getOrDefault(b.start(), 0L), b.count()));
        buckets.print(out);
    }

    private static String secs(Long seconds) {
        return seconds == null ? "-" : seconds + "s";
    }

    static void printStuck(PrintWriter out, List<StuckTask> stuck) {
        if (stuck.isEmpty()) {
            return;
        }
        out.println();
        out.println("stuck ready tasks (no worker started past the threshold):");
        Table table = new Table("ID", "SINCE", "CAUSE", "DETAIL");
        stuck.forEach(t -> table.row(t.taskId(), time(t.readySince()), t.cause().wire(), t.detail() == null ? "-"
                : t.detail()));
        table.print(out);
    }
}
