package io.kanban.core;

import io.kanban.core.model.Comment;
import io.kanban.core.model.EventKind;
import io.kanban.core.store.CommentStore;
import io.kanban.core.store.Tx;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The discussion thread of a task: what workers and people tell each other about it. */
public final class Comments {
    /** The author of a comment that names none. */
    public static final String DEFAULT_AUTHOR = "user";

    private final BoardContext ctx;

    Comments(BoardContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Adds a comment, with its {@code commented} event.
     *
     * @param taskId the task's id
     * @param author who writes it, or null for {@value #DEFAULT_AUTHOR}
     * @param body the text, not blank
     * @return the comment as stored
     */
    public Comment add(String taskId, String author, String body) {
        String who = Limits.label("author", author == null ? DEFAULT_AUTHOR : author);
        String text = Limits.requireText("body", body, Limits.COMMENT_MAX);
        return ctx.db.write(tx -> {
            ctx.require(tx, taskId);
            return addIn(ctx, tx, taskId, who, text, ctx.now());
        });
    }

    /** Inside the caller's transaction: the comment row and its {@code commented} event. */
    static Comment addIn(BoardContext ctx, Tx tx, String taskId, String author, String text, Instant now) {
        long id = CommentStore.insert(tx, taskId, author, text, now);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("author", author);
        payload.put("len", text.length());
        ctx.event(tx, taskId, null, EventKind.COMMENTED, payload, now);
        return new Comment(id, taskId, author, text, now);
    }

    /**
     * @param taskId the task's id
     * @return the task's comments
     */
    public List<Comment> list(String taskId) {
        return ctx.db.read(tx -> {
            ctx.require(tx, taskId);
            return CommentStore.forTask(tx, taskId);
        });
    }
}
