package io.kanban.core.notify;

import io.kanban.core.error.ValidationError;
import io.kanban.core.model.TargetType;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A place notifications go, from {@code kanban.notify.targets.<name>} in the config. Webhook URLs of chat services
 * are bearer secrets and a signing secret is one too: {@link #toString()}, {@link #maskedUrl()} and
 * {@link #redact(String)} are the only forms that may reach output, logs, REST answers or events.
 */
public final class NotifyTarget {
    /** What a target's name may be. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** Shorter secrets are guessable; receivers verifying HMAC signatures expect a real key. */
    public static final int SECRET_MIN = 16;
    /** The longest signing secret accepted, in characters. */
    public static final int SECRET_MAX = 512;
    private static final String MASK = "****";

    private final String name;
    private final TargetType type;
    private final URI url;
    private final String secret;

    private NotifyTarget(String name, TargetType type, URI url, String secret) {
        this.name = name;
        this.type = type;
        this.url = url;
        this.secret = secret;
    }

    /**
     * Checks one configured target. Errors name the key at fault ({@code kanban.notify.targets.team.url}) and
     * never echo a URL or secret.
     *
     * @param name the target's name
     * @param type {@code webhook}, {@code slack} or {@code discord}
     * @param url the target's URL
     * @param secret the signing secret, or null
     * @return the checked target
     * @throws io.kanban.core.error.ValidationError naming the setting at fault
     */
    public static NotifyTarget of(String name, String type, String url, String secret) {
        String prefix = "kanban.notify.targets." + name;
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ValidationError("kanban.notify.targets", "target name '" + name
                    + "' must be letters, digits, '.', '_' or '-' (at most 64, not starting with '-')");
        }
        if (type == null || type.isBlank()) {
            throw new ValidationError(prefix + ".type", "is required (one of " + TargetType.names() + ")");
        }
        TargetType t = TargetType.fromWire(type.strip().toLowerCase(Locale.ROOT)).orElseThrow(() ->
                new ValidationError(prefix + ".type", "unknown type '" + type + "' (expected one of "
                        + TargetType.names() + ")"));
        if (url == null || url.isBlank()) {
            throw new ValidationError(prefix + ".url", "is required");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new ValidationError(prefix + ".url", "is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.isOpaque()) {
            throw new ValidationError(prefix + ".url", "must be an absolute http:// or https:// URL with a host");
        }
        if (uri.getRawFragment() != null) {
            throw new ValidationError(prefix + ".url", "must not have a #fragment");
        }
        String key = null;
        if (secret != null) {
            if (t != TargetType.WEBHOOK) {
                throw new ValidationError(prefix + ".secret", "only webhook targets sign requests; "
                        + t.wire() + " URLs carry their own secret");
            }
            if (secret.length() < SECRET_MIN || secret.length() > SECRET_MAX) {
                throw new ValidationError(prefix + ".secret", "must be " + SECRET_MIN + " to " + SECRET_MAX
                        + " characters long (got " + secret.length() + ")");
            }
            if (secret.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
                throw new ValidationError(prefix + ".secret", "must not contain spaces or control characters");
            }
            key = secret;
        }
        return new NotifyTarget(name, t, uri, key);
    }

    /**
     * @return the target's name
     */
    public String name() {
        return name;
    }

    /**
     * @return the target's type
     */
    public TargetType type() {
        return type;
    }

    /**
     * The full URL: only for sending, never for printing.
     *
     * @return the URL
     */
    public URI url() {
        return url;
    }

    /**
     * The signing key, if any: only for signing, never for printing.
     *
     * @return the secret, or null
     */
    public String secret() {
        return secret;
    }

    /**
     * @return whether messages are signed
     */
    public boolean signed() {
        return secret != null;
    }

    /**
     * Scheme and host only: {@code https://hooks.slack.com/…}.
     *
     * @return the masked URL
     */
    public String maskedUrl() {
        String port = url.getPort() < 0 ? "" : ":" + url.getPort();
        String rest = (url.getRawPath() == null || url.getRawPath().isEmpty() || url.getRawPath().equals("/"))
                && url.getRawQuery() == null ? "" : "/…";
        return url.getScheme() + "://" + url.getHost() + port + rest;
    }

    /**
     * {@code text} with this target's URL (whole or in part) and secret replaced by masks.
     *
     * @param text the text, or null
     * @return the masked text, or null
     */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text.replace(url.toString(), maskedUrl());
        String path = url.getRawPath();
        if (path != null && path.length() > 1) {
            out = out.replace(path, "/…");
        }
        if (url.getRawQuery() != null) {
            out = out.replace(url.getRawQuery(), "…");
        }
        if (secret != null) {
            out = out.replace(secret, MASK);
        }
        return out;
    }

    @Override
    public String toString() {
        return name + " (" + type.wire() + " " + maskedUrl() + (signed() ? ", signed" : "") + ")";
    }
}
