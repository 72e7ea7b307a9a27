package io.kanban.core.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One LISTEN connection per board handle, opened when someone first waits for events. Each notification (and
 * each reconnect, after which a notification may have been missed) bumps a generation that waiters watch.
 */
final class PostgresNotifications implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresNotifications.class);
    private static final int POLL_MILLIS = 500;
    private static final long RECONNECT_MILLIS = 1_000;

    private final ConnectionSource connections;
    private final Object monitor = new Object();
    private final CountDownLatch listening = new CountDownLatch(1);
    private long generation;
    private Thread thread;
    private volatile boolean closed;

    /** Opens the dedicated LISTEN connection: from the board's URL, or from the application's data source. */
    @FunctionalInterface
    interface ConnectionSource {
        Connection open() throws SQLException;
    }

    PostgresNotifications(ConnectionSource connections) {
        this.connections = connections;
    }

    /** Starts listening if nobody did yet, and returns once LISTEN is in effect (or a few seconds passed). */
    void start() throws InterruptedException {
        synchronized (monitor) {
            if (thread == null && !closed) {
                thread = new Thread(this::listen, "kanban-listen");
                thread.setDaemon(true);
                thread.start();
            }
        }
        listening.await(5, TimeUnit.SECONDS);
    }

    long generation() {
        synchronized (monitor) {
            return generation;
        }
    }

    /** Waits until the generation moves past {@code seen}, or {@code nanos} pass. */
    void awaitChange(long seen, long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        synchronized (monitor) {
            while (generation == seen && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                TimeUnit.NANOSECONDS.timedWait(monitor, left);
            }
        }
    }

    private void listen() {
        while (!closed) {
            try (Connection c = connections.open()) {
                c.setAutoCommit(true); // a pooled connection may come without: LISTEN would wait for a commit
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + PostgresDatabase.CHANNEL);
                }
                bump(); // anything committed while we were not listening is caught by the waiters' next look
                listening.countDown();
                PGConnection pg = c.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] batch = pg.getNotifications(POLL_MILLIS);
                    if (batch != null && batch.length > 0) {
                        bump();
                    }
                }
            } catch (SQLException e) {
                if (!closed) {
                    LOG.warn("event listener lost its connection ({}); reconnecting", e.getMessage());
                    bump();
                    sleepQuietly();
                }
            }
        }
    }

    private void bump() {
        synchronized (monitor) {
            generation++;
            monitor.notifyAll();
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(RECONNECT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        Thread running;
        synchronized (monitor) {
            closed = true;
            monitor.notifyAll();
            running = thread;
        }
        listening.countDown();
        if (running != null) {
            try {
                running.join(POLL_MILLIS * 4L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
