package io.kanban.core.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.kanban.core.error.StorageFailure;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/**
 * A board in a PostgreSQL schema, shared by processes on many hosts. Each write is a plain READ COMMITTED
 * transaction on a pooled connection; correctness under concurrency comes from the statements themselves
 * (guarded UPDATEs whose row counts decide, row locks taken by reads in write transactions, see
 * {@link Tx#locksRows()}), not from one writer at a time; appending events takes no lock either (event ids follow
 * transaction ids, and cursor readers stop at the event horizon: docs/design/event-log.md). Reads run REPEATABLE
 * READ READ ONLY, one snapshot per read. A write that appends events sends NOTIFY on {@value #CHANNEL} so waiting
 * readers wake at once.
 */
public final class PostgresDatabase implements BoardDatabase {
    /** The NOTIFY channel; the payload is empty: a listener wakes and reads the log by cursor. */
    public static final String CHANNEL = "kanban_events";
    /**
     * How often a waiter looks again while events it has not seen are committed but held back by the event horizon:
     * the transaction holding it back may append nothing and so send no NOTIFY when it ends.
     */
    static final long HELD_BACK_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    static final int WRITE_CONNECTIONS = 10;
    static final int READ_CONNECTIONS = 3;
    /** Deadlocks and serialization failures roll the whole write back; it is run again this many times at most. */
    static final int MAX_ATTEMPTS = 10;
    private static final long CONNECT_TIMEOUT_MILLIS = 30_000;
    /** How long a read or an uncommitted write keeps trying while the server is away (a restart takes seconds). */
    static final long RECONNECT_BUDGET_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final long RECONNECT_PAUSE_MILLIS = 100;
    /**
     * The end of a write that appended events. After the COMMIT, the NOTIFY runs in an implicit transaction that the
     * protocol's Sync ends; an asynchronous commit is safe for a wake-up call, which PostgreSQL never keeps anyway.
     * {@code set_config} rather than {@code SET LOCAL}, which would warn outside an explicit transaction block.
     */
    private static final String COMMIT_THEN_NOTIFY = "commit; select set_config('synchronous_commit', 'off', true), "
            + "pg_notify('" + CHANNEL + "', '')";
    /** SQLSTATE program_limit_exceeded: NOTIFY's queue is full (a listener stopped reading). */
    private static final String NOTIFY_QUEUE_FULL = "54000";

    private final String url;
    private final String schema;
    private final HikariDataSource writers;
    private final HikariDataSource readers;
    private final PostgresStatements statements;
    private final PostgresNotifications notifications;

    private PostgresDatabase(String url, DataSource source) {
        this.url = url;
        this.schema = currentSchema(url);
        this.statements = PostgresStatements.load();
        this.writers = pool(url, source, schema, "kanban-write", WRITE_CONNECTIONS, false);
        try {
            this.readers = pool(url, source, schema, "kanban-read", READ_CONNECTIONS, true);
        } catch (RuntimeException e) {
            writers.close();
            throw e;
        }
        this.notifications = new PostgresNotifications(source == null
                ? () -> DriverManager.getConnection(url)
                : source::getConnection);
    }

    /**
     * Connects to the board at {@code url} ({@code jdbc:postgresql:...}). Migration is the caller's job.
     *
     * @param url the board's JDBC URL, with its credentials
     * @return the connected database
     * @throws StorageFailure if the server cannot be reached or refuses the login
     */
    public static PostgresDatabase open(String url) {
        return new PostgresDatabase(url, null);
    }

    /**
     * Connects to the board through the application's {@code source}: the board's pools take their connections
     * from it (setting their own isolation level, read-only mode and, when {@code url} names one, schema), and so
     * does the LISTEN connection. {@code url} only names the board: for messages, for the workers it starts, and
     * for its {@code currentSchema}. Migration is the caller's job.
     *
     * @param url the board's JDBC URL as other processes reach it; its credentials may be left out
     * @param source where connections come from
     * @return the connected database
     * @throws StorageFailure if no connection can be had from {@code source}
     */
    public static PostgresDatabase open(String url, DataSource source) {
        return new PostgresDatabase(url, Objects.requireNonNull(source, "source"));
    }

    private static HikariDataSource pool(String url, DataSource source, String schema, String name, int size,
                                         boolean readOnly) {
        HikariConfig config = new HikariConfig();
        if (source == null) {
            config.setJdbcUrl(url);
        } else {
            // The application's data source supplies connections; the URL's schema must win over its default.
            config.setDataSource(source);
            config.setSchema(schema);
        }
        config.setPoolName(name);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        config.setAutoCommit(false);
        config.setReadOnly(readOnly);
        config.setTransactionIsolation(readOnly ? "TRANSACTION_REPEATABLE_READ" : "TRANSACTION_READ_COMMITTED");
        config.setConnectionTimeout(CONNECT_TIMEOUT_MILLIS);
        // Try one connection now and fail at once with the server's reason, rather than on the first statement.
        config.setInitializationFailTimeout(1);
        try {
            return new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof SQLException sql) {
                throw storageFailure("cannot open board " + redact(url), sql);
            }
            throw new StorageFailure("cannot open board " + redact(url) + ": " + cause.getMessage(), e);
        }
    }

    @Override
    public String location() {
        return url;
    }

    @Override
    public Dialect dialect() {
        return Dialect.POSTGRES;
    }

    /**
     * The schema the URL names with {@code currentSchema}, or null for the server's default.
     *
     * @return the schema, or null
     */
    public String schema() {
        return schema;
    }

    @Override
    public <T> T write(TxWork<T> work) {
        long reconnectDeadline = 0;
        for (int attempt = 1; ; attempt++) {
            // Set from the moment COMMIT is sent: from then on, running the write again could apply it twice.
            boolean commitSent = false;
            try (Connection c = connection(writers)) {
                StatementCache cache = new StatementCache(c);
                try {
                    Tx tx = new Tx(cache, statements, true);
                    T result = work.run(tx);
                    commitSent = true;
                    commit(c, tx);
                    return result;
                } catch (RuntimeException | SQLException e) {
                    rollbackQuietly(c);
                    if (attempt < MAX_ATTEMPTS && isConflict(e)) {
                        backOff(attempt);
                        continue;
                    }
                    if (isConnectionLoss(e)) {
                        if (commitSent) {
                            // The COMMIT may have reached the server before the connection broke: running the
                            // write again could apply it twice, so the caller hears that its outcome is unknown.
                            throw StorageFailure.outcomeUnknown("lost the connection to board " + redact(url)
                                    + " while committing; the write may or may not have been applied", e);
                        }
                        reconnectDeadline = reconnectDeadline(reconnectDeadline);
                        if (awaitServer(reconnectDeadline)) {
                            continue; // the server rolled the transaction back: the write runs again, once
                        }
                    }
                    if (e instanceof SQLException sql) {
                        throw storageFailure("cannot commit to board " + redact(url), sql);
                    }
                    throw (RuntimeException) e;
                } finally {
                    cache.closeStatements();
                }
            } catch (SQLException e) {
                if (!commitSent && isConnectionLoss(e)) {
                    reconnectDeadline = reconnectDeadline(reconnectDeadline);
                    if (awaitServer(reconnectDeadline)) {
                        continue;
                    }
                }
                throw storageFailure("cannot use board " + redact(url), e);
            }
        }
    }

    /**
     * Commits {@code tx}: its held statements, the COMMIT and, when it appended events, a NOTIFY that wakes waiting
     * readers, in one round trip. The NOTIFY runs after the COMMIT, in an implicit transaction of its own that does
     * not wait for its WAL flush: sent inside the write, it would make every appending commit take the server-wide
     * notification queue lock through its flush, one commit at a time (group commit lost). It ends before the
     * writer returns, so a read right after the write is never held back by it (it has a transaction id of its
     * own, see docs/design/event-log.md).
     *
     * @throws StorageFailure (outcome unknown) when the COMMIT was reached but something failed after it
     */
    private void commit(Connection c, Tx tx) throws SQLException {
        if (!tx.eventsAppended() && !tx.holdsStatements()) {
            c.commit();
            return;
        }
        try {
            tx.sendHeld(tx.eventsAppended() ? COMMIT_THEN_NOTIFY : "commit");
        } catch (SQLException e) {
            if (isConnectionLoss(e) || !reachedCommit(c)) {
                throw e; // nothing committed (or the caller learns the outcome is unknown)
            }
            if (NOTIFY_QUEUE_FULL.equals(e.getSQLState())) {
                return; // the write stands; only the wake-up is lost: waiting readers look again when their wait ends
            }
            throw StorageFailure.outcomeUnknown("a statement after the COMMIT failed on board " + redact(url)
                    + "; the write may or may not have been applied (" + firstLine(e.getMessage()) + ")", e);
        }
    }

    /**
     * After a failed multi-statement commit: true when the server left the transaction (the COMMIT ran, or failed
     * itself); false when it failed before, inside the transaction, and nothing was applied.
     */
    private static boolean reachedCommit(Connection c) {
        try {
            return c.unwrap(BaseConnection.class).getTransactionState() == TransactionState.IDLE;
        } catch (SQLException e) {
            return true; // cannot tell: assume the worst, an unknown outcome
        }
    }

    @Override
    public <T> T read(TxWork<T> work) {
        long reconnectDeadline = 0;
        while (true) {
            try {
                return readOnce(work);
            } catch (RuntimeException e) {
                // A read changes nothing, so one cut off by a restart or a dropped connection simply runs again.
                if (!isConnectionLoss(e)) {
                    throw e;
                }
                reconnectDeadline = reconnectDeadline(reconnectDeadline);
                if (!awaitServer(reconnectDeadline)) {
                    throw e;
                }
            }
        }
    }

    private <T> T readOnce(TxWork<T> work) {
        try (Connection c = connection(readers)) {
            StatementCache cache = new StatementCache(c);
            try {
                T result = work.run(new Tx(cache, statements, false));
                c.commit();
                return result;
            } catch (RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            } finally {
                cache.closeStatements();
            }
        } catch (SQLException e) {
            throw storageFailure("cannot read board " + redact(url), e);
        }
    }

    @Override
    public boolean awaitEventAfter(long cursor, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        notifications.start();
        while (true) {
            // Read the generation first: a NOTIFY that lands after our look bumps it, so the wait below returns.
            long seen = notifications.generation();
            long[] ids = read(tx -> new long[] {EventStore.latestId(tx), EventStore.newestCommittedId(tx)});
            if (ids[0] > cursor) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            notifications.awaitChange(seen, ids[1] > cursor ? Math.min(left, HELD_BACK_POLL_NANOS) : left);
        }
    }

    /** A pooled write connection for schema work; the caller commits. */
    Connection openMaintenanceConnection() throws SQLException {
        return connection(writers);
    }

    javax.sql.DataSource writeDataSource() {
        return writers;
    }

    private static Connection connection(HikariDataSource pool) throws SQLException {
        try {
            return pool.getConnection();
        } catch (SQLTransientConnectionException e) {
            throw new StorageFailure("no database connection became free within "
                    + TimeUnit.MILLISECONDS.toSeconds(CONNECT_TIMEOUT_MILLIS) + " s: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        notifications.close();
        readers.close();
        writers.close();
    }

    /** Two writers that deadlocked or could not be serialised: the loser rolled back and may simply run again. */
    static boolean isConflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().equals("40001") || sql.getSQLState().equals("40P01"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The server went away under this connection (a restart, a failover, an administrator's terminate) or cannot be
     * reached yet: the pool has dropped the broken connection, and work that never reached COMMIT may run again.
     */
    static boolean isConnectionLoss(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                        || state.equals("57P03")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static long reconnectDeadline(long deadline) {
        return deadline != 0 ? deadline : System.nanoTime() + RECONNECT_BUDGET_NANOS;
    }

    /** Pauses before the next try; false once {@code deadline} has passed, so the caller reports the loss. */
    private static boolean awaitServer(long deadline) {
        if (System.nanoTime() >= deadline) {
            return false;
        }
        try {
            Thread.sleep(RECONNECT_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return true;
    }

    private static void backOff(int attempt) {
        long millis = ThreadLocalRandom.current().nextLong(1, 1L + Math.min(50, 2L << attempt));
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageFailure("interrupted while retrying a write", e);
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool drops it
        }
    }

    static StorageFailure storageFailure(String what, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String reason;
        if (state.equals("40001") || state.equals("40P01")) {
            reason = "concurrent writers kept conflicting (tried " + MAX_ATTEMPTS + " times)";
        } else if (state.startsWith("08")) {
            reason = "cannot reach the database server (" + firstLine(e.getMessage()) + ")";
        } else if (state.startsWith("28")) {
            reason = "the server refused the login (" + firstLine(e.getMessage()) + ")";
        } else if (state.equals("3D000")) {
            reason = "the database does not exist (" + firstLine(e.getMessage()) + ")";
        } else if (state.equals("53300")) {
            reason = "the server has no connection slots left";
        } else if (state.equals("57014")) {
            reason = "the statement was cancelled";
        } else {
            reason = firstLine(e.getMessage());
        }
        return new StorageFailure(what + ": " + reason, e);
    }

    /** The URL without a password, for messages. */
    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    static String currentSchema(String url) {
        Properties props = org.postgresql.Driver.parseURL(url, null);
        if (props == null) {
            throw new StorageFailure("not a PostgreSQL JDBC URL: " + redact(url), null);
        }
        String schema = props.getProperty("currentSchema");
        return schema == null || schema.isBlank() ? null : schema;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
