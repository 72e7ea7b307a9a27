package io.kanban.dispatcher;

import io.kanban.core.Board;
import io.kanban.core.BoardOptions;
import io.kanban.core.boards.BoardSlug;
import io.kanban.core.boards.Boards;
import io.kanban.core.dispatch.DispatchPolicy;
import io.kanban.core.dispatch.HostLoad;
import io.kanban.core.dispatch.TickReport;
import io.kanban.core.spi.ProcessProbe;
import io.kanban.core.spi.WorkerLauncher;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One dispatcher for every board of a Hermes home. Each {@link #tickOnce()} lists the boards again (a board made
 * while the host runs is served from the next tick, a removed one is let go), sweeps every board (reclaims, crash
 * and runtime checks, promotion, due schedules), and shares the host's room fairly: {@code kanban.max_in_progress}
 * counts running workers across all boards; the free slots are dealt one at a time to the boards that have ready
 * cards, starting with a different board each tick, and a board's running plus started workers stay within
 * {@code kanban.max_spawn}, as the reference counts it. A profile's cap ({@code kanban.max_in_progress_per_profile})
 * is host-wide too: its workers on every board, those started earlier in the same tick included, count.
 * A board with 10,000 ready cards therefore takes no more of a tick than one with 3 while both have cards waiting.
 * Ticks run in the caller's thread; a failing board is logged and the others go on.
 */
public final class MultiBoardDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MultiBoardDispatcher.class);

    private final Boards boards;
    private final DispatchPolicy policy;
    private final Function<Board, WorkerLauncher> launchers;
    private final ProcessProbe probe;
    private final Clock clock;
    private final Map<String, Served> served = new LinkedHashMap<>();
    private final List<Watcher> watchers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private long round;

    /**
     * Told when a board starts and stops being served, in the ticking thread: a host runs a notifier beside each
     * board this way. {@link #released} comes before the board's handle is closed.
     */
    public interface Watcher {
        /**
         * The dispatcher opened the board and serves it from now on.
         *
         * @param slug the board's slug
         * @param board the board's open handle
         */
        void served(String slug, Board board);

        /**
         * The dispatcher stops serving the board; its handle is closed after this returns.
         *
         * @param slug the board's slug
         * @param board the board's handle, still open
         */
        void released(String slug, Board board);
    }

    private record Served(Path db, Board board, WorkerLauncher launcher) {
    }

    /**
     * @param boards the home whose boards are served
     * @param config {@code globalLimit} is the host-wide {@code max_in_progress}, {@code maxSpawnsPerTick} the
     *     per-board {@code max_spawn}; the other rules apply to every board
     * @param launchers the launcher for each board as it is opened (real processes, or a test's fake)
     * @param probe says whether a worker lives
     * @param clock the clock the boards are opened with
     */
    public MultiBoardDispatcher(Boards boards, DispatcherConfig config, Function<Board, WorkerLauncher> launchers,
                                ProcessProbe probe, Clock clock) {
        this.boards = Objects.requireNonNull(boards, "boards");
        this.policy = config.policy();
        this.launchers = launchers;
        this.probe = probe;
        this.clock = clock;
    }

    /**
     * Real worker processes for every board, with the environment {@code env} they inherit.
     *
     * @param boards the home whose boards are served
     * @param config the settings (see the constructor)
     * @param env the environment workers inherit
     * @return the dispatcher
     */
    public static MultiBoardDispatcher create(Boards boards, DispatcherConfig config, Map<String, String> env) {
        return new MultiBoardDispatcher(boards, config, board -> new ProcessWorkerLauncher(config, env,
                ProcessWorkerLauncher.findSetsid().orElse(null), new SpawnFailureRecorder(board, config.policy()),
                board.options().clock()), new ProcfsProcessProbe(), Clock.systemUTC());
    }

    /**
     * Adds a watcher and tells it at once of the boards served already.
     *
     * @param watcher told of each board served and released
     * @return this dispatcher
     */
    public synchronized MultiBoardDispatcher watch(Watcher watcher) {
        watchers.add(Objects.requireNonNull(watcher, "watcher"));
        served.forEach((slug, s) -> watcher.served(slug, s.board()));
        return this;
    }

    /** What one tick did, board by board (by slug, in the order they were served). */
    public record Report(Map<String, TickReport> boards, int hostRoom) {
        /**
         * @return the workers started on every board
         */
        public int spawned() {
            return boards.values().stream().mapToInt(r -> r.spawned().size()).sum();
        }

        /**
         * @param slug a board's slug
         * @return the workers started on that board
         */
        public int spawned(String slug) {
            TickReport r = boards.get(slug);
            return r == null ? 0 : r.spawned().size();
        }
    }

    /**
     * One tick over every board of the home.
     *
     * @return what the tick did on each board
     */
    public Report tickOnce() {
        return tickOnce(false);
    }

    /**
     * One tick; a dry run sweeps and reports every board but claims and starts nothing.
     *
     * @param dryRun whether to claim and start nothing
     * @return what the tick did on each board
     */
    public synchronized Report tickOnce(boolean dryRun) {
        DispatchPolicy policy = this.policy.withDryRun(dryRun);
        refresh();
        List<String> order = new ArrayList<>(served.keySet());
        if (!order.isEmpty()) {
            java.util.Collections.rotate(order, -(int) (round % order.size()));
        }
        round++;
        Map<String, Integer> running = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> profiles = new LinkedHashMap<>();
        Map<String, Integer> wanting = new LinkedHashMap<>();
        int totalRunning = 0;
        for (String slug : order) {
            Board board = served.get(slug).board();
            Map<String, Long> byStatus = board.tasks().countByStatus();
            Map<String, Integer> perProfile = new java.util.HashMap<>(board.dispatch().runningPerProfile());
            int r = perProfile.values().stream().mapToInt(Integer::intValue).sum();
            int ready = byStatus.getOrDefault("ready", 0L).intValue() + byStatus.getOrDefault("review", 0L).intValue();
            running.put(slug, r);
            profiles.put(slug, perProfile);
            wanting.put(slug, Math.min(ready, Math.max(0, policy.maxSpawnsPerTick() - r)));
            totalRunning += r;
        }
        int room = Math.max(0, policy.globalLimit() - totalRunning);
        Map<String, Integer> share = deal(order, wanting, room);
        Map<String, TickReport> reports = new LinkedHashMap<>();
        for (String slug : order) {
            Served s = served.get(slug);
            try {
                int n = share.getOrDefault(slug, 0);
                // The other boards' workers, those started earlier in this round included, count against the
                // host-wide max_in_progress and each profile's cap.
                HostLoad elsewhere = HostLoad.NONE;
                for (Map.Entry<String, Map<String, Integer>> other : profiles.entrySet()) {
                    if (!other.getKey().equals(slug)) {
                        elsewhere = elsewhere.plus(other.getValue());
                    }
                }
                // a dry run starts nothing whatever its limits, and must not take the sweep's write path
                TickReport report = n > 0 || policy.dryRun()
                        ? s.board().dispatch().tick(policy.withGlobalLimit(Math.max(1, elsewhere.total()
                                + running.get(slug) + n)).withMaxSpawnsPerTick(Math.max(1, n)), s.launcher(), probe,
                                elsewhere)
                        : sweep(s, policy);
                reports.put(slug, report);
                if (!policy.dryRun()) {
                    report.spawned().forEach(sp -> profiles.get(slug).merge(sp.assignee(), 1, Integer::sum));
                }
            } catch (RuntimeException e) {
                LOG.warn("dispatch tick on board {} failed; the other boards go on: {}", slug, e.toString());
            }
        }
        return new Report(reports, room);
    }

    /** Deals {@code room} slots one at a time, round the boards in {@code order}, to those still wanting one. */
    static Map<String, Integer> deal(List<String> order, Map<String, Integer> wanting, int room) {
        Map<String, Integer> share = new LinkedHashMap<>();
        boolean dealt = true;
        while (room > 0 && dealt) {
            dealt = false;
            for (String slug : order) {
                if (room > 0 && share.getOrDefault(slug, 0) < wanting.getOrDefault(slug, 0)) {
                    share.merge(slug, 1, Integer::sum);
                    room--;
                    dealt = true;
                }
            }
        }
        return share;
    }

    /** Everything a tick does but spawning, for a board that gets no slot this tick. */
    private TickReport sweep(Served s, DispatchPolicy policy) {
        long started = System.nanoTime();
        var dispatch = s.board().dispatch();
        List<String> gaveUp = new ArrayList<>();
        List<String> reclaimed = dispatch.reclaimExpired(policy, gaveUp);
        List<String> crashed = dispatch.reclaimCrashed(policy, probe, gaveUp);
        List<String> timedOut = dispatch.enforceMaxRuntime(policy, s.launcher(), gaveUp);
        dispatch.stopTakenBackWorkers(policy, s.launcher(), probe);
        int promoted = dispatch.promote();
        List<String> woken = dispatch.wakeDue();
        return new TickReport(reclaimed, crashed, timedOut, gaveUp, promoted, List.of(), List.of(), List.of(),
                false, (System.nanoTime() - started) / 1_000_000, woken);
    }

    /** Opens boards made since the last tick and lets go of removed ones. */
    private void refresh() {
        Map<String, Path> now = new LinkedHashMap<>();
        for (Boards.BoardEntry e : boards.list(false)) {
            now.put(e.meta().slug(), e.db());
        }
        served.entrySet().removeIf(e -> {
            if (!e.getValue().db().equals(now.get(e.getKey()))) {
                release(e.getKey(), e.getValue());
                LOG.info("board {} is no longer served", e.getKey());
                return true;
            }
            return false;
        });
        now.forEach((slug, db) -> {
            if (!served.containsKey(slug)) {
                try {
                    Board board = Board.open(BoardOptions.at(db).withClock(clock));
                    served.put(slug, new Served(db, board, launchers.apply(board)));
                    LOG.info("serving board {} ({})", slug, db);
                    for (Watcher w : watchers) {
                        try {
                            w.served(slug, board);
                        } catch (RuntimeException e) {
                            LOG.warn("watcher of board {} failed: {}", slug, e.toString());
                        }
                    }
                } catch (RuntimeException e) {
                    LOG.warn("cannot open board {}: {}", slug, e.toString());
                }
            }
        });
    }

    /**
     * The slugs of the boards the last tick served.
     *
     * @return the slugs
     */
    public synchronized List<String> servedBoards() {
        return List.copyOf(served.keySet());
    }

    /**
     * The open handle on one served board (for tests and hosts that show it).
     *
     * @param slug the board's slug
     * @return the open board
     * @throws io.kanban.core.error.BoardNotFound if the last tick did not serve it
     */
    public synchronized Board board(BoardSlug slug) {
        Served s = served.get(slug.value());
        if (s == null) {
            throw new io.kanban.core.error.BoardNotFound(slug.value());
        }
        return s.board();
    }

    @Override
    public synchronized void close() {
        served.forEach(this::release);
        served.clear();
    }

    /** Tells the watchers, then closes the board's handle. */
    private void release(String slug, Served s) {
        for (Watcher w : watchers) {
            try {
                w.released(slug, s.board());
            } catch (RuntimeException e) {
                LOG.warn("watcher of board {} failed on release: {}", slug, e.toString());
            }
        }
        s.board().close();
    }
}
