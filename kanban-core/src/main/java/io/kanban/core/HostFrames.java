package io.kanban.core;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The wire between a process and the host's writer ({@link HostWrites}, {@link HostWriteServer}): frames of a
 * 4-byte length and a JSON object, over a Unix socket beside the board file.
 *
 * <ul>
 *   <li>The client opens with {@code {"hello": 1, "board": ..., "writes": ...}}: the board file and what its
 *       handle's writes depend on; the server answers with a {@link HostReply} that is {@code ok}, or says why
 *       not when it would run them differently.</li>
 *   <li>Then each request is a {@link HostRequest}, its operation named by {@code "op"}, answered by a
 *       {@link HostReply}: the answer, why it failed (nothing was written; the caller runs the write itself and
 *       meets the error first hand), or goodbye (the server is closing and did not run it).</li>
 * </ul>
 *
 * <p>The client's side is {@link HostConnection}; the server's, {@link HostWriteServer}'s event loop.
 */
final class HostFrames {
    /** A frame longer than this is refused: no request or answer of ours comes near it. */
    static final int MAX_FRAME = 16 * 1024 * 1024;
    static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .registerModule(new Jdk8Module())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private HostFrames() {
    }

    /** @return {@code value} as a frame: its length, then its JSON */
    static ByteBuffer frame(Object value) throws IOException {
        byte[] body = JSON.writeValueAsBytes(value);
        return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).flip();
    }
}
