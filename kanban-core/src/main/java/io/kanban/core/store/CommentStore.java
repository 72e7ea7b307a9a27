package io.kanban.core.store;

import static io.kanban.core.store.TaskStore.instant;
import static io.kanban.core.store.TaskStore.p;
import static io.kanban.core.store.jooq.Tables.TASK_COMMENTS;

import io.kanban.core.model.Comment;
import java.time.Instant;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/** Every statement on {@code task_comments}. */
public final class CommentStore {
    private static final DSLContext SQL = Sql.RENDER;
    private static final String RETURNING_ID = Sql.RETURNING_ID;

    private static final String INSERT = SQL.insertInto(TASK_COMMENTS, TASK_COMMENTS.TASK_ID, TASK_COMMENTS.AUTHOR,
                    TASK_COMMENTS.BODY, TASK_COMMENTS.CREATED_AT)
            .values(p(TASK_COMMENTS.TASK_ID), p(TASK_COMMENTS.AUTHOR), p(TASK_COMMENTS.BODY),
                    p(TASK_COMMENTS.CREATED_AT))
            .getSQL() + RETURNING_ID;

    private static final String FOR_TASK = SQL.select(TASK_COMMENTS.ID, TASK_COMMENTS.TASK_ID, TASK_COMMENTS.AUTHOR,
                    TASK_COMMENTS.BODY, TASK_COMMENTS.CREATED_AT)
            .from(TASK_COMMENTS)
            .where(TASK_COMMENTS.TASK_ID.eq(p(TASK_COMMENTS.TASK_ID)))
            .orderBy(TASK_COMMENTS.CREATED_AT.asc(), TASK_COMMENTS.ID.asc())
            .getSQL();

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
