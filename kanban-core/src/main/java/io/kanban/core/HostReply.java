package io.kanban.core;

/**
 * What the host's writer answers ({@link HostFrames}): to a hello, {@code ok} or why not; to a request, its
 * answer, or why it failed (nothing was written), or goodbye (the writer is closing and did not run it).
 *
 * @param ok whether the hello was welcome or the request committed
 * @param answer the request's answer, when it committed
 * @param failed why not, otherwise
 * @param goodbye the writer is closing: nothing more is run on this connection
 * @param <T> the answer's type
 */
record HostReply<T>(boolean ok, T answer, String failed, boolean goodbye) {
    static <T> HostReply<T> answered(T answer) {
        return new HostReply<>(true, answer, null, false);
    }

    static HostReply<Object> failedBecause(String why) {
        return new HostReply<>(false, null, why, false);
    }

    static HostReply<Object> farewell() {
        return new HostReply<>(false, null, null, true);
    }
}
