package io.kanban.dispatcher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.kanban.core.BoardLocation;
import io.kanban.core.error.ValidationError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code kanban:} section of {@code $HERMES_HOME/config.yaml}. A missing file or section means
 * defaults; keys this dispatcher does not use are left for others (Hermes keeps more settings there).
 * {@code HERMES_KANBAN_DISPATCH_IN_GATEWAY} overrides {@code dispatch_in_gateway}, and
 * {@code HERMES_KANBAN_RATE_LIMIT_COOLDOWN_SECONDS} {@code rate_limit_cooldown_seconds} (the reference's variable).
 */
public final class ConfigFile {
    /** The configuration file's name in the Hermes home. */
    public static final String FILE_NAME = "config.yaml";
    /** The variable that overrides {@code kanban.dispatch_in_gateway}. */
    public static final String GATEWAY_ENV = "HERMES_KANBAN_DISPATCH_IN_GATEWAY";

    private static final Set<String> FALSE_WORDS = Set.of("0", "false", "no", "off");
    private static final Set<String> TRUE_WORDS = Set.of("1", "true", "yes", "on");

    private ConfigFile() {
    }

    /**
     * The configuration for the environment {@code env} (its {@code HERMES_HOME} names the file).
     *
     * @param env the environment
     * @return the configuration; the defaults when the file or its {@code kanban:} section is absent
     * @throws ValidationError naming the key at fault
     */
    public static DispatcherConfig load(Map<String, String> env) {
        return read(BoardLocation.hermesHome(env).resolve(FILE_NAME), env);
    }

    /**
     * The configuration in {@code file}, with the environment's overrides.
     *
     * @param file the configuration file
     * @param env the environment
     * @return the configuration; the defaults when the file or its {@code kanban:} section is absent
     * @throws ValidationError naming the key at fault
     */
    public static DispatcherConfig read(Path file, Map<String, String> env) {
        DispatcherConfig.Builder b = DispatcherConfig.builder();
        JsonNode kanban = kanbanSection(file);
        if (kanban != null) {
            Section s = new Section(kanban);
            s.bool("dispatch_in_gateway").ifSet(b::dispatchInGateway);
            s.seconds("dispatch_interval_seconds").ifSet(b::dispatchInterval);
            s.strings("worker_command").ifSet(b::workerCommand);
            s.integer("per_assignee_limit").ifSet(b::perAssigneeLimit);
            s.integer("max_in_progress_per_profile").ifSet(b::perAssigneeLimit); // the reference's name
            s.text("default_assignee").ifSet(v -> b.defaultAssignee(v.isBlank() ? null : v.strip()));
            if (kanban.has("dispatch_profiles")) {
                b.dispatchProfiles(s.profileList("dispatch_profiles"));
            }
            s.integer("max_in_progress").ifSet(b::globalLimit);
            s.integer("max_spawn").ifSet(b::maxSpawnsPerTick);
            s.integer("failure_limit").ifSet(b::failureLimit);
            s.seconds("terminate_grace_seconds").ifSet(b::terminateGrace);
            s.seconds("spawn_grace_seconds").ifSet(b::spawnGrace);
            s.seconds("stuck_threshold_seconds").ifSet(b::stuckThreshold);
            s.path("workspace_root").ifSet(b::workspaceRoot);
            s.path("worktree_repo").ifSet(b::worktreeRepo);
            s.longValue("log_max_bytes").ifSet(b::logMaxBytes); // this dispatcher's older name; the new one wins
            s.longValue("worker_log_rotate_bytes").ifSet(b::logMaxBytes);
            s.integer("worker_log_backup_count").ifSet(b::logBackupCount);
            s.seconds("rate_limit_cooldown_seconds").ifSet(b::rateLimitCooldown);
            s.profileCheck("check_profiles").ifSet(b::checkProfiles);
            s.bool("review_dispatch").ifSet(b::reviewDispatch);
            s.text("review_skill").ifSet(b::reviewSkill);
        }
        String cooldown = env.get(DispatcherConfig.RATE_LIMIT_COOLDOWN_ENV);
        if (cooldown != null && !cooldown.isBlank()) {
            try {
                long seconds = Long.parseLong(cooldown.strip());
                if (seconds < 0) {
                    throw new NumberFormatException();
                }
                b.rateLimitCooldown(Duration.ofSeconds(seconds));
            } catch (NumberFormatException e) {
                throw new ValidationError(DispatcherConfig.RATE_LIMIT_COOLDOWN_ENV,
                        "must be zero or more seconds, got '" + cooldown + "'");
            }
        }
        String override = env.get(GATEWAY_ENV);
        if (override != null && !override.isBlank()) {
            b.dispatchInGateway(parseSwitch(GATEWAY_ENV, override));
        }
        return b.build();
    }

    static boolean parseSwitch(String key, String text) {
        String word = text.strip().toLowerCase(Locale.ROOT);
        if (FALSE_WORDS.contains(word)) {
            return false;
        }
        if (TRUE_WORDS.contains(word)) {
            return true;
        }
        throw new ValidationError(key, "must be one of 1/true/yes/on or 0/false/no/off, got '" + text + "'");
    }

    /**
     * The {@code kanban:} mapping of {@code file}, or null when the file or section is absent.
     *
     * @param file the configuration file
     * @return the mapping, or null
     */
    public static JsonNode kanbanSection(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new ValidationError(file.toString(), "cannot read the config file: " + e.getMessage());
        }
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(text);
        } catch (JsonProcessingException e) {
            // The parser's message goes on to quote the offending lines, which may hold a secret and would break
            // the one-line error rule: keep its first line and the position only.
            throw new ValidationError(file.toString(), "not valid YAML: " + firstLine(e.getOriginalMessage())
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return null;
        }
        if (!root.isObject()) {
            throw new ValidationError(file.toString(), "the top level must be a mapping of sections");
        }
        JsonNode kanban = root.get("kanban");
        if (kanban == null || kanban.isNull()) {
            return null;
        }
        if (!kanban.isObject()) {
            throw new ValidationError("kanban", "must be a mapping of settings in " + file);
        }
        return kanban;
    }

    /** A setting that may be absent. */
    private record Value<T>(T value) {
        void ifSet(java.util.function.Consumer<T> sink) {
            if (value != null) {
                sink.accept(value);
            }
        }
    }

    /** Typed access to the section; each error names {@code kanban.<key>}. */
    private record Section(JsonNode node) {

        private JsonNode get(String key) {
            JsonNode v = node.get(key);
            return v == null || v.isNull() ? null : v;
        }

        Value<Boolean> bool(String key) {
            JsonNode v = get(key);
            if (v == null) {
                return new Value<>(null);
            }
            if (v.isBoolean()) {
                return new Value<>(v.booleanValue());
            }
            if (v.isTextual() || v.isInt()) {
                return new Value<>(parseSwitch("kanban." + key, v.asText()));
            }
            throw new ValidationError("kanban." + key, "must be true or false, got " + v);
        }

        /** {@code auto}, or a switch: true/yes/on/1 or false/no/off/0. */
        Value<ProfileCheck> profileCheck(String key) {
            JsonNode v = get(key);
            if (v == null) {
                return new Value<>(null);
            }
            if (v.isTextual() && v.textValue().strip().equalsIgnoreCase("auto")) {
                return new Value<>(ProfileCheck.AUTO);
            }
            if (v.isBoolean() || v.isTextual() || v.isInt()) {
                boolean on = v.isBoolean() ? v.booleanValue() : parseSwitch("kanban." + key, v.asText());
                return new Value<>(on ? ProfileCheck.ON : ProfileCheck.OFF);
            }
            throw new ValidationError("kanban." + key, "must be auto, true or false, got " + v);
        }

        Value<Long> longValue(String key) {
            JsonNode v = get(key);
            if (v == null) {
                return new Value<>(null);
            }
            if (v.isIntegralNumber() && v.canConvertToLong()) {
                return new Value<>(v.longValue());
            }
            if (v.isTextual()) {
                try {
                    return new Value<>(Long.parseLong(v.textValue().strip()));
                } catch (NumberFormatException e) {
                    // fall through to the error below
                }
            }
            throw new ValidationError("kanban." + key, "must be a whole number, got " + v);
        }

        Value<Integer> integer(String key) {
            Long v = longValue(key).value();
            if (v == null) {
                return new Value<>(null);
            }
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw new ValidationError("kanban." + key, "is out of range: " + v);
            }
            return new Value<>(v.intValue());
        }

        Value<Duration> seconds(String key) {
            Long v = longValue(key).value();
            if (v == null) {
                return new Value<>(null);
            }
            if (v < 0) {
                throw new ValidationError("kanban." + key, "must be zero or more seconds, got " + v);
            }
            return new Value<>(Duration.ofSeconds(v));
        }

        Value<String> text(String key) {
            JsonNode v = get(key);
            if (v == null) {
                return new Value<>(null);
            }
            if (!v.isTextual()) {
                throw new ValidationError("kanban." + key, "must be a string, got " + v);
            }
            return new Value<>(v.textValue());
        }

        /**
         * A list of profiles, or one comma-separated string; present but empty (or null) is an empty set: the
         * allow-list fails closed.
         */
        java.util.Set<String> profileList(String key) {
            JsonNode v = get(key);
            java.util.Set<String> out = new java.util.LinkedHashSet<>();
            if (v == null) {
                return out;
            }
            List<String> names = new ArrayList<>();
            if (v.isTextual()) {
                names.addAll(List.of(v.textValue().split(",")));
            } else if (v.isArray()) {
                for (Iterator<JsonNode> it = v.elements(); it.hasNext(); ) {
                    JsonNode e = it.next();
                    if (!e.isTextual()) {
                        throw new ValidationError("kanban." + key, "entries must be profile names, got " + e);
                    }
                    names.add(e.textValue());
                }
            } else {
                throw new ValidationError("kanban." + key, "must be a list of profile names, got " + v);
            }
            for (String name : names) {
                if (!name.isBlank()) {
                    out.add(name.strip());
                }
            }
            return out;
        }

        Value<List<String>> strings(String key) {
            JsonNode v = get(key);
            if (v == null) {
                return new Value<>(null);
            }
            if (!v.isArray()) {
                throw new ValidationError("kanban." + key,
                        "must be a list of strings, one per argument, e.g. [hermes, -p, \"{assignee}\"]");
            }
            List<String> out = new ArrayList<>();
            for (Iterator<JsonNode> it = v.elements(); it.hasNext(); ) {
                JsonNode e = it.next();
                if (!e.isValueNode() || e.isNull()) {
                    throw new ValidationError("kanban." + key, "entries must be strings, got " + e);
                }
                out.add(e.asText());
            }
            return new Value<>(out);
        }

        Value<Path> path(String key) {
            JsonNode v = get(key);
            if (v == null) {
                return new Value<>(null);
            }
            if (!v.isTextual() || v.textValue().isBlank()) {
                throw new ValidationError("kanban." + key, "must be an absolute path, got " + v);
            }
            try {
                Path p = Path.of(v.textValue());
                if (!p.isAbsolute()) {
                    throw new ValidationError("kanban." + key, "must be an absolute path, got '" + p + "'");
                }
                return new Value<>(p.normalize());
            } catch (InvalidPathException e) {
                throw new ValidationError("kanban." + key, "is not a valid path: " + e.getMessage());
            }
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        String line = message.strip();
        int nl = line.indexOf('\n');
        return nl < 0 ? line : line.substring(0, nl).strip();
    }
}
