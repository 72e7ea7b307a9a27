package io.kanban.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** JSON text as the reference layout stores it: skills arrays, metadata objects, event payloads. */
public final class Json {
    /** Jackson loads a few hundred classes: only when JSON is actually read or written. */
    private static final class Mapper {
        static final ObjectMapper INSTANCE = new ObjectMapper();
    }

    private Json() {
    }

    /**
     * Writes a value as JSON text.
     *
     * @param value the value
     * @return the JSON text
     */
    public static String write(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return Mapper.INSTANCE.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Parses JSON text, or returns null for text that is not JSON (rows other kernels wrote by hand).
     *
     * @param text the text, or null
     * @return the tree, or null
     */
    public static JsonNode readOrNull(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Mapper.INSTANCE.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /**
     * Parses JSON text, with the parser's own description of what is wrong on failure.
     *
     * @param text the text
     * @return the tree
     * @throws JsonProcessingException if it is not JSON
     */
    public static JsonNode read(String text) throws JsonProcessingException {
        return Mapper.INSTANCE.readTree(text);
    }

    static List<String> stringList(String text) {
        if (text == null || text.equals("[]")) {
            return List.of();
        }
        JsonNode node = readOrNull(text);
        if (!(node instanceof ArrayNode array)) {
            return List.of();
        }
        List<String> values = new ArrayList<>(array.size());
        array.forEach(n -> {
            if (n.isTextual()) {
                values.add(n.asText());
            }
        });
        return values;
    }

    /**
     * An event payload: an ordered map written as a JSON object.
     *
     * @param fields the fields, in order
     * @return the JSON text
     */
    public static String object(Map<String, ?> fields) {
        return fields == null ? null : write(fields);
    }
}
