package io.kanban.core.store;

import static io.kanban.core.store.TaskStore.instant;
import static io.kanban.core.store.jooq.Tables.TASK_COMMENTS;

import io.kanban.core.model.Comment;
import java.time.Instant;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/** Every statement on {@code task_comments}. */
public final class CommentStore {

    private static final String INSERT = Statements.sql("CommentStore.INSERT");

    private static final String FOR_TASK = Statements.sql("CommentStore.FOR_TASK");

    private CommentStore() {
    }

    public static long insert(Tx tx, String taskId, String author, String body, Instant now) {
        return tx.queryLong(INSERT, taskId, author, body, now);
    }

    public static List<Comment> forTask(Tx tx, String taskId) {
        return tx.query(FOR_TASK, rs -> new Comment(rs.getLong("id"), rs.getString("task_id"),
                rs.getString("author"), rs.getString("body"), instant(rs, "created_at")), taskId);
    }
}
