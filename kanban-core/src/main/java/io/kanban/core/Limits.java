package io.kanban.core;

import io.kanban.core.error.OversizeText;
import io.kanban.core.error.ValidationError;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Input rules shared by every front end: sizes, names, skills. Each check names the field at fault. */
public final class Limits {
    /** The longest title, in characters. */
    public static final int TITLE_MAX = 500;
    /** The longest body, in characters. */
    public static final int BODY_MAX = 65_536;
    /** The longest comment, in characters. */
    public static final int COMMENT_MAX = 65_536;
    /** The longest run summary, in characters. */
    public static final int SUMMARY_MAX = 4_000;
    /** The longest result, in characters. */
    public static final int RESULT_MAX = 262_144;
    /** The longest reason (block, reclaim, promote...), in characters. */
    public static final int REASON_MAX = 4_000;
    /** The longest metadata JSON text, in characters. */
    public static final int METADATA_MAX = 65_536;
    /** The longest label or model name, in characters. */
    public static final int NAME_MAX = 200;
    /** The most skills a task may name. */
    public static final int SKILLS_MAX = 16;
    /** Far beyond any agent run, and far from the overflow of start time plus limit. */
    public static final Duration MAX_RUNTIME_CEILING = Duration.ofDays(366);
    /** Profile and skill names: they end up in a worker's argv, so no leading dash, no spaces, no slashes. */
    public static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private Limits() {
    }

    /**
     * Checks a title: not blank, one line without control characters, at most {@link #TITLE_MAX} characters.
     *
     * @param title the title given
     * @return the title, stripped
     * @throws ValidationError naming {@code title} if it breaks a rule
     */
    public static String requireTitle(String title) {
        if (title == null || title.isBlank()) {
            throw new ValidationError("title", "must not be empty");
        }
        // A title is one line shown on cards, in terminals and in chat messages: control characters would
        // garble all three (a NUL even cuts it short in C-string consumers).
        if (title.chars().anyMatch(c -> Character.isISOControl(c) && c != '\t')) {
            throw new ValidationError("title", "must be one line of text without control characters");
        }
        return text("title", title.strip(), TITLE_MAX);
    }

    /**
     * A worker's time limit: at least a second, at most {@link #MAX_RUNTIME_CEILING}.
     *
     * @param maxRuntime the limit given, or null
     * @return the limit, or null
     * @throws ValidationError naming {@code max_runtime} if it is out of range
     */
    public static Duration maxRuntime(Duration maxRuntime) {
        if (maxRuntime == null) {
            return null;
        }
        if (maxRuntime.isNegative() || maxRuntime.toSeconds() < 1) {
            throw new ValidationError("max_runtime", "must be at least one second");
        }
        if (maxRuntime.compareTo(MAX_RUNTIME_CEILING) > 0) {
            throw new ValidationError("max_runtime", "must be at most " + MAX_RUNTIME_CEILING.toDays() + " days ("
                    + MAX_RUNTIME_CEILING.toSeconds() + " seconds)");
        }
        return maxRuntime;
    }

    /**
     * Null passes; a longer text fails with the limit in the message.
     *
     * @param field the argument's name, for the error
     * @param value the text, or null
     * @param max the longest text allowed
     * @return the text as given
     * @throws io.kanban.core.error.OversizeText if it is longer than {@code max}
     */
    public static String text(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new OversizeText(field, value.length(), max);
        }
        return value;
    }

    /**
     * Checks a text that must be given: not null or blank, at most {@code max} characters.
     *
     * @param field the argument's name, for the error
     * @param value the text
     * @param max the longest text allowed
     * @return the text as given
     * @throws ValidationError if it is null, blank or too long
     */
    public static String requireText(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new ValidationError(field, "must not be empty");
        }
        return text(field, value, max);
    }

    /**
     * An assignee (Hermes profile) name, or null for unassigned.
     *
     * @param field the argument's name, for the error
     * @param value the name, or null
     * @return the name as given, or null
     * @throws ValidationError if it does not match {@link #SAFE_NAME}
     */
    public static String profile(String field, String value) {
        if (value == null) {
            return null;
        }
        if (!SAFE_NAME.matcher(value).matches()) {
            throw new ValidationError(field, "'" + value
                    + "' is not a valid profile name (letters, digits, '.', '_', '-'; at most 64; no leading '-')");
        }
        return value;
    }

    /** The reasoning levels a worker's {@code --reasoning} takes (Hermes's own levels). */
    public static final java.util.List<String> REASONING_LEVELS = java.util.List.of("none", "minimal", "low",
            "medium", "high", "xhigh");

    /** What clears a card's reasoning level (back to its profile's): {@code none} is a level of its own. */
    public static final String DEFAULT_REASONING = "default";

    /**
     * A reasoning level, or null for a null, blank or {@value #DEFAULT_REASONING} value (no override).
     *
     * @param field the field name an error names
     * @param value the level as given, in any case
     * @return the level in lower case, or null for no override
     * @throws ValidationError if the value is not one of {@link #REASONING_LEVELS}
     */
    public static String reasoningEffort(String field, String value) {
        if (value == null || value.isBlank() || value.strip().equalsIgnoreCase(DEFAULT_REASONING)) {
            return null;
        }
        String level = value.strip().toLowerCase(java.util.Locale.ROOT);
        if (!REASONING_LEVELS.contains(level)) {
            throw new ValidationError(field, "'" + value + "' is not a reasoning level: one of "
                    + String.join(", ", REASONING_LEVELS) + ", or " + DEFAULT_REASONING + " to clear it");
        }
        return level;
    }

    /** What {@code set-model} takes for "no override" (the reference's spelling). */
    public static final String NO_MODEL = "none";

    /**
     * A model or provider name for a worker's argv ({@code -m}, {@code --provider}), or null: one token, printable,
     * no leading '-' (it would read as a flag), at most {@link #NAME_MAX} characters. Names like
     * {@code anthropic/claude-sonnet-4} or {@code llama3:70b} pass.
     *
     * @param field the argument's name, for the error
     * @param value the name, or null
     * @return the name as given, or null
     * @throws ValidationError if it breaks a rule
     */
    public static String modelName(String field, String value) {
        if (value == null) {
            return null;
        }
        if (value.isBlank()) {
            throw new ValidationError(field, "must not be blank");
        }
        text(field, value, NAME_MAX);
        if (value.startsWith("-")) {
            throw new ValidationError(field, "'" + value + "' must not start with '-'");
        }
        if (value.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new ValidationError(field, "'" + value + "' must be one word without spaces or control characters");
        }
        return value;
    }

    /**
     * A card's model override and its provider, checked together: a null, blank or {@code none} model clears both,
     * and a provider without a model is refused.
     *
     * @return the checked pair, each null when unset
     * @param model the model given, or null
     * @param provider the provider given, or null
     * @throws ValidationError if a provider comes without a model, or a name breaks {@link #modelName}'s rules
     */
    public static ModelOverride modelOverride(String model, String provider) {
        String m = model == null || model.isBlank() || model.strip().equalsIgnoreCase(NO_MODEL) ? null : model.strip();
        String p = provider == null ? null : provider.strip();
        if (m == null && p != null) {
            throw new ValidationError("provider", "requires a model; give a model with the provider");
        }
        return new ModelOverride(modelName("model", m), modelName("provider", p));
    }

    /** A card's model override and its provider, as checked by {@link #modelOverride(String, String)}. */
    public record ModelOverride(String model, String provider) {
    }

    /**
     * A free-form label (tenant, author, idempotency key): bounded, printable.
     *
     * @param field the argument's name, for the error
     * @param value the label, or null
     * @return the label as given, or null
     * @throws ValidationError if it is blank, too long, or has control characters
     */
    public static String label(String field, String value) {
        if (value == null) {
            return null;
        }
        if (value.isBlank()) {
            throw new ValidationError(field, "must not be blank");
        }
        text(field, value, NAME_MAX);
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new ValidationError(field, "must not contain control characters");
        }
        return value;
    }

    /**
     * Checks a task's skills: at most {@link #SKILLS_MAX}, each a {@link #SAFE_NAME}, none twice.
     *
     * @param skills the skills given, or null
     * @return the skills, or an empty list for null
     * @throws ValidationError naming {@code skills} if one breaks a rule
     */
    public static List<String> skills(List<String> skills) {
        if (skills == null) {
            return List.of();
        }
        if (skills.size() > SKILLS_MAX) {
            throw new ValidationError("skills", "at most " + SKILLS_MAX + " skills, got " + skills.size());
        }
        Set<String> seen = new HashSet<>();
        for (String skill : skills) {
            if (skill == null || skill.isBlank()) {
                throw new ValidationError("skills", "a skill name must not be empty");
            }
            if (!SAFE_NAME.matcher(skill).matches()) {
                throw new ValidationError("skills", "'" + skill
                        + "' is not a valid skill name (letters, digits, '.', '_', '-'; at most 64; no leading '-')");
            }
            if (!seen.add(skill)) {
                throw new ValidationError("skills", "'" + skill + "' is listed twice");
            }
        }
        return List.copyOf(skills);
    }
}
