package io.kanban.core;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the board lives when nobody says: {@code --db}, else {@code $KANBAN_DB}, else
 * {@code $HERMES_HOME/kanban.db} with {@code HERMES_HOME} defaulting to {@code ~/.hermes}, so a board sits where
 * Hermes users already keep theirs.
 */
public final class BoardLocation {
    public static final String BOARD_FILE = "kanban.db";

    private BoardLocation() {
    }

    public static Path resolve(String flag, Map<String, String> env) {
        if (flag != null && !flag.isBlank()) {
            return Path.of(flag);
        }
        String fromEnv = env.get("KANBAN_DB");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        return hermesHome(env).resolve(BOARD_FILE);
    }

    public static Path hermesHome(Map<String, String> env) {
        String home = env.get("HERMES_HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(home);
        }
        return Path.of(System.getProperty("user.home"), ".hermes");
    }
}
