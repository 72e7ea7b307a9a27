package io.kanban.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.kanban.core.model.Event;
import io.kanban.core.model.NotifyMessage;
import io.kanban.core.model.NotifyScope;
import io.kanban.core.model.NotifySubscription;
import io.kanban.core.model.Task;
import io.kanban.core.notify.LeaseOwner;
import io.kanban.core.spi.ProcessProbe;
import io.kanban.core.store.DeliveryStore;
import io.kanban.core.store.Json;
import io.kanban.core.store.SubscriptionStore;
import io.kanban.core.store.TaskStore;
import io.kanban.core.store.Tx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules a notifier delivers by, whichever process hosts it. A subscription is delivered by one notifier at a
 * time: the one holding its lease ({@link #claim}), taken with a conditional UPDATE and renewed by every cursor move.
 * The cursor moves only after the target accepted a message ({@link #delivered}), so a crash between sending and
 * recording repeats at most that one message, which carries its event id.
 */
public final class NotifyDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(NotifyDelivery.class);
    /** The longest summary, reason or error a message carries; the dashboard has the rest. */
    public static final int DETAIL_MAX = 300;

    private final BoardContext ctx;

    NotifyDelivery(BoardContext ctx) {
        this.ctx = ctx;
    }

    /**
     * The next events after the subscription's cursor in its scope, as messages for the ones its kinds select.
     *
     * @param messages   the wanted events, oldest first
     * @param scannedTo  the id of the last event read (wanted or not), or the cursor when none was read
     * @param more       true when the batch was full and more events may follow
     */
    public record Pending(List<NotifyMessage> messages, long scannedTo, boolean more) {

        /**
         * How far the cursor may move once these messages are delivered: past what was read, and when the batch
         * was not full, up to {@code head}, the newest event id read before this batch (so a quiet subscription
         * does not re-read the same events pass after pass).
         *
         * <p>Both moves rely on one fact: once an event id has been read, every lower id that will ever exist can be
         * read too, so nothing can still turn up at or below it later. SQLite has one writer at a time, so ids
         * commit in order. On PostgreSQL transactions commit in any order, so the reads ({@code DeliveryStore}'s
         * and {@code EventStore.latestId}) return only events below the event horizon: their ids follow
         * transaction ids, and every transaction under the horizon has finished (docs/design/event-log.md).
         * Rolled-back ids leave gaps that are never filled.
         *
         * @param head the newest event id read before this batch
         * @return the new cursor
         */
        public long cursorAfter(long head) {
            return more ? scannedTo : Math.max(scannedTo, head);
        }
    }

    /**
     * All subscriptions to configured targets (chat subscriptions belong to the Hermes gateway).
     *
     * @return the subscriptions, each as stored now
     */
    public List<NotifySubscription> targetSubscriptions() {
        return ctx.db.read(tx -> {
            List<NotifySubscription> out = new ArrayList<>();
            for (NotifySubscription s : SubscriptionStore.all(tx)) {
                if (s.targetType().isPresent() && s.id() != null) {
                    out.add(s);
                }
            }
            return out;
        });
    }

    /**
     * Reads one subscription again, as it stands now.
     *
     * @param subId the subscription's id
     * @return the subscription, or empty once it was removed
     */
    public Optional<NotifySubscription> reload(String subId) {
        return ctx.db.read(tx -> SubscriptionStore.byId(tx, subId));
    }

    /**
     * The newest event id on the board; a subscription at or past it has nothing to read.
     *
     * @return the newest event id
     */
    public long latestEventId() {
        return ctx.db.read(io.kanban.core.store.EventStore::latestId);
    }

    /**
     * The next events after the subscription's cursor in its scope, at most {@code limit} read (and at most
     * {@link Events#MAX_PAGE}), as messages for those its kinds select.
     *
     * @param sub the subscription
     * @param limit the most events read
     * @return the messages, how far the read got, and whether more may follow
     */
    public Pending pending(NotifySubscription sub, int limit) {
        int page = Math.max(1, Math.min(limit, Events.MAX_PAGE));
        return ctx.db.read(tx -> {
            List<Event> events = switch (sub.scope()) {
                case TASK -> sub.descendants()
                        ? DeliveryStore.ofTree(tx, sub.taskId(), sub.lastEventId(), page)
                        : DeliveryStore.ofTask(tx, sub.taskId(), sub.lastEventId(), page);
                case TENANT -> DeliveryStore.ofTenant(tx, sub.tenant(), sub.lastEventId(), page);
                case BOARD -> DeliveryStore.ofBoard(tx, sub.lastEventId(), page);
            };
            Map<String, Optional<Task>> tasks = new HashMap<>();
            List<NotifyMessage> wanted = new ArrayList<>();
            long scanned = sub.lastEventId();
            for (Event e : events) {
                scanned = e.id();
                if (sub.kinds().contains(e.kind())) {
                    Task task = tasks.computeIfAbsent(e.taskId(), id -> TaskStore.find(tx, id)).orElse(null);
                    wanted.add(message(e, task));
                }
            }
            return new Pending(wanted, scanned, events.size() == page);
        });
    }

    /**
     * A new owner name for a notifier in this process (see {@link LeaseOwner}).
     *
     * @return the owner name
     */
    public String newOwner() {
        byte[] salt = new byte[3];
        ThreadLocalRandom.current().nextBytes(salt);
        return LeaseOwner.forThisProcess(ctx.options.hostname(), HexFormat.of().formatHex(salt)).toString();
    }

    /**
     * Takes or renews the subscription's lease for {@code owner}; false while another notifier holds it.
     *
     * @param subId the subscription's id
     * @param owner the lease owner's name
     * @param ttl how long the lease lives unless renewed
     * @return whether {@code owner} holds the lease now
     */
    public boolean claim(String subId, String owner, Duration ttl) {
        Instant now = ctx.now();
        return ctx.db.write(tx -> DeliveryStore.claim(tx, subId, owner, now, now.plus(ttl)));
    }

    /**
     * Like {@link #claim(String, String, Duration)}, and when a live lease belongs to a notifier on this machine
     * whose process {@code probe} finds dead, takes it over at once. The takeover is conditional on the dead
     * holder's name still being there, so of two notifiers restarted together only one gets it.
     *
     * @param subId the subscription's id
     * @param owner the lease owner's name
     * @param ttl how long the lease lives unless renewed
     * @param probe says whether the holder's process lives
     * @return whether {@code owner} holds the lease now
     */
    public boolean claim(String subId, String owner, Duration ttl, ProcessProbe probe) {
        Instant now = ctx.now();
        return ctx.db.write(tx -> {
            if (DeliveryStore.claim(tx, subId, owner, now, now.plus(ttl))) {
                return true;
            }
            String holder = SubscriptionStore.byId(tx, subId).map(s -> s.delivery().leaseOwner()).orElse(null);
            if (holder == null || !holderIsDead(holder, owner, probe)) {
                return false;
            }
            boolean taken = DeliveryStore.takeOver(tx, subId, holder, owner, now.plus(ttl));
            if (taken) {
                LOG.info("notify subscription {}: took over the lease of {}, whose process is gone", subId, holder);
            }
            return taken;
        });
    }

    /**
     * True while a notifier other than {@code owner} holds an unexpired lease on {@code sub} and is not known to be
     * dead: then {@code owner} should leave the subscription alone for now.
     *
     * @param sub the subscription
     * @param owner the lease owner's name
     * @param probe says whether the holder's process lives
     * @return whether {@code owner} should leave it alone
     */
    public boolean heldByAnother(NotifySubscription sub, String owner, ProcessProbe probe) {
        NotifySubscription.DeliveryState state = sub.delivery();
        if (state.leaseOwner() == null || state.leaseOwner().equals(owner) || state.leaseExpires() == null
                || !ctx.now().isBefore(state.leaseExpires())) {
            return false;
        }
        return !holderIsDead(state.leaseOwner(), owner, probe);
    }

    private static boolean holderIsDead(String holder, String owner, ProcessProbe probe) {
        Optional<LeaseOwner> me = LeaseOwner.parse(owner);
        Optional<LeaseOwner> them = LeaseOwner.parse(holder);
        return me.isPresent() && them.isPresent() && me.get().seesDead(them.get(), probe);
    }

    /**
     * The target accepted the message for {@code eventId}; false when the lease was lost meanwhile. This may
     * {@linkplain #retireIfFinished retire} the subscription.
     *
     * @param subId the subscription's id
     * @param owner the lease owner's name
     * @param eventId the event whose message was accepted
     * @param ttl how far the lease is renewed
     * @return whether the cursor moved
     */
    public boolean delivered(String subId, String owner, long eventId, Duration ttl) {
        return moveCursor(subId, ttl, (tx, expires) -> DeliveryStore.delivered(tx, subId, owner, eventId, expires));
    }

    /**
     * Events up to {@code eventId} were read and none of them is wanted. This may retire the subscription too.
     *
     * @param subId the subscription's id
     * @param owner the lease owner's name
     * @param eventId the last event read
     * @param ttl how far the lease is renewed
     * @return whether the cursor moved
     */
    public boolean skipped(String subId, String owner, long eventId, Duration ttl) {
        return moveCursor(subId, ttl, (tx, expires) -> DeliveryStore.skipped(tx, subId, owner, eventId, expires));
    }

    /** A guarded move of the delivered cursor (false when the lease was lost), then the retirement check. */
    private boolean moveCursor(String subId, Duration ttl, BiPredicate<Tx, Instant> move) {
        Instant expires = ctx.now().plus(ttl);
        return ctx.db.write(tx -> {
            long before = SubscriptionStore.byId(tx, subId).map(NotifySubscription::lastEventId).orElse(0L);
            boolean moved = move.test(tx, expires);
            if (moved) {
                retireIfFinished(tx, subId, before);
            }
            return moved;
        });
    }

    /**
     * Removes a task subscription (without descendants) whose task is finished (done or archived, or deleted) once
     * its cursor has just moved past the task's last event: the event that finished it was delivered or passed, and
     * nothing more can come for a finished task short of reopening it, which needs a new subscription. Only a move
     * that crossed the task's last event counts ({@code before} is the cursor before it), so subscribing to a task
     * that is already done keeps the subscription until something new happens to the task. Board, tenant and
     * descendants subscriptions stay until unsubscribed: new tasks and new children may come at any time.
     */
    private void retireIfFinished(Tx tx, String subId, long before) {
        NotifySubscription sub = SubscriptionStore.byId(tx, subId).orElse(null);
        if (sub == null || sub.scope() != NotifyScope.TASK || sub.descendants()) {
            return;
        }
        Optional<Task> task = TaskStore.find(tx, sub.taskId());
        if (task.isPresent() && !Lifecycle.isFinished(task.get().status())) {
            return;
        }
        long last = DeliveryStore.lastEventOf(tx, sub.taskId());
        boolean crossed = task.isEmpty() || (last > before && last <= sub.lastEventId());
        if (crossed && SubscriptionStore.deleteById(tx, subId)) {
            LOG.info("notify subscription {} removed: task {} is {} and its last event {} was delivered", subId,
                    sub.taskId(), task.map(t -> t.status().wire()).orElse("deleted"), last);
        }
    }

    /**
     * One more failure in a row; no attempt before {@code retryAt}. {@code error} must already be redacted.
     *
     * @param subId the subscription's id
     * @param owner the lease owner's name
     * @param error what went wrong, redacted; or null
     * @param retryAt the earliest next attempt
     * @return false when the lease was lost meanwhile
     */
    public boolean failed(String subId, String owner, String error, Instant retryAt) {
        String text = error == null ? null : Limits.text("error", truncate(error, 500), 500);
        return ctx.db.write(tx -> DeliveryStore.failed(tx, subId, owner, retryAt, text));
    }

    /**
     * Gives up every lease {@code owner} holds, so another notifier may take over at once.
     *
     * @param owner the lease owner's name
     * @return how many leases were released
     */
    public int release(String owner) {
        return ctx.db.write((Tx tx) -> DeliveryStore.release(tx, owner));
    }

    /**
     * The message for an event; {@code task} may be null when the task was deleted since.
     *
     * @param e the event
     * @param task its task, or null
     * @return the message
     */
    public static NotifyMessage message(Event e, Task task) {
        JsonNode payload = Json.readOrNull(e.payload());
        String detail = switch (e.kind()) {
            case "completed" -> firstOf(text(payload, "summary"), task == null ? null : task.result());
            case "blocked" -> text(payload, "reason");
            case "gave_up", "spawn_failed" -> text(payload, "error");
            case "crashed" -> text(payload, "pid") == null ? null
                    : "worker pid " + text(payload, "pid") + " exited without reporting";
            case "timed_out" -> text(payload, "elapsed_seconds") == null ? null
                    : "ran " + text(payload, "elapsed_seconds") + " s, past the limit of "
                    + text(payload, "limit_seconds") + " s";
            case "commented" -> text(payload, "author") == null ? null : "by " + text(payload, "author");
            default -> null;
        };
        return new NotifyMessage(e.id(), e.kind(), e.createdAt(), e.taskId(),
                task == null ? e.taskId() : task.title(),
                task == null ? null : task.status().wire(),
                task == null ? null : task.assignee(),
                task == null ? null : task.tenant(),
                detail == null ? null : truncate(detail.strip(), DETAIL_MAX));
    }

    private static String text(JsonNode payload, String field) {
        if (payload == null || !payload.hasNonNull(field)) {
            return null;
        }
        JsonNode v = payload.get(field);
        String s = v.isValueNode() ? v.asText() : v.toString();
        return s.isBlank() ? null : s;
    }

    private static String firstOf(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        if (b == null || b.isBlank()) {
            return null;
        }
        int nl = b.indexOf('\n');
        return nl < 0 ? b : b.substring(0, nl);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
