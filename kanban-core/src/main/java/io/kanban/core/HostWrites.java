package io.kanban.core;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.type.TypeFactory;
import io.kanban.core.error.StorageFailure;
import io.kanban.core.store.BoardDatabase;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One writer per host, for a SQLite board: a process that writes the board hands its claims, completions and
 * heartbeats ({@link HostRequest}) to the process that serves the board's writes on this host
 * ({@link HostWriteServer}), when one does; there they share one transaction with the writes of every other
 * process, on a page cache that stays warm. Processes that each write for themselves take the file's write lock
 * in turn, a batch each, and re-read the pages another process changed.
 *
 * <p>Forwarding is an optimisation and never needed for correctness: every write still goes through SQLite's
 * lock, wherever it runs. A process writes for itself when no process serves (the socket is missing or dead,
 * looked at again after a second), when the server refuses its settings, when the server answers that the write
 * failed (nothing was written; running it here gives the caller the error first hand) or says goodbye, and for
 * every write not listed in {@link HostRequest}. The one case it cannot settle is a server that dies after
 * reading a request and before answering: the write may have committed or not, and the caller gets a
 * {@link StorageFailure#outcomeUnknown} as when a connection breaks during COMMIT.
 *
 * <p>A process that asked to serve ({@link #serve}) serves when it can, and takes over when the serving process
 * goes away.
 */
final class HostWrites implements AutoCloseable {
    private static final long LOOK_AGAIN_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Path boardFile;
    /** What a write's outcome depends on besides its arguments; a server with other settings refuses us. */
    private final String writes;
    private final boolean usable;
    private final Queue<HostConnection> idle = new ConcurrentLinkedQueue<>();
    private final Map<Class<?>, ObjectReader> readers = new ConcurrentHashMap<>();
    /** Before this {@link System#nanoTime}, no server is looked for. */
    private volatile long lookAgainAt;
    /** Set when this process asked to serve; the handle that serves. */
    private volatile Board candidate;
    private volatile BoardDatabase candidateDb;
    /** Guarded by {@code this}; non-null while this process serves. */
    private HostWriteServer server;
    /** Whether {@link #server} is set, readable without the lock: every write of this handle asks it first. */
    private volatile boolean serving;
    private volatile boolean closed;

    private HostWrites(Path boardFile, String writes, boolean usable) {
        this.boardFile = boardFile;
        this.writes = writes;
        this.usable = usable;
    }

    /**
     * @param options the board's options
     * @return the host writes of a SQLite board; a PostgreSQL board's server is already shared by every host
     */
    static HostWrites of(BoardOptions options) {
        if (options.dialect() != io.kanban.core.store.Dialect.SQLITE) {
            return new HostWrites(null, null, false);
        }
        Path file = options.path().toAbsolutePath();
        // Both sides judge time by their own clock: only the system's is the same in every process.
        boolean systemClock = options.clock().getClass() == Clock.systemUTC().getClass();
        return new HostWrites(file, "claim_ttl=" + options.claimTtl(), systemClock
                && HostWriteServer.socketFits(file));
    }

    /**
     * Runs {@code request} in the host's writer process when there is one, else {@code here} in this process.
     *
     * @param request the write and its arguments
     * @param here the same write, run in this process
     * @param <T> its answer
     * @return the write's answer
     * @throws StorageFailure with {@link StorageFailure#outcomeUnknown()} if the writer process went away after it
     *     read the request and before it answered
     */
    <T> T run(HostRequest<T> request, Supplier<T> here) {
        if (!usable || serving || closed) {
            return here.get();
        }
        // An interrupt would close a channel that is being connected to under the thread: held back, and restored.
        boolean interrupted = Thread.interrupted();
        HostReply<T> reply;
        try {
            reply = forward(request);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return reply != null && reply.ok() ? reply.answer() : here.get();
    }

    /**
     * @return the server's reply; null when no server took the request, or it said goodbye: the caller runs it
     */
    private <T> HostReply<T> forward(HostRequest<T> request) {
        HostConnection channel = borrow();
        if (channel == null) {
            return null;
        }
        try {
            channel.send(request);
        } catch (IOException e) {
            // Not sent, or not whole: the server runs only whole requests.
            lost(channel);
            return null;
        }
        byte[] frame;
        try {
            frame = channel.receive();
        } catch (IOException e) {
            lost(channel);
            throw StorageFailure.outcomeUnknown("the writer process of board " + boardFile + " went away during "
                    + request.name() + ": it may or may not have been applied", e);
        }
        HostReply<T> reply;
        try {
            reply = replyReader(request).readValue(frame);
        } catch (IOException e) {
            lost(channel);
            throw StorageFailure.outcomeUnknown("unreadable answer to " + request.name()
                    + " from the writer process of board " + boardFile + ": " + e.getMessage(), e);
        }
        if (reply.goodbye()) {
            lost(channel); // the server is closing and did not run it
            return null;
        }
        idle.offer(channel);
        return reply; // an answer, or a failure the caller meets first hand by running the write itself
    }

    /** The reader of the replies to requests like {@code request}, made once per kind. */
    @SuppressWarnings("unchecked")
    private <T> ObjectReader replyReader(HostRequest<T> request) {
        return readers.computeIfAbsent(request.getClass(), kind -> {
            TypeFactory types = HostFrames.JSON.getTypeFactory();
            return HostFrames.JSON.readerFor(types.constructParametricType(HostReply.class,
                    types.constructType(request.answerType())));
        });
    }

    /**
     * Serves this host's writes on {@code board} from now on, if no other process does; otherwise takes over when
     * the serving process goes away (noticed on this process's next forwarded write).
     *
     * @param board the handle that runs the requests
     * @param db its database
     * @return whether this process serves now
     */
    boolean serve(Board board, BoardDatabase db) {
        if (!usable) {
            return false;
        }
        candidateDb = db;
        candidate = board;
        return tryToServe();
    }

    private synchronized boolean tryToServe() {
        // A server that answers is another process's, or another handle's in this JVM; asking for the lock only
        // to be refused would close a descriptor of the lock file, and the kernel drops a process's locks on a
        // file when any of its descriptors of it closes.
        if (server == null && !closed && !answers()) {
            server = HostWriteServer.tryStart(candidate, candidateDb, boardFile, writes);
            serving = server != null;
        }
        return serving;
    }

    private boolean answers() {
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(HostWriteServer.socketOf(boardFile)));
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** @return whether this process serves the host's writes */
    boolean serving() {
        return serving;
    }

    private HostConnection borrow() {
        HostConnection channel = idle.poll();
        if (channel != null) {
            return channel;
        }
        if (System.nanoTime() - lookAgainAt < 0) {
            return null;
        }
        try {
            channel = HostConnection.open(HostWriteServer.socketOf(boardFile));
            channel.send(Map.of("hello", 1, "board", boardFile.toString(), "writes", writes));
            if (HostFrames.JSON.readTree(channel.receive()).path("ok").asBoolean()) {
                return channel;
            }
            close(channel);
            lookAgainAt = System.nanoTime() + LOOK_AGAIN_NANOS;
            return null;
        } catch (IOException | RuntimeException e) {
            close(channel);
            lookAgainAt = System.nanoTime() + LOOK_AGAIN_NANOS;
            if (candidate != null && tryToServe()) {
                closeIdle();
            }
            return null;
        }
    }

    /** The server is gone or going: drop this connection and the idle ones, and look again later. */
    private void lost(HostConnection channel) {
        close(channel);
        closeIdle();
        lookAgainAt = System.nanoTime();
    }

    private void closeIdle() {
        HostConnection channel;
        while ((channel = idle.poll()) != null) {
            close(channel);
        }
    }

    private static void close(HostConnection channel) {
        if (channel != null) {
            channel.close();
        }
    }

    /** Stops serving (each client runs its next write itself) and closes the connections to the server. */
    @Override
    public void close() {
        HostWriteServer running;
        synchronized (this) {
            closed = true;
            running = server;
            server = null;
            serving = false;
        }
        if (running != null) {
            running.close();
        }
        closeIdle();
    }
}
