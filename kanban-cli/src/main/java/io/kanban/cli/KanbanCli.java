package io.kanban.cli;

import io.kanban.core.Board;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;

/**
 * The {@code kanban} program: builds the command tree and runs it. Nothing touches the board before picocli has
 * parsed the arguments; the board opens on first use by a subcommand.
 */
public final class KanbanCli {
    private KanbanCli() {
    }

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        // Most calls open a SQLite board: its driver sets itself up on the second core while picocli builds the
        // command model on this one.
        Thread warmUp = new Thread(Board::warmUpEmbeddedDriver, "sqlite-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
        int code = run(args, BoardOpener.DEFAULT, System.getenv(), System.in,
                new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.out);
        System.exit(code);
    }

    /**
     * Runs one command line to completion and returns its exit code; the board (if opened) is closed.
     *
     * @param args the command line
     * @param opener opens the board
     * @param env the environment
     * @param stdin the standard input
     * @param out where output goes
     * @param err where errors go
     * @return the exit code
     */
    public static int run(String[] args, BoardOpener opener, Map<String, String> env, InputStream stdin,
                          PrintWriter out, PrintWriter err) {
        return run(args, opener, env, stdin, out, err, System.out);
    }

    /**
     * As above; {@code bytesOut} takes what a command writes as raw bytes (a saved attachment on stdout).
     *
     * @param args the command line
     * @param opener opens the board
     * @param env the environment
     * @param stdin the standard input
     * @param out where output goes
     * @param err where errors go
     * @param bytesOut where raw bytes go
     * @return the exit code
     */
    public static int run(String[] args, BoardOpener opener, Map<String, String> env, InputStream stdin,
                          PrintWriter out, PrintWriter err, java.io.OutputStream bytesOut) {
        KanbanCommand root = new KanbanCommand(opener, env, stdin);
        root.bytesOut(bytesOut);
        try {
            return commandLine(root, args, out, err).execute(args);
        } finally {
            root.closeBoard();
            out.flush();
            err.flush();
        }
    }

    /**
     * The configured command tree with the subcommands {@code args} can reach (all of them for help).
     *
     * @param root the root command
     * @param args the command line
     * @param out where output goes
     * @param err where errors go
     * @return the command tree
     */
    public static CommandLine commandLine(KanbanCommand root, String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(root);
        CommandTable.register(cli, args);
        ErrorHandler errors = new ErrorHandler();
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(errors);
        cli.setExitCodeExceptionMapper(errors);
        cli.setParameterExceptionHandler(errors);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setUsageHelpAutoWidth(false);
        return cli;
    }
}
