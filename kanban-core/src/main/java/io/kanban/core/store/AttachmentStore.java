package io.kanban.core.store;

import static io.kanban.core.store.StatementSet.param;
import static io.kanban.core.store.TaskStore.instant;
import static io.kanban.core.store.jooq.Tables.TASK_ATTACHMENTS;

import io.kanban.core.model.Attachment;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * Every statement on {@code task_attachments}, and on PostgreSQL's {@code task_attachment_blobs} (a table only that
 * dialect has, so its few statements are written by hand in SQL both would accept).
 */
public final class AttachmentStore {
    private static final Sql INSERT = Sql.of(AttachmentStore.class, "INSERT");
    private static final Sql FOR_TASK = Sql.of(AttachmentStore.class, "FOR_TASK");
    private static final Sql BY_ID = Sql.of(AttachmentStore.class, "BY_ID");
    private static final Sql DELETE = Sql.of(AttachmentStore.class, "DELETE");
    private static final Sql ROWS_AT = Sql.of(AttachmentStore.class, "ROWS_AT");

    private AttachmentStore() {
    }

    /**
     * Inserts an attachment row.
     *
     * @param tx the open transaction
     * @param taskId the task's id
     * @param filename the attachment's (safe) name
     * @param storedPath where its bytes are, relative to the attachments root or the blob table's key
     * @param contentType its MIME type
     * @param size its length in bytes
     * @param uploadedBy who attached it, or null
     * @param now when
     * @return the new row's id
     */
    public static long insert(Tx tx, String taskId, String filename, String storedPath, String contentType, long size,
                              String uploadedBy, Instant now) {
        return tx.queryLong(INSERT, taskId, filename, storedPath, contentType, size, uploadedBy, now);
    }

    /**
     * @param tx the open transaction
     * @param taskId the task's id
     * @return the task's attachments, oldest first
     */
    public static List<Attachment> forTask(Tx tx, String taskId) {
        return tx.query(FOR_TASK, AttachmentStore::row, taskId);
    }

    /**
     * @param tx the open transaction
     * @param id the attachment's id
     * @return the attachment, or empty
     */
    public static Optional<Attachment> find(Tx tx, long id) {
        return tx.queryOne(BY_ID, AttachmentStore::row, id);
    }

    /**
     * Deletes an attachment row.
     *
     * @param tx the open transaction
     * @param id the attachment's id
     * @return whether a row was deleted
     */
    public static boolean delete(Tx tx, long id) {
        return tx.update(DELETE, id) == 1;
    }

    /**
     * How many rows point at a blob: it may go only when none does.
     *
     * @param tx the open transaction
     * @param storedPath the blob's path
     * @return the number of rows
     */
    public static long rowsAt(Tx tx, String storedPath) {
        return tx.queryLong(ROWS_AT, storedPath);
    }

    /**
     * Stores a blob's bytes (PostgreSQL).
     *
     * @param tx the open transaction
     * @param storedPath the blob's key
     * @param content the bytes
     */
    public static void insertBlob(Tx tx, String storedPath, byte[] content) {
        tx.update("insert into task_attachment_blobs (stored_path, content) values (?, ?)", storedPath, content);
    }

    /**
     * Whether the blob table holds bytes under this key (PostgreSQL).
     *
     * @param tx the open transaction
     * @param storedPath the blob's key
     * @return whether it exists
     */
    public static boolean blobExists(Tx tx, String storedPath) {
        return tx.queryLong("select count(*) from task_attachment_blobs where stored_path = ?", storedPath) > 0;
    }

    /**
     * Reads a blob's bytes (PostgreSQL).
     *
     * @param tx the open transaction
     * @param storedPath the blob's key
     * @return the bytes, or empty
     */
    public static Optional<byte[]> blob(Tx tx, String storedPath) {
        return tx.queryOne("select content from task_attachment_blobs where stored_path = ?", rs -> rs.getBytes(1),
                storedPath);
    }

    /**
     * Deletes a blob's bytes (PostgreSQL).
     *
     * @param tx the open transaction
     * @param storedPath the blob's key
     */
    public static void deleteBlob(Tx tx, String storedPath) {
        tx.update("delete from task_attachment_blobs where stored_path = ?", storedPath);
    }

    private static Attachment row(ResultSet rs) throws SQLException {
        return new Attachment(rs.getLong("id"), rs.getString("task_id"), rs.getString("filename"),
                rs.getString("stored_path"), rs.getString("content_type"), rs.getLong("size"),
                rs.getString("uploaded_by"), instant(rs, "created_at"));
    }

    /** The statements above, written with jOOQ from the generated tables (see {@link StatementSource}). */
    static final class Definitions implements StatementSource {
        @Override
        public Class<?> store() {
            return AttachmentStore.class;
        }

        @Override
        public void define(StatementSet s) {
            DSLContext sql = s.dsl();
            var t = TASK_ATTACHMENTS;
            s.putReturningId("INSERT", sql.insertInto(t, t.TASK_ID, t.FILENAME, t.STORED_PATH, t.CONTENT_TYPE, t.SIZE,
                            t.UPLOADED_BY, t.CREATED_AT)
                    .values(param(t.TASK_ID), param(t.FILENAME), param(t.STORED_PATH), param(t.CONTENT_TYPE),
                            param(t.SIZE), param(t.UPLOADED_BY), param(t.CREATED_AT)));
            s.put("FOR_TASK", sql.select(t.ID, t.TASK_ID, t.FILENAME, t.STORED_PATH, t.CONTENT_TYPE, t.SIZE,
                            t.UPLOADED_BY, t.CREATED_AT)
                    .from(t)
                    .where(t.TASK_ID.eq(param(t.TASK_ID)))
                    .orderBy(t.CREATED_AT.asc(), t.ID.asc()));
            s.put("BY_ID", sql.select(t.ID, t.TASK_ID, t.FILENAME, t.STORED_PATH, t.CONTENT_TYPE, t.SIZE,
                            t.UPLOADED_BY, t.CREATED_AT)
                    .from(t)
                    .where(t.ID.eq(param(t.ID))));
            s.put("DELETE", sql.deleteFrom(t).where(t.ID.eq(param(t.ID))));
            s.put("ROWS_AT", sql.selectCount().from(t).where(t.STORED_PATH.eq(param(t.STORED_PATH))));
        }
    }
}
