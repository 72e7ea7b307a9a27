package io.kanban.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.kanban.core.BoardLocation;
import io.kanban.core.boards.BoardMeta;
import io.kanban.core.boards.BoardSlug;
import io.kanban.core.boards.Boards;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/boards}: the boards of the dashboard's Hermes home with their counts, and create, change and archive.
 * The rules (slugs, the default board, archive tombstones, {@code kanban/current}) are {@link Boards}'s; this class
 * reads the request, closes a board before it is archived, and writes the reply.
 */
final class BoardsHandler {
    static final Set<String> CREATE_FIELDS = Set.of("slug", "name", "description", "icon", "color", "default_workdir",
            "switch");
    static final Set<String> PATCH_FIELDS = Set.of("name", "description", "icon", "color", "default_workdir");

    private final BoardScopes scopes;
    private final ObjectMapper mapper;

    BoardsHandler(BoardScopes scopes, ObjectMapper mapper) {
        this.scopes = scopes;
        this.mapper = mapper;
    }

    void list(Context ctx) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Map<String, Object>> docs = new ArrayList<>();
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
                docs.add(document(e.meta(), e.current(), counts(scopes.resolve(e.meta().slug()))));
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
                document(meta, boards.current().equals(slug), counts(scopes.resolve(slug.value())))));
    }

    void patch(Context ctx) {
        Boards boards = registry();
        BoardSlug slug = existing(boards, ctx.pathParam("slug"));
        JsonBody in = JsonBody.of(ctx, mapper, PATCH_FIELDS);
        BoardMeta meta = boards.update(slug, in.text("name"), in.text("description"), in.text("icon"),
                in.text("color"), in.has("default_workdir"), in.text("default_workdir"));
        ctx.json(Map.of("board", document(meta, boards.current().equals(slug), counts(scopes.resolve(slug.value())))));
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
        return new LinkedHashMap<>(scope.board.tasks().stats().byStatus());
    }

    /** The fields of {@code kanban boards list --json}, plus {@code is_default}. */
    static Map<String, Object> document(BoardMeta m, boolean current, Map<String, Long> counts) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("slug", m.slug());
        doc.put("name", m.name());
        doc.put("description", m.description());
        doc.put("icon", m.icon());
        doc.put("color", m.color());
        doc.put("default_workdir", m.defaultWorkdir());
        doc.put("created_at", m.createdAt());
        doc.put("is_current", current);
        doc.put("is_default", BoardSlug.DEFAULT.equals(m.slug()));
        doc.put("counts", counts);
        doc.put("total", counts.values().stream().mapToLong(Long::longValue).sum());
        return doc;
    }

    private static Map<String, Object> single(BoardScope only) {
        Map<String, Object> doc = new LinkedHashMap<>();
        String location = BoardLocation.file(only.board.location()).map(f -> f.getFileName().toString())
                .orElse(BoardLocation.shown(only.board.location()));
        doc.put("slug", null);
        doc.put("name", location);
        doc.put("description", "");
        doc.put("icon", "");
        doc.put("color", "");
        doc.put("default_workdir", null);
        doc.put("created_at", 0L);
        doc.put("is_current", true);
        doc.put("is_default", true);
        Map<String, Long> counts = counts(only);
        doc.put("counts", counts);
        doc.put("total", counts.values().stream().mapToLong(Long::longValue).sum());
        return doc;
    }
}
