package io.kanban.cli;

import io.kanban.core.Board;
import io.kanban.core.BoardLocation;
import io.kanban.core.BoardOptions;
import io.kanban.core.boards.BoardLayout;
import io.kanban.core.boards.BoardSelection;
import io.kanban.core.boards.Boards;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The root command: the shared options, the board (opened on first use) and the subcommand table. */
@Command(name = "kanban", mixinStandardHelpOptions = true, version = "kanban 0.1.0",
        description = "A durable kanban board for fleets of AI agents.",
        footer = {"", "Board: --db, else $HERMES_KANBAN_DB, else $KANBAN_DB, else --board SLUG, else $HERMES_KANBAN_BOARD,",
                "else the board in $HERMES_HOME/kanban/current, else $HERMES_HOME/kanban.db (HERMES_HOME: ~/.hermes).",
                "Exit codes: 0 ok, 1 refused or failed, 2 usage error."})
public final class KanbanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--db", scope = ScopeType.INHERIT, paramLabel = "PATH|URL",
            description = "Board file, jdbc:sqlite:PATH, or jdbc:postgresql://HOST/DB?user=U&currentSchema=S."
                    + " Default: $HERMES_KANBAN_DB, else $KANBAN_DB, else the active board.")
    String db;

    @Option(names = "--board", scope = ScopeType.INHERIT, paramLabel = "SLUG",
            description = "Work on this board of the Hermes home (see 'kanban boards'); --db wins over it.")
    String boardSlug;

    @Option(names = "--tenant", scope = ScopeType.INHERIT, paramLabel = "T",
            description = "Work inside this tenant only.")
    String tenant;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print one JSON document.")
    boolean json;

    private final BoardOpener opener;
    private final Map<String, String> env;
    private final InputStream stdin;
    private java.io.OutputStream bytesOut = System.out;
    private Board owner;
    private Board board;

    /**
     * The root command of one invocation.
     *
     * @param opener opens the board
     * @param env the environment
     * @param stdin the standard input
     */
    public KanbanCommand(BoardOpener opener, Map<String, String> env, InputStream stdin) {
        this.opener = opener;
        this.env = Map.copyOf(env);
        this.stdin = stdin;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ErrorHandler.USAGE;
    }

    /**
     * @return whether {@code --json} was given
     */
    public boolean json() {
        return json;
    }

    /**
     * The --db flag as given, or null.
     *
     * @return the flag's value, or null
     */
    public String dbFlag() {
        return db;
    }

    /**
     * @return the {@code --tenant} value, or null
     */
    public String tenant() {
        return tenant;
    }

    /**
     * @return the environment
     */
    public Map<String, String> env() {
        return env;
    }

    /**
     * @return the standard input
     */
    public InputStream stdin() {
        return stdin;
    }

    /**
     * Standard output as bytes, for commands that write a file's content there.
     *
     * @return the stream
     */
    public java.io.OutputStream bytesOut() {
        return bytesOut;
    }

    void bytesOut(java.io.OutputStream value) {
        this.bytesOut = value;
    }

    /**
     * The --board flag as given, or null.
     *
     * @return the flag's value, or null
     */
    public String boardFlag() {
        return boardSlug;
    }

    /**
     * Which board this invocation works on, and why ({@link BoardSelection}).
     *
     * @return the selection
     */
    public BoardSelection selection() {
        return BoardSelection.resolve(db, boardSlug, env);
    }

    /**
     * The boards of the Hermes home this environment names.
     *
     * @return the home's boards
     */
    public Boards boards() {
        return new Boards(BoardLayout.of(env));
    }

    /**
     * Where the board lives: its absolute file path, or the database URL as given.
     *
     * @return the location
     */
    public String boardLocation() {
        String location = selection().location();
        return BoardLocation.file(location).map(f -> f.toAbsolutePath().toString()).orElse(location);
    }

    /**
     * The board's location fit for printing: a password in a database URL is masked.
     *
     * @return the masked location
     */
    public String shownLocation() {
        return BoardLocation.shown(boardLocation());
    }

    /**
     * The board file for this invocation, or empty when the board is on a database server.
     *
     * @return the file, or empty
     */
    public Optional<Path> file() {
        return BoardLocation.file(selection().location());
    }

    /**
     * The board, opened (and created or migrated) on first use and scoped to --tenant when given.
     *
     * @return the board
     */
    public Board board() {
        if (board == null) {
            String location = selection().location();
            Optional<Path> file = BoardLocation.file(location);
            if (file.isPresent()) {
                Path parent = file.get().toAbsolutePath().getParent();
                try {
                    if (parent != null) {
                        Files.createDirectories(parent);
                    }
                } catch (IOException e) {
                    throw new CliFailure("cannot create the board directory " + parent + ": " + e.getMessage());
                }
                owner = opener.open(BoardOptions.at(file.get()).withEnvironment(env));
            } else {
                // A board on a database server (jdbc:postgresql:...): shared by every process given the same URL.
                owner = Board.open(BoardOptions.at(location).withEnvironment(env));
            }
            board = tenant == null ? owner : owner.forTenant(tenant);
        }
        return board;
    }

    void closeBoard() {
        if (owner != null) {
            owner.close();
            owner = null;
            board = null;
        }
    }
}
