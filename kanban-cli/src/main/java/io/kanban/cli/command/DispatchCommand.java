package io.kanban.cli.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kanban.cli.render.JsonPrinter;
import io.kanban.core.dispatch.DispatchPolicy;
import io.kanban.core.dispatch.TickReport;
import io.kanban.core.spi.DispatcherProvider;
import io.kanban.core.model.StuckTask;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code kanban dispatch} command: Run one dispatcher tick now and print its report. */
@Command(name = "dispatch", mixinStandardHelpOptions = true,
        description = {"Run one dispatcher tick now and print its report.",
                "A tick reclaims stale and crashed claims, stops over-runtime workers, promotes todo tasks",
                "and spawns workers for ready ones."})
public final class DispatchCommand extends BoardCommand {
    @Option(names = "--dry-run", description = "Sweep and report; claim and spawn nothing.")
    boolean dryRun;

    @Option(names = "--max", paramLabel = "N", description = "Spawn at most N workers this tick.")
    Integer max;

    @Option(names = "--failure-limit", paramLabel = "N",
            description = "Failed attempts in a row before a task is blocked (default from the config).")
    Integer failureLimit;

    @Option(names = "--all-boards", description = {"One tick over every board of the Hermes home: max_in_progress",
            "spans them all, dealt fairly; max_spawn applies per board."})
    boolean allBoards;

    @Override
    int execute() {
        DispatcherProvider provider = Providers.dispatcher("dispatch");
        DispatchPolicy policy = provider.configuredPolicy(root().env()).withDryRun(dryRun);
        if (max != null) {
            policy = policy.withMaxSpawnsPerTick(max);
        }
        if (failureLimit != null) {
            policy = policy.withFailureLimit(failureLimit);
        }
        if (allBoards) {
            java.util.Map<String, TickReport> reports = provider.tickAllBoards(root().env(), policy);
            if (json()) {
                printJson(java.util.Map.of("boards", reports));
            } else {
                reports.forEach((slug, r) -> {
                    out().println("board " + slug + ":");
                    print(out(), r);
                });
            }
            return 0;
        }
        TickReport report = provider.tickOnce(board(), root().env(), policy);
        List<StuckTask> stuck = board().health().stuckReady();
        if (json()) {
            ObjectNode doc = JsonPrinter.mapper().valueToTree(report);
            doc.set("stuck", JsonPrinter.mapper().valueToTree(stuck));
            printJson(doc);
        } else {
            print(out(), report);
            StatsCommand.printStuck(out(), stuck);
        }
        return 0;
    }

    static void print(PrintWriter out, TickReport r) {
        out.println((r.dryRun() ? "dry run: " : "") + "tick took " + r.elapsedMillis() + " ms");
        line(out, "reclaimed", r.reclaimed());
        line(out, "crashed", r.crashed());
        line(out, "timed out", r.timedOut());
        line(out, "gave up", r.gaveUp());
        if (!r.rateLimited().isEmpty()) {
            line(out, "rate limited", r.rateLimited());
        }
        if (!r.autoAssigned().isEmpty()) {
            line(out, "assigned", r.autoAssigned());
        }
        if (r.memoryPressure() != null) {
            out.println("  memory      " + r.memoryPressure() + " pressure: spawns held back");
        }
        out.println("  promoted    " + r.promoted());
        out.println((r.dryRun() ? "  would spawn " : "  spawned     ") + r.spawned().size());
        r.spawned().forEach(s -> out.println("    " + s.taskId() + "  " + s.assignee()
                + (r.dryRun() ? "" : "  pid " + s.pid()) + (s.logPath() == null ? "" : "  log " + s.logPath())));
        if (!r.failed().isEmpty()) {
            out.println("  failed      " + r.failed().size());
            r.failed().forEach(f -> out.println("    " + f.taskId() + "  " + f.error() + (f.gaveUp() ? " (gave up)" : "")));
        }
        if (!r.skipped().isEmpty()) {
            out.println("  skipped     " + r.skipped().size());
            r.skipped().forEach(s -> out.println("    " + s.taskId() + "  " + s.reason().name().toLowerCase(
                    java.util.Locale.ROOT) + (s.detail() == null ? "" : ": " + s.detail())));
        }
    }

    private static void line(PrintWriter out, String name, List<String> ids) {
        out.printf("  %-11s %d%s%n", name, ids.size(), ids.isEmpty() ? "" : "  " + String.join(" ", ids));
    }
}
