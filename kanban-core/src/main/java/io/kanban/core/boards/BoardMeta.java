package io.kanban.core.boards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kanban.core.error.StorageFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A board's {@code board.json}, the reference's fields: {@code slug, name, description, icon, color,
 * default_workdir, project_id, created_at} (epoch seconds) and {@code archived}. Fields this code does not know are
 * dropped when it rewrites the file.
 */
public record BoardMeta(String slug, String name, String description, String icon, String color,
                        String defaultWorkdir, String projectId, long createdAt, boolean archived) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The metadata of a new board: named after its slug, not archived.
     *
     * @param slug the board's slug
     * @param createdAt when, in epoch seconds
     * @return the metadata
     */
    public static BoardMeta fresh(BoardSlug slug, long createdAt) {
        return new BoardMeta(slug.value(), slug.titleCase(), "", "", "", null, null, createdAt, false);
    }

    /**
     * @param value the display name
     * @return a copy with it
     */
    public BoardMeta withName(String value) {
        return new BoardMeta(slug, value, description, icon, color, defaultWorkdir, projectId, createdAt, archived);
    }

    /**
     * @param value the default workdir, or null
     * @return a copy with it
     */
    public BoardMeta withDefaultWorkdir(String value) {
        return new BoardMeta(slug, name, description, icon, color, value, projectId, createdAt, archived);
    }

    /**
     * @param value whether the board is archived
     * @return a copy with it
     */
    public BoardMeta withArchived(boolean value) {
        return new BoardMeta(slug, name, description, icon, color, defaultWorkdir, projectId, createdAt, value);
    }

    /**
     * @param value the slug
     * @return a copy with it
     */
    public BoardMeta withSlug(String value) {
        return new BoardMeta(value, name, description, icon, color, defaultWorkdir, projectId, createdAt, archived);
    }

    /**
     * Changes several fields; a null argument keeps the field.
     *
     * @param newName the display name, or null
     * @param newDescription the description, or null
     * @param newIcon the icon, or null
     * @param newColor the colour, or null
     * @param workdir the default workdir, or null
     * @return a copy with them
     */
    public BoardMeta with(String newName, String newDescription, String newIcon, String newColor, String workdir) {
        return new BoardMeta(slug, newName != null ? newName : name, newDescription != null ? newDescription : description,
                newIcon != null ? newIcon : icon, newColor != null ? newColor : color,
                workdir != null ? workdir : defaultWorkdir, projectId, createdAt, archived);
    }

    /**
     * @return the {@code board.json} object
     */
    public ObjectNode toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("slug", slug);
        o.put("name", name);
        o.put("description", description);
        o.put("icon", icon);
        o.put("color", color);
        o.put("default_workdir", defaultWorkdir);
        o.put("project_id", projectId);
        o.put("created_at", createdAt);
        o.put("archived", archived);
        return o;
    }

    /**
     * Reads a {@code board.json} object; missing fields take defaults (the slug for slug and name).
     *
     * @param o the object
     * @param fallbackSlug the slug to use when the object names none
     * @return the metadata
     */
    public static BoardMeta fromJson(JsonNode o, String fallbackSlug) {
        return new BoardMeta(text(o, "slug", fallbackSlug), text(o, "name", fallbackSlug), text(o, "description", ""),
                text(o, "icon", ""), text(o, "color", ""), text(o, "default_workdir", null),
                text(o, "project_id", null), o.path("created_at").asLong(0), o.path("archived").asBoolean(false));
    }

    private static String text(JsonNode o, String field, String fallback) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? fallback : v.asText();
    }

    /**
     * Reads {@code file}; a missing or unreadable file is a {@link StorageFailure} naming it.
     *
     * @param file the file
     * @param fallbackSlug the slug to use when the file names none
     * @return the metadata
     */
    public static BoardMeta read(Path file, String fallbackSlug) {
        try {
            JsonNode node = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            if (node == null || !node.isObject()) {
                throw new StorageFailure("board metadata " + file + " is not a JSON object", null);
            }
            return fromJson(node, fallbackSlug);
        } catch (IOException e) {
            throw new StorageFailure("cannot read board metadata " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code file} whole (a temporary file renamed over it), creating its folder.
     *
     * @param file the file
     */
    public void write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson()) + "\n",
                    StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StorageFailure("cannot write board metadata " + file + ": " + e.getMessage(), e);
        }
    }
}
