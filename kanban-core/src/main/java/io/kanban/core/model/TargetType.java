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
    /** A JSON POST to a URL. */
    WEBHOOK,
    /** A Slack incoming webhook. */
    SLACK,
    /** A Discord webhook. */
    DISCORD;

    /** The prefix of {@link #platform()}, which keeps our rows apart from the Hermes gateway's. */
    public static final String PLATFORM_PREFIX = "kanban:";

    private final String wire = name().toLowerCase(Locale.ROOT);

    /**
     * The type as configured and shown.
     *
     * @return the lower-case name
     */
    public String wire() {
        return wire;
    }

    /**
     * What a subscription row stores in {@code platform}.
     *
     * @return {@code kanban:} and the wire name
     */
    public String platform() {
        return PLATFORM_PREFIX + wire;
    }

    /**
     * Reads a type by its wire name.
     *
     * @param value the name
     * @return the type, or empty if none is spelled so
     */
    public static Optional<TargetType> fromWire(String value) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(value)).findFirst();
    }

    /**
     * Reads a subscription's {@code platform} column.
     *
     * @param platform the stored value, or null
     * @return the type, or empty for rows that are not ours (the gateway's chat platforms)
     */
    public static Optional<TargetType> fromPlatform(String platform) {
        if (platform == null || !platform.startsWith(PLATFORM_PREFIX)) {
            return Optional.empty();
        }
        return fromWire(platform.substring(PLATFORM_PREFIX.length()));
    }

    /**
     * Lists the types for error messages.
     *
     * @return "webhook, slack, discord"
     */
    public static String names() {
        return Arrays.stream(values()).map(TargetType::wire).collect(Collectors.joining(", "));
    }
}
