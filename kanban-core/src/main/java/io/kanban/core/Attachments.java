package io.kanban.core;

import io.kanban.core.AttachmentBlobs.Incoming;
import io.kanban.core.AttachmentBlobs.Staged;
import io.kanban.core.error.AttachmentNotFound;
import io.kanban.core.error.AttachmentTooLarge;
import io.kanban.core.error.ValidationError;
import io.kanban.core.model.Attachment;
import io.kanban.core.model.AttachmentContent;
import io.kanban.core.model.EventKind;
import io.kanban.core.model.Task;
import io.kanban.core.model.WorkspaceKind;
import io.kanban.core.store.AttachmentStore;
import io.kanban.core.store.Dialect;
import io.kanban.core.store.TaskStore;
import io.kanban.core.store.Tx;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Files on cards (the reference's {@code task_attachments}): add, list, read, remove. Names are made safe
 * ({@link AttachmentNames}), sizes capped ({@link BoardOptions#attachmentMaxBytes()}), each change is one
 * transaction with its {@code attached} or {@code attachment_removed} event, and a blob goes only when no row
 * points at it any more. A SQLite board keeps the bytes beside it; a PostgreSQL board keeps them in the database,
 * so every host reads them.
 */
public final class Attachments {
    /** Who the reference names as the uploader of a completing worker's artifacts. */
    public static final String COMPLETE_UPLOADER = "kanban_complete";
    /** Who the reference names as the uploader of the artifacts handed over with a review request. */
    public static final String REVIEW_UPLOADER = "kanban_request_review";

    private final BoardContext ctx;
    private final AttachmentBlobs blobs;

    Attachments(BoardContext ctx) {
        this.ctx = ctx;
        this.blobs = ctx.db.dialect() == Dialect.POSTGRES ? new AttachmentBlobs.InDatabase()
                : new AttachmentBlobs.OnDisk(ctx.options.attachmentsDirectory());
    }

    /**
     * The largest attachment this board accepts, in bytes.
     *
     * @return the cap
     */
    public long maxBytes() {
        return ctx.options.attachmentMaxBytes();
    }

    /**
     * Reads {@code content} to its end and attaches it to the task as {@code filename} (made safe; a clash gets a
     * number). {@code contentType} null: guessed from the name. Over the cap: {@link AttachmentTooLarge}, nothing kept.
     *
     * @param taskId the task's id
     * @param filename the name asked for
     * @param contentType the MIME type, or null to guess
     * @param uploadedBy who attaches it, or null
     * @param content the bytes, read to the end
     * @return the attachment as stored
     */
    public Attachment add(String taskId, String filename, String contentType, String uploadedBy, InputStream content) {
        String name = AttachmentNames.clean(filename);
        String type = AttachmentNames.contentType(contentType, name);
        String who = Limits.label("uploaded_by", uploadedBy);
        ctx.db.read(tx -> ctx.require(tx, taskId)); // before taking in megabytes for a card that is not there
        try (Staged bytes = blobs.stage(content, maxBytes(), "file")) {
            List<Incoming> files = List.of(new Incoming(name, type, who, bytes));
            return commit(taskId, files, (tx, now) -> ctx.require(tx, taskId)).get(0);
        }
    }

    /**
     * Attaches {@code content} as {@link #add(String, String, String, String, InputStream)} does.
     *
     * @param taskId the task's id
     * @param filename the name asked for
     * @param contentType the MIME type, or null to guess
     * @param uploadedBy who attaches it, or null
     * @param content the bytes
     * @return the attachment as stored
     */
    public Attachment add(String taskId, String filename, String contentType, String uploadedBy, byte[] content) {
        return add(taskId, filename, contentType, uploadedBy, new java.io.ByteArrayInputStream(content));
    }

    /**
     * The task's attachments, oldest first.
     *
     * @param taskId the task's id
     * @return the attachments, without their bytes
     */
    public List<Attachment> list(String taskId) {
        return ctx.db.read(tx -> {
            ctx.require(tx, taskId);
            return AttachmentStore.forTask(tx, taskId);
        });
    }

    /**
     * Reads one attachment's row, without its bytes.
     *
     * @param attachmentId the attachment's id
     * @return the attachment
     * @throws io.kanban.core.error.AttachmentNotFound if there is none this handle may see
     */
    public Attachment get(long attachmentId) {
        return ctx.db.read(tx -> visible(tx, attachmentId));
    }

    /**
     * The attachment with its bytes.
     *
     * @param attachmentId the attachment's id
     * @return the attachment and its bytes
     * @throws io.kanban.core.error.AttachmentNotFound if there is none this handle may see, or its bytes are gone
     */
    public AttachmentContent read(long attachmentId) {
        return ctx.db.read(tx -> {
            Attachment a = visible(tx, attachmentId);
            return new AttachmentContent(a, blobs.read(tx, a));
        });
    }

    /**
     * Removes the row, and its blob once no other row points at it; returns what was removed.
     *
     * @param attachmentId the attachment's id
     * @param removedBy who removes it, or null
     * @return the removed attachment
     */
    public Attachment remove(long attachmentId, String removedBy) {
        String who = Limits.label("removed_by", removedBy);
        record Removed(Attachment attachment, boolean lastReference) {
        }
        Removed removed = ctx.db.write(tx -> {
            Attachment a = visible(tx, attachmentId);
            AttachmentStore.delete(tx, attachmentId);
            boolean last = AttachmentStore.rowsAt(tx, a.storedPath()) == 0;
            if (last) {
                blobs.dropInTx(tx, a.storedPath());
            }
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("attachment_id", a.id());
            payload.put("filename", a.filename());
            payload.put("by", who);
            ctx.event(tx, a.taskId(), null, EventKind.ATTACHMENT_REMOVED, payload, ctx.now());
            return new Removed(a, last);
        });
        if (removed.lastReference()) {
            blobs.dropAfterCommit(removed.attachment().storedPath());
        }
        return removed.attachment();
    }

    /**
     * Inside a write that deletes tasks for good: removes their attachment rows (and, on PostgreSQL, the blobs no
     * row points at any more); returns the blobs to drop with {@link #dropAfterCommit} once the write commits.
     */
    List<String> removeForTasks(Tx tx, List<String> taskIds) {
        List<String> orphaned = new ArrayList<>();
        for (String taskId : taskIds) {
            for (Attachment a : AttachmentStore.forTask(tx, taskId)) {
                AttachmentStore.delete(tx, a.id());
                if (AttachmentStore.rowsAt(tx, a.storedPath()) == 0) {
                    blobs.dropInTx(tx, a.storedPath());
                    orphaned.add(a.storedPath());
                }
            }
        }
        return orphaned;
    }

    void dropAfterCommit(List<String> storedPaths) {
        storedPaths.forEach(blobs::dropAfterCommit);
    }

    /** A row this handle may see: its task in the handle's tenant (a row whose task is gone is still removable). */
    private Attachment visible(Tx tx, long attachmentId) {
        Attachment a = AttachmentStore.find(tx, attachmentId).orElseThrow(() -> new AttachmentNotFound(attachmentId));
        TaskStore.find(tx, a.taskId()).ifPresentOrElse(ctx::checkTenant, () -> {
            if (ctx.tenant != null) {
                throw new AttachmentNotFound(attachmentId);
            }
        });
        return a;
    }

    /** Work that must commit with the attachments, such as the completion that hands them over. */
    @FunctionalInterface
    interface WithAttachments {
        void run(Tx tx, Instant now);
    }

    /** Places the files, then in one write runs {@code alongside} and inserts their rows and events. */
    List<Attachment> commit(String taskId, List<Incoming> files, WithAttachments alongside) {
        if (ctx.db.dialect() != Dialect.POSTGRES) {
            Set<String> taken = names(ctx.db.read(tx -> AttachmentStore.forTask(tx, taskId)));
            blobs.place(taskId, files, taken);
        }
        try {
            return ctx.db.write(tx -> {
                Instant now = ctx.now();
                alongside.run(tx, now);
                if (ctx.db.dialect() == Dialect.POSTGRES) {
                    blobs.insert(tx, taskId, files, names(AttachmentStore.forTask(tx, taskId)));
                }
                List<Attachment> rows = new ArrayList<>();
                for (Incoming f : files) {
                    long id = AttachmentStore.insert(tx, taskId, f.filename, f.storedPath, f.contentType,
                            f.bytes.size(), f.uploadedBy, now);
                    Map<String, Object> payload = new LinkedHashMap<>();
                    payload.put("attachment_id", id);
                    payload.put("filename", f.filename);
                    payload.put("size", f.bytes.size());
                    payload.put("by", f.uploadedBy);
                    ctx.event(tx, taskId, null, EventKind.ATTACHED, payload, now);
                    rows.add(new Attachment(id, taskId, f.filename, f.storedPath, f.contentType, f.bytes.size(),
                            f.uploadedBy, now));
                }
                return rows;
            });
        } catch (RuntimeException e) {
            blobs.undo(files);
            throw e;
        }
    }

    private static Set<String> names(List<Attachment> rows) {
        Set<String> names = new HashSet<>();
        rows.forEach(a -> names.add(a.filename()));
        return names;
    }

    /**
     * A completing worker's artifacts, checked and taken in before its transition: each must be a regular file
     * inside the task's managed scratch workspace and within the cap. Any refusal throws before anything changes.
     * The caller closes every returned file.
     */
    List<Incoming> stageArtifacts(Task task, List<String> paths, String uploadedBy) {
        List<Incoming> files = new ArrayList<>();
        if (paths == null || paths.isEmpty()) {
            return files;
        }
        Path workspace = scratchWorkspace(task);
        try {
            for (String given : paths) {
                Path file = artifact(workspace, given);
                long size;
                try {
                    size = Files.size(file);
                } catch (IOException e) {
                    throw new ValidationError("artifacts", "'" + given + "' cannot be read: " + e.getMessage());
                }
                if (size > maxBytes()) {
                    throw new AttachmentTooLarge("artifacts", maxBytes());
                }
                String name = AttachmentNames.clean(file.getFileName().toString());
                try (InputStream in = Files.newInputStream(file)) {
                    files.add(new Incoming(name, AttachmentNames.contentType(null, name), uploadedBy,
                            blobs.stage(in, maxBytes(), "artifacts")));
                } catch (IOException e) {
                    throw new ValidationError("artifacts", "'" + given + "' cannot be read: " + e.getMessage());
                }
            }
            return files;
        } catch (RuntimeException e) {
            files.forEach(f -> f.bytes.close());
            throw e;
        }
    }

    private Path scratchWorkspace(Task task) {
        if (task.workspace() != null && task.workspace().kind() != WorkspaceKind.SCRATCH) {
            throw new ValidationError("artifacts", "task " + task.id() + " works in a " + task.workspace().kind().wire()
                    + " workspace; artifacts are taken only from a managed scratch workspace");
        }
        Path root = ctx.options.scratchWorkspaces();
        if (root == null) {
            throw new ValidationError("artifacts", "this board has no scratch workspace root (set HERMES_HOME)");
        }
        Path dir = root.resolve(task.id());
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            throw new ValidationError("artifacts", "task " + task.id() + " has no scratch workspace at " + dir);
        }
    }

    /** The artifact's real path, refused unless it is a regular file inside the workspace (links resolved). */
    private static Path artifact(Path workspace, String given) {
        if (given == null || given.isBlank() || given.indexOf('\0') >= 0) {
            throw new ValidationError("artifacts", "an artifact path must not be empty");
        }
        Path file;
        try {
            Path p = Path.of(given);
            file = (p.isAbsolute() ? p : workspace.resolve(p)).toRealPath();
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw new ValidationError("artifacts", "'" + given + "' does not exist");
        }
        if (!file.startsWith(workspace)) {
            throw new ValidationError("artifacts", "'" + given + "' is outside the task's scratch workspace");
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new ValidationError("artifacts", "'" + given + "' is not a regular file");
        }
        return file;
    }

    static void closeAll(List<Incoming> files) {
        files.forEach(f -> f.bytes.close());
    }
}
