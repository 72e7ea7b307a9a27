package io.kanban.core.boards;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kanban.core.Board;
import io.kanban.core.BoardOptions;
import io.kanban.core.BoardRows;
import io.kanban.core.error.BadArchive;
import io.kanban.core.error.StorageFailure;
import io.kanban.core.error.ValidationError;
import io.kanban.core.model.AttachmentContent;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * A board as one {@code .tar.gz}: {@code manifest.json}, {@code board.json} (without its host-local
 * {@code default_workdir}), {@code rows/<table>.jsonl} (one JSON object per row, in the board's order, cleared as
 * {@link BoardRows} says), {@code attachments/<id>} and, when asked, {@code logs/<file>}. Importing always makes a
 * new board (a taken slug gets a numeric suffix) or fills an empty one named by location (a PostgreSQL schema);
 * an archive is data: every entry is checked before anything is kept, and a refused or failed import leaves no
 * board behind.
 */
public final class BoardArchive {
    /** The {@code format} a manifest names. */
    public static final String FORMAT = "kanban-board";
    /** The archive format's version, in the manifest. */
    public static final int VERSION = 1;
    /** The largest entry an import accepts by default (a rows file of a big board, an attachment). */
    public static final long DEFAULT_MAX_ENTRY_BYTES = 2L * 1024 * 1024 * 1024;
    /** The largest archive content an import accepts by default, all entries together. */
    public static final long DEFAULT_MAX_TOTAL_BYTES = 16L * 1024 * 1024 * 1024;
    private static final long MAX_META_BYTES = 1024 * 1024;
    private static final Pattern ATTACHMENT = Pattern.compile("attachments/([0-9]{1,18})");
    private static final Pattern ROWS = Pattern.compile("rows/([a-z_]+)\\.jsonl");
    private static final Pattern LOG = Pattern.compile("logs/([A-Za-z0-9_-][A-Za-z0-9._-]{0,199})");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;
    private final long maxEntryBytes;
    private final long maxTotalBytes;

    /**
     * An archiver with the default import limits.
     *
     * @param clock the clock export times and new boards' creation times come from
     */
    public BoardArchive(Clock clock) {
        this(clock, DEFAULT_MAX_ENTRY_BYTES, DEFAULT_MAX_TOTAL_BYTES);
    }

    /**
     * An archiver with its own import limits.
     *
     * @param clock the clock export times and new boards' creation times come from
     * @param maxEntryBytes the largest entry an import accepts
     * @param maxTotalBytes the largest content, all entries together, an import accepts
     */
    public BoardArchive(Clock clock, long maxEntryBytes, long maxTotalBytes) {
        this.clock = clock;
        this.maxEntryBytes = maxEntryBytes;
        this.maxTotalBytes = maxTotalBytes;
    }

    /** What an export wrote. */
    public record Exported(Path file, Map<String, Integer> rows, int attachments, int logs) {
    }

    /**
     * Writes {@code board} (described by {@code meta}) to {@code file}, through a temporary file renamed into place.
     *
     * @param attachments whether attachment rows and bytes go along
     * @param logsDir the board's worker logs to include, or null for none
     * @param board the board
     * @param meta its metadata
     * @param file the archive to write
     * @return what was written
     */
    public Exported export(Board board, BoardMeta meta, Path file, boolean attachments, Path logsDir) {
        Path tmp = file.toAbsolutePath().resolveSibling(file.getFileName() + ".part");
        try {
            Map<String, List<Map<String, Object>>> tables = board.rows().export(attachments);
            List<Path> logs = logsDir == null ? List.of() : logFiles(logsDir);
            Map<String, Integer> counts = new LinkedHashMap<>();
            tables.forEach((t, rows) -> counts.put(t, rows.size()));
            long now = clock.instant().getEpochSecond();
            try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(tmp));
                 GZIPOutputStream gz = new GZIPOutputStream(raw)) {
                Tar.Writer tar = new Tar.Writer(gz, now);
                ObjectNode manifest = JSON.createObjectNode();
                manifest.put("format", FORMAT);
                manifest.put("version", VERSION);
                manifest.put("exported_at", now);
                manifest.put("slug", meta.slug());
                manifest.set("rows", JSON.valueToTree(counts));
                manifest.put("attachments", attachments);
                manifest.put("logs", logs.size());
                tar.file("manifest.json", JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
                tar.file("board.json", JSON.writerWithDefaultPrettyPrinter()
                        .writeValueAsBytes(meta.withDefaultWorkdir(null).withArchived(false).toJson()));
                for (Map.Entry<String, List<Map<String, Object>>> e : tables.entrySet()) {
                    ByteArrayOutputStream lines = new ByteArrayOutputStream();
                    for (Map<String, Object> row : e.getValue()) {
                        lines.write(JSON.writeValueAsBytes(row));
                        lines.write('\n');
                    }
                    tar.file("rows/" + e.getKey() + ".jsonl", lines.toByteArray());
                }
                for (Map<String, Object> row : tables.get("task_attachments")) {
                    long id = (Long) row.get("id");
                    AttachmentContent content = board.attachments().read(id);
                    tar.file("attachments/" + id, content.bytes());
                }
                for (Path log : logs) {
                    try (InputStream in = Files.newInputStream(log)) {
                        tar.file("logs/" + log.getFileName(), Files.size(log), in);
                    }
                }
                tar.finish();
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Exported(file, counts, tables.get("task_attachments").size(), logs.size());
        } catch (IOException e) {
            throw new StorageFailure("cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }

    private static List<Path> logFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> LOG.matcher("logs/" + p.getFileName()).matches()).sorted().toList();
        }
    }

    /** An archive read and checked, staged in a folder: its metadata, its rows, and where its files are. */
    public record Staged(JsonNode manifest, BoardMeta meta, Map<String, List<Map<String, Object>>> tables, Path dir) {
    }

    /**
     * Reads {@code archive} into {@code staging} (which must be empty or missing), checking every entry: a corrupt
     * or hostile archive is a {@link BadArchive} and leaves only what was staged, for the caller to delete.
     *
     * @param archive the archive
     * @param staging an empty or missing folder
     * @return the staged archive
     */
    public Staged stage(Path archive, Path staging) {
        Map<String, Path> rowFiles = new LinkedHashMap<>();
        byte[] manifest = null;
        byte[] board = null;
        long total = 0;
        try (InputStream raw = Files.newInputStream(archive); InputStream gz = new GZIPInputStream(raw, 64 * 1024)) {
            Files.createDirectories(staging.resolve("attachments"));
            Files.createDirectories(staging.resolve("logs"));
            Files.createDirectories(staging.resolve("rows"));
            Tar.Reader tar = new Tar.Reader(gz);
            Set<String> seen = new java.util.HashSet<>();
            for (Tar.Entry e = tar.next(maxEntryBytes); e != null; e = tar.next(maxEntryBytes)) {
                if (e.type() == Tar.DIRECTORY) {
                    continue;
                }
                if (!seen.add(e.name())) {
                    throw new BadArchive("archive entry " + e.name() + " appears twice");
                }
                total += e.size();
                if (total > maxTotalBytes) {
                    throw new BadArchive("the archive holds more than " + maxTotalBytes + " bytes");
                }
                String name = e.name();
                java.util.regex.Matcher m;
                if (name.equals("manifest.json") || name.equals("board.json")) {
                    if (e.size() > MAX_META_BYTES) {
                        throw new BadArchive("archive entry " + name + " is larger than " + MAX_META_BYTES + " bytes");
                    }
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    tar.content(bytes);
                    if (name.equals("manifest.json")) {
                        manifest = bytes.toByteArray();
                    } else {
                        board = bytes.toByteArray();
                    }
                } else if ((m = ROWS.matcher(name)).matches() && BoardRows.tables().contains(m.group(1))) {
                    Path target = staging.resolve("rows").resolve(m.group(1) + ".jsonl");
                    copy(tar, target);
                    rowFiles.put(m.group(1), target);
                } else if ((m = ATTACHMENT.matcher(name)).matches()) {
                    copy(tar, staging.resolve("attachments").resolve(Long.toString(Long.parseLong(m.group(1)))));
                } else if ((m = LOG.matcher(name)).matches()) {
                    copy(tar, staging.resolve("logs").resolve(m.group(1)));
                } else {
                    throw new BadArchive("archive entry " + name + " is not part of a board export");
                }
            }
        } catch (ZipException e) {
            throw new BadArchive("not a .tar.gz board archive (" + e.getMessage() + ")", e);
        } catch (java.io.EOFException e) {
            throw new BadArchive("the archive is truncated", e);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new BadArchive("no archive at " + archive, e);
        } catch (IOException e) {
            throw new BadArchive("cannot read the archive: " + e.getMessage(), e);
        }
        if (manifest == null || board == null) {
            throw new BadArchive("not a board export: manifest.json or board.json is missing");
        }
        JsonNode man = parse(manifest, "manifest.json");
        if (!FORMAT.equals(man.path("format").asText()) || man.path("version").asInt() != VERSION) {
            throw new BadArchive("not a board export this version reads (format "
                    + man.path("format").asText("?") + ", version " + man.path("version").asText("?") + ")");
        }
        JsonNode metaJson = parse(board, "board.json");
        if (!metaJson.isObject()) {
            throw new BadArchive("board.json is not a JSON object");
        }
        BoardMeta meta = BoardMeta.fromJson(metaJson, "imported");
        Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
        for (String table : BoardRows.tables()) {
            Path file = rowFiles.get(table);
            if (file == null) {
                throw new BadArchive("not a board export: rows/" + table + ".jsonl is missing");
            }
            tables.put(table, readRows(file, table));
        }
        return new Staged(man, meta, tables, staging);
    }

    private static void copy(Tar.Reader tar, Path target) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target,
                java.nio.file.StandardOpenOption.CREATE_NEW))) {
            tar.content(out);
        }
    }

    private static JsonNode parse(byte[] bytes, String name) {
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null) {
                throw new BadArchive(name + " is empty");
            }
            return node;
        } catch (IOException e) {
            throw new BadArchive(name + " is not JSON: " + e.getMessage(), e);
        }
    }

    private static List<Map<String, Object>> readRows(Path file, String table) {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            lines.filter(l -> !l.isBlank()).forEach(line -> {
                Map<String, Object> row;
                try {
                    row = JSON.readValue(line, new TypeReference<LinkedHashMap<String, Object>>() { });
                } catch (IOException e) {
                    throw new BadArchive("rows/" + table + ".jsonl holds a line that is not a JSON object", e);
                }
                Map<String, Object> plain = new LinkedHashMap<>();
                row.forEach((k, v) -> {
                    if (v instanceof Integer i) {
                        v = i.longValue();
                    } else if (v instanceof BigInteger) {
                        throw new BadArchive("rows/" + table + ".jsonl: " + k + " is out of range");
                    }
                    plain.put(k.toLowerCase(java.util.Locale.ROOT), v);
                });
                rows.add(plain);
            });
        } catch (IOException | UncheckedIOException e) {
            throw new BadArchive("cannot read rows/" + table + ".jsonl: " + e.getMessage(), e);
        }
        return rows;
    }

    /**
     * Loads a staged archive into {@code board} (which must be empty); the board's logs folder takes the logs.
     *
     * @param staged the staged archive
     * @param board an empty board
     */
    public void load(Staged staged, Board board) {
        Path logsDir = board.options().files() == null ? null : board.options().files().logs();
        try {
            board.rows().load(staged.tables(), new BoardRows.Files() {
                @Override
                public byte[] attachment(long id) throws IOException {
                    Path file = staged.dir().resolve("attachments").resolve(Long.toString(id));
                    if (!Files.isRegularFile(file)) {
                        throw new BadArchive("attachment " + id + " has a row but no bytes in the archive");
                    }
                    return Files.readAllBytes(file);
                }

                @Override
                public Optional<Path> log(String name) {
                    Path file = staged.dir().resolve("logs").resolve(name);
                    return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
                }
            }, logsDir);
        } catch (ValidationError e) {
            if (e.field().equals("archive")) {
                throw new BadArchive(e.getMessage().substring("archive: ".length()), e);
            }
            throw e;
        }
        if (logsDir != null) {
            try (Stream<Path> logs = Files.list(staged.dir().resolve("logs"))) {
                Files.createDirectories(logsDir);
                for (Path log : logs.toList()) {
                    Files.copy(log, logsDir.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                throw new StorageFailure("cannot copy the worker logs into " + logsDir + ": " + e.getMessage(), e);
            }
        }
    }

    /** Where an import went: the new board's slug (null when loaded into a board named by location). */
    public record Imported(String slug, String location, Map<String, Integer> rows) {
    }

    /**
     * Imports {@code archive} as a new board of {@code boards}' home: slug {@code as}, else the exported board's,
     * with a numeric suffix when taken. The board is built in its own directory; if anything fails that directory
     * is removed again, so no half-made board is left.
     *
     * @param archive the archive
     * @param boards the home's boards
     * @param as the new board's slug, or null for the exported one
     * @return where it went
     */
    public Imported importAsNewBoard(Path archive, Boards boards, String as) {
        Path tmp = null;
        BoardSlug slug = null;
        Path dir = null;
        boolean made = false;
        try {
            if (as != null) {
                BoardSlug.of(as); // a bad slug is refused before anything is read or written
            }
            // Check the archive before a board exists: staged beside the home's boards, in a folder no slug names.
            Files.createDirectories(boards.layout().boardsDir());
            tmp = Files.createTempDirectory(boards.layout().boardsDir(), ".import-");
            Staged staged = stage(archive, tmp);
            BoardSlug wanted = as != null ? BoardSlug.of(as) : slugOf(staged.meta().slug());
            slug = boards.freeSlug(wanted);
            dir = boards.layout().dir(slug);
            BoardMeta meta = staged.meta();
            boards.create(slug, new Boards.NewBoard(meta.name(), meta.description(), meta.icon(), meta.color(), null));
            made = true;
            try (Board board = Board.open(BoardOptions.at(boards.layout().db(slug)).withClock(clock))) {
                load(staged, board);
            }
            Map<String, Integer> counts = new LinkedHashMap<>();
            staged.tables().forEach((t, rows) -> counts.put(t, rows.size()));
            return new Imported(slug.value(), boards.layout().db(slug).toString(), counts);
        } catch (IOException e) {
            if (made) {
                Boards.deleteTree(dir);
            }
            throw new StorageFailure("cannot import " + archive + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (made) {
                Boards.deleteTree(dir);
            }
            throw e;
        } finally {
            if (tmp != null) {
                Boards.deleteTree(tmp);
            }
        }
    }

    /**
     * Imports {@code archive} into the empty board at {@code location} (a PostgreSQL URL or a board file); nothing is
     * written there unless the whole archive checks out, and the rows go in one transaction.
     *
     * @param archive the archive
     * @param location the empty board's location
     * @param env the environment, for the board's options
     * @return where it went
     */
    public Imported importInto(Path archive, String location, Map<String, String> env) {
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("kanban-import-");
            Staged staged = stage(archive, tmp);
            try (Board board = Board.open(BoardOptions.at(location).withEnvironment(env).withClock(clock))) {
                load(staged, board);
            }
            Map<String, Integer> counts = new LinkedHashMap<>();
            staged.tables().forEach((t, rows) -> counts.put(t, rows.size()));
            return new Imported(null, location, counts);
        } catch (IOException e) {
            throw new StorageFailure("cannot import " + archive + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                Boards.deleteTree(tmp);
            }
        }
    }

    private static BoardSlug slugOf(String exported) {
        try {
            BoardSlug slug = BoardSlug.of(exported);
            return slug;
        } catch (ValidationError e) {
            return BoardSlug.of("imported");
        }
    }
}
