package io.kanban.dashboard;

import io.kanban.core.Board;
import io.kanban.core.BoardLocation;
import io.kanban.core.boards.BoardLayout;
import io.kanban.core.boards.BoardSelection;
import io.kanban.core.boards.BoardSlug;
import io.kanban.core.boards.Boards;
import io.kanban.core.error.KanbanException;
import io.kanban.core.spi.DispatcherProvider;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar kanban-dashboard.jar [--port 9119] [--host 127.0.0.1] [--db FILE|URL | --board SLUG] [--token T]
 * [--serve-writes]}.
 */
@Command(name = "kanban dashboard", mixinStandardHelpOptions = true,
        description = "Serves the live kanban board: web page, REST API under /api, WebSocket event stream.")
public final class DashboardMain implements Callable<Integer> {
    /** The port served without {@code --port}. */
    public static final int DEFAULT_PORT = 9119;
    /** The address bound without {@code --host}: loopback only. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    static final int MIN_TOKEN_LENGTH = 16;

    @Option(names = "--port", description = "TCP port (default ${DEFAULT-VALUE}; 0 picks a free one)",
            defaultValue = "" + DEFAULT_PORT)
    int port;

    @Option(names = "--host", description = "address to bind (default ${DEFAULT-VALUE})", defaultValue = DEFAULT_HOST)
    String host;

    @Option(names = "--db", description = "board file or database URL (jdbc:sqlite:PATH, jdbc:postgresql://...);"
            + " default: $KANBAN_DB, else $HERMES_HOME/kanban.db")
    String db;

    @Option(names = "--board", paramLabel = "SLUG", description = "the board of the Hermes home shown first"
            + " (default: $HERMES_KANBAN_BOARD, else kanban/current, else the default board); the page switches"
            + " among all of them. Ignored with --db, which serves that one board only")
    String board;

    @Option(names = "--token", description = "session token (default: a random one; required off loopback)")
    String token;

    @Option(names = "--serve-writes", description = "on a SQLite board: serve the claims, completions and heartbeats"
            + " of this host's other processes (workers, CLI calls), so they share this process's commits: one writer"
            + " per host (the board shown first, with a Hermes home)")
    boolean serveWrites;

    private final Map<String, String> env;
    private final PrintWriter out;
    private final PrintWriter err;
    private final CountDownLatch stop;

    DashboardMain(Map<String, String> env, PrintWriter out, PrintWriter err, CountDownLatch stop) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.stop = stop;
    }

    /**
     * Runs the dashboard until the process is stopped.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        System.exit(run(args, System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                new CountDownLatch(1)));
    }

    /** Parses, serves until {@code stop} counts down (never, from main), returns the exit code. */
    static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err, CountDownLatch stop) {
        CommandLine cli = new CommandLine(new DashboardMain(env, out, err, stop));
        cli.setOut(out);
        cli.setErr(err);
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        if (port < 0 || port > 65_535) {
            return fail("--port must be between 0 and 65535, got " + port);
        }
        boolean loopback;
        try {
            loopback = InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return fail("--host '" + host + "' does not resolve");
        }
        if (!loopback && token == null) {
            return fail("refusing to bind " + host + " (not a loopback address) without an explicit --token: "
                    + "anyone who can reach it could steer the board; pass --token <secret of 16+ characters>");
        }
        if (token != null && token.strip().length() < MIN_TOKEN_LENGTH) {
            return fail("--token must be at least " + MIN_TOKEN_LENGTH + " characters");
        }
        String session = token != null ? token.strip() : newToken();
        BoardSelection chosen;
        try {
            chosen = BoardSelection.resolve(db, this.board, env);
        } catch (KanbanException e) {
            return fail(e.getMessage());
        }
        String location = chosen.location();
        String shown = BoardLocation.file(location).map(f -> f.toAbsolutePath().toString())
                .orElse(BoardLocation.shown(location));
        Board board;
        try {
            board = Board.open(io.kanban.core.BoardOptions.at(location).withEnvironment(env));
        } catch (KanbanException e) {
            return fail("cannot open board " + shown + ": " + e.getMessage());
        }
        DispatchHost dispatch = null;
        DashboardApp app;
        Boards home = chosen.named() ? null : new Boards(BoardLayout.of(env));
        try {
            // A board named directly (--db, KANBAN_DB, HERMES_KANBAN_DB) is served and dispatched alone; a board of
            // the home comes with its siblings, chosen per request with ?board= and all ticked by one dispatcher.
            dispatch = home == null ? DispatchHost.start(board, env, DispatcherProvider.find())
                    : DispatchHost.startHome(home, env, DispatcherProvider.find());
            app = home == null
                    ? new DashboardApp(board, Clock.systemUTC(), session, dispatch, env,
                            io.kanban.core.spi.NotifierProvider.find())
                    : DashboardApp.onHome(home, BoardSlug.of(chosen.slug()), board,
                            Clock.systemUTC(), session, dispatch, env, io.kanban.core.spi.NotifierProvider.find());
            app.app().start(host, port);
        } catch (RuntimeException e) {
            if (dispatch != null) {
                dispatch.close();
            }
            board.close();
            return fail("cannot start the dashboard on " + host + ":" + port + ": " + rootMessage(e));
        }
        String shownHost = host.contains(":") ? "[" + host + "]" : host;
        out.println("kanban dashboard on board " + shown
                + (chosen.named() ? ""
                        : " (board '" + chosen.slug() + "' of the Hermes home; ?board=SLUG picks another)")
                + (dispatch.handle().isPresent() ? home == null ? " (dispatcher running in-process)"
                        : " (dispatcher running in-process on every board of the home)" : ""));
        if (serveWrites) {
            out.println(board.serveHostWrites() ? "serving this host's claims, completions and heartbeats on " + shown
                    : "not serving this host's writes: another process does, or the board is not a SQLite file");
        }
        out.println("http://" + shownHost + ":" + app.app().port() + "/?token=" + session);
        out.flush();
        // Ctrl-C / SIGTERM from main: stop serving and close the board cleanly.
        Thread hook = new Thread(() -> stopQuietly(app, board), "kanban-dashboard-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            return 0; // the hook is already stopping everything
        }
        stopQuietly(app, board);
        return 0;
    }

    private static void stopQuietly(DashboardApp app, Board board) {
        try {
            app.close();
        } finally {
            board.close();
        }
    }

    private int fail(String message) {
        err.println("kanban dashboard: " + message);
        err.flush();
        return 1;
    }

    static String newToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
