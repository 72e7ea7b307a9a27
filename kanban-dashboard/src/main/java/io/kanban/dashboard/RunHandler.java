package io.kanban.dashboard;

import io.javalin.http.Context;
import io.kanban.core.Board;
import io.kanban.core.model.Run;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A task's attempts, and the worker log of one attempt (its tail, so a huge log cannot stall the page). */
final class RunHandler {
    static final int LOG_TAIL_BYTES = 256 * 1024;

    private final Board board;

    RunHandler(Board board) {
        this.board = board;
    }

    void list(Context ctx) {
        ctx.json(Map.of("runs", board.runs().of(ctx.pathParam("id"))));
    }

    void log(Context ctx) {
        long runId;
        try {
            runId = Long.parseLong(ctx.pathParam("runId"));
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("run_id", "must be an integer, got '" + ctx.pathParam("runId") + "'");
        }
        Run run = runOr404(runId);
        if (run.logPath() == null) {
            throw new ApiError(404, "no_log", "run " + runId + " has no log file recorded");
        }
        Path path = Path.of(run.logPath());
        if (!Files.isRegularFile(path)) {
            throw new ApiError(404, "no_log", "the log of run " + runId + " (" + path + ") is gone");
        }
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "r")) {
            long length = file.length();
            long from = Math.max(0, length - LOG_TAIL_BYTES);
            byte[] bytes = new byte[(int) (length - from)];
            file.seek(from);
            file.readFully(bytes);
            ctx.header("X-Log-Truncated", Boolean.toString(from > 0));
            ctx.contentType("text/plain; charset=utf-8").result(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ApiError(404, "no_log", "cannot read the log of run " + runId + ": " + e.getMessage());
        }
    }

    private Run runOr404(long runId) {
        try {
            return board.runs().get(runId);
        } catch (io.kanban.core.error.ValidationError e) {
            throw new ApiError(404, "run_not_found", "no run with id " + runId);
        }
    }
}
