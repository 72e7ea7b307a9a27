package io.kanban.core;

import io.kanban.core.error.ValidationError;
import io.kanban.core.store.BoardDatabase;
import io.kanban.core.store.Dialect;
import io.kanban.core.store.SqliteSchema;
import io.kanban.core.store.SqliteDatabase;
import io.kanban.core.store.PostgresDatabase;
import io.kanban.core.store.PostgresSchema;
import io.kanban.core.spi.BoardObserver;
import io.kanban.core.store.WriterStats;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A kanban board: the one entry point for embedding. Open it from a SQLite file path or a PostgreSQL JDBC URL
 * (created or migrated as needed), use its parts, close it when done. A handle is safe to share between threads.
 * Every process pointed at one PostgreSQL URL works on the same board, with the same guarantees. Errors are
 * unchecked and typed, under {@link io.kanban.core.error.KanbanException}. The example (compiled and run by the
 * tests, {@code JavadocExamplesTest}) creates a task, claims it and completes it:
 *
 * <pre>{@code
 * try (Board board = Board.open(dataDir.resolve("kanban.db"))) {       // created or migrated on open
 *     Task spec = board.tasks().create(NewTask.titled("Write the spec").assignee("pm").build()).task();
 *     ClaimedTask claim = board.claims().claimNext("pm").orElseThrow(); // empty when nothing is ready
 *     return board.claims().complete(spec.id(), new Completion("spec written", null, null, claim.run().id()));
 * }
 * }</pre>
 */
public final class Board implements AutoCloseable {
    private final BoardContext ctx;
    private final boolean owner;
    private final Tasks tasks;
    private final Claims claims;
    private final Links links;
    private final Comments comments;
    private final Attachments attachments;
    private final Runs runs;
    private final Events events;
    private final NotifySubscriptions notifySubscriptions;
    private final Dispatch dispatch;
    private final Health health;
    private final Diagnostics diagnostics;
    private final BoardRows rows;
    private final CardPages cardPages;
    private final Fleet fleet;

    private Board(BoardContext ctx, boolean owner) {
        this.ctx = ctx;
        this.owner = owner;
        this.tasks = new Tasks(ctx);
        this.claims = new Claims(ctx);
        this.links = new Links(ctx);
        this.comments = new Comments(ctx);
        this.attachments = new Attachments(ctx);
        this.runs = new Runs(ctx);
        this.events = new Events(ctx);
        this.notifySubscriptions = new NotifySubscriptions(ctx);
        this.dispatch = new Dispatch(ctx, claims);
        this.health = new Health(ctx);
        this.diagnostics = new Diagnostics(ctx);
        this.rows = new BoardRows(ctx);
        this.cardPages = new CardPages(ctx);
        this.fleet = new Fleet(ctx);
    }

    /**
     * Prepares the embedded SQLite driver ahead of the first {@link #open}, so a short-lived process can overlap
     * that set-up (tens of milliseconds) with its own start-up on another thread. Optional and idempotent.
     */
    public static void warmUpEmbeddedDriver() {
        SqliteDatabase.warmUpDriver();
    }

    /**
     * Opens the SQLite board file at {@code path}, creating it (and its folder's lock file) if missing and
     * migrating an older board to this code's schema.
     *
     * @param path the board file
     * @return an open board; close it when done
     * @throws io.kanban.core.error.BoardTooNew if a newer version of this code wrote the board
     * @throws io.kanban.core.error.IncompatibleBoard if the file holds tables this code did not make
     * @throws io.kanban.core.error.StorageFailure if the file cannot be opened or migrated
     */
    public static Board open(Path path) {
        return open(BoardOptions.at(path));
    }

    /**
     * Opens the board at a file path, {@code jdbc:sqlite:PATH} or {@code jdbc:postgresql://host/db?...}
     * ({@code currentSchema=} picks the schema; it is created if missing), creating or migrating it first.
     *
     * @param location where the board lives
     * @return an open board; close it when done
     * @throws io.kanban.core.error.ValidationError if the location is blank or another kind of JDBC URL
     * @throws io.kanban.core.error.BoardTooNew if a newer version of this code wrote the board
     * @throws io.kanban.core.error.IncompatibleBoard if the database holds tables this code did not make
     * @throws io.kanban.core.error.StorageFailure if the database cannot be reached or migrated
     */
    public static Board open(String location) {
        return open(BoardOptions.at(location));
    }

    /**
     * Opens the board at {@code options.location()} with the options' clock, claim TTL and claim identity,
     * creating or migrating it first.
     *
     * @param options where and how
     * @return an open board; close it when done
     * @throws io.kanban.core.error.BoardTooNew if a newer version of this code wrote the board
     * @throws io.kanban.core.error.IncompatibleBoard if the database holds tables this code did not make
     * @throws io.kanban.core.error.StorageFailure if the database cannot be reached or migrated
     */
    public static Board open(BoardOptions options) {
        BoardDatabase db = switch (options.dialect()) {
            case SQLITE -> SqliteDatabase.open(options.path());
            case POSTGRES -> PostgresDatabase.open(options.location());
        };
        return migrateAndWrap(db, options);
    }

    /**
     * Opens a PostgreSQL board through the application's {@code dataSource} (its pool, its credentials), creating
     * or migrating it first. The board still keeps pools of its own, filled from {@code dataSource}: up to 10
     * connections for writes and 3 for reads, each set to the isolation level and read-only mode the board needs,
     * plus one held for {@code LISTEN}; size the application's pool for that. {@code options.location()} is a
     * {@code jdbc:postgresql:} URL naming the same database: it is not used to connect, but it is what the
     * dispatcher tells the workers it starts and what messages show, and its {@code currentSchema} picks the
     * board's schema (created if missing, set on every connection). Credentials may be left out of it when the
     * workers find them elsewhere ({@code PGPASSFILE}, {@code .pgpass}). docs/embedding.md shows an example.
     *
     * @param dataSource where the board's connections come from; the board does not close it
     * @param options the board's URL (see above), clock, claim TTL and claim identity
     * @return an open board; close it when done, before the data source
     * @throws io.kanban.core.error.ValidationError if {@code options} names a SQLite board
     * @throws io.kanban.core.error.BoardTooNew if a newer version of this code wrote the board
     * @throws io.kanban.core.error.IncompatibleBoard if the schema holds tables this code did not make
     * @throws io.kanban.core.error.StorageFailure if no connection can be had or the board cannot be migrated
     */
    public static Board open(DataSource dataSource, BoardOptions options) {
        Objects.requireNonNull(dataSource, "dataSource");
        if (options.dialect() != Dialect.POSTGRES) {
            throw new ValidationError("db",
                    "a board opened from a DataSource is a PostgreSQL board: give its jdbc:postgresql: URL");
        }
        return migrateAndWrap(PostgresDatabase.open(options.location(), dataSource), options);
    }

    private static Board migrateAndWrap(BoardDatabase db, BoardOptions options) {
        try {
            if (db instanceof PostgresDatabase pg) {
                PostgresSchema.ensureCurrent(pg);
            } else {
                SqliteSchema.ensureCurrent((SqliteDatabase) db, options.path().toAbsolutePath());
            }
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return new Board(new BoardContext(db, options, null), true);
    }

    /**
     * A handle that sees and changes only {@code tenant}'s tasks; it shares this board's connections and
     * observers, and closing it does nothing. Tasks it creates belong to {@code tenant}; touching another
     * tenant's task through it throws {@link io.kanban.core.error.TenantMismatch}.
     *
     * @param tenant the tenant's name
     * @return the scoped handle
     * @throws io.kanban.core.error.ValidationError if the name is empty or too long
     */
    public Board forTenant(String tenant) {
        return new Board(ctx.scopedTo(Limits.label("tenant", tenant)), false);
    }

    /** @return the tenant this handle is scoped to, or null for the whole board */
    public String tenant() {
        return ctx.tenant;
    }

    /** @return the board file or JDBC URL, as workers are told it in {@code HERMES_KANBAN_DB} */
    public String location() {
        return ctx.db.location();
    }

    /**
     * What this process's SQLite writer has done since the board opened (transactions, the writes they grouped,
     * busy and commit time); empty on PostgreSQL. Benchmarks read it to show where a write's time goes.
     *
     * @return the writer's figures, or empty on PostgreSQL
     */
    public Optional<WriterStats> writerStats() {
        return ctx.db.writerStats();
    }

    /**
     * Serves the claims, completions and heartbeats of this host's other processes on this SQLite board, so that
     * their writes share this process's transactions and page cache instead of taking the file's write lock in
     * turn: one writer per host. Meant for a process that lives long and writes anyway (the dispatcher's daemon,
     * a benchmark's worker). One process per board file serves; when another already does, this one takes over
     * should that one go away. Closing the board stops serving, and each client then writes for itself again.
     * Clients need nothing: every handle on a SQLite board hands those writes to the serving process when there is
     * one whose settings (claim TTL, the system clock) match its own. A no-op on PostgreSQL, where the server is
     * the one writer already, and on a handle with its own clock.
     *
     * @return whether this process serves now
     * @throws IllegalStateException if called on a tenant handle ({@link #forTenant}) rather than the board
     */
    public boolean serveHostWrites() {
        if (!owner) {
            throw new IllegalStateException("serve the host's writes from the handle that opened the board");
        }
        return ctx.host.serve(this, ctx.db);
    }

    /**
     * Registers an observer of the claims and dispatch ticks made through this board and its tenant handles, in
     * this process (metrics; see {@link io.kanban.core.metrics.KanbanMetrics}).
     *
     * @param observer told after each claim attempt and each tick
     * @return closing it unregisters the observer
     */
    public AutoCloseable observe(BoardObserver observer) {
        return ctx.observers.add(java.util.Objects.requireNonNull(observer, "observer"));
    }

    /** @return the options this board was opened with (location, clock, claim TTL, claim identity) */
    public BoardOptions options() {
        return ctx.options;
    }

    /** @return creating, reading, editing, moving and archiving tasks; stats and board cards */
    public Tasks tasks() {
        return tasks;
    }

    /** @return claiming tasks, heartbeats, completing and blocking them */
    public Claims claims() {
        return claims;
    }

    /** @return parent/child links between tasks (a child waits until all its parents are done) */
    public Links links() {
        return links;
    }

    /** @return comments on tasks */
    public Comments comments() {
        return comments;
    }

    /** @return the files on each card: uploads and the artifacts workers hand over */
    public Attachments attachments() {
        return attachments;
    }

    /** @return the attempts (runs) at each task */
    public Runs runs() {
        return runs;
    }

    /** @return the event log, read by cursor, and waiting for new events */
    public Events events() {
        return events;
    }

    /** @return subscriptions that send a task's or a board's events to notification targets */
    public NotifySubscriptions notifySubscriptions() {
        return notifySubscriptions;
    }

    /** @return the dispatcher's decisions: ticks, reclaims, timeouts, promotion, spawn bookkeeping */
    public Dispatch dispatch() {
        return dispatch;
    }

    /** @return problems with cards a person can fix, each with its actions (reclaim, reassign, unblock, ...) */
    public Diagnostics diagnostics() {
        return diagnostics;
    }

    /** @return the board's rows as plain values, to export it or load an export into an empty board */
    public BoardRows rows() {
        return rows;
    }

    /** @return the board a screenful at a time: column counts and slices, filtered and searched in the database */
    public CardPages cardPages() {
        return cardPages;
    }

    /** @return how the fleet did over a window: completions, waits and run times per profile, failures, workers */
    public Fleet fleet() {
        return fleet;
    }

    /** @return the stuck-queue check: ready tasks no dispatcher starts */
    public Health health() {
        return health;
    }

    /**
     * Closes the board's connections. Closing a tenant handle ({@link #forTenant}) does nothing; the board that
     * opened it owns the connections. Stop dispatchers and notifiers running on the board first.
     */
    @Override
    public void close() {
        if (owner) {
            ctx.host.close();
            ctx.db.close();
        }
    }
}
