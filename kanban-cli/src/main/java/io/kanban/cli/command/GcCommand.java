package io.kanban.cli.command;

import io.kanban.cli.UsageFailure;
import io.kanban.core.BoardLocation;
import io.kanban.core.model.GcReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "gc", mixinStandardHelpOptions = true,
        description = {"Remove old archived tasks, old events and old worker logs.",
                "Archived tasks idle longer than --archived-retention-days go with their runs, comments and events."})
public final class GcCommand extends BoardCommand {
    @Option(names = "--event-retention-days", paramLabel = "DAYS", defaultValue = "30",
            description = "Delete events older than this (default 30).")
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
        int logs = deleteLogs(BoardLocation.hermesHome(root().env()).resolve("kanban").resolve("logs"),
                now.minus(Duration.ofDays(logDays)));
        if (json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("tasks_removed", report.tasksRemoved());
            doc.put("events_removed", report.eventsRemoved());
            doc.put("logs_removed", logs);
            printJson(doc);
        } else {
            out().println("removed " + report.tasksRemoved() + " archived tasks, " + report.eventsRemoved()
                    + " events, " + logs + " log files");
        }
        return 0;
    }

    private static int deleteLogs(Path dir, Instant before) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int removed = 0;
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            if (Files.getLastModifiedTime(f).toInstant().isBefore(before) && Files.deleteIfExists(f)) {
                removed++;
            }
        }
        return removed;
    }
}
