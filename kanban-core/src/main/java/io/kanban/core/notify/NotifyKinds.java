package io.kanban.core.notify;

import io.kanban.core.error.ValidationError;
import io.kanban.core.model.EventKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Which event kinds a subscription may ask for, and the ones it gets when it does not say. */
public final class NotifyKinds {
    /** What a person usually wants to hear: the task finished, or it needs someone. */
    public static final List<String> DEFAULT = List.of(EventKind.COMPLETED.wire(), EventKind.BLOCKED.wire(),
            EventKind.GAVE_UP.wire(), EventKind.CRASHED.wire(), EventKind.TIMED_OUT.wire());

    private NotifyKinds() {
    }

    /**
     * Validates a chosen set (null or empty means the default), keeping the caller's order without repeats.
     *
     * @param kinds the kinds chosen, as wire names
     * @return the kinds
     * @throws io.kanban.core.error.ValidationError if a kind is not one a subscription may ask for
     */
    public static List<String> resolve(Collection<String> kinds) {
        if (kinds == null || kinds.isEmpty()) {
            return DEFAULT;
        }
        Set<String> out = new LinkedHashSet<>();
        for (String raw : kinds) {
            String k = raw == null ? "" : raw.strip().toLowerCase(java.util.Locale.ROOT);
            if (k.isEmpty()) {
                continue;
            }
            if (EventKind.fromWire(k).isEmpty()) {
                throw new ValidationError("kinds", "unknown event kind '" + raw + "'; known kinds: "
                        + String.join(", ", known()));
            }
            out.add(k);
        }
        return out.isEmpty() ? DEFAULT : List.copyOf(out);
    }

    /**
     * The kinds a stored row names, read leniently: kinds this kernel does not know are kept.
     *
     * @param text the stored list, or null
     * @return the kinds
     */
    public static List<String> resolveStored(String text) {
        List<String> kinds = parseList(text);
        return kinds.isEmpty() ? DEFAULT : List.copyOf(new LinkedHashSet<>(kinds));
    }

    /**
     * Splits "a,b" as the CLI and the database write it.
     *
     * @param text the comma-separated list, or null
     * @return the names
     */
    public static List<String> parseList(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                out.add(part.strip());
            }
        }
        return out;
    }

    /**
     * The stored form: null for the default set so rows stay small and follow a changed default.
     *
     * @param kinds the resolved kinds
     * @return the stored text, or null
     */
    public static String stored(List<String> kinds) {
        return kinds.equals(DEFAULT) ? null : String.join(",", kinds);
    }

    /**
     * The kinds a subscription may ask for.
     *
     * @return their wire names
     */
    public static List<String> known() {
        List<String> names = new ArrayList<>();
        for (EventKind k : EventKind.values()) {
            names.add(k.wire());
        }
        return names;
    }
}
