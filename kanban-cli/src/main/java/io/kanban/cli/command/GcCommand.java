package io.kanban.cli.command;

import io.kanban.cli.UsageFailure;
import io.kanban.core.model.GcReport;
import io.kanban.core.spi.DispatcherProvider;
import io.kanban.core.spi.DispatcherProvider.WorkerFilesRemoved;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code kanban gc} command: Remove old archived tasks, old events of finished tasks, old worker logs and the
 * scratch
 */
@Command(name = "gc", mixinStandardHelpOptions = true,
        description = {"Remove old archived tasks, old events of finished tasks, old worker logs and the scratch "
                + "workspaces of archived tasks.",
                "Archived tasks idle longer than --archived-retention-days go with their runs, comments and events.",
                "A live task (not done or archived) keeps its whole history; dir: and worktree workspaces are kept."})
public final class GcCommand extends BoardCommand {
    @Option(names = "--event-retention-days", paramLabel = "DAYS", defaultValue = "30",
            description = "Delete events of done and archived tasks older than this (default 30).")
    int eventDays;

    @Option(names = "--archived-retention-days", paramLabel = "DAYS", defaultValue = "30",
            description = "Delete archived tasks idle longer than this (default 30).")
    int archivedDays;

    @Option(names = "--log-retention-days", paramLabel = "DAYS", defaultValue = "30",
            description = "Delete worker logs in $HERMES_HOME/kanban/logs older than this (default 30).")
    int logDays;

    @Override
    int execute() throws IOException {
        if (eventDays < 0 || archivedDays < 0 || logDays < 0) {
            throw new UsageFailure("retention days must be zero or more");
        }
        Instant now = board().options().clock().instant();
        GcReport report = board().tasks().gc(now.minus(Duration.ofDays(archivedDays)),
                now.minus(Duration.ofDays(eventDays)));
        WorkerFilesRemoved files = DispatcherProvider.find()
                .orElseThrow(() -> new IllegalStateException("kanban-dispatcher is missing from the classpath"))
                .collectWorkerFiles(root().boardLocation(), root().env(), now.minus(Duration.ofDays(logDays)),
                        report.archivedScratch());
        int logs = files.logs();
        int workspaces = files.workspaces();
        if (json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("tasks_removed", report.tasksRemoved());
            doc.put("events_removed", report.eventsRemoved());
            doc.put("logs_removed", logs);
            doc.put("workspaces_removed", workspaces);
            printJson(doc);
        } else {
            out().println("removed " + report.tasksRemoved() + " archived tasks, " + report.eventsRemoved()
                    + " events, " + logs + " log files, " + workspaces + " scratch workspaces");
        }
        return 0;
    }
}
