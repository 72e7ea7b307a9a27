package io.kanban.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.kanban.core.store.BoardDatabase;
import io.kanban.core.store.TxWork;
import io.kanban.core.store.WriteOutcome;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The host's writer: serves the writes of the other processes on this host ({@link HostRequest}) on this
 * process's board handle. One thread does it all, as an event loop: it reads every request that has arrived on
 * any connection, runs them as one group of writes ({@link BoardDatabase#writeEach}, where they share commits with
 * this process's own writes), answers each, and reads again. Whatever arrived while a group ran goes into the
 * next, so the groups grow with the load, as the commit groups of one process's threads do.
 *
 * <p>One process per board file serves: the one holding the lock on {@code kanban.db-writer}, which listens on
 * {@code kanban.db-writer.sock}. The kernel drops the lock when the process dies, SIGKILL included, and the next
 * process that wants to serve deletes the dead socket and takes over.
 *
 * <p>Closing answers the requests already read, then says {@code goodbye} on every connection and closes it: a
 * request the server did not run gets {@code goodbye} as its answer, and its client runs it itself.
 */
final class HostWriteServer implements AutoCloseable {
    /** The election lock's name: the board file's, with this suffix, as the turn file's. */
    static final String LOCK_SUFFIX = "-writer";
    /** The socket's name: the board file's, with this suffix. */
    static final String SOCKET_SUFFIX = "-writer.sock";
    /** A Unix socket's path must fit {@code sun_path} (108 bytes with its terminator) on Linux. */
    private static final int MAX_SOCKET_PATH = 107;
    private static final long CLOSE_WAIT_MILLIS = 5_000;
    private static final int READ_BUFFER = 64 * 1024;
    /** A group waits for no more requests than this; more may come in the same read. */
    private static final int MAX_GROUP = 64;
    /** How long a group waits for one more request, at most. */
    private static final long GATHER_NANOS = TimeUnit.MICROSECONDS.toNanos(150);
    private static final long GATHER_STEP_NANOS = TimeUnit.MICROSECONDS.toNanos(20);

    private final Board board;
    private final BoardDatabase db;
    private final String boardFile;
    private final String writes;
    private final Path socket;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final ServerSocketChannel listener;
    private final Selector selector;
    /** Only the loop's thread uses it. */
    private final Set<Connection> connections = new HashSet<>();
    private final Map<String, Claims> claimsByTenant = new ConcurrentHashMap<>();
    private final Thread loop;
    private volatile boolean closing;

    private HostWriteServer(Board board, BoardDatabase db, Path boardFile, String writes, Path socket,
                            FileChannel lockChannel, FileLock lock, ServerSocketChannel listener, Selector selector) {
        this.board = board;
        this.db = db;
        this.boardFile = boardFile.toString();
        this.writes = writes;
        this.socket = socket;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.listener = listener;
        this.selector = selector;
        this.loop = new Thread(this::run, "kanban-host-writer");
        this.loop.setDaemon(true);
    }

    /** @return the socket the writer of the board file at {@code boardFile} listens on */
    static Path socketOf(Path boardFile) {
        return boardFile.resolveSibling(boardFile.getFileName() + SOCKET_SUFFIX);
    }

    /** @return whether {@link #socketOf} fits a Unix socket's path */
    static boolean socketFits(Path boardFile) {
        return socketOf(boardFile).toString().getBytes(StandardCharsets.UTF_8).length <= MAX_SOCKET_PATH;
    }

    /**
     * Becomes the host's writer for {@code boardFile} unless another process is.
     *
     * @param board the handle whose claims run the requests (not scoped to a tenant)
     * @param db that handle's database
     * @param boardFile the board file, absolute
     * @param writes what the writes depend on; clients whose handles differ are refused
     * @return the running server, or null when another process serves or no socket can be made here
     */
    static HostWriteServer tryStart(Board board, BoardDatabase db, Path boardFile, String writes) {
        if (!socketFits(boardFile)) {
            return null;
        }
        Path socket = socketOf(boardFile);
        FileChannel channel = null;
        ServerSocketChannel listener = null;
        try {
            channel = FileChannel.open(boardFile.resolveSibling(boardFile.getFileName() + LOCK_SUFFIX),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return null;
            }
            // Holding the lock, we own the socket's name: a socket left there is a dead writer's.
            Files.deleteIfExists(socket);
            listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            listener.bind(UnixDomainSocketAddress.of(socket));
            listener.configureBlocking(false);
            Selector selector = Selector.open();
            listener.register(selector, SelectionKey.OP_ACCEPT);
            HostWriteServer server = new HostWriteServer(board, db, boardFile, writes, socket, channel, lock,
                    listener, selector);
            server.loop.start();
            return server;
        } catch (IOException | OverlappingFileLockException | UnsupportedOperationException e) {
            // No lock or no socket here (a read-only folder, a platform without Unix sockets): each process
            // writes for itself, as before.
            closeQuietly(listener);
            closeQuietly(channel);
            return null;
        }
    }

    private void run() {
        try {
            while (!closing) {
                selector.select();
                List<Incoming> requests = new ArrayList<>();
                readSelected(requests);
                if (!requests.isEmpty()) {
                    gather(requests);
                    serve(requests);
                }
            }
        } catch (IOException | RuntimeException e) {
            // The selector itself failed: stop serving; the goodbyes below send the clients back to writing
            // for themselves.
        } finally {
            for (Connection connection : List.copyOf(connections)) {
                connection.goodbye();
            }
            closeQuietly(listener);
            closeQuietly(selector);
        }
    }

    /** Accepts, writes and reads what the last select found ready; whole requests go to {@code requests}. */
    private void readSelected(List<Incoming> requests) throws IOException {
        for (SelectionKey key : selector.selectedKeys()) {
            if (!key.isValid()) {
                continue;
            }
            if (key.isAcceptable()) {
                accept();
                continue;
            }
            Connection connection = (Connection) key.attachment();
            if (key.isWritable()) {
                connection.flush();
            }
            if (key.isValid() && key.isReadable()) {
                connection.read(requests);
            }
        }
        selector.selectedKeys().clear();
    }

    /**
     * Waits a little for more requests while some connections have none in: a client asks one thing at a time,
     * those answered last are about to ask again, and a group that waits for them shares its commit with them.
     * Waiting only for as many as the last group held, as the in-process batches do, kept the groups at the size
     * they happened to start with (measured: 3,464 cycles/s with 4 JVMs x 4 threads, against 4,767 and 4,692).
     */
    private void gather(List<Incoming> requests) throws IOException {
        int expected = Math.min(connections.size(), MAX_GROUP);
        long idleSince = System.nanoTime();
        while (requests.size() < expected && System.nanoTime() - idleSince < GATHER_NANOS) {
            LockSupport.parkNanos(GATHER_STEP_NANOS);
            if (selector.selectNow() == 0) {
                continue;
            }
            int before = requests.size();
            readSelected(requests);
            if (requests.size() > before) {
                idleSince = System.nanoTime();
            }
        }
    }

    private void accept() throws IOException {
        SocketChannel channel = listener.accept();
        if (channel == null) {
            return;
        }
        channel.configureBlocking(false);
        Connection connection = new Connection(channel);
        connection.key = channel.register(selector, SelectionKey.OP_READ, connection);
        connections.add(connection);
    }

    /** Runs the requests read in one pass as one group of writes, and answers each. */
    private void serve(List<Incoming> requests) {
        List<TxWork<?>> works = new ArrayList<>(requests.size());
        List<Incoming> runnable = new ArrayList<>(requests.size());
        for (Incoming incoming : requests) {
            try {
                works.add(incoming.request.work(claimsFor(incoming.request.tenant())));
                runnable.add(incoming);
            } catch (RuntimeException e) {
                incoming.from.send(HostReply.failedBecause(String.valueOf(e.getMessage()))); // a bad tenant name
            }
        }
        List<WriteOutcome> outcomes = db.writeEach(works);
        for (int i = 0; i < runnable.size(); i++) {
            WriteOutcome outcome = outcomes.get(i);
            runnable.get(i).from.send(outcome.committed() ? HostReply.answered(outcome.value())
                    : HostReply.failedBecause(String.valueOf(outcome.failure().getMessage())));
        }
    }

    private Claims claimsFor(String tenant) {
        return tenant == null ? board.claims()
                : claimsByTenant.computeIfAbsent(tenant, t -> board.forTenant(t).claims());
    }

    private boolean welcomes(JsonNode hello) {
        return hello.path("hello").asInt() == 1 && boardFile.equals(hello.path("board").asText())
                && writes.equals(hello.path("writes").asText());
    }

    /**
     * Stops serving: the requests read so far are answered, every connection is told goodbye and closed, and
     * the socket and the lock are given up for the next writer.
     */
    @Override
    public void close() {
        closing = true;
        selector.wakeup();
        try {
            loop.join(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException ignored) {
            // the next writer deletes it when it takes over
        }
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(lockChannel);
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (IOException ignored) {
            // nothing more to do with it
        }
    }

    /** A request read from a connection, to run with the others of its pass. */
    private record Incoming(Connection from, HostRequest<?> request) {
    }

    /** One client's connection: the bytes read and not yet framed, and those not yet written. */
    private final class Connection {
        private final SocketChannel channel;
        private SelectionKey key;
        private ByteBuffer in = ByteBuffer.allocate(READ_BUFFER);
        private ByteBuffer out;
        private boolean greeted;
        private boolean closed;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }

        /** Reads what has arrived and adds each whole request to {@code requests}; the hello is answered here. */
        void read(List<Incoming> requests) {
            try {
                if (channel.read(in) < 0) {
                    close();
                    return;
                }
                in.flip();
                while (in.remaining() >= 4) {
                    int length = in.getInt(in.position());
                    if (length < 0 || length > HostFrames.MAX_FRAME) {
                        close();
                        return;
                    }
                    if (in.remaining() < 4 + length) {
                        if (in.capacity() < 4 + length) {
                            ByteBuffer larger = ByteBuffer.allocate(4 + length);
                            larger.put(in);
                            in = larger;
                            return; // already compacted into the larger buffer, which is in write mode
                        }
                        break;
                    }
                    in.getInt();
                    byte[] body = new byte[length];
                    in.get(body);
                    if (greeted) {
                        request(body, requests);
                    } else {
                        greeted = welcomes(HostFrames.JSON.readTree(body));
                        send(greeted ? HostReply.answered(null) : HostReply.failedBecause(
                                "the writer of this board runs writes with other settings"));
                    }
                }
                in.compact();
            } catch (IOException e) {
                close();
            }
        }

        /** Decodes a request; one this server cannot read is answered at once as failed, and runs nowhere. */
        private void request(byte[] body, List<Incoming> requests) {
            try {
                requests.add(new Incoming(this, HostFrames.JSON.readValue(body, HostRequest.class)));
            } catch (IOException | RuntimeException e) {
                send(HostReply.failedBecause("unreadable request: " + e.getMessage()));
            }
        }

        /**
         * Writes {@code frame}, or as much as the socket takes now and the rest when it is writable again. A client
         * reads its answer before it asks again, so little ever waits here.
         */
        void send(HostReply<?> reply) {
            if (closed) {
                return;
            }
            try {
                ByteBuffer buffer = HostFrames.frame(reply);
                if (out != null) {
                    ByteBuffer joined = ByteBuffer.allocate(out.remaining() + buffer.remaining());
                    out = joined.put(out).put(buffer).flip();
                } else {
                    out = buffer;
                }
                flush();
            } catch (IOException e) {
                close();
            }
        }

        void flush() {
            try {
                channel.write(out);
                if (out.hasRemaining()) {
                    key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                } else {
                    out = null;
                    key.interestOps(SelectionKey.OP_READ);
                }
            } catch (IOException e) {
                close();
            }
        }

        /**
         * Tells the client that nothing more will be run for it, and closes. A client waits for one answer at a
         * time, so the socket has room for this one: were it full, the client would meet the closed connection
         * instead, which says the same before it has sent a request, and an unknown outcome after.
         */
        void goodbye() {
            if (!closed && greeted && out == null) {
                try {
                    channel.write(HostFrames.frame(HostReply.farewell()));
                } catch (IOException ignored) {
                    // the client is gone
                }
            }
            close();
        }

        void close() {
            if (!closed) {
                closed = true;
                connections.remove(this);
                closeQuietly(channel);
            }
        }
    }
}
