package io.kanban.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Something wrong with a card that a person can fix, in the reference's record shape: what ({@code kind},
 * {@code severity}, {@code title}, {@code detail}), since when ({@code firstSeenAt}, {@code lastSeenAt},
 * {@code count} occurrences) and the {@code actions} that fix it. {@code data} holds the facts the rule read.
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

    public Diagnostic {
        actions = List.copyOf(actions);
        data = data == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data));
    }

    /** How much it matters, from least to most. */
    public enum Severity {
        INFO, WARNING, ERROR;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

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
        public Action {
            payload = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(payload));
        }

        /** This action marked as the one to try first. */
        public Action asSuggested() {
            return new Action(kind, label, payload, true);
        }
    }
}
