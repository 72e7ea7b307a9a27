package io.kanban.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.kanban.core.BoardLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the tools read from the {@code kanban:} section of {@code $HERMES_HOME/config.yaml}, the file the dispatcher
 * reads too. Like the reference, a file or value that cannot be read leaves the default in place (with a warning on
 * the log), so a typo in the config never fails an agent's call.
 *
 * @param autoSubscribeOnCreate {@code kanban.auto_subscribe_on_create} (default true): kanban_create subscribes the
 *                              calling session's chat to the new card, so its creator hears when it finishes
 */
public record ToolSettings(boolean autoSubscribeOnCreate) {
    /** The config file's name in the Hermes home. */
    public static final String FILE_NAME = "config.yaml";
    /** The key under {@code kanban:} that {@link #autoSubscribeOnCreate()} reads. */
    public static final String AUTO_SUBSCRIBE_KEY = "auto_subscribe_on_create";
    /** The settings with no file, no key, or a value that cannot be read. */
    public static final ToolSettings DEFAULTS = new ToolSettings(true);
    private static final Logger LOG = LoggerFactory.getLogger(ToolSettings.class);

    /**
     * The settings of the Hermes home {@code env} names ({@code HERMES_HOME}, else {@code ~/.hermes}).
     *
     * @param env the process environment
     * @return the settings, or {@link #DEFAULTS} where the file says nothing readable
     */
    public static ToolSettings load(Map<String, String> env) {
        return read(BoardLocation.hermesHome(env).resolve(FILE_NAME));
    }

    /**
     * The settings in one config file; a missing or unreadable file, or a value that is not a boolean, gives
     * {@link #DEFAULTS} (with a warning on the log for the last two).
     *
     * @param file the {@code config.yaml} to read
     * @return the settings
     */
    public static ToolSettings read(Path file) {
        if (!Files.isRegularFile(file)) {
            return DEFAULTS;
        }
        JsonNode value;
        try {
            value = new YAMLMapper().readTree(file.toFile()).path("kanban").path(AUTO_SUBSCRIBE_KEY);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read {} ({}); the kanban tools use their defaults", file, e.getMessage());
            return DEFAULTS;
        }
        if (value.isMissingNode() || value.isNull()) {
            return DEFAULTS;
        }
        String text = value.asText().strip().toLowerCase(Locale.ROOT);
        if (value.isBoolean() || text.equals("true") || text.equals("false")) {
            return new ToolSettings(value.isBoolean() ? value.asBoolean() : text.equals("true"));
        }
        LOG.warn("{}: kanban.{} is '{}', not true or false; using true", file, AUTO_SUBSCRIBE_KEY, value.asText());
        return DEFAULTS;
    }
}
