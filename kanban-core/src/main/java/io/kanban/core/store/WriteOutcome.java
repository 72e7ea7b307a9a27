package io.kanban.core.store;

/**
 * How one write of {@link BoardDatabase#writeEach} ended: committed with its value, or failed and undone.
 *
 * @param value what the write returned, when it committed
 * @param failure why it failed (a RuntimeException or an Error), or null when it committed
 */
public record WriteOutcome(Object value, Throwable failure) {
    /** @return whether the write committed */
    public boolean committed() {
        return failure == null;
    }
}
