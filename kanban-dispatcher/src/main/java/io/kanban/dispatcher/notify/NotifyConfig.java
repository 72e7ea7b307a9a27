package io.kanban.dispatcher.notify;

import com.fasterxml.jackson.databind.JsonNode;
import io.kanban.core.BoardLocation;
import io.kanban.core.error.ValidationError;
import io.kanban.core.notify.DeliveryPolicy;
import io.kanban.core.notify.NotifyTarget;
import io.kanban.dispatcher.ConfigFile;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code kanban.notify} section of {@code $HERMES_HOME/config.yaml}:
 *
 * <pre>
 * kanban:
 *   notify:
 *     dashboard_url: http://127.0.0.1:9119     # optional: messages link to the task
 *     interval_seconds: 5                      # optional: the longest wait between passes; new events wake it sooner
 *     targets:
 *       team: {type: webhook, url: "https://example.org/hook", secret: "at least sixteen chars"}
 *       chat: {type: slack, url: "https://hooks.slack.com/services/…"}
 * </pre>
 *
 * Every error names the key at fault and never echoes a URL or secret.
 *
 * @param targets the configured targets by name, in the file's order
 * @param policy how deliveries are made
 * @param interval the time between delivery passes
 * @param dashboardUrl the dashboard's base URL for task links, or null
 * @param enabled whether the notifier runs
 */
public record NotifyConfig(Map<String, NotifyTarget> targets, DeliveryPolicy policy, Duration interval,
                           String dashboardUrl, boolean enabled) {
    /** The default time between delivery passes. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    private static final String P = "kanban.notify";
    private static final Set<String> KEYS = Set.of("enabled", "interval_seconds", "request_timeout_seconds",
            "lease_seconds", "backoff_seconds", "backoff_max_seconds", "pause_after_failures", "dashboard_url",
            "targets");
    private static final Set<String> TARGET_KEYS = Set.of("type", "url", "secret");

    /**
     * Copies the targets, keeping their order.
     *
     * @param targets the configured targets by name, in the file's order
     * @param policy how deliveries are made
     * @param interval the time between delivery passes
     * @param dashboardUrl the dashboard's base URL for task links, or null
     * @param enabled whether the notifier runs
     */
    public NotifyConfig {
        targets = Collections.unmodifiableMap(new LinkedHashMap<>(targets));
    }

    /**
     * No targets, every default.
     *
     * @return the configuration
     */
    public static NotifyConfig none() {
        return new NotifyConfig(Map.of(), DeliveryPolicy.DEFAULT, DEFAULT_INTERVAL, null, true);
    }

    /**
     * The {@code kanban.notify} settings of {@code $HERMES_HOME/config.yaml}.
     *
     * @param env the environment
     * @return the configuration; {@link #none()} when the file or section is absent
     * @throws ValidationError naming the key at fault
     */
    public static NotifyConfig load(Map<String, String> env) {
        return read(BoardLocation.hermesHome(env).resolve(ConfigFile.FILE_NAME));
    }

    /**
     * The {@code kanban.notify} settings of {@code file}.
     *
     * @param file the configuration file
     * @return the configuration; {@link #none()} when the file or section is absent
     * @throws ValidationError naming the key at fault
     */
    public static NotifyConfig read(Path file) {
        JsonNode kanban = ConfigFile.kanbanSection(file);
        JsonNode notify = kanban == null ? null : kanban.get("notify");
        return notify == null || notify.isNull() ? none() : parse(notify);
    }

    /**
     * Parses the {@code notify} mapping itself.
     *
     * @param notify the mapping
     * @return the configuration
     * @throws ValidationError naming the key at fault
     */
    public static NotifyConfig parse(JsonNode notify) {
        if (!notify.isObject()) {
            throw new ValidationError(P, "must be a mapping of settings");
        }
        for (Iterator<String> it = notify.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw new ValidationError(P + "." + key, "unknown setting (known: " + String.join(", ",
                        new java.util.TreeSet<>(KEYS)) + ")");
            }
        }
        DeliveryPolicy d = DeliveryPolicy.DEFAULT;
        Duration timeout = seconds(notify, "request_timeout_seconds", 1).map(Duration::ofSeconds)
                .orElse(d.requestTimeout());
        // Without an explicit lease, keep it comfortably longer than a request may take.
        Duration lease = seconds(notify, "lease_seconds", 1).map(Duration::ofSeconds)
                .orElse(timeout.multipliedBy(3).compareTo(d.leaseTtl()) > 0 ? timeout.multipliedBy(3) : d.leaseTtl());
        Duration base = seconds(notify, "backoff_seconds", 0).map(Duration::ofSeconds).orElse(d.backoffBase());
        Duration cap = seconds(notify, "backoff_max_seconds", 1).map(Duration::ofSeconds).orElse(d.backoffCap());
        int pause = seconds(notify, "pause_after_failures", 1).map(v -> (int) Math.min(v, 1_000_000))
                .orElse(d.pauseAfter());
        DeliveryPolicy policy = new DeliveryPolicy(lease, timeout, base, cap, pause, d.batch());
        Duration interval = seconds(notify, "interval_seconds", 1).map(Duration::ofSeconds).orElse(DEFAULT_INTERVAL);
        boolean enabled = true;
        JsonNode en = notify.get("enabled");
        if (en != null && !en.isNull()) {
            if (!en.isBoolean()) {
                throw new ValidationError(P + ".enabled", "must be true or false");
            }
            enabled = en.booleanValue();
        }
        return new NotifyConfig(targets(notify.get("targets")), policy, interval, dashboardUrl(notify), enabled);
    }

    /**
     * @param name the target's name
     * @return the target, or empty
     */
    public Optional<NotifyTarget> target(String name) {
        return Optional.ofNullable(targets.get(name));
    }

    /**
     * The target, or a ValidationError naming the configured ones.
     *
     * @param name the target's name
     * @return the target
     */
    public NotifyTarget require(String name) {
        return target(name).orElseThrow(() -> new ValidationError("target", "no notify target named '" + name
                + "' in " + P + ".targets" + (targets.isEmpty() ? " (none are configured)"
                : " (configured: " + String.join(", ", targets.keySet()) + ")")));
    }

    /**
     * The dashboard link to a task, when {@code dashboard_url} is set.
     *
     * @param taskId the task's id
     * @return the link, or null
     */
    public String taskLink(String taskId) {
        return dashboardUrl == null ? null : dashboardUrl + "/#task=" + java.net.URLEncoder.encode(taskId,
                java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Map<String, NotifyTarget> targets(JsonNode node) {
        Map<String, NotifyTarget> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw new ValidationError(P + ".targets", "must be a mapping of target names to {type, url, secret}");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = P + ".targets." + e.getKey();
            JsonNode t = e.getValue();
            if (t == null || !t.isObject()) {
                throw new ValidationError(key, "must be a mapping with type and url");
            }
            for (Iterator<String> names = t.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!TARGET_KEYS.contains(name)) {
                    throw new ValidationError(key + "." + name, "unknown setting (known: secret, type, url)");
                }
            }
            out.put(e.getKey(), NotifyTarget.of(e.getKey(), string(t, "type", key), string(t, "url", key),
                    string(t, "secret", key)));
        }
        return out;
    }

    private static String string(JsonNode target, String field, String key) {
        JsonNode v = target.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new ValidationError(key + "." + field, "must be a string");
        }
        return v.textValue();
    }

    private static Optional<Long> seconds(JsonNode node, String field, long min) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < min) {
            throw new ValidationError(P + "." + field, "must be a whole number of at least " + min);
        }
        return Optional.of(v.longValue());
    }

    private static String dashboardUrl(JsonNode notify) {
        JsonNode v = notify.get("dashboard_url");
        if (v == null || v.isNull()) {
            return null;
        }
        String key = P + ".dashboard_url";
        if (!v.isTextual() || v.textValue().isBlank()) {
            throw new ValidationError(key, "must be the dashboard's http:// or https:// address");
        }
        try {
            URI uri = new URI(v.textValue().strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new ValidationError(key, "must be an absolute http:// or https:// URL");
            }
            String text = uri.toString();
            return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        } catch (URISyntaxException e) {
            throw new ValidationError(key, "is not a valid URL");
        }
    }
}
