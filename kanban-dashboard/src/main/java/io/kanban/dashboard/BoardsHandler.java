package io.kanban.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.kanban.core.Board;
import io.kanban.core.BoardLocation;
import io.kanban.core.boards.BoardArchive;
import io.kanban.core.boards.BoardMeta;
import io.kanban.core.boards.BoardSlug;
import io.kanban.core.boards.Boards;
import io.kanban.core.wire.BoardSummary;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/boards}: the boards of the dashboard's Hermes home with their counts; create, change, archive, export
 * and import.
 * The rules (slugs, the default board, archive tombstones, {@code kanban/current}) are {@link Boards}'s; this class
 * reads the request, closes a board before it is archived, and writes the reply.
 */
final class BoardsHandler {
    static final Set<String> CREATE_FIELDS = Set.of("slug", "name", "description", "icon", "color", "default_workdir",
            "switch");
    static final Set<String> PATCH_FIELDS = Set.of("name", "description", "icon", "color", "default_workdir");

    /** The largest upload {@code POST /api/boards/import} reads: a compressed archive of 4 GiB. */
    static final long MAX_IMPORT_BYTES = 4L * 1024 * 1024 * 1024;
    private static final java.time.format.DateTimeFormatter STAMP = java.time.format.DateTimeFormatter
            .ofPattern("yyyyMMdd-HHmmss").withZone(java.time.ZoneOffset.UTC);

    private final BoardScopes scopes;
    private final ObjectMapper mapper;
    private final Clock clock;

    BoardsHandler(BoardScopes scopes, ObjectMapper mapper, Clock clock) {
        this.scopes = scopes;
        this.mapper = mapper;
        this.clock = clock;
    }

    void list(Context ctx) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<BoardSummary> docs = new ArrayList<>();
        if (scopes.registry().isEmpty()) {
            BoardScope only = scopes.start();
            out.put("mode", "single");
            out.put("current", null);
            out.put("dashboard_board", null);
            docs.add(single(only));
        } else {
            Boards boards = scopes.registry().get();
            out.put("mode", "home");
            out.put("current", boards.current().value());
            out.put("dashboard_board", scopes.start().slug);
            for (Boards.BoardEntry e : boards.list(false)) {
                // counted without opening a scope: a home of many boards leaves no board open behind the list
                docs.add(BoardSummary.of(e.meta(), e.current(), scopes.counts(e.slug())));
            }
        }
        out.put("boards", docs);
        ctx.json(out);
    }

    void create(Context ctx) {
        Boards boards = registry();
        JsonBody in = JsonBody.of(ctx, mapper, CREATE_FIELDS);
        BoardSlug slug = BoardSlug.of(in.requireText("slug"));
        if (boards.exists(slug)) {
            throw new ApiError(409, "board_exists", "board '" + slug + "' already exists; change it with PATCH"
                    + " /api/boards/" + slug);
        }
        boolean switchTo = in.bool("switch", false);
        Boards.NewBoard spec = new Boards.NewBoard(in.text("name"), in.text("description"), in.text("icon"),
                in.text("color"), in.text("default_workdir"));
        BoardMeta meta = scopes.exclusive(() -> boards.create(slug, spec));
        if (switchTo) {
            boards.switchTo(slug);
        }
        ctx.status(HttpStatus.CREATED).json(Map.of("board",
                BoardSummary.of(meta, boards.current().equals(slug), counts(scopes.resolve(slug.value())))));
    }

    void patch(Context ctx) {
        Boards boards = registry();
        BoardSlug slug = existing(boards, ctx.pathParam("slug"));
        JsonBody in = JsonBody.of(ctx, mapper, PATCH_FIELDS);
        BoardMeta meta = boards.update(slug, in.text("name"), in.text("description"), in.text("icon"),
                in.text("color"), in.has("default_workdir"), in.text("default_workdir"));
        ctx.json(Map.of("board", BoardSummary.of(meta, boards.current().equals(slug),
                counts(scopes.resolve(slug.value())))));
    }

    /** Makes the board the active one ({@code kanban/current}, as {@code kanban boards switch}): the CLI's choice. */
    void switchTo(Context ctx) {
        Boards boards = registry();
        BoardSlug slug = existing(boards, ctx.pathParam("slug"));
        boards.switchTo(slug);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("current", slug.value());
        ctx.json(out);
    }

    /** Archives the board (never deletes it: {@code kanban boards rm --delete} does that). */
    void archive(Context ctx) {
        Boards boards = registry();
        BoardSlug slug = existing(boards, ctx.pathParam("slug"));
        if (slug.isDefault()) {
            throw new ApiError(400, "invalid_argument", "board: the default board cannot be removed",
                    Map.of("field", "board"));
        }
        if (slug.value().equals(scopes.start().slug)) {
            throw new ApiError(409, "board_in_use", "board '" + slug + "' is the one this dashboard was started on;"
                    + " archive it with 'kanban boards rm " + slug + "' after stopping the dashboard");
        }
        scopes.exclusive(() -> {
            scopes.retire(slug);
            return boards.remove(slug, false);
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("slug", slug.value());
        out.put("archived", true);
        ctx.json(out);
    }

    /**
     * {@code POST /api/boards/{slug}/export}: the board as one {@code .tar.gz}, as {@code kanban boards export} writes
     * it (claims, pids, subscriptions and host paths stay behind), sent as a download. {@code ?attachments=false}
     * leaves attachments out, {@code ?include_logs=true} adds the worker logs.
     */
    void export(Context ctx) throws IOException {
        Boards boards = registry();
        BoardSlug slug = existing(boards, ctx.pathParam("slug"));
        boolean attachments = flag(ctx, "attachments", true);
        boolean logs = flag(ctx, "include_logs", false);
        BoardMeta meta = boards.meta(slug);
        Path file = Files.createTempFile("kanban-export-", ".tar.gz");
        try {
            try (Board board = scopes.openOwn(slug)) {
                new BoardArchive(clock).export(board, meta, file, attachments,
                        logs ? boards.layout().files(slug).logs() : null);
            }
            InputStream in = Files.newInputStream(file);
            deleteQuietly(file); // the open stream keeps the bytes readable until the reply is written
            ctx.header("Content-Disposition", "attachment; filename=\"" + slug + "-" + STAMP.format(clock.instant())
                    + ".tar.gz\"");
            ctx.contentType("application/gzip").result(in);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(file);
            throw e;
        }
    }

    /**
     * {@code POST /api/boards/import?as=SLUG&switch=true}: the request body (a {@code .tar.gz} from an export) becomes
     * a new board of the home, as {@code kanban boards import} makes it: a taken slug gets a numeric suffix, a corrupt
     * or hostile archive is a 400 and leaves no board behind.
     */
    void importBoard(Context ctx) throws IOException {
        Boards boards = registry();
        String as = ctx.queryParam("as");
        if (as != null && as.isBlank()) {
            as = null;
        } else if (as != null) {
            BoardSlug.of(as); // a bad slug is refused before the upload is read
        }
        boolean switchTo = flag(ctx, "switch", false);
        Path file = Files.createTempFile("kanban-import-", ".tar.gz");
        try {
            long size;
            try (InputStream in = ctx.bodyInputStream(); OutputStream out = Files.newOutputStream(file)) {
                size = copyAtMost(in, out, MAX_IMPORT_BYTES);
            }
            if (size == 0) {
                throw ApiError.badRequest("body", "send the .tar.gz of a board export as the request body");
            }
            BoardArchive.Imported done = new BoardArchive(clock).importAsNewBoard(file, boards, as);
            BoardSlug made = BoardSlug.of(done.slug());
            if (switchTo) {
                boards.switchTo(made);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("board", BoardSummary.of(boards.meta(made), boards.current().equals(made),
                    scopes.counts(made)));
            out.put("rows", done.rows());
            ctx.status(HttpStatus.CREATED).json(out);
        } finally {
            deleteQuietly(file);
        }
    }

    /** Copies {@code in} to {@code out}; more than {@code max} bytes is a 413, before the rest is read. */
    static long copyAtMost(InputStream in, OutputStream out, long max) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            total += n;
            if (total > max) {
                throw new ApiError(413, "too_large", "a board archive may be at most " + max + " bytes");
            }
            out.write(buffer, 0, n);
        }
        return total;
    }

    private static boolean flag(Context ctx, String name, boolean absent) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return absent;
        }
        return switch (raw.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "1", "true", "yes" -> true;
            case "0", "false", "no" -> false;
            default -> throw ApiError.badRequest(name, "must be true or false, got '" + raw + "'");
        };
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            file.toFile().deleteOnExit(); // a platform that cannot delete an open file
        }
    }

    private Boards registry() {
        return scopes.registry().orElseThrow(() -> new ApiError(409, "single_board", "this dashboard serves the one"
                + " board named by --db (or KANBAN_DB, HERMES_KANBAN_DB); start it on a Hermes home, without --db,"
                + " to create, rename or archive boards"));
    }

    private static BoardSlug existing(Boards boards, String raw) {
        BoardSlug slug = BoardSlug.of(raw);
        if (!boards.exists(slug)) {
            throw new io.kanban.core.error.BoardNotFound(slug.value());
        }
        return slug;
    }

    private static Map<String, Long> counts(BoardScope scope) {
        return new LinkedHashMap<>(scope.board.tasks().countByStatus());
    }

    /**
     * The one board of a dashboard started with {@code --db}: no slug (it is no board of a home), named after its
     * file or its shown URL, current and the default, as it is all there is.
     */
    private static BoardSummary single(BoardScope only) {
        String location = BoardLocation.file(only.board.location()).map(f -> f.getFileName().toString())
                .orElse(BoardLocation.shown(only.board.location()));
        BoardMeta meta = new BoardMeta(null, location, "", "", "", null, null, 0L, false);
        return new BoardSummary(meta, true, true, counts(only));
    }
}
