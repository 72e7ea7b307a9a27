package io.kanban.cli.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kanban.cli.render.JsonPrinter;
import io.kanban.cli.render.Table;
import io.kanban.core.boards.BoardMeta;
import io.kanban.core.boards.BoardSlug;
import io.kanban.core.boards.Boards;
import io.kanban.core.wire.BoardSummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kanban boards}: the boards of the Hermes home, as the reference lays them out. The default board is
 * {@code $HERMES_HOME/kanban.db}; the others live in {@code $HERMES_HOME/kanban/boards/<slug>/}. These commands
 * ignore {@code --board}; the slug they act on is their argument. When the board named is a PostgreSQL URL,
 * {@code list}, {@code create} and {@code rm} work on that database's boards, one schema each
 * ({@link io.kanban.core.boards.PostgresBoards}).
 */
@Command(name = "boards", mixinStandardHelpOptions = true,
        description = {"Boards of the Hermes home: one per project, each with its own cards, workspaces, logs and"
                + " attachments.", "The active board: --board > $HERMES_KANBAN_BOARD > 'boards switch' > default."},
        subcommands = {BoardsCommand.ListBoards.class, BoardsCommand.Create.class, BoardsCommand.Switch.class,
                BoardsCommand.Show.class, BoardsCommand.Rename.class, BoardsCommand.SetDefaultWorkdir.class,
                BoardsCommand.Remove.class, BoardsCommand.Export.class, BoardsCommand.Import.class})
public final class BoardsCommand extends BoardCommand {
    @Override
    int execute() {
        spec.commandLine().usage(err());
        return 2;
    }

    /**
     * The record of one board ({@link BoardSummary}, as {@code GET /api/boards} writes it too), then where its
     * database is.
     */
    static ObjectNode document(Boards.BoardEntry e, Map<String, Long> counts) {
        ObjectNode doc = JsonPrinter.mapper().valueToTree(BoardSummary.of(e.meta(), e.current(), byStatus(counts)));
        doc.put("db_path", e.db().toString());
        return doc;
    }

    /** The record of board {@code s} of the home, counted. */
    static ObjectNode document(Boards boards, BoardSlug s) {
        return document(boards.entry(s), boards.counts(s));
    }

    /** {@link Boards#counts}'s tasks per status, without its {@code total}: the record adds that itself. */
    private static Map<String, Long> byStatus(Map<String, Long> counts) {
        Map<String, Long> out = new LinkedHashMap<>(counts);
        out.remove("total");
        return out;
    }

    static String countsText(Map<String, Long> counts) {
        List<String> parts = new ArrayList<>();
        counts.forEach((status, n) -> {
            if (!status.equals("total") && n > 0) {
                parts.add(status + " " + n);
            }
        });
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }

    /**
     * The boards of the PostgreSQL database when the board named ({@code --db}, {@code KANBAN_DB},
     * {@code HERMES_KANBAN_DB}) is a PostgreSQL URL: there a board is a schema; empty for a Hermes home.
     */
    static Optional<io.kanban.core.boards.PostgresBoards> server(BoardCommand command) {
        String location = io.kanban.core.boards.BoardSelection.resolve(command.root().dbFlag(), null,
                command.root().env()).location();
        return io.kanban.core.BoardLocation.isUrl(location)
                ? Optional.of(new io.kanban.core.boards.PostgresBoards(location, java.time.Clock.systemUTC()))
                : Optional.empty();
    }

    /** The record of one board of a PostgreSQL database, then its URL and schema. */
    static ObjectNode document(io.kanban.core.boards.PostgresBoards.Entry e) {
        ObjectNode doc = JsonPrinter.mapper().valueToTree(BoardSummary.of(e.meta(), e.current(), e.counts()));
        doc.put("db_path", io.kanban.core.BoardLocation.shown(e.location()));
        doc.put("schema", e.schema());
        return doc;
    }

     /**
     * The {@code kanban boards list} command: List the boards, default first, with their cards per status; * marks
     * the active one.
     */
    @Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true,
            description = "List the boards, default first, with their cards per status; * marks the active one.")
    public static final class ListBoards extends BoardCommand {
        @Option(names = "--all", description = "Also list archived boards (their tombstones).")
        boolean all;

        @Override
        int execute() {
            Optional<io.kanban.core.boards.PostgresBoards> pg = server(this);
            if (pg.isPresent()) {
                return listOnServer(pg.get());
            }
            Boards boards = root().boards();
            List<ObjectNode> docs = new ArrayList<>();
            Table table = new Table("", "SLUG", "NAME", "TOTAL", "BY STATUS", "PATH");
            for (Boards.BoardEntry e : boards.list(all)) {
                Map<String, Long> counts = e.meta().archived() ? Map.of("total", 0L) : boards.counts(e.slug());
                docs.add(document(e, counts));
                table.row(e.current() ? "*" : "", e.meta().slug() + (e.meta().archived() ? " (archived)" : ""),
                        e.meta().name(), counts.get("total"), countsText(counts), e.db());
            }
            if (json()) {
                printJson(docs);
            } else {
                table.print(out());
            }
            return 0;
        }

        /** The board schemas of the database; the URL's {@code currentSchema} is the one marked current. */
        private int listOnServer(io.kanban.core.boards.PostgresBoards pg) {
            List<ObjectNode> docs = new ArrayList<>();
            Table table = new Table("", "SLUG", "NAME", "TOTAL", "BY STATUS", "SCHEMA");
            for (io.kanban.core.boards.PostgresBoards.Entry e : pg.list(all)) {
                docs.add(document(e));
                Map<String, Long> counts = new LinkedHashMap<>(e.counts());
                table.row(e.current() ? "*" : "", e.meta().slug() + (e.meta().archived() ? " (archived)" : ""),
                        e.meta().name(), e.total(), countsText(counts), e.schema());
            }
            if (json()) {
                printJson(docs);
            } else {
                table.print(out());
            }
            return 0;
        }
    }

    /**
     * The {@code kanban boards create} command: Create a board (an existing one keeps its cards and takes the given
     * fields).
     */
    @Command(name = "create", aliases = "new", mixinStandardHelpOptions = true,
            description = "Create a board (an existing one keeps its cards and takes the given fields).")
    public static final class Create extends BoardCommand {
        @Parameters(index = "0", paramLabel = "SLUG", description = "1-64 of a-z, 0-9, '-', '_'.")
        String slug;

        @Option(names = "--name", paramLabel = "NAME", description = "Display name (default: the slug in Title Case).")
        String name;

        @Option(names = "--description", paramLabel = "TEXT")
        String description;

        @Option(names = "--icon", paramLabel = "ICON")
        String icon;

        @Option(names = "--color", paramLabel = "COLOR")
        String color;

        @Option(names = "--default-workdir", paramLabel = "PATH",
                description = "Absolute directory that dir/worktree cards without a path use.")
        String defaultWorkdir;

        @Option(names = "--switch", description = "Make it the active board.")
        boolean switchTo;

        @Override
        int execute() {
            Optional<io.kanban.core.boards.PostgresBoards> pg = server(this);
            if (pg.isPresent()) {
                return createOnServer(pg.get());
            }
            Boards boards = root().boards();
            BoardSlug s = BoardSlug.of(slug);
            boards.create(s, new Boards.NewBoard(name, description, icon, color, defaultWorkdir));
            if (switchTo) {
                boards.switchTo(s);
            }
            Boards.BoardEntry e = boards.entry(s);
            if (json()) {
                printJson(document(boards, s));
            } else {
                out().println("created board " + s + " (" + e.meta().name() + ") at " + e.db().getParent()
                        + (switchTo ? "; it is now the active board" : ""));
            }
            return 0;
        }

        /** A schema of the database, made and migrated, with the fields in its comment. */
        private int createOnServer(io.kanban.core.boards.PostgresBoards pg) {
            if (switchTo) {
                throw new io.kanban.cli.UsageFailure("--switch: on PostgreSQL the URL's currentSchema names the"
                        + " board; give --db '<url>&currentSchema=" + slug.strip() + "' (or KANBAN_DB) to work on it");
            }
            BoardSlug s = BoardSlug.of(slug);
            BoardMeta m = pg.create(s, new Boards.NewBoard(name, description, icon, color, defaultWorkdir));
            String location = io.kanban.core.BoardLocation.shown(pg.location(s));
            if (json()) {
                // the board's record as 'boards list --json' gives it, read back from the database
                printJson(pg.list(false).stream().filter(e -> e.meta().slug().equals(m.slug())).findFirst()
                        .map(BoardsCommand::document).orElseThrow());
            } else {
                out().println("created board " + s + " (" + m.name() + ") as schema " + s + ": " + location);
            }
            return 0;
        }
    }

    /**
     * The {@code kanban boards switch} command: Make a board the active one (written to
     * $HERMES_HOME/kanban/current).
     */
    @Command(name = "switch", aliases = "use", mixinStandardHelpOptions = true,
            description = "Make a board the active one (written to $HERMES_HOME/kanban/current).")
    public static final class Switch extends BoardCommand {
        @Parameters(index = "0", paramLabel = "SLUG")
        String slug;

        @Override
        int execute() {
            Boards boards = root().boards();
            BoardSlug s = BoardSlug.of(slug);
            boards.switchTo(s);
            if (json()) {
                printJson(document(boards, s));
            } else {
                out().println("active board: " + s);
            }
            return 0;
        }
    }

    /**
     * The {@code kanban boards show} command: Show the board this shell works on (after --db, variables and the
     * current file).
     */
    @Command(name = "show", aliases = "current", mixinStandardHelpOptions = true,
            description = "Show the board this shell works on (after --db, variables and the current file).")
    public static final class Show extends BoardCommand {
        @Override
        int execute() {
            Boards boards = root().boards();
            io.kanban.core.boards.BoardSelection chosen = io.kanban.core.boards.BoardSelection.resolve(
                    root().dbFlag(), null, root().env());
            if (chosen.named()) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("slug", null);
                doc.put("db_path", io.kanban.core.BoardLocation.shown(chosen.location()));
                doc.put("source", chosen.source());
                if (json()) {
                    printJson(doc);
                } else {
                    out().println("board " + doc.get("db_path") + " (named by " + chosen.source() + ")");
                }
                return 0;
            }
            BoardSlug s = BoardSlug.of(chosen.slug());
            Map<String, Long> counts = boards.counts(s);
            ObjectNode doc = document(boards.entry(s), counts);
            doc.put("source", chosen.source());
            if (json()) {
                printJson(doc);
            } else {
                BoardMeta m = boards.meta(s);
                out().println(s + " (" + m.name() + ")" + (m.description().isEmpty() ? "" : ": " + m.description()));
                out().println("  db: " + doc.get("db_path").asText());
                out().println("  chosen by: " + chosen.source());
                out().println("  default workdir: " + (m.defaultWorkdir() == null ? "-" : m.defaultWorkdir()));
                out().println("  cards: " + counts.get("total") + " (" + countsText(counts) + ")");
            }
            return 0;
        }
    }

    /** The {@code kanban boards rename} command: Change a board's display name (its slug and files stay). */
    @Command(name = "rename", mixinStandardHelpOptions = true,
            description = "Change a board's display name (its slug and files stay).")
    public static final class Rename extends BoardCommand {
        @Parameters(index = "0", paramLabel = "SLUG")
        String slug;

        @Parameters(index = "1", paramLabel = "NAME")
        String name;

        @Override
        int execute() {
            Boards boards = root().boards();
            BoardSlug s = BoardSlug.of(slug);
            BoardMeta m = boards.rename(s, name);
            if (json()) {
                printJson(document(boards, s));
            } else {
                out().println("board " + s + " is now named " + m.name());
            }
            return 0;
        }
    }

    /**
     * The {@code kanban boards set-default-workdir} command: Set the directory dir/worktree cards without a path
     * use; no PATH clears it.
     */
    @Command(name = "set-default-workdir", mixinStandardHelpOptions = true,
            description = "Set the directory dir/worktree cards without a path use; no PATH clears it.")
    public static final class SetDefaultWorkdir extends BoardCommand {
        @Parameters(index = "0", paramLabel = "SLUG")
        String slug;

        @Parameters(index = "1", arity = "0..1", paramLabel = "PATH")
        String path;

        @Override
        int execute() {
            Boards boards = root().boards();
            BoardSlug s = BoardSlug.of(slug);
            BoardMeta m = boards.setDefaultWorkdir(s, path);
            if (json()) {
                printJson(document(boards, s));
            } else {
                out().println("board " + s + " default workdir: "
                        + (m.defaultWorkdir() == null ? "(none)" : m.defaultWorkdir()));
            }
            return 0;
        }
    }

    /**
     * The {@code kanban boards rm} command: Archive a board: its directory moves to kanban/boards/_archived/ and a
     * tombstone stays.
     */
    @Command(name = "rm", aliases = {"remove", "delete"}, mixinStandardHelpOptions = true,
            description = {"Archive a board: its directory moves to kanban/boards/_archived/ and a tombstone stays.",
                    "--delete (or the 'delete' spelling) removes it for good. The default board cannot be removed."})
    public static final class Remove extends BoardCommand {
        @Parameters(index = "0", paramLabel = "SLUG")
        String slug;

        @Option(names = "--delete", description = "Delete the board's directory instead of archiving it.")
        boolean delete;

        @Override
        int execute() {
            BoardSlug s = BoardSlug.of(slug);
            boolean hard = delete || "delete".equals(spec.commandLine().getParseResult().originalArgs().stream()
                    .filter(a -> a.equals("rm") || a.equals("remove") || a.equals("delete")).findFirst().orElse(""));
            Optional<io.kanban.core.boards.PostgresBoards> pg = server(this);
            if (pg.isPresent()) {
                Optional<String> schema = pg.get().remove(s, hard);
                if (json()) {
                    Map<String, Object> doc = new LinkedHashMap<>();
                    doc.put("slug", s.value());
                    doc.put("deleted", schema.isEmpty());
                    doc.put("archived_to", schema.orElse(null));
                    printJson(doc);
                } else {
                    out().println(schema.map(a -> "archived board " + s + " to schema " + a)
                            .orElse("deleted board " + s + " (schema dropped)"));
                }
                return 0;
            }
            Optional<Path> archived = root().boards().remove(s, hard);
            if (json()) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("slug", s.value());
                doc.put("deleted", archived.isEmpty());
                doc.put("archived_to", archived.map(Path::toString).orElse(null));
                printJson(doc);
            } else {
                out().println(archived.map(p -> "archived board " + s + " to " + p).orElse("deleted board " + s));
            }
            return 0;
        }
    }

    /**
     * The {@code kanban boards export} command: Write a board to one .tar.gz: cards, links, comments, runs, events,
     * attachments.
     */
    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Write a board to one .tar.gz: cards, links, comments, runs, events, attachments.",
                    "Claims, worker pids, notification subscriptions and host-local paths stay behind.",
                    "No SLUG: the board --db names, else the active board (a PostgreSQL board too)."})
    public static final class Export extends BoardCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "SLUG")
        String slug;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE",
                description = "Where to write (default: <slug>-<UTC time>.tar.gz here).")
        Path output;

        @Option(names = "--no-attachments", description = "Leave attachments (rows and files) out.")
        boolean noAttachments;

        @Option(names = "--include-logs", description = "Also carry the board's worker logs.")
        boolean includeLogs;

        @Override
        int execute() {
            Boards boards = root().boards();
            String location;
            BoardMeta meta;
            io.kanban.core.BoardOptions options;
            if (slug != null) {
                BoardSlug s = BoardSlug.of(slug);
                meta = boards.meta(s);
                location = boards.layout().db(s).toString();
            } else {
                io.kanban.core.boards.BoardSelection chosen = io.kanban.core.boards.BoardSelection.resolve(
                        root().dbFlag(), null, root().env());
                location = chosen.location();
                meta = chosen.slug() != null ? boards.meta(BoardSlug.of(chosen.slug()))
                        : io.kanban.core.BoardLocation.file(location).flatMap(boards::metaOf)
                                .orElse(BoardMeta.fresh(BoardSlug.of("board"), 0));
            }
            options = io.kanban.core.BoardOptions.at(location).withEnvironment(root().env());
            Path file = output != null ? output : Path.of(meta.slug() + "-" + java.time.format.DateTimeFormatter
                    .ofPattern("yyyyMMdd-HHmmss").withZone(java.time.ZoneOffset.UTC)
                    .format(java.time.Instant.now()) + ".tar.gz");
            io.kanban.core.boards.BoardArchive.Exported done;
            try (io.kanban.core.Board board = io.kanban.core.Board.open(options)) {
                Path logs = includeLogs && options.files() != null ? options.files().logs() : null;
                done = new io.kanban.core.boards.BoardArchive(java.time.Clock.systemUTC())
                        .export(board, meta, file, !noAttachments, logs);
            }
            if (json()) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("slug", meta.slug());
                doc.put("file", done.file().toAbsolutePath().toString());
                doc.put("rows", done.rows());
                doc.put("attachments", done.attachments());
                doc.put("logs", done.logs());
                printJson(doc);
            } else {
                out().println("exported board " + meta.slug() + " to " + done.file() + ": "
                        + done.rows().get("tasks") + " cards, " + done.rows().get("task_events") + " events, "
                        + done.attachments() + " attachments, " + done.logs() + " logs");
            }
            return 0;
        }
    }

    /**
     * The {@code kanban boards import} command: Make a new board from an export (a taken slug gets a numeric
     * suffix).
     */
    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Make a new board from an export (a taken slug gets a numeric suffix).",
                    "With --db, fill that empty board instead: a PostgreSQL schema or a board file."})
    public static final class Import extends BoardCommand {
        @Parameters(index = "0", paramLabel = "FILE")
        Path file;

        @Option(names = "--as", paramLabel = "SLUG", description = "The new board's slug (default: the exported one).")
        String as;

        @Option(names = "--switch", description = "Make the new board the active one.")
        boolean switchTo;

        @Override
        int execute() {
            io.kanban.core.boards.BoardArchive archive = new io.kanban.core.boards.BoardArchive(
                    java.time.Clock.systemUTC());
            io.kanban.core.boards.BoardArchive.Imported done;
            if (root().dbFlag() != null) {
                if (as != null || switchTo) {
                    throw new io.kanban.cli.UsageFailure("--as and --switch make a board of the Hermes home;"
                            + " with --db the archive fills the board --db names");
                }
                done = archive.importInto(file, root().boardLocation(), root().env());
            } else {
                Boards boards = root().boards();
                done = archive.importAsNewBoard(file, boards, as);
                if (switchTo) {
                    boards.switchTo(BoardSlug.of(done.slug()));
                }
            }
            String where = done.slug() != null ? "board " + done.slug()
                    : io.kanban.core.BoardLocation.shown(done.location());
            if (json()) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("slug", done.slug());
                doc.put("db_path", io.kanban.core.BoardLocation.shown(done.location()));
                doc.put("rows", done.rows());
                printJson(doc);
            } else {
                out().println("imported " + file + " into " + where + ": " + done.rows().get("tasks") + " cards, "
                        + done.rows().get("task_events") + " events, " + done.rows().get("task_attachments")
                        + " attachments" + (switchTo ? "; it is now the active board" : ""));
            }
            return 0;
        }
    }
}
