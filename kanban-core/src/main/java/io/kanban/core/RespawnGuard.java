package io.kanban.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.kanban.core.model.Comment;
import io.kanban.core.model.Event;
import io.kanban.core.model.EventKind;
import io.kanban.core.model.Run;
import io.kanban.core.model.RunOutcome;
import io.kanban.core.model.Task;
import io.kanban.core.store.CommentStore;
import io.kanban.core.store.EventStore;
import io.kanban.core.store.Json;
import io.kanban.core.store.RunStore;
import io.kanban.core.store.Tx;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The reference's respawn guard (HERMES-UPSTREAM §5): a ready card that has run before is not started again while
 * its history says another attempt would waste a worker or do harm. In the reference's order:
 * {@code infrastructure_cooldown} (its latest attempt was refused by the host, within the cooldown),
 * {@code blocker_auth} (its last failure names a quota, auth or billing wall; a retry cannot help),
 * then for the ready lane only {@code recent_success} (a run completed within the hour and nothing re-queued it
 * since) and {@code active_pr} (a comment of the last 24 h links a GitHub pull request, and no handoff to another
 * profile followed it: a new worker would open a duplicate). A card that never ran is never held: the guard is about
 * respawns. The rate-limit cooldown is the profile's and is applied before this (see {@link Dispatch}).
 */
final class RespawnGuard {
    static final Duration SUCCESS_WINDOW = Duration.ofHours(1);
    static final Duration PR_WINDOW = Duration.ofHours(24);

    /** Errors no retry fixes: quota, rate limit, 401/403/429, auth, billing, access denied, a bad API key. */
    static final Pattern BLOCKER = Pattern.compile("\\b(quota|rate[\\s_-]?limit|429|403|auth|authenticat(e|es|ed|ing"
            + "|ion)|authori[sz](e|es|ed|ing|ation)|authz|unauthori[sz]ed|forbidden|billing|subscription"
            + "|access[\\s_]denied|permission[\\s_]denied|invalid[\\s_]api[\\s_]key)\\b", Pattern.CASE_INSENSITIVE);

    static final Pattern PR_URL = Pattern.compile("https?://github\\.com/[^/\\s]+/[^/\\s]+/pull/\\d+",
            Pattern.CASE_INSENSITIVE);

    /** Events that put a completed card back in the queue on purpose: a deliberate re-run. */
    private static final Set<String> REQUEUES = Set.of(EventKind.STATUS.wire(), EventKind.PROMOTED.wire(),
            EventKind.PROMOTED_MANUAL.wire(), EventKind.UNBLOCKED.wire(), EventKind.RECLAIMED.wire());

    /** The reference's reasons, as {@code respawn_guarded} events and tick reports name them. */
    enum Reason {
        INFRASTRUCTURE_COOLDOWN, BLOCKER_AUTH, RECENT_SUCCESS, ACTIVE_PR;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A held card: why, in words, since when the hold stands (its events are written once per hold), and until when
     * (null: until a person or a later event lifts it).
     */
    record Hold(Reason reason, String detail, Instant since, Instant until) {
    }

    private RespawnGuard() {
    }

    /**
     * @param review whether the card waits in the review lane (the success and PR holds are a review's inputs there)
     * @param cooldown how long a host-refused spawn holds the card ({@code rate_limit_cooldown_seconds}); zero: none
     */
    static Optional<Hold> check(Tx tx, Task task, boolean review, Instant now, Duration cooldown) {
        List<Run> ended = RunStore.forTask(tx, task.id()).stream().filter(r -> r.endedAt() != null)
                .sorted(Comparator.comparing(Run::endedAt).thenComparingLong(Run::id).reversed()).toList();
        if (ended.isEmpty()) {
            return Optional.empty();
        }
        Run latest = ended.get(0);
        boolean refused = latest.outcome() == RunOutcome.SPAWN_FAILED && infrastructure(latest);
        if (refused && now.isBefore(latest.endedAt().plus(cooldown))) {
            return Optional.of(new Hold(Reason.INFRASTRUCTURE_COOLDOWN, "the host refused its last spawn ("
                    + latest.error() + "); it cools down until " + latest.endedAt().plus(cooldown), latest.endedAt(),
                    latest.endedAt().plus(cooldown)));
        }
        if (refused || latest.outcome() == RunOutcome.RATE_LIMITED) {
            return Optional.empty(); // the host's or the provider's text must not trap the card as blocker_auth
        }
        String error = task.lastFailureError();
        if (error != null && latest.outcome() != RunOutcome.CRASHED && BLOCKER.matcher(error).find()) {
            // A crash's error is the worker's last output, context rather than a diagnosis: not trusted here.
            return Optional.of(new Hold(Reason.BLOCKER_AUTH, "its last failure looks like a quota or auth wall ("
                    + error + "); once the credentials or quota are fixed, reassign it (or block and unblock it)", latest.endedAt(),
                    null));
        }
        if (review) {
            return Optional.empty();
        }
        Optional<Run> success = ended.stream().filter(r -> r.outcome() == RunOutcome.COMPLETED
                && !r.endedAt().isBefore(now.minus(SUCCESS_WINDOW))).findFirst();
        java.util.function.Supplier<List<Event>> events = new java.util.function.Supplier<>() {
            private List<Event> read;

            @Override
            public List<Event> get() {
                if (read == null) {
                    read = EventStore.forTask(tx, task.id(), Dispatch.EVENT_WINDOW);
                }
                return read;
            }
        };
        if (success.isPresent()) {
            Instant done = success.get().endedAt();
            boolean requeued = events.get().stream().anyMatch(e -> REQUEUES.contains(e.kind())
                    && !e.createdAt().isBefore(done));
            if (!requeued) {
                return Optional.of(new Hold(Reason.RECENT_SUCCESS, "run " + success.get().id() + " completed it at "
                        + done + "; it is not started again before " + done.plus(SUCCESS_WINDOW)
                        + " unless a person moves it", done, done.plus(SUCCESS_WINDOW)));
            }
        }
        Optional<Comment> pr = CommentStore.forTask(tx, task.id()).stream()
                .filter(c -> !c.createdAt().isBefore(now.minus(PR_WINDOW)) && c.body() != null
                        && PR_URL.matcher(c.body()).find())
                .max(Comparator.comparing(Comment::createdAt).thenComparingLong(Comment::id));
        if (pr.isPresent()) {
            Instant at = pr.get().createdAt();
            boolean handedOff = events.get().stream().anyMatch(e -> e.createdAt().isAfter(at) && handoff(e));
            if (!handedOff) {
                java.util.regex.Matcher m = PR_URL.matcher(pr.get().body());
                m.find();
                return Optional.of(new Hold(Reason.ACTIVE_PR, "comment " + pr.get().id() + " links " + m.group()
                        + "; a new worker would open a duplicate. Reassign it to the profile that should take that "
                        + "pull request on", at, at.plus(PR_WINDOW)));
            }
        }
        return Optional.empty();
    }

    private static boolean infrastructure(Run run) {
        JsonNode meta = Json.readOrNull(run.metadata());
        return meta != null && meta.path("infrastructure").asBoolean(false);
    }

    /**
     * A handoff names the profile that must now work on the pull request: a reviewer's changes, a reopened review,
     * or an assignment to another profile by a person (not the default-assignee rule, not a no-op).
     */
    private static boolean handoff(Event e) {
        if (e.kind().equals(EventKind.CHANGES_REQUESTED.wire()) || e.kind().equals(EventKind.REVIEW_REOPENED.wire())) {
            return true;
        }
        if (!e.kind().equals(EventKind.ASSIGNED.wire())) {
            return false;
        }
        JsonNode p = Json.readOrNull(e.payload());
        if (p == null || "kanban.default_assignee".equals(p.path("source").asText(null)) || !p.has("from")) {
            return false;
        }
        String to = p.path("assignee").asText(null);
        return to != null && !to.equals(p.path("from").asText(null));
    }
}
