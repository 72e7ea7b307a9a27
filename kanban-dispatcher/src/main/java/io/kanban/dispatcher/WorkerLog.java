package io.kanban.dispatcher;

import io.kanban.core.spi.LaunchFailure;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A task's worker log, {@code <logs>/<task id>.log}, shared by all its attempts. Workers append to it by file
 * descriptor, so it is rotated (to {@code .log.1}, replacing the previous one) when an attempt starts and the
 * file is past the size limit, never under a running writer; older backups shift to {@code .2}, {@code .3} up to
 * the configured count.
 */
final class WorkerLog {
    private static final int TAIL_BYTES = 400;
    /** How much of the log's end is searched for this run's exit trailer and output. */
    static final int ATTEMPT_BYTES = 4000;
    /**
     * The line a Hermes worker writes to its log as it exits ({@code [kanban-worker-exit] rc=<code>}), so a
     * dispatcher that did not start it can still tell how it ended.
     */
    public static final String EXIT_TRAILER = "[kanban-worker-exit] rc=";
    private static final java.util.regex.Pattern TRAILER = java.util.regex.Pattern.compile(
            "^" + java.util.regex.Pattern.quote(EXIT_TRAILER) + "(\\d+)\\s*$", java.util.regex.Pattern.MULTILINE);

    /** What one attempt left in the log: its exit code from the trailer (or null) and its last output. */
    public record Attempt(Integer exitCode, String output) {
        public static final Attempt NONE = new Attempt(null, "");
    }

    private WorkerLog() {
    }

    /** Makes the log ready for a new attempt and writes a header line; returns its path. Keeps one backup. */
    public static Path prepare(Path logsDir, String taskId, long maxBytes, String header) throws LaunchFailure {
        return prepare(logsDir, taskId, maxBytes, 1, header);
    }

    /**
     * Makes the log ready for a new attempt and writes a header line; returns its path. A log past {@code maxBytes}
     * becomes {@code <id>.log.1}, an older {@code .1} becomes {@code .2} and so on; more than {@code backups} are
     * deleted ({@code kanban.worker_log_rotate_bytes}, {@code kanban.worker_log_backup_count}).
     */
    public static Path prepare(Path logsDir, String taskId, long maxBytes, int backups, String header)
            throws LaunchFailure {
        Path log = logsDir.resolve(taskId + ".log");
        try {
            Files.createDirectories(logsDir);
            if (Files.exists(log) && Files.size(log) > maxBytes) {
                Files.deleteIfExists(logsDir.resolve(taskId + ".log." + backups));
                for (int i = backups - 1; i >= 1; i--) {
                    Path older = logsDir.resolve(taskId + ".log." + i);
                    if (Files.exists(older)) {
                        Files.move(older, logsDir.resolve(taskId + ".log." + (i + 1)),
                                StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                Files.move(log, logsDir.resolve(taskId + ".log.1"), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.writeString(log, header + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new LaunchFailure("cannot write the worker log " + log + ": " + e.getMessage(), e);
        }
        return log;
    }

    /** The header line each attempt starts with (see {@link #prepare}). */
    public static String header(java.time.Instant now, long runId, String taskId, String command) {
        return "=== " + now + " run " + runId + " task " + taskId + ": " + command;
    }

    /**
     * What run {@code runId} wrote after its header line (up to the next attempt's), from the log's last few kilobytes: the exit trailer's code
     * (the last one) and its last output (trailer lines taken out, at most {@value #TAIL_BYTES} characters).
     * Nothing when the header is not there: text from an earlier attempt is never taken for this one's.
     */
    public static Attempt attempt(Path log, long runId) {
        String text;
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(0, f.length() - ATTEMPT_BYTES);
            byte[] buf = new byte[(int) (f.length() - start)];
            f.seek(start);
            f.readFully(buf);
            text = new String(buf, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Attempt.NONE;
        }
        String marker = " run " + runId + " task ";
        int header = -1;
        for (int at = text.indexOf("=== "); at >= 0; at = text.indexOf("=== ", at + 1)) {
            int eol = text.indexOf('\n', at);
            String line = eol < 0 ? text.substring(at) : text.substring(at, eol);
            if ((at == 0 || text.charAt(at - 1) == '\n') && line.contains(marker)) {
                header = eol < 0 ? text.length() : eol + 1;
            }
        }
        if (header < 0) {
            return Attempt.NONE;
        }
        String own = text.substring(header);
        int next = own.indexOf("\n=== ");
        if (own.startsWith("=== ")) {
            own = "";
        } else if (next >= 0) {
            own = own.substring(0, next); // a later attempt's part of the log
        }
        java.util.regex.Matcher m = TRAILER.matcher(own);
        Integer code = null;
        while (m.find()) {
            try {
                code = Integer.parseInt(m.group(1));
            } catch (NumberFormatException e) {
                code = null;
            }
        }
        String output = TRAILER.matcher(own).replaceAll("").strip();
        if (output.length() > TAIL_BYTES) {
            output = output.substring(output.length() - TAIL_BYTES);
        }
        return new Attempt(code, output.replaceAll("\\s+", " "));
    }

    /** The last few hundred bytes of the log, for an error message; empty when unreadable. */
    public static String tail(Path log) {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(0, f.length() - TAIL_BYTES);
            byte[] buf = new byte[(int) (f.length() - start)];
            f.seek(start);
            f.readFully(buf);
            return new String(buf, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }
}
