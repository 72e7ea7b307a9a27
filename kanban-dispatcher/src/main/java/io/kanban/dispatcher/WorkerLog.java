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
 * file is past the size limit, never under a running writer.
 */
public final class WorkerLog {
    private static final int TAIL_BYTES = 400;

    private WorkerLog() {
    }

    /** Makes the log ready for a new attempt and writes a header line; returns its path. */
    public static Path prepare(Path logsDir, String taskId, long maxBytes, String header) throws LaunchFailure {
        Path log = logsDir.resolve(taskId + ".log");
        try {
            Files.createDirectories(logsDir);
            if (Files.exists(log) && Files.size(log) > maxBytes) {
                Files.move(log, logsDir.resolve(taskId + ".log.1"), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.writeString(log, header + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new LaunchFailure("cannot write the worker log " + log + ": " + e.getMessage(), e);
        }
        return log;
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
