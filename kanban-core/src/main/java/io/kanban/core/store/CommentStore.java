package io.kanban.core.store;

import static io.kanban.core.store.StatementSet.param;
import static io.kanban.core.store.TaskStore.instant;
import static io.kanban.core.store.jooq.Tables.TASK_COMMENTS;

import io.kanban.core.model.Comment;
import java.time.Instant;
import java.util.List;
import org.jooq.DSLContext;

/** Every statement on {@code task_comments}. */
public final class CommentStore {

    private static final Sql INSERT = Sql.of(CommentStore.class, "INSERT");

    private static final Sql FOR_TASK = Sql.of(CommentStore.class, "FOR_TASK");

    private CommentStore() {
    }

    /**
     * Inserts a comment row.
     *
     * @param tx the open transaction
     * @param taskId the task's id
     * @param author who wrote it
     * @param body its text
     * @param now when
     * @return the new comment's id
     */
    public static long insert(Tx tx, String taskId, String author, String body, Instant now) {
        return tx.queryLong(INSERT, taskId, author, body, now);
    }

    /**
     * The task's comments, as the table's query orders them.
     *
     * @param tx the open transaction
     * @param taskId the task's id
     * @return the comments
     */
    public static List<Comment> forTask(Tx tx, String taskId) {
        return tx.query(FOR_TASK, rs -> new Comment(rs.getLong("id"), rs.getString("task_id"),
                rs.getString("author"), rs.getString("body"), instant(rs, "created_at")), taskId);
    }

    /** The statements above, written with jOOQ from the generated tables (see {@link StatementSource}). */
    static final class Definitions implements StatementSource {
        @Override
        public Class<?> store() {
            return CommentStore.class;
        }

        @Override
        public void define(StatementSet s) {
            DSLContext sql = s.dsl();
            s.putReturningId("INSERT", sql.insertInto(TASK_COMMENTS, TASK_COMMENTS.TASK_ID, TASK_COMMENTS.AUTHOR,
                            TASK_COMMENTS.BODY, TASK_COMMENTS.CREATED_AT)
                    .values(param(TASK_COMMENTS.TASK_ID), param(TASK_COMMENTS.AUTHOR), param(TASK_COMMENTS.BODY),
                            param(TASK_COMMENTS.CREATED_AT)));
            s.put("FOR_TASK", sql.select(TASK_COMMENTS.ID, TASK_COMMENTS.TASK_ID, TASK_COMMENTS.AUTHOR,
                            TASK_COMMENTS.BODY, TASK_COMMENTS.CREATED_AT)
                    .from(TASK_COMMENTS)
                    .where(TASK_COMMENTS.TASK_ID.eq(param(TASK_COMMENTS.TASK_ID)))
                    .orderBy(TASK_COMMENTS.CREATED_AT.asc(), TASK_COMMENTS.ID.asc()));
        }
    }
}
