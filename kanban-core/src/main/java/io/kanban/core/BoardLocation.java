package io.kanban.core;

import io.kanban.core.boards.BoardSelection;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the board lives when nobody says: {@code --db}, else {@code $HERMES_KANBAN_DB}, else {@code $KANBAN_DB},
 * else the active board of the home ({@link BoardSelection}: {@code $HERMES_KANBAN_BOARD}, {@code kanban/current}),
 * else {@code $HERMES_HOME/kanban.db} with {@code HERMES_HOME} defaulting to {@code ~/.hermes}, so a board sits where
 * Hermes users already keep theirs. {@code --db} and {@code $KANBAN_DB} may also hold a JDBC URL
 * ({@code jdbc:postgresql://host:port/db?currentSchema=...}): then every process given it shares one board.
 */
public final class BoardLocation {
    /** The board file's name: in the Hermes home for the default board, in its own directory for the others. */
    public static final String BOARD_FILE = "kanban.db";

    private BoardLocation() {
    }

    /**
     * The board to open: {@code flag} (the {@code --db} value) if given, else as {@link BoardSelection#resolve} picks
     * it without {@code --board}; a JDBC URL is kept as it is. Pass the result to {@link Board#open(String)}.
     *
     * @param flag the {@code --db} value, or null
     * @param env the environment
     * @return the board's file path or URL
     */
    public static String resolveLocation(String flag, Map<String, String> env) {
        return BoardSelection.resolve(flag, null, env).location();
    }

    /**
     * The location fit for logs and terminals: a password in a database URL is masked.
     *
     * @param location a file path or JDBC URL
     * @return the location, password masked
     */
    public static String shown(String location) {
        return location == null ? null : location.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    /**
     * True when the location names a board on a database server rather than a file.
     *
     * @param location a file path or JDBC URL
     * @return whether it is a database URL
     */
    public static boolean isUrl(String location) {
        return location != null && location.startsWith("jdbc:") && !location.startsWith(BoardOptions.SQLITE_URL_PREFIX);
    }

    /**
     * The board file a location names (a path or {@code jdbc:sqlite:PATH}); empty for a database server.
     *
     * @param location a file path or JDBC URL
     * @return the file, or empty
     */
    public static Optional<Path> file(String location) {
        if (isUrl(location)) {
            return Optional.empty();
        }
        return Optional.of(Path.of(location.startsWith(BoardOptions.SQLITE_URL_PREFIX)
                ? location.substring(BoardOptions.SQLITE_URL_PREFIX.length()) : location));
    }

    /**
     * The Hermes home: {@code $HERMES_HOME}, else {@code ~/.hermes} with {@code ~} from {@code $HOME}.
     *
     * @param env the environment
     * @return the home folder
     */
    public static Path hermesHome(Map<String, String> env) {
        String home = env.get("HERMES_HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(home);
        }
        // The reference expands ~ from $HOME, as Python does; the JVM's user.home comes from the password file and
        // differs from it whenever HOME is set elsewhere (sandboxes, CI, sudo -E).
        String user = env.get("HOME");
        return Path.of(user != null && !user.isBlank() ? user : System.getProperty("user.home"), ".hermes");
    }
}
