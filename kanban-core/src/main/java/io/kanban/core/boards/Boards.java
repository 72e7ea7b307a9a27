package io.kanban.core.boards;

import io.kanban.core.Board;
import io.kanban.core.BoardOptions;
import io.kanban.core.error.BoardNotFound;
import io.kanban.core.error.StorageFailure;
import io.kanban.core.error.ValidationError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The boards of one Hermes home ({@link BoardLayout}): list, create, rename, set a default workdir, archive or
 * delete, and the active board in {@code kanban/current}. The default board always exists, comes first and cannot be
 * removed. A directory under {@code kanban/boards/} is a board when it holds a {@code board.json} that is not an
 * archive tombstone; a legacy directory holding only a {@code kanban.db} gets its {@code board.json} when listed.
 * Methods given the slug of a board that does not exist throw {@link io.kanban.core.error.BoardNotFound}; file
 * system failures throw {@link io.kanban.core.error.StorageFailure}.
 */
public final class Boards {
    private final BoardLayout layout;
    private final Clock clock;

    /**
     * The boards of {@code layout}, with the system clock for creation times and archive names.
     *
     * @param layout where the home's boards are
     */
    public Boards(BoardLayout layout) {
        this(layout, Clock.systemUTC());
    }

    /**
     * The boards of {@code layout}.
     *
     * @param layout where the home's boards are
     * @param clock the clock for creation times and archive names
     */
    public Boards(BoardLayout layout, Clock clock) {
        this.layout = layout;
        this.clock = clock;
    }

    /**
     * @return where the home's boards are
     */
    public BoardLayout layout() {
        return layout;
    }

    /** One board as listed: its metadata, where its rows are, and whether it is the active one. */
    public record BoardEntry(BoardMeta meta, Path db, BoardFiles files, boolean current) {
        /**
         * @return the board's slug
         */
        public BoardSlug slug() {
            return new BoardSlug(meta.slug());
        }
    }

    /**
     * True for the default board and for every non-archived board directory with a {@code board.json}.
     *
     * @param slug the board's slug
     * @return whether the board exists
     */
    public boolean exists(BoardSlug slug) {
        if (slug.isDefault()) {
            return true;
        }
        Path meta = layout.metaFile(slug);
        if (Files.isRegularFile(meta)) {
            return !BoardMeta.read(meta, slug.value()).archived();
        }
        return Files.isRegularFile(layout.db(slug)); // a legacy board: a DB without metadata
    }

    /**
     * The slug {@code raw} names if it is valid and that board exists.
     *
     * @param raw the slug as given
     * @return the slug, or empty
     */
    public Optional<BoardSlug> existing(String raw) {
        try {
            BoardSlug slug = BoardSlug.of(raw);
            return exists(slug) ? Optional.of(slug) : Optional.empty();
        } catch (ValidationError e) {
            return Optional.empty();
        }
    }

    /**
     * The board's metadata; the default board's is made up when it has no file yet.
     *
     * @param slug the board's slug
     * @return the metadata
     */
    public BoardMeta meta(BoardSlug slug) {
        require(slug);
        Path file = layout.metaFile(slug);
        if (Files.isRegularFile(file)) {
            return BoardMeta.read(file, slug.value());
        }
        if (slug.isDefault()) {
            return BoardMeta.fresh(slug, 0);
        }
        BoardMeta meta = BoardMeta.fresh(slug, clock.instant().getEpochSecond());
        meta.write(file); // a legacy directory becomes a board with metadata, as the reference does
        return meta;
    }

    /**
     * One board as {@link #list} shows it.
     *
     * @param slug the board's slug
     * @return the entry
     */
    public BoardEntry entry(BoardSlug slug) {
        return new BoardEntry(meta(slug), layout.db(slug), layout.files(slug), current().equals(slug));
    }

    /**
     * The boards, default first, then by slug; archive tombstones too when {@code includeArchived}.
     *
     * @param includeArchived whether archive tombstones are listed
     * @return the boards
     */
    public List<BoardEntry> list(boolean includeArchived) {
        BoardSlug current = current();
        List<BoardEntry> out = new ArrayList<>();
        out.add(new BoardEntry(meta(BoardSlug.defaultBoard()), layout.db(BoardSlug.defaultBoard()),
                layout.files(BoardSlug.defaultBoard()), current.isDefault()));
        for (BoardSlug slug : directories()) {
            Path file = layout.metaFile(slug);
            if (Files.isRegularFile(file)) {
                BoardMeta meta = BoardMeta.read(file, slug.value());
                if (!meta.archived() || includeArchived) {
                    out.add(new BoardEntry(meta, layout.db(slug), layout.files(slug), slug.equals(current)));
                }
            } else if (Files.isRegularFile(layout.db(slug))) {
                out.add(new BoardEntry(meta(slug), layout.db(slug), layout.files(slug), slug.equals(current)));
            }
        }
        return out;
    }

    /**
     * Task counts per status of a board ({@code total} included); an empty map when its DB was never made.
     *
     * @param slug the board's slug
     * @return the counts by status wire name
     */
    public Map<String, Long> counts(BoardSlug slug) {
        Path db = layout.db(slug);
        Map<String, Long> counts = new LinkedHashMap<>();
        if (Files.isRegularFile(db)) {
            try (Board board = Board.open(BoardOptions.at(db).withClock(clock))) {
                counts.putAll(board.tasks().countByStatus());
            }
        }
        counts.put("total", counts.values().stream().mapToLong(Long::longValue).sum());
        return counts;
    }

    /** What {@link #create} takes; null fields keep the defaults (name: the slug in Title Case). */
    public record NewBoard(String name, String description, String icon, String color, String defaultWorkdir) {
        /**
         * @return a request with every field null
         */
        public static NewBoard defaults() {
            return new NewBoard(null, null, null, null, null);
        }
    }

    /**
     * Makes the board's directory, metadata and database ({@code mkdir -p}: an existing board keeps its rows and
     * takes the given fields). A board that fails half-way is removed again.
     *
     * @param slug the board's slug
     * @param spec the fields
     * @return the board's metadata
     */
    public BoardMeta create(BoardSlug slug, NewBoard spec) {
        String workdir = spec.defaultWorkdir() == null ? null : workdir(spec.defaultWorkdir());
        if (exists(slug)) {
            BoardMeta updated = meta(slug).with(spec.name(), spec.description(), spec.icon(), spec.color(), workdir);
            updated.write(layout.metaFile(slug));
            return updated;
        }
        Path dir = layout.dir(slug);
        boolean fresh = !Files.exists(dir) || isTombstone(dir);
        BoardMeta meta = BoardMeta.fresh(slug, clock.instant().getEpochSecond())
                .with(blankToNull(spec.name()), spec.description(), spec.icon(), spec.color(), workdir);
        try {
            if (isTombstone(dir)) {
                Files.delete(layout.metaFile(slug));
            }
            BoardFiles files = layout.files(slug);
            for (Path p : List.of(files.workspaces(), files.logs(), files.attachments())) {
                Files.createDirectories(p);
            }
            meta.write(layout.metaFile(slug));
            Board.open(BoardOptions.at(layout.db(slug)).withClock(clock)).close();
            return meta;
        } catch (IOException | RuntimeException e) {
            if (fresh) {
                deleteTree(dir);
            }
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new StorageFailure("cannot create board '" + slug + "' in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Sets the board's display name; the slug and paths stay.
     *
     * @param slug the board's slug
     * @param name the new display name
     * @return the board's metadata
     */
    public BoardMeta rename(BoardSlug slug, String name) {
        if (name == null || name.isBlank()) {
            throw new ValidationError("name", "must not be empty");
        }
        BoardMeta meta = meta(slug).withName(name.strip());
        meta.write(layout.metaFile(slug));
        return meta;
    }

    /**
     * Changes several fields at once, all checked before anything is written: a null field stays as it is; a
     * given {@code name} must not be blank; when {@code setWorkdir}, {@code workdir} replaces the default workdir
     * (null or blank clears it, otherwise it must be absolute).
     *
     * @param slug the board's slug
     * @param name the new display name, or null
     * @param description the new description, or null
     * @param icon the new icon, or null
     * @param color the new colour, or null
     * @param setWorkdir whether {@code workdir} is to be set
     * @param workdir the new default workdir, or null to clear
     * @return the board's metadata
     */
    public BoardMeta update(BoardSlug slug, String name, String description, String icon, String color,
                            boolean setWorkdir, String workdir) {
        BoardMeta meta = meta(slug);
        if (name != null && name.isBlank()) {
            throw new ValidationError("name", "must not be empty");
        }
        String dir = setWorkdir && workdir != null && !workdir.isBlank() ? workdir(workdir) : null;
        meta = meta.with(name == null ? null : name.strip(), description, icon, color, null);
        if (setWorkdir) {
            meta = meta.withDefaultWorkdir(dir);
        }
        meta.write(layout.metaFile(slug));
        return meta;
    }

    /**
     * Sets (or with null clears) the directory dir/worktree cards without a path use.
     *
     * @param slug the board's slug
     * @param path an absolute directory, or null
     * @return the board's metadata
     */
    public BoardMeta setDefaultWorkdir(BoardSlug slug, String path) {
        BoardMeta meta = meta(slug).withDefaultWorkdir(path == null || path.isBlank() ? null : workdir(path));
        meta.write(layout.metaFile(slug));
        return meta;
    }

    /**
     * Archives the board (its directory moves to {@code _archived/<slug>-<epoch seconds>[-n]} and a tombstone
     * {@code board.json} stays at the slug) or, with {@code delete}, removes its directory. Removing the active
     * board clears {@code kanban/current}. Returns where the archive went, or empty after a delete.
     *
     * @param slug the board's slug
     * @param delete true to delete rather than archive
     * @return the archive's directory, or empty after a delete
     */
    public Optional<Path> remove(BoardSlug slug, boolean delete) {
        if (slug.isDefault()) {
            throw new ValidationError("board", "the default board cannot be removed");
        }
        require(slug);
        BoardMeta meta = meta(slug);
        boolean wasCurrent = current().equals(slug);
        Path dir = layout.dir(slug);
        Optional<Path> archived = Optional.empty();
        try {
            if (delete) {
                deleteTree(dir);
            } else {
                Files.createDirectories(layout.archivedDir());
                String base = slug.value() + "-" + clock.instant().getEpochSecond();
                Path target = layout.archivedDir().resolve(base);
                for (int n = 1; Files.exists(target, LinkOption.NOFOLLOW_LINKS); n++) {
                    target = layout.archivedDir().resolve(base + "-" + n);
                }
                Files.move(dir, target);
                meta.withArchived(true).write(layout.metaFile(slug));
                archived = Optional.of(target);
            }
        } catch (IOException e) {
            throw new StorageFailure("cannot remove board '" + slug + "': " + e.getMessage(), e);
        }
        if (wasCurrent) {
            clearCurrent();
        }
        return archived;
    }

    /**
     * The board of this home whose database is {@code dbFile}, if it is one of them.
     *
     * @param dbFile a board file
     * @return the slug, or empty
     */
    public Optional<BoardSlug> slugOf(Path dbFile) {
        Path db = dbFile.toAbsolutePath().normalize();
        if (db.equals(layout.db(BoardSlug.defaultBoard()))) {
            return Optional.of(BoardSlug.defaultBoard());
        }
        Path dir = db.getParent();
        if (dir == null || !layout.boardsDir().equals(dir.getParent())) {
            return Optional.empty();
        }
        return existing(dir.getFileName().toString()).filter(s -> layout.db(s).equals(db));
    }

    /**
     * The metadata of the board at {@code dbFile}: a board of this home, or a folder with a {@code board.json}.
     *
     * @param dbFile a board file
     * @return the metadata, or empty
     */
    public Optional<BoardMeta> metaOf(Path dbFile) {
        Optional<BoardSlug> slug = slugOf(dbFile);
        if (slug.isPresent()) {
            return Optional.of(meta(slug.get()));
        }
        Path parent = dbFile.toAbsolutePath().normalize().getParent();
        Path file = parent == null ? null : parent.resolve(BoardLayout.META_FILE);
        return file != null && Files.isRegularFile(file)
                ? Optional.of(BoardMeta.read(file, parent.getFileName().toString())) : Optional.empty();
    }

    /**
     * The active board as the {@code kanban/current} file names it, else the default board.
     *
     * @return the active board's slug
     */
    public BoardSlug current() {
        return currentFromFile().orElse(BoardSlug.defaultBoard());
    }

    /**
     * The board {@code kanban/current} names, when it names one that exists.
     *
     * @return the slug, or empty
     */
    public Optional<BoardSlug> currentFromFile() {
        Path file = layout.currentFile();
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? Optional.empty() : existing(text);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Makes {@code slug} (which must exist) the active board.
     *
     * @param slug the board's slug
     */
    public void switchTo(BoardSlug slug) {
        require(slug);
        try {
            Files.createDirectories(layout.kanbanDir());
            Path tmp = layout.currentFile().resolveSibling("current.tmp");
            Files.writeString(tmp, slug.value() + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, layout.currentFile(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StorageFailure("cannot write " + layout.currentFile() + ": " + e.getMessage(), e);
        }
    }

    private void clearCurrent() {
        try {
            Files.deleteIfExists(layout.currentFile());
        } catch (IOException e) {
            throw new StorageFailure("cannot clear " + layout.currentFile() + ": " + e.getMessage(), e);
        }
    }

    /**
     * A free slug for a new board: {@code wanted}, else {@code wanted-2}, {@code wanted-3}, ...
     *
     * @param wanted the slug wanted
     * @return the first free slug
     */
    public BoardSlug freeSlug(BoardSlug wanted) {
        BoardSlug slug = wanted;
        for (int n = 2; slug.isDefault() || Files.exists(layout.dir(slug), LinkOption.NOFOLLOW_LINKS); n++) {
            String base = wanted.value().length() > 58 ? wanted.value().substring(0, 58) : wanted.value();
            slug = new BoardSlug(base + "-" + n);
        }
        return slug;
    }

    private void require(BoardSlug slug) {
        if (!exists(slug)) {
            throw new BoardNotFound(slug.value());
        }
    }

    private boolean isTombstone(Path dir) {
        Path meta = dir.resolve(BoardLayout.META_FILE);
        return Files.isRegularFile(meta) && BoardMeta.read(meta, dir.getFileName().toString()).archived();
    }

    private List<BoardSlug> directories() {
        Path root = layout.boardsDir();
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            List<BoardSlug> out = new ArrayList<>();
            dirs.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).map(p -> p.getFileName().toString())
                    .sorted().forEach(name -> {
                        try {
                            BoardSlug s = new BoardSlug(name);
                            if (!s.isDefault()) {
                                out.add(s);
                            }
                        } catch (ValidationError e) {
                            // _archived and anything else that is not a slug
                        }
                    });
            return out;
        } catch (IOException e) {
            throw new StorageFailure("cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    private static String workdir(String path) {
        Path p = Path.of(path.strip());
        if (!p.isAbsolute()) {
            throw new ValidationError("default_workdir", "'" + path + "' must be an absolute path");
        }
        return p.normalize().toString();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** Deletes a directory tree without following links (a link is removed, not its target). */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new StorageFailure("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }
}
