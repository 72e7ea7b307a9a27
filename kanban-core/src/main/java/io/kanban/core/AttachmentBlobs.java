package io.kanban.core;

import io.kanban.core.error.AttachmentTooLarge;
import io.kanban.core.model.Attachment;
import io.kanban.core.store.Tx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where attachment bytes live, and how they get there without ever being half-stored. A write may run its work
 * more than once (SQLite's grouping writer replays a batch, PostgreSQL retries), so everything outside the database
 * happens before the write or after it commits, never inside it: {@link #stage} takes the bytes (capped), then
 * {@link #place} gives them their final name, {@link #insert} writes the rows in the transaction, and {@link #undo}
 * removes what a failed write left.
 */
abstract class AttachmentBlobs {
    /** Bytes taken in and counted, not yet on the card. */
    interface Staged extends AutoCloseable {
        long size();

        InputStream open() throws IOException;

        /** Drops the bytes if they were not placed. */
        @Override
        void close();
    }

    /** A file on its way to the card: its cleaned name, type, uploader, bytes, and (once placed) its blob path. */
    static final class Incoming {
        final String name;
        final String contentType;
        final String uploadedBy;
        final Staged bytes;
        String filename;
        String storedPath;

        Incoming(String name, String contentType, String uploadedBy, Staged bytes) {
            this.name = name;
            this.contentType = contentType;
            this.uploadedBy = uploadedBy;
            this.bytes = bytes;
        }
    }

    /** Reads {@code in} whole, failing as soon as it passes {@code max} bytes; nothing is kept then. */
    abstract Staged stage(InputStream in, long max, String field);

    /** Before the write: gives each file its final name where that needs the disk. {@code taken}: names on the card. */
    abstract void place(String taskId, List<Incoming> files, Set<String> taken);

    /** Inside the write: what must be in the same transaction as the rows (PostgreSQL: the bytes themselves). */
    abstract void insert(Tx tx, String taskId, List<Incoming> files, Set<String> taken);

    /** After a failed write: removes what {@link #place} put on disk. */
    abstract void undo(List<Incoming> files);

    /** Inside a removal whose row was the last to point at {@code storedPath}. */
    abstract void dropInTx(Tx tx, String storedPath);

    /** After a removal committed, when no row points at {@code storedPath} any more. */
    abstract void dropAfterCommit(String storedPath);

    abstract byte[] read(Tx tx, Attachment attachment);

    static long copyCapped(InputStream in, OutputStream out, long max, String field) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            total += n;
            if (total > max) {
                throw new AttachmentTooLarge(field, max);
            }
            out.write(buffer, 0, n);
        }
        return total;
    }

    /** A SQLite board: files under the attachments root, {@code <root>/<task_id>/<name>}, as the reference lays them. */
    static final class OnDisk extends AttachmentBlobs {
        /** Uploads in progress; a task id never starts with a dot, so this never meets a task's folder. */
        private static final String STAGING = ".incoming";
        private final Path root;

        OnDisk(Path root) {
            this.root = root;
        }

        @Override
        Staged stage(InputStream in, long max, String field) {
            Path temp;
            try {
                Files.createDirectories(root.resolve(STAGING));
                temp = Files.createTempFile(root.resolve(STAGING), "upload-", ".part");
            } catch (IOException e) {
                throw new io.kanban.core.error.StorageFailure("cannot write under the attachments root " + root, e);
            }
            try (OutputStream out = Files.newOutputStream(temp)) {
                long size = copyCapped(in, out, max, field);
                return new TempFile(temp, size);
            } catch (IOException | RuntimeException e) {
                deleteQuietly(temp);
                if (e instanceof IOException io) {
                    throw new io.kanban.core.error.StorageFailure("cannot store the attachment: " + io.getMessage(), io);
                }
                throw (RuntimeException) e;
            }
        }

        @Override
        void place(String taskId, List<Incoming> files, Set<String> taken) {
            Set<String> names = new HashSet<>(taken);
            Path dir = root.resolve(taskId);
            try {
                Files.createDirectories(dir);
                for (Incoming f : files) {
                    Path target;
                    while (true) {
                        String candidate = AttachmentNames.unique(f.name, names);
                        target = dir.resolve(candidate);
                        names.add(candidate);
                        try {
                            // The exclusive create is the reservation: two processes never take one name.
                            Files.createFile(target);
                            f.filename = candidate;
                            break;
                        } catch (java.nio.file.FileAlreadyExistsException e) {
                            // a file no row names (or a concurrent upload): try the next number
                        }
                    }
                    Files.move(((TempFile) f.bytes).path, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    f.storedPath = target.toString();
                }
            } catch (IOException e) {
                undo(files);
                throw new io.kanban.core.error.StorageFailure("cannot store the attachment under " + dir + ": " + e.getMessage(), e);
            }
        }

        @Override
        void insert(Tx tx, String taskId, List<Incoming> files, Set<String> taken) {
            // placed before the write
        }

        @Override
        void undo(List<Incoming> files) {
            for (Incoming f : files) {
                if (f.storedPath != null) {
                    deleteQuietly(Path.of(f.storedPath));
                    f.storedPath = null;
                    f.filename = null;
                }
            }
        }

        @Override
        void dropInTx(Tx tx, String storedPath) {
            // the file goes after the commit, so a rolled-back removal keeps it
        }

        @Override
        void dropAfterCommit(String storedPath) {
            Path file = inside(storedPath);
            if (file != null) {
                deleteQuietly(file);
                try {
                    Files.deleteIfExists(file.getParent()); // only when the task has no other file
                } catch (IOException e) {
                    // not empty, or gone: either is fine
                }
            }
        }

        @Override
        byte[] read(Tx tx, Attachment attachment) {
            Path file = inside(attachment.storedPath());
            if (file == null) {
                throw new io.kanban.core.error.AttachmentNotFound(attachment.id(),
                        "its file is not under this board's attachments root");
            }
            try {
                return Files.readAllBytes(file);
            } catch (java.nio.file.NoSuchFileException e) {
                throw new io.kanban.core.error.AttachmentNotFound(attachment.id(), "its file is missing");
            } catch (IOException e) {
                throw new io.kanban.core.error.StorageFailure("cannot read attachment " + attachment.id(), e);
            }
        }

        /** The blob path, if it lies under the root once links are resolved (a row is data, never trusted). */
        private Path inside(String storedPath) {
            try {
                Path file = Path.of(storedPath).toAbsolutePath().normalize();
                if (!file.startsWith(root) || file.getParent().equals(root)) {
                    return null;
                }
                if (Files.exists(file) && !file.toRealPath().startsWith(root.toRealPath())) {
                    return null;
                }
                return file;
            } catch (IOException | java.nio.file.InvalidPathException e) {
                return null;
            }
        }

        private static void deleteQuietly(Path p) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // left for a person to see; nothing points at it
            }
        }

        private record TempFile(Path path, long size) implements Staged {
            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(path);
            }

            @Override
            public void close() {
                deleteQuietly(path);
            }
        }
    }

    /**
     * A PostgreSQL board: the bytes in {@code task_attachment_blobs}, in the same transaction as their row, so every
     * host reads what any host wrote. {@code stored_path} keeps the reference's layout, relative.
     */
    static final class InDatabase extends AttachmentBlobs {
        @Override
        Staged stage(InputStream in, long max, String field) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                copyCapped(in, out, max, field);
            } catch (IOException e) {
                throw new io.kanban.core.error.StorageFailure("cannot read the attachment: " + e.getMessage(), e);
            }
            return new Bytes(out.toByteArray());
        }

        @Override
        void place(String taskId, List<Incoming> files, Set<String> taken) {
            // names are chosen inside the write, under the task's lock
        }

        @Override
        void insert(Tx tx, String taskId, List<Incoming> files, Set<String> taken) {
            tx.lockKey("attachments:" + taskId);
            Set<String> names = new HashSet<>(taken);
            for (Incoming f : files) {
                String candidate;
                while (true) {
                    candidate = AttachmentNames.unique(f.name, names);
                    names.add(candidate);
                    if (!io.kanban.core.store.AttachmentStore.blobExists(tx, path(taskId, candidate))) {
                        break;
                    }
                }
                f.filename = candidate;
                f.storedPath = path(taskId, candidate);
                io.kanban.core.store.AttachmentStore.insertBlob(tx, f.storedPath, ((Bytes) f.bytes).bytes);
            }
        }

        @Override
        void undo(List<Incoming> files) {
            // the rollback took the bytes with it
        }

        @Override
        void dropInTx(Tx tx, String storedPath) {
            io.kanban.core.store.AttachmentStore.deleteBlob(tx, storedPath);
        }

        @Override
        void dropAfterCommit(String storedPath) {
        }

        @Override
        byte[] read(Tx tx, Attachment attachment) {
            return io.kanban.core.store.AttachmentStore.blob(tx, attachment.storedPath()).orElseThrow(
                    () -> new io.kanban.core.error.AttachmentNotFound(attachment.id(), "its bytes are missing"));
        }

        private static String path(String taskId, String name) {
            return "attachments/" + taskId + "/" + name;
        }

        private record Bytes(byte[] bytes) implements Staged {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public InputStream open() {
                return new java.io.ByteArrayInputStream(bytes);
            }

            @Override
            public void close() {
            }
        }
    }
}
