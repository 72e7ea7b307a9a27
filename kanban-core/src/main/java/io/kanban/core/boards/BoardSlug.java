package io.kanban.core.boards;

import io.kanban.core.error.ValidationError;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A board's name in paths and flags: the reference's rule, {@code ^[a-z0-9][a-z0-9\-_]{0,63}$} after lower-casing
 * and stripping. {@value #DEFAULT} is the board at {@code $HERMES_HOME/kanban.db}.
 */
public record BoardSlug(String value) {
    /** The default board's slug. */
    public static final String DEFAULT = "default";
    private static final Pattern RULE = Pattern.compile("^[a-z0-9][a-z0-9\\-_]{0,63}$");

    /**
     * Checks the slug as given (already lower-case and stripped).
     *
     * @param value the slug
     * @throws io.kanban.core.error.ValidationError if it breaks the rule
     */
    public BoardSlug {
        if (value == null || !RULE.matcher(value).matches()) {
            throw invalid(value);
        }
    }

    /**
     * The slug {@code raw} names once lower-cased and stripped, as the reference reads it.
     *
     * @param raw the slug as given
     * @return the slug
     * @throws io.kanban.core.error.ValidationError if it breaks the rule
     */
    public static BoardSlug of(String raw) {
        if (raw == null) {
            throw invalid(null);
        }
        String value = raw.strip().toLowerCase(Locale.ROOT);
        if (!RULE.matcher(value).matches()) {
            throw invalid(raw);
        }
        return new BoardSlug(value);
    }

    /**
     * @return the default board's slug
     */
    public static BoardSlug defaultBoard() {
        return new BoardSlug(DEFAULT);
    }

    /**
     * @return whether this is the default board
     */
    public boolean isDefault() {
        return DEFAULT.equals(value);
    }

    /**
     * The display name a new board gets: the slug in Title Case, words split at '-' and '_'.
     *
     * @return the display name
     */
    public String titleCase() {
        StringBuilder out = new StringBuilder();
        for (String word : value.split("[-_]+")) {
            if (word.isEmpty()) {
                continue;
            }
            if (!out.isEmpty()) {
                out.append(' ');
            }
            out.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return out.isEmpty() ? value : out.toString();
    }

    private static ValidationError invalid(String raw) {
        return new ValidationError("board", "'" + raw + "' is not a board slug: use 1-64 lower-case letters,"
                + " digits, '-' or '_', starting with a letter or digit");
    }

    @Override
    public String toString() {
        return value;
    }
}
