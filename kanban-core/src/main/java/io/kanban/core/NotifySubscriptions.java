package io.kanban.core;

import io.kanban.core.error.ValidationError;
import io.kanban.core.model.NotifyScope;
import io.kanban.core.model.NotifySubscription;
import io.kanban.core.model.Task;
import io.kanban.core.notify.NotifyKinds;
import io.kanban.core.notify.NotifyRequest;
import io.kanban.core.notify.NotifyTarget;
import io.kanban.core.store.EventStore;
import io.kanban.core.store.SubscriptionStore;
import io.kanban.core.store.TaskStore;
import io.kanban.core.store.Tx;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Who wants to hear about which events, and how far delivery has got for each of them. Two kinds of rows share
 * the reference's table: chat subscriptions the Hermes gateway delivers ({@link #subscribe(String, String, String,
 * String, String)}) and subscriptions to configured targets our notifier delivers ({@link #subscribe(NotifyRequest)}).
 * A new subscription starts at the present: it hears about events from now on.
 */
public final class NotifySubscriptions {
    private final BoardContext ctx;
    private final NotifyDelivery delivery;

    NotifySubscriptions(BoardContext ctx) {
        this.ctx = ctx;
        this.delivery = new NotifyDelivery(ctx);
    }

    /**
     * What a notifier uses to deliver: leases, pending events, cursor moves.
     *
     * @return the delivery rules on this handle
     */
    public NotifyDelivery delivery() {
        return delivery;
    }

    /**
     * Subscribes a chat to a task's events from now on, the reference's way. Subscribing twice is harmless.
     *
     * @return the subscription as stored
     * @param taskId the task's id
     * @param platform the chat platform
     * @param chatId the chat
     * @param threadId the thread within the chat, or null
     * @param userId the user to mention, or null
     */
    public NotifySubscription subscribe(String taskId, String platform, String chatId, String threadId,
                                        String userId) {
        String p = Limits.label("platform", platform);
        String chat = Limits.label("chat_id", chatId);
        if (p == null || chat == null) {
            throw new ValidationError(p == null ? "platform" : "chat_id", "is required");
        }
        String thread = thread(threadId);
        String user = Limits.label("user_id", userId);
        return ctx.db.write(tx -> {
            ctx.require(tx, taskId);
            long cursor = EventStore.latestId(tx);
            SubscriptionStore.insert(tx, taskId, p, chat, thread, user, ctx.now(), cursor);
            return SubscriptionStore.find(tx, taskId, p, chat, thread).orElseThrow();
        });
    }

    /**
     * Subscribes a configured target to a task (optionally with its descendants), the whole board or one tenant.
     * A tenant-scoped handle's board subscription covers its tenant only. Subscribing again with the same task,
     * target and thread keeps the cursor and takes the new kinds and descendants flag.
     *
     * @param r what to subscribe to, and where to deliver
     * @return the subscription as stored
     */
    public NotifySubscription subscribe(NotifyRequest r) {
        if (r.targetType() == null) {
            throw new ValidationError("target", "is required");
        }
        if (r.targetName() == null || !NotifyTarget.NAME.matcher(r.targetName()).matches()) {
            throw new ValidationError("target", "'" + r.targetName() + "' is not a target name");
        }
        List<String> kinds = NotifyKinds.resolve(r.kinds());
        String thread = thread(r.threadId());
        String user = Limits.label("user_id", r.userId());
        NotifyScope scope = r.scope() == null ? NotifyScope.TASK : r.scope();
        String tenant = r.tenant();
        if (scope == NotifyScope.BOARD && ctx.tenant != null) {
            scope = NotifyScope.TENANT;
            tenant = ctx.tenant;
        }
        if (r.descendants() && scope != NotifyScope.TASK) {
            throw new ValidationError("descendants", "applies to a task subscription only");
        }
        String key;
        switch (scope) {
            case TASK -> {
                if (r.taskId() == null || r.taskId().isBlank()) {
                    throw new ValidationError("task_id", "is required for a task subscription");
                }
                key = r.taskId();
                tenant = null;
            }
            case TENANT -> {
                tenant = Limits.label("tenant", tenant);
                if (tenant == null) {
                    throw new ValidationError("tenant", "is required for a tenant subscription");
                }
                if (ctx.tenant != null && !ctx.tenant.equals(tenant)) {
                    throw new ValidationError("tenant", "this board handle is scoped to tenant '" + ctx.tenant + "'");
                }
                key = NotifySubscription.TENANT_KEY_PREFIX + tenant;
            }
            default -> {
                key = NotifySubscription.BOARD_KEY;
                tenant = null;
            }
        }
        NotifyScope finalScope = scope;
        String finalTenant = tenant;
        String platform = r.targetType().platform();
        return ctx.db.write(tx -> {
            if (finalScope == NotifyScope.TASK) {
                ctx.require(tx, key);
            }
            long cursor = EventStore.latestId(tx);
            SubscriptionStore.upsertScoped(tx, key, platform, r.targetName(), thread, user, ctx.now(), cursor,
                    finalScope, finalTenant, r.descendants(), NotifyKinds.stored(kinds));
            return SubscriptionStore.find(tx, key, platform, r.targetName(), thread).orElseThrow();
        });
    }

    /**
     * @return false when there was no such subscription
     *
     * @param taskId the task's id
     * @param platform the chat platform
     * @param chatId the chat
     * @param threadId the thread within the chat, or null
     */
    public boolean unsubscribe(String taskId, String platform, String chatId, String threadId) {
        return ctx.db.write(tx -> {
            ctx.require(tx, taskId);
            return SubscriptionStore.delete(tx, taskId, platform, chatId, threadId == null ? "" : threadId);
        });
    }

    /**
     * Removes the subscription with this id; false when there is none this handle may see.
     *
     * @param subId the subscription's id
     * @return whether a subscription was removed
     */
    public boolean unsubscribe(String subId) {
        if (subId == null || subId.isBlank()) {
            throw new ValidationError("subscription", "an id is required");
        }
        return ctx.db.write(tx -> {
            Optional<NotifySubscription> sub = SubscriptionStore.byId(tx, subId.strip());
            if (sub.isEmpty() || !visible(tx, sub.get())) {
                return false;
            }
            return SubscriptionStore.deleteById(tx, sub.get().id());
        });
    }

    /**
     * Reads one subscription this handle may see.
     *
     * @param subId the subscription's id
     * @return the subscription, or empty
     */
    public Optional<NotifySubscription> find(String subId) {
        if (subId == null || subId.isBlank()) {
            return Optional.empty();
        }
        return ctx.db.read(tx -> SubscriptionStore.byId(tx, subId.strip()).filter(s -> visible(tx, s)));
    }

    /**
     * The subscriptions of one task (null: all this handle may see), oldest first.
     *
     * @param taskId the task, or null for all
     * @return the subscriptions
     */
    public List<NotifySubscription> list(String taskId) {
        return ctx.db.read(tx -> {
            List<NotifySubscription> subs;
            if (taskId != null) {
                ctx.require(tx, taskId);
                subs = SubscriptionStore.forTask(tx, taskId);
            } else {
                subs = SubscriptionStore.all(tx);
            }
            if (ctx.tenant == null) {
                return subs;
            }
            List<NotifySubscription> mine = new ArrayList<>();
            for (NotifySubscription s : subs) {
                if (visible(tx, s)) {
                    mine.add(s);
                }
            }
            return mine;
        });
    }

    /**
     * Records that events up to {@code eventId} were delivered; the cursor never moves back.
     *
     * @param sub the subscription
     * @param eventId the last event delivered
     * @return whether the cursor moved
     */
    public boolean advance(NotifySubscription sub, long eventId) {
        return ctx.db.write(tx -> SubscriptionStore.advance(tx, sub.taskId(), sub.platform(), sub.chatId(),
                sub.threadId(), eventId));
    }

    private boolean visible(Tx tx, NotifySubscription s) {
        if (ctx.tenant == null) {
            return true;
        }
        return switch (s.scope()) {
            case BOARD -> false;
            case TENANT -> ctx.tenant.equals(s.tenant());
            case TASK -> TaskStore.find(tx, s.taskId()).map(Task::tenant).filter(t -> Objects.equals(t, ctx.tenant))
                    .isPresent();
        };
    }

    private static String thread(String threadId) {
        if (threadId == null) {
            return "";
        }
        String t = Limits.text("thread_id", threadId.strip(), Limits.NAME_MAX);
        if (t.chars().anyMatch(Character::isISOControl)) {
            throw new ValidationError("thread_id", "must not contain control characters");
        }
        return t;
    }
}
