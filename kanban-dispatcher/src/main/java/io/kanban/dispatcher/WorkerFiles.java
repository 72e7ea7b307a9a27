package io.kanban.dispatcher;

import io.kanban.core.boards.BoardFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The files the dispatcher leaves under a board's home that garbage collection may delete. */
final class WorkerFiles {
    private final BoardFiles files;

    WorkerFiles(Path home) {
        this(BoardFiles.beside(home));
    }

    WorkerFiles(BoardFiles files) {
        this.files = files;
    }

    /** Deletes worker logs (and their rotated backups) last written before {@code before}. */
    int deleteLogsBefore(Instant before) throws IOException {
        Path dir = files.logs();
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(Files::isRegularFile).toList();
        }
        int removed = 0;
        for (Path f : files) {
            if (Files.getLastModifiedTime(f).toInstant().isBefore(before) && Files.deleteIfExists(f)) {
                removed++;
            }
        }
        return removed;
    }

    /** Deletes {@code workspaces/<id>} of each task; an id that is not a plain child name is skipped. */
    int deleteScratch(List<String> taskIds) throws IOException {
        Path root = files.workspaces().toAbsolutePath().normalize();
        int removed = 0;
        for (String id : taskIds) {
            Path dir = root.resolve(id).normalize();
            if (!root.equals(dir.getParent()) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            deleteTree(dir);
            removed++;
        }
        return removed;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) { // walk does not follow links: a link is deleted, not its target
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
