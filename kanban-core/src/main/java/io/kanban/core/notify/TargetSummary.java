package io.kanban.core.notify;

import io.kanban.core.model.TargetType;

/** A configured target as front ends may show it: the URL masked to scheme and host, the secret only as a flag. */
public record TargetSummary(String name, TargetType type, String url, boolean signed) {

    /**
     * @param t the target
     * @return its summary
     */
    public static TargetSummary of(NotifyTarget t) {
        return new TargetSummary(t.name(), t.type(), t.maskedUrl(), t.signed());
    }
}
