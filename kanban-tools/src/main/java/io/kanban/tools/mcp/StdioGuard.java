package io.kanban.tools.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sits between the process's stdio and the SDK's stdio transport, which (in 2.1.0) has three habits a worker
 * cannot live with: at end of input it closes the session at once, dropping answers still being computed (a
 * client may write its last request and hang up straight away, as a script piping requests in does); it never
 * ends the server (STACK.md pitfall 5); one line that is not JSON stops it reading for good; and a request sent
 * before the client's {@code notifications/initialized} goes unanswered. So this guard answers malformed lines and
 * early requests itself with a JSON-RPC error and keeps them from the transport, counts requests read and
 * responses written, holds back end of input until every request has its answer, and then tells the server to stop.
 */
final class StdioGuard {
    private static final long POLL_MILLIS = 20;
    private static final String INITIALIZED = "notifications/initialized";
    /** The error code LSP uses for the same refusal; JSON-RPC leaves -32000 to -32099 to servers. */
    static final int NOT_INITIALIZED = -32002;

    private final ObjectMapper json;
    private final Duration drainMax;
    private final CountDownLatch ended = new CountDownLatch(1);
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong responses = new AtomicLong();
    private final Output output;
    private final Input input;
    /** Set once the client said notifications/initialized; read and written by the one reading thread. */
    private boolean initialized;

    StdioGuard(InputStream in, OutputStream out, ObjectMapper json, Duration drainMax) {
        this.json = json;
        this.drainMax = drainMax;
        this.output = new Output(out);
        this.input = new Input(in);
    }

    InputStream input() {
        return input;
    }

    OutputStream output() {
        return output;
    }

    /** Returns once input has ended and every request read before has been answered (or the drain timed out). */
    void awaitEnd() throws InterruptedException {
        ended.await();
    }

    private void drain() {
        long deadline = System.nanoTime() + drainMax.toNanos();
        try {
            while (responses.get() < requests.get() && System.nanoTime() < deadline) {
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A request (method and id) to count, a notification to pass on, or garbage to answer here. */
    private boolean admit(byte[] line) {
        String text = new String(line, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return false;
        }
        JsonNode message;
        try {
            message = json.readTree(text);
        } catch (IOException e) {
            output.reject(null, -32700, "Parse error: the line is not JSON");
            return false;
        }
        if (message == null || !message.isObject() || !"2.0".equals(message.path("jsonrpc").asText())) {
            output.reject(message != null && message.isObject() ? message.get("id") : null, -32600,
                    "Invalid Request: expected a JSON-RPC 2.0 object");
            return false;
        }
        String method = message.path("method").asText(null);
        if (method == null) {
            return true; // a response from the client
        }
        if (!message.has("id")) {
            if (INITIALIZED.equals(method)) {
                initialized = true;
            }
            return true;
        }
        if (!initialized && !method.equals("initialize") && !method.equals("ping")) {
            // The SDK would leave it unanswered; JSON-RPC wants an answer for every request with an id.
            output.reject(message.get("id"), NOT_INITIALIZED, "Server not initialized: send initialize, then the "
                    + INITIALIZED + " notification, before '" + method + "'");
            return false;
        }
        requests.incrementAndGet();
        return true;
    }

    /** Lines from the client, minus the malformed ones; end of input is held back until the answers are out. */
    private final class Input extends InputStream {
        private final InputStream in;
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
        private byte[] ready = new byte[0];
        private int pos;
        private boolean eof;

        Input(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) throws IOException {
            while (pos >= ready.length) {
                if (eof || !fill()) {
                    return -1;
                }
            }
            int n = Math.min(len, ready.length - pos);
            System.arraycopy(ready, pos, b, off, n);
            pos += n;
            return n;
        }

        /** Reads until at least one admitted line is ready; false at end of input, after the drain. */
        private boolean fill() throws IOException {
            byte[] chunk = new byte[8192];
            ByteArrayOutputStream admitted = new ByteArrayOutputStream();
            while (admitted.size() == 0) {
                int n;
                try {
                    n = in.read(chunk);
                } catch (IOException e) {
                    n = -1;
                }
                if (n < 0) {
                    if (partial.size() > 0 && admit(partial.toByteArray())) {
                        admitted.write(partial.toByteArray());
                        admitted.write('\n');
                        partial.reset();
                        break;
                    }
                    eof = true;
                    drain();
                    ended.countDown();
                    return false;
                }
                for (int i = 0; i < n; i++) {
                    if (chunk[i] == '\n') {
                        byte[] line = partial.toByteArray();
                        partial.reset();
                        if (admit(line)) {
                            admitted.write(line);
                            admitted.write('\n');
                        }
                    } else {
                        partial.write(chunk[i]);
                    }
                }
            }
            ready = admitted.toByteArray();
            pos = 0;
            return true;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** Whole lines to the client, one writer at a time, counting the responses among them. */
    private final class Output extends OutputStream {
        private final OutputStream out;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        Output(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            for (int i = off; i < off + len; i++) {
                if (b[i] == '\n') {
                    emit(line.toByteArray());
                    line.reset();
                } else {
                    line.write(b[i]);
                }
            }
        }

        @Override
        public synchronized void flush() throws IOException {
            out.flush();
        }

        synchronized void reject(JsonNode id, int code, String message) {
            var error = json.createObjectNode();
            error.put("jsonrpc", "2.0");
            error.set("id", id == null ? json.nullNode() : id);
            error.putObject("error").put("code", code).put("message", message);
            try {
                out.write((json.writeValueAsString(error) + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                // The client is gone; nothing left to tell it.
            }
        }

        private void emit(byte[] text) throws IOException {
            out.write(text);
            out.write('\n');
            try {
                JsonNode message = json.readTree(text);
                if (message != null && message.has("id") && !message.has("method")) {
                    responses.incrementAndGet();
                }
            } catch (IOException e) {
                // Not ours to judge: the transport wrote it.
            }
        }
    }
}
