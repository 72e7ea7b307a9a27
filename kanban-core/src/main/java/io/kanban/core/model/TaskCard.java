package io.kanban.core.model;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What a board card shows of a task: the columns a list of thousands reads instead of whole rows (no body,
 * result, claim or workspace). The full row stays one {@code Tasks.get} away. {@code skills} is never null;
 * {@code scheduledUntil} is set on a scheduled card that has a due time; {@code completedAt} on a card that was
 * completed (the done column shows the newest completion first).
 *
 * @param id the task's id
 * @param title its title
 * @param assignee its assignee, or null
 * @param status its status
 * @param priority its priority
 * @param tenant its tenant, or null
 * @param skills its skills; never null
 * @param createdAt when it was created
 * @param consecutiveFailures failed attempts in a row
 * @param lastFailureError the error of the last failed attempt, or null
 * @param scheduledUntil when a scheduled card is due, or null
 * @param completedAt when it was last completed, or null
 */
public record TaskCard(
        String id,
        String title,
        String assignee,
        Status status,
        int priority,
        String tenant,
        List<String> skills,
        Instant createdAt,
        int consecutiveFailures,
        String lastFailureError,
        Instant scheduledUntil,
        Instant completedAt) {

    /**
     * Event kinds whose changes never reach a card's columns: a heartbeat moves the claim's expiry, a comment
     * lands in its own table, a spawn records the worker's pid. Cards read before such events are still exact
     * after them, which lets a busy fleet's heartbeats leave a rendered board valid. Unknown kinds (other
     * kernels) are not in this set.
     */
    public static final Set<EventKind> UNCHANGED_BY = Set.copyOf(EnumSet.of(EventKind.HEARTBEAT,
            EventKind.COMMENTED, EventKind.SPAWNED));

    /**
     * Copies the skills.
     *
     * @param id the task's id
     * @param title its title
     * @param assignee its assignee, or null
     * @param status its status
     * @param priority its priority
     * @param tenant its tenant, or null
     * @param skills its skills; never null
     * @param createdAt when it was created
     * @param consecutiveFailures failed attempts in a row
     * @param lastFailureError the error of the last failed attempt, or null
     * @param scheduledUntil when a scheduled card is due, or null
     * @param completedAt when it was last completed, or null
     */
    public TaskCard {
        skills = skills == null ? List.of() : List.copyOf(skills);
    }

    /**
     * Whether an event of this kind (as stored, so possibly one this kernel does not know) leaves cards as they were.
     *
     * @param eventKind the stored kind
     * @return true for the kinds in {@link #UNCHANGED_BY}
     */
    public static boolean unchangedBy(String eventKind) {
        return EventKind.fromWire(eventKind).map(UNCHANGED_BY::contains).orElse(false);
    }

    /**
     * @param t the task
     * @return its card
     */
    public static TaskCard of(Task t) {
        return new TaskCard(t.id(), t.title(), t.assignee(), t.status(), t.priority(), t.tenant(), t.skills(),
                t.createdAt(), t.consecutiveFailures(), t.lastFailureError(), t.scheduledUntil(), t.completedAt());
    }
}
