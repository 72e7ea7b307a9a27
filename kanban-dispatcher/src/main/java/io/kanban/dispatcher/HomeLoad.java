package io.kanban.dispatcher;

import io.kanban.core.Board;
import io.kanban.core.BoardLocation;
import io.kanban.core.BoardOptions;
import io.kanban.core.boards.BoardLayout;
import io.kanban.core.boards.Boards;
import io.kanban.core.dispatch.HostLoad;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workers running on the other boards of a dispatcher's Hermes home ({@code $HERMES_HOME/kanban.db} and
 * {@code kanban/boards/<slug>/kanban.db}), for a single-board dispatcher to count against the host-wide caps as the
 * reference does. The other boards are opened once and kept open between ticks; a board made later is found at the
 * next read, a removed one let go. A board file that does not exist is never created; a board that cannot be read
 * counts as idle (logged), so one broken board does not stop dispatch on the others.
 */
final class HomeLoad implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HomeLoad.class);

    private final Boards boards;
    private final Optional<Path> self;
    private final Map<Path, Board> open = new LinkedHashMap<>();

    /**
     * @param boardLocation the board this dispatcher serves (left out of the count)
     * @param env names the Hermes home ({@code HERMES_HOME}, {@code HERMES_KANBAN_HOME})
     */
    HomeLoad(String boardLocation, Map<String, String> env) {
        this.boards = new Boards(BoardLayout.of(env));
        this.self = BoardLocation.file(boardLocation).map(HomeLoad::normal);
    }

    /** Running workers per profile on the home's other boards, now. */
    synchronized HostLoad read() {
        Map<Path, Path> others = new LinkedHashMap<>();
        try {
            for (Boards.BoardEntry e : boards.list(false)) {
                Path db = normal(e.db());
                if (!self.map(db::equals).orElse(false) && Files.isRegularFile(db)) {
                    others.put(db, db);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot list the boards of the home; counting this board's workers only: {}", e.toString());
            return HostLoad.NONE;
        }
        open.entrySet().removeIf(e -> {
            if (!others.containsKey(e.getKey())) {
                e.getValue().close();
                return true;
            }
            return false;
        });
        Map<String, Integer> running = new HashMap<>();
        for (Path db : others.keySet()) {
            try {
                Board board = open.computeIfAbsent(db, p -> Board.open(BoardOptions.at(p)));
                board.dispatch().runningPerProfile().forEach((profile, n) -> running.merge(profile, n,
                        Integer::sum));
            } catch (RuntimeException e) {
                LOG.warn("cannot count the workers of board {}; it counts as idle: {}", db, e.toString());
                Board broken = open.remove(db);
                if (broken != null) {
                    broken.close();
                }
            }
        }
        return new HostLoad(running);
    }

    private static Path normal(Path p) {
        return p.toAbsolutePath().normalize();
    }

    @Override
    public synchronized void close() {
        open.values().forEach(Board::close);
        open.clear();
    }
}
