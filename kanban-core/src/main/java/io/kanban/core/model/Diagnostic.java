package io.kanban.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Something wrong with a card that a person can fix, in the reference's record shape: what ({@code kind},
 * {@code severity}, {@code title}, {@code detail}), since when ({@code firstSeenAt}, {@code lastSeenAt},
 * {@code count} occurrences) and the {@code actions} that fix it. {@code data} holds the facts the rule read.
 *
 * @param kind the rule that found it
 * @param severity how much it matters
 * @param taskId the card it is about
 * @param title a one-line summary
 * @param detail what was seen, in a sentence or two
 * @param actions the fixes to offer, the suggested one marked
 * @param firstSeenAt when the rule first saw it
 * @param lastSeenAt when the rule last saw it
 * @param count how many times it occurred
 * @param runId the run it concerns, or null
 * @param data the facts the rule read, by name
 */
public record Diagnostic(
        DiagnosticKind kind,
        Severity severity,
        String taskId,
        String title,
        String detail,
        List<Action> actions,
        Instant firstSeenAt,
        Instant lastSeenAt,
        int count,
        Long runId,
        Map<String, Object> data) {

    /**
     * Copies the actions and data (null data is empty).
     *
     * @param kind the rule that found it
     * @param severity how much it matters
     * @param taskId the card it is about
     * @param title a one-line summary
     * @param detail what was seen, in a sentence or two
     * @param actions the fixes to offer, the suggested one marked
     * @param firstSeenAt when the rule first saw it
     * @param lastSeenAt when the rule last saw it
     * @param count how many times it occurred
     * @param runId the run it concerns, or null
     * @param data the facts the rule read, by name
     */
    public Diagnostic {
        actions = List.copyOf(actions);
        data = data == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data));
    }

    /** How much it matters, from least to most. */
    public enum Severity {
        /** Worth knowing; nothing is wrong yet. */
        INFO,
        /** Something is going wrong and may need a person. */
        WARNING,
        /** Work is stuck until someone acts. */
        ERROR;

        /**
         * @return the lower-case name, as front ends show it
         */
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /**
         * Reads a severity, ignoring case and surrounding space.
         *
         * @param value the name given, or null
         * @return the severity, or empty if none is spelled so
         */
        public static java.util.Optional<Severity> parse(String value) {
            for (Severity s : values()) {
                if (s.wire().equalsIgnoreCase(value == null ? "" : value.strip())) {
                    return java.util.Optional.of(s);
                }
            }
            return java.util.Optional.empty();
        }
    }

    /**
     * One fix: {@code kind} is {@code reclaim}, {@code reassign}, {@code unblock}, {@code comment} or
     * {@code cli_hint} (the reference's action kinds); {@code payload} is what the front end sends (the task id,
     * or for a hint the command to run); {@code suggested} marks the one to try first.
     */
    public record Action(String kind, String label, Map<String, Object> payload, boolean suggested) {
        /**
         * Copies the payload.
         *
         * @param kind the action's kind, as above
         * @param label the button's text
         * @param payload what the front end sends to take the action
         * @param suggested whether it is the one to try first
         */
        public Action {
            payload = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(payload));
        }

        /**
         * This action marked as the one to try first.
         *
         * @return a copy with {@code suggested} set
         */
        public Action asSuggested() {
            return new Action(kind, label, payload, true);
        }
    }
}
