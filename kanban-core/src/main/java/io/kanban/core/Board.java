package io.kanban.core;

import io.kanban.core.store.BoardDatabase;
import io.kanban.core.store.SqliteSchema;
import io.kanban.core.store.SqliteDatabase;
import io.kanban.core.store.PostgresDatabase;
import io.kanban.core.store.PostgresSchema;
import io.kanban.core.store.WriterStats;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A kanban board: the one entry point for embedding. Open it from a SQLite file path or a PostgreSQL JDBC URL
 * (created or migrated as needed), use its parts, close it when done. A handle is safe to share between threads.
 * Every process pointed at one PostgreSQL URL works on the same board, with the same guarantees.
 *
 * <pre>{@code
 * try (Board board = Board.open(Path.of("kanban.db"))) {
 *     Task task = board.tasks().create(NewTask.titled("write the spec").assignee("pm").build()).task();
 *     board.claims().claim(task.id()).ifPresent(c -> board.claims().complete(task.id(), Completion.withSummary("done")));
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
    private final Runs runs;
    private final Events events;
    private final NotifySubscriptions notifySubscriptions;
    private final Dispatch dispatch;
    private final Health health;
    private final Diagnostics diagnostics;

    private Board(BoardContext ctx, boolean owner) {
        this.ctx = ctx;
        this.owner = owner;
        this.tasks = new Tasks(ctx);
        this.claims = new Claims(ctx);
        this.links = new Links(ctx);
        this.comments = new Comments(ctx);
        this.runs = new Runs(ctx);
        this.events = new Events(ctx);
        this.notifySubscriptions = new NotifySubscriptions(ctx);
        this.dispatch = new Dispatch(ctx, claims);
        this.health = new Health(ctx);
        this.diagnostics = new Diagnostics(ctx);
    }

    /**
     * Prepares the embedded SQLite driver ahead of the first {@link #open}, so a short-lived process can overlap
     * that set-up (tens of milliseconds) with its own start-up on another thread. Optional and idempotent.
     */
    public static void warmUpEmbeddedDriver() {
        SqliteDatabase.warmUpDriver();
    }

    public static Board open(Path path) {
        return open(BoardOptions.at(path));
    }

    /** Opens the board at a file path, {@code jdbc:sqlite:PATH} or {@code jdbc:postgresql://host/db?...}. */
    public static Board open(String location) {
        return open(BoardOptions.at(location));
    }

    /** Opens the board at {@code options.location()}, creating or migrating it first. */
    public static Board open(BoardOptions options) {
        BoardDatabase db = switch (options.dialect()) {
            case SQLITE -> SqliteDatabase.open(options.path());
            case POSTGRES -> PostgresDatabase.open(options.location());
        };
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
     * closing it does nothing.
     */
    public Board forTenant(String tenant) {
        return new Board(ctx.scopedTo(Limits.label("tenant", tenant)), false);
    }

    /** The tenant this handle is scoped to, or null for the whole board. */
    public String tenant() {
        return ctx.tenant;
    }

    /** The board file or JDBC URL, as workers are told it in {@code HERMES_KANBAN_DB}. */
    public String location() {
        return ctx.db.location();
    }

    /**
     * What this process's SQLite writer has done since the board opened (transactions, the writes they grouped,
     * busy and commit time); empty on PostgreSQL. Benchmarks read it to show where a write's time goes.
     */
    public Optional<WriterStats> writerStats() {
        return ctx.db.writerStats();
    }

    public BoardOptions options() {
        return ctx.options;
    }

    public Tasks tasks() {
        return tasks;
    }

    public Claims claims() {
        return claims;
    }

    public Links links() {
        return links;
    }

    public Comments comments() {
        return comments;
    }

    public Runs runs() {
        return runs;
    }

    public Events events() {
        return events;
    }

    public NotifySubscriptions notifySubscriptions() {
        return notifySubscriptions;
    }

    public Dispatch dispatch() {
        return dispatch;
    }

    /** Problems with cards a person can fix, each with its actions (reclaim, reassign, unblock, ...). */
    public Diagnostics diagnostics() {
        return diagnostics;
    }

    public Health health() {
        return health;
    }

    @Override
    public void close() {
        if (owner) {
            ctx.db.close();
        }
    }
}
