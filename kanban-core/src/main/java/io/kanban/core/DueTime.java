package io.kanban.core;

import io.kanban.core.error.ValidationError;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a scheduled task is due, as a person writes it ({@code schedule --at}): an ISO-8601 instant
 * ({@code 2026-01-05T10:00:00Z}, or with an offset; without one it is UTC), or a delay from now, {@code +90s},
 * {@code +30m}, {@code +2h}, {@code +1d}. Every front end parses it here, so all accept the same text.
 */
public final class DueTime {
    private static final Pattern DELAY = Pattern.compile("\\+(\\d{1,9})([smhd])");

    private DueTime() {
    }

    /**
     * A past time is accepted: the next dispatcher tick wakes the task.
     *
     * @throws ValidationError naming the field {@code at} when the text is neither form
     * @param text an ISO-8601 instant, or a delay such as {@code +2h}
     * @param now the time a delay counts from
     * @return the due time
     */
    public static Instant parse(String text, Instant now) {
        if (text == null || text.isBlank()) {
            throw new ValidationError("at", "give a time: ISO-8601 (2026-01-05T10:00:00Z) or a delay (+2h)");
        }
        String t = text.strip();
        Matcher delay = DELAY.matcher(t);
        if (delay.matches()) {
            long n = Long.parseLong(delay.group(1));
            Duration d = switch (delay.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return now.plus(d);
        }
        Instant at;
        try {
            at = OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeException e) {
            try {
                at = LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
            } catch (DateTimeException e2) {
                throw new ValidationError("at", "'" + text + "' is not a time: use ISO-8601 (2026-01-05T10:00:00Z)"
                        + " or a delay (+90s, +30m, +2h, +1d)");
            }
        }
        return at;
    }
}
