package io.kanban.core;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * A client's connection to the host's writer ({@link HostFrames}), used by one thread at a time. The channel is
 * non-blocking and waited on with a selector of its own: a thread interrupted while it waits on a blocking channel
 * has the channel closed under it, which would turn a write the server may have committed into an unknown
 * outcome. Here, as in the board's own writer, an interrupt does not end the wait; it is held back and restored.
 */
final class HostConnection implements AutoCloseable {
    private static final int READ_BUFFER = 8 * 1024;
    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    /** What was read and not yet taken as a frame; in write mode. One read usually brings a whole answer. */
    private ByteBuffer in = ByteBuffer.allocate(READ_BUFFER);

    private HostConnection(SocketChannel channel, Selector selector, SelectionKey key) {
        this.channel = channel;
        this.selector = selector;
        this.key = key;
    }

    /**
     * @param socket the writer's socket
     * @return a connection to it
     * @throws IOException if nobody listens there
     */
    static HostConnection open(Path socket) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        Selector selector = null;
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.configureBlocking(false);
            selector = Selector.open();
            return new HostConnection(channel, selector, channel.register(selector, 0));
        } catch (IOException | RuntimeException e) {
            channel.close();
            if (selector != null) {
                selector.close();
            }
            throw e;
        }
    }

    /** Sends {@code value} as one frame, whole. */
    void send(Object value) throws IOException {
        ByteBuffer buffer = HostFrames.frame(value);
        channel.write(buffer);
        while (buffer.hasRemaining()) {
            await(SelectionKey.OP_WRITE);
            channel.write(buffer);
        }
    }

    /**
     * @return the next frame's JSON
     * @throws EOFException if the writer closed the connection before a whole frame came
     */
    byte[] receive() throws IOException {
        // The answer comes after the request, so wait before reading: a read now would find nothing, one
        // system call for naught. Then one read takes the length and the body together.
        while (true) {
            byte[] frame = nextBuffered();
            if (frame != null) {
                return frame;
            }
            // nextBuffered made room for the whole frame, so the read below has room to fill
            await(SelectionKey.OP_READ);
            if (channel.read(in) < 0) {
                throw new EOFException("the host writer's connection closed");
            }
        }
    }

    /**
     * @return the whole frame at the head of what was read, taken out; or null when it has not all come, the buffer
     *     then holding room for all of it
     */
    private byte[] nextBuffered() throws IOException {
        if (in.position() < 4) {
            return null;
        }
        int length = in.getInt(0);
        if (length < 0 || length > HostFrames.MAX_FRAME) {
            throw new IOException("a frame of " + length + " bytes from the host writer's socket");
        }
        if (in.position() < 4 + length) {
            if (in.capacity() < 4 + length) {
                in = ByteBuffer.allocate(4 + length).put(in.flip());
            }
            return null;
        }
        byte[] frame = new byte[length];
        in.flip().position(4);
        in.get(frame).compact();
        return frame;
    }

    private void await(int op) throws IOException {
        key.interestOps(op);
        boolean interrupted = Thread.interrupted();
        try {
            // select() returns early on an interrupt, leaving the channel open: look at the flag and wait again.
            while (selector.select() == 0) {
                interrupted |= Thread.interrupted();
            }
            selector.selectedKeys().clear();
        } finally {
            key.interestOps(0);
            if (interrupted || Thread.interrupted()) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was pending on it
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // its one key went with the channel
        }
    }
}
