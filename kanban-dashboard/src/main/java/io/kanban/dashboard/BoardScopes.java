package io.kanban.dashboard;

import io.kanban.core.Board;
import io.kanban.core.BoardOptions;
import io.kanban.core.boards.BoardSlug;
import io.kanban.core.boards.Boards;
import io.kanban.core.error.BoardNotFound;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Which board a request works on ({@code ?board=SLUG}) and the one open {@link Board} per slug this dashboard keeps.
 *
 * <p>On a Hermes home ({@link #home}) the dashboard was started on one of the home's boards (the one served without
 * {@code ?board=}); any other board of the home is opened on its first request and stays open until it is archived
 * or the dashboard stops. A board archived or deleted by another process is closed and answers 404 from then on.
 *
 * <p>On a board named directly ({@code --db}, {@code KANBAN_DB}, {@code HERMES_KANBAN_DB}; {@link #single}) there is
 * no registry: {@code ?board=} is refused with 400, and the boards routes list just that board and refuse changes
 * with 409.
 */
final class BoardScopes implements AutoCloseable {
    private final Boards registry;
    private final BoardScope start;
    private final Function<BoardSlug, Board> opener;
    private final BiFunction<BoardSlug, Board, BoardScope> factory;
    private final Map<String, BoardScope> open = new LinkedHashMap<>();
    private boolean closed;

    private BoardScopes(Boards registry, BoardScope start, Function<BoardSlug, Board> opener,
                        BiFunction<BoardSlug, Board, BoardScope> factory) {
        this.registry = registry;
        this.start = start;
        this.opener = opener;
        this.factory = factory;
    }

    static BoardScopes single(BoardScope start) {
        return new BoardScopes(null, start, null, null);
    }

    /**
     * @param start the scope of the board the dashboard was started on (its slug set)
     * @param opener opens another board of the home
     * @param factory makes the scope of a board this class opened (owning it)
     */
    static BoardScopes home(Boards registry, BoardScope start, Function<BoardSlug, Board> opener,
                            BiFunction<BoardSlug, Board, BoardScope> factory) {
        if (start.slug == null) {
            throw new IllegalArgumentException("the start board of a home needs its slug");
        }
        return new BoardScopes(registry, start, opener, factory);
    }

    /** The home's boards; empty when the dashboard serves one board named by --db. */
    Optional<Boards> registry() {
        return Optional.ofNullable(registry);
    }

    /** The board served without {@code ?board=}. */
    BoardScope start() {
        return start;
    }

    /**
     * The scope {@code ?board=} names: the start board when absent or blank.
     *
     * @throws ApiError 400 for a bad slug, or for any slug when there is no home
     * @throws BoardNotFound (404) for a slug that is no board of the home
     */
    BoardScope resolve(String raw) {
        if (raw == null || raw.isBlank()) {
            return start;
        }
        if (registry == null) {
            throw ApiError.badRequest("board", "this dashboard serves the one board named by --db (or KANBAN_DB,"
                    + " HERMES_KANBAN_DB); start it on a Hermes home, without --db, to choose boards with ?board=");
        }
        BoardSlug slug = BoardSlug.of(raw); // a bad slug: core's ValidationError, a 400 naming the rule
        if (slug.value().equals(start.slug)) {
            return start;
        }
        boolean exists;
        BoardScope stale = null;
        BoardScope scope;
        synchronized (this) { // checked under the lock: a board archived meanwhile is not opened (nor made) again
            exists = registry.exists(slug);
            if (closed) {
                throw new ApiError(503, "unavailable", "the dashboard is stopping");
            }
            scope = open.get(slug.value());
            if (!exists) {
                stale = open.remove(slug.value());
            } else if (scope == null) {
                scope = factory.apply(slug, opener.apply(slug));
                open.put(slug.value(), scope);
            }
        }
        if (stale != null) {
            stale.close(); // archived or deleted behind our back
        }
        if (!exists) {
            throw new BoardNotFound(slug.value());
        }
        return scope;
    }

    /**
     * The board's cards per status for the switcher, without keeping it open: a board open here already is counted
     * through its scope, any other is opened, counted and closed again, so listing a home of many boards holds no
     * connection or file handle afterwards. Empty for a board whose database was never made.
     */
    synchronized Map<String, Long> counts(BoardSlug slug) {
        if (slug.value().equals(start.slug)) {
            return start.board.tasks().countByStatus();
        }
        BoardScope scope = open.get(slug.value());
        if (scope != null) {
            return scope.board.tasks().countByStatus();
        }
        Map<String, Long> counts = new LinkedHashMap<>(registry.counts(slug));
        counts.remove("total");
        return counts;
    }

    /**
     * A handle of its own on the board {@code slug} for a long read (an export), opened while no board is made or
     * archived here, so it is never opened (nor made) again between an archive's close and move; the caller closes
     * it, outside this lock.
     *
     * @throws BoardNotFound (404) when it is no board of the home
     */
    synchronized Board openOwn(BoardSlug slug) {
        if (closed) {
            throw new ApiError(503, "unavailable", "the dashboard is stopping");
        }
        if (!registry.exists(slug)) {
            throw new BoardNotFound(slug.value());
        }
        return opener.apply(slug);
    }

    /** Closes the board {@code slug} if open here (before it is archived); the start board cannot be retired. */
    void retire(BoardSlug slug) {
        BoardScope scope;
        synchronized (this) {
            scope = open.remove(slug.value());
        }
        if (scope != null) {
            scope.close();
        }
    }

    /**
     * Runs {@code change} (creating or archiving a board) while no board is being opened here: a request listing the
     * boards cannot open a board's database while it is being made, nor reopen one between its close and its move.
     */
    synchronized <T> T exclusive(java.util.function.Supplier<T> change) {
        return change.get();
    }

    /** Every scope open now, the start board first. */
    synchronized List<BoardScope> all() {
        List<BoardScope> out = new ArrayList<>();
        out.add(start);
        out.addAll(open.values());
        return out;
    }

    /** Closes the boards this class opened and every stream; the start board's owner closes that board. */
    @Override
    public void close() {
        List<BoardScope> scopes;
        synchronized (this) {
            closed = true;
            scopes = new ArrayList<>(open.values());
            open.clear();
        }
        start.close();
        scopes.forEach(BoardScope::close);
    }

    static Function<BoardSlug, Board> opener(Boards registry, Function<BoardOptions, BoardOptions> options) {
        return slug -> Board.open(options.apply(BoardOptions.at(registry.layout().db(slug))));
    }
}
