package io.kanban.core.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The kinds of notify targets this kernel delivers to. A subscription to a target stores {@link #platform()} in
 * the reference's {@code platform} column and the target's name in {@code chat_id}. The {@code kanban:} prefix is
 * never a chat platform of the Hermes gateway, so its notifier leaves these rows alone and ours leaves its rows.
 */
public enum TargetType {
    WEBHOOK, SLACK, DISCORD;

    public static final String PLATFORM_PREFIX = "kanban:";

    private final String wire = name().toLowerCase(Locale.ROOT);

    public String wire() {
        return wire;
    }

    public String platform() {
        return PLATFORM_PREFIX + wire;
    }

    public static Optional<TargetType> fromWire(String value) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(value)).findFirst();
    }

    public static Optional<TargetType> fromPlatform(String platform) {
        if (platform == null || !platform.startsWith(PLATFORM_PREFIX)) {
            return Optional.empty();
        }
        return fromWire(platform.substring(PLATFORM_PREFIX.length()));
    }

    /** "webhook, slack, discord", for error messages. */
    public static String names() {
        return Arrays.stream(values()).map(TargetType::wire).collect(Collectors.joining(", "));
    }
}
