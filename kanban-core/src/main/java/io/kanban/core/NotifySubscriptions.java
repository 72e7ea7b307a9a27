package io.kanban.core;

import io.kanban.core.error.ValidationError;
import io.kanban.core.model.NotifySubscription;
import io.kanban.core.store.EventStore;
import io.kanban.core.store.SubscriptionStore;
import java.util.List;

/** Who wants to hear about a task's events, and how far delivery has got for each of them. */
public final class NotifySubscriptions {
    private final BoardContext ctx;

    NotifySubscriptions(BoardContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Subscribes a chat to a task's events from now on. Subscribing twice is harmless.
     *
     * @return the subscription as stored
     */
    public NotifySubscription subscribe(String taskId, String platform, String chatId, String threadId,
                                        String userId) {
        String p = Limits.label("platform", platform);
        String chat = Limits.label("chat_id", chatId);
        if (p == null || chat == null) {
            throw new ValidationError(p == null ? "platform" : "chat_id", "is required");
        }
        String thread = threadId == null ? "" : Limits.text("thread_id", threadId, Limits.NAME_MAX);
        String user = Limits.label("user_id", userId);
        return ctx.db.write(tx -> {
            ctx.require(tx, taskId);
            long cursor = EventStore.latestId(tx);
            SubscriptionStore.insert(tx, new NotifySubscription(taskId, p, chat, thread, user, ctx.now(), cursor));
            return SubscriptionStore.find(tx, taskId, p, chat, thread).orElseThrow();
        });
    }

    /** @return false when there was no such subscription */
    public boolean unsubscribe(String taskId, String platform, String chatId, String threadId) {
        return ctx.db.write(tx -> {
            ctx.require(tx, taskId);
            return SubscriptionStore.delete(tx, taskId, platform, chatId, threadId == null ? "" : threadId);
        });
    }

    public List<NotifySubscription> list(String taskId) {
        return ctx.db.read(tx -> {
            if (taskId != null) {
                ctx.require(tx, taskId);
                return SubscriptionStore.forTask(tx, taskId);
            }
            return SubscriptionStore.all(tx);
        });
    }

    /** Records that events up to {@code eventId} were delivered; the cursor never moves back. */
    public boolean advance(NotifySubscription sub, long eventId) {
        return ctx.db.write(tx -> SubscriptionStore.advance(tx, sub.taskId(), sub.platform(), sub.chatId(),
                sub.threadId(), eventId));
    }
}
