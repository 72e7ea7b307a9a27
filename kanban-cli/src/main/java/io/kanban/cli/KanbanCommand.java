package io.kanban.cli;

import io.kanban.core.Board;
import io.kanban.core.BoardLocation;
import io.kanban.core.BoardOptions;
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
        footer = {"", "Board: --db, else $KANBAN_DB, else $HERMES_HOME/kanban.db (HERMES_HOME defaults to ~/.hermes).",
                "Exit codes: 0 ok, 1 refused or failed, 2 usage error."})
public final class KanbanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--db", scope = ScopeType.INHERIT, paramLabel = "PATH|URL",
            description = "Board file, jdbc:sqlite:PATH, or jdbc:postgresql://HOST/DB?user=U&currentSchema=S."
                    + " Default: $KANBAN_DB, else $HERMES_HOME/kanban.db.")
    String db;

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

    public boolean json() {
        return json;
    }

    /** The --db flag as given, or null. */
    public String dbFlag() {
        return db;
    }

    public String tenant() {
        return tenant;
    }

    public Map<String, String> env() {
        return env;
    }

    public InputStream stdin() {
        return stdin;
    }

    /** Standard output as bytes, for commands that write a file's content there. */
    public java.io.OutputStream bytesOut() {
        return bytesOut;
    }

    void bytesOut(java.io.OutputStream value) {
        this.bytesOut = value;
    }

    /** Where the board lives: its absolute file path, or the database URL as given. */
    public String boardLocation() {
        String location = BoardLocation.resolveLocation(db, env);
        return BoardLocation.file(location).map(f -> f.toAbsolutePath().toString()).orElse(location);
    }

    /** The board's location fit for printing: a password in a database URL is masked. */
    public String shownLocation() {
        return BoardLocation.shown(boardLocation());
    }

    /** The board file for this invocation, or empty when the board is on a database server. */
    public Optional<Path> file() {
        return BoardLocation.file(BoardLocation.resolveLocation(db, env));
    }

    /** The board, opened (and created or migrated) on first use and scoped to --tenant when given. */
    public Board board() {
        if (board == null) {
            String location = BoardLocation.resolveLocation(db, env);
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
