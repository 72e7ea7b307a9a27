package io.kanban.cli.command;

import io.kanban.cli.CliFailure;
import io.kanban.core.model.Run;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code kanban log} command: Print the worker log recorded on the task's latest run that has one. */
@Command(name = "log", mixinStandardHelpOptions = true,
        description = "Print the worker log recorded on the task's latest run that has one.")
public final class LogCommand extends BoardCommand {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Option(names = "--tail", paramLabel = "BYTES", description = "Only the last BYTES bytes.")
    Long tail;

    @Override
    int execute() throws IOException {
        List<Run> runs = board().runs().of(id);
        Run withLog = null;
        for (Run r : runs) {
            if (r.logPath() != null) {
                withLog = r;
            }
        }
        if (withLog == null) {
            throw new CliFailure("task " + id + " has no worker log yet (no run recorded a log file)");
        }
        Path file = Path.of(withLog.logPath());
        if (!Files.isRegularFile(file)) {
            throw new CliFailure("the log of run " + withLog.id() + " is gone: " + file);
        }
        String text = read(file, tail);
        if (json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("task_id", id);
            doc.put("run_id", withLog.id());
            doc.put("log_path", file.toString());
            doc.put("text", text);
            printJson(doc);
        } else {
            out().print(text);
            if (!text.isEmpty() && !text.endsWith("\n")) {
                out().println();
            }
        }
        return 0;
    }

    private static String read(Path file, Long tail) throws IOException {
        if (tail != null && tail < 0) {
            throw new io.kanban.cli.UsageFailure("--tail must be zero or more bytes");
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long from = tail == null ? 0 : Math.max(0, f.length() - tail);
            byte[] bytes = new byte[(int) Math.min(Integer.MAX_VALUE - 8, f.length() - from)];
            f.seek(from);
            f.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
