package io.kanban.dashboard;

import io.javalin.http.Context;
import io.kanban.core.Board;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GET /api/fleet?window=24h: the Fleet view's figures over the window ending now, aggregated by the core in the
 * database ({@code Board.fleet()}); the page only draws them.
 */
final class FleetHandler {
    static final String DEFAULT_WINDOW = "24h";
    private static final Pattern WINDOW = Pattern.compile("(\\d{1,7})([smhd]?)");

    private final Board board;

    FleetHandler(Board board) {
        this.board = board;
    }

    void get(Context ctx) {
        String text = ctx.queryParam("window");
        ctx.json(board.fleet().stats(window(text == null || text.isBlank() ? DEFAULT_WINDOW : text.strip())));
    }

    /** {@code 3600}, {@code 90s}, {@code 30m}, {@code 24h}, {@code 7d}: a bare number is seconds. */
    static Duration window(String text) {
        Matcher m = WINDOW.matcher(text);
        if (!m.matches()) {
            throw ApiError.badRequest("window", "must be a duration like 1h, 24h or 7d, got '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofSeconds(n);
        };
    }
}
