package io.kanban.core.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends {@code NOTIFY} for this process's event-appending writes once they have committed, on a connection of its
 * own, one NOTIFY for all the commits since the last. A NOTIFY inside the writing transaction would take
 * PostgreSQL's lock on the notification queue (one for the whole server) at commit and hold it through the commit's
 * WAL flush, so only one notifying transaction could commit at a time: writers would take turns again, as they did
 * under the old append lock. A wake-up is a hint: listeners read the log by cursor and also look again after their
 * timeout, so one lost with a crash between commit and NOTIFY delays a reader and loses nothing.
 */
final class PostgresWakeUps implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresWakeUps.class);
    private static final long CLOSE_WAIT_MILLIS = 2_000;

    private final String url;
    private final Object monitor = new Object();
    private boolean pending;
    private boolean closed;
    private Thread thread;
    /** Only the sending thread uses it. */
    private Connection connection;
    private boolean warned;

    PostgresWakeUps(String url) {
        this.url = url;
    }

    /** Called after a commit that appended events; returns at once. */
    void eventsCommitted() {
        synchronized (monitor) {
            if (closed) {
                return;
            }
            pending = true;
            if (thread == null) {
                thread = new Thread(this::run, "kanban-notify-sender");
                thread.setDaemon(true);
                thread.start();
            }
            monitor.notifyAll();
        }
    }

    private void run() {
        try {
            while (true) {
                synchronized (monitor) {
                    while (!pending && !closed) {
                        monitor.wait();
                    }
                    if (!pending) {
                        return;
                    }
                    pending = false;
                }
                send();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeConnection();
        }
    }

    private void send() {
        try {
            if (connection == null) {
                connection = DriverManager.getConnection(url);
                connection.setAutoCommit(true);
            }
            try (Statement st = connection.createStatement()) {
                st.execute("NOTIFY " + PostgresDatabase.CHANNEL);
            }
            warned = false;
        } catch (SQLException e) {
            if (!warned) {
                LOG.warn("cannot send NOTIFY {} ({}); waiting readers fall back to their timeout",
                        PostgresDatabase.CHANNEL, e.getMessage());
                warned = true;
            }
            closeConnection();
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // broken already
            }
            connection = null;
        }
    }

    /** Sends what is pending, then stops. */
    @Override
    public void close() {
        Thread running;
        synchronized (monitor) {
            closed = true;
            monitor.notifyAll();
            running = thread;
        }
        if (running != null) {
            try {
                running.join(CLOSE_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
