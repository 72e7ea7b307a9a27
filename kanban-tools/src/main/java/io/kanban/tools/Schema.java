package io.kanban.tools;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Builds the JSON Schema (draft 2020-12) of a tool's input: one closed object of described properties. */
final class Schema {
    static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ObjectNode root = JSON.objectNode();
    private final ObjectNode properties;
    private final ArrayNode required = JSON.arrayNode();
    private final ObjectNode dependent = JSON.objectNode();

    private Schema() {
        root.put("$schema", DIALECT);
        root.put("type", "object");
        properties = root.putObject("properties");
    }

    static Schema object() {
        return new Schema();
    }

    Schema string(String name, String description, int maxLength) {
        ObjectNode p = property(name, "string", description);
        p.put("minLength", 1);
        p.put("maxLength", maxLength);
        return this;
    }

    Schema stringEnum(String name, String description, List<String> values) {
        ObjectNode p = property(name, "string", description);
        values.forEach(p.putArray("enum")::add);
        return this;
    }

    Schema integer(String name, String description, long minimum, long maximum) {
        ObjectNode p = property(name, "integer", description);
        p.set("minimum", number(minimum));
        p.set("maximum", number(maximum));
        return this;
    }

    Schema bool(String name, String description) {
        property(name, "boolean", description);
        return this;
    }

    Schema stringArray(String name, String description, int maxItems, int itemMaxLength) {
        ObjectNode p = property(name, "array", description);
        ObjectNode items = p.putObject("items");
        items.put("type", "string");
        items.put("minLength", 1);
        items.put("maxLength", itemMaxLength);
        p.put("maxItems", maxItems);
        p.put("uniqueItems", true);
        return this;
    }

    /** A required string property of a {@link #recordArray} item. */
    record Field(String name, int maxLength, String description) {
    }

    /** An array of closed objects whose properties are all required strings, e.g. evidence's {kind, detail}. */
    Schema recordArray(String name, String description, int maxItems, List<Field> fields) {
        ObjectNode p = property(name, "array", description);
        ObjectNode items = p.putObject("items");
        items.put("type", "object");
        ObjectNode props = items.putObject("properties");
        ArrayNode needed = items.putArray("required");
        for (Field field : fields) {
            ObjectNode f = props.putObject(field.name());
            f.put("type", "string");
            f.put("description", field.description());
            f.put("minLength", 1);
            f.put("maxLength", field.maxLength());
            needed.add(field.name());
        }
        items.put("additionalProperties", false);
        p.put("maxItems", maxItems);
        return this;
    }

    Schema object(String name, String description) {
        property(name, "object", description);
        return this;
    }

    Schema required(String... names) {
        for (String n : names) {
            required.add(n);
        }
        return this;
    }

    /** {@code property} may be given only together with {@code needs} (JSON Schema's dependentRequired). */
    Schema dependentRequired(String property, String... needs) {
        ArrayNode list = dependent.putArray(property);
        for (String n : needs) {
            list.add(n);
        }
        return this;
    }

    /** The reference's optional {@code board} argument, which every tool takes (see {@link ToolSession}). */
    static final String BOARD_DESCRIPTION = "Slug of the kanban board to work on (see 'kanban boards'); leave it"
            + " out for the board this session was started on. A worker may only name its own card's board.";

    ObjectNode build() {
        if (!properties.has("board")) {
            string("board", BOARD_DESCRIPTION, 64);
        }
        if (!dependent.isEmpty()) {
            root.set("dependentRequired", dependent);
        }
        if (!required.isEmpty()) {
            root.set("required", required);
        }
        root.put("additionalProperties", false);
        return root.deepCopy();
    }

    /** The smallest numeric node, so a schema read back from JSON text equals the one built here. */
    private static com.fasterxml.jackson.databind.JsonNode number(long value) {
        return value == (int) value ? JSON.numberNode((int) value) : JSON.numberNode(value);
    }

    private ObjectNode property(String name, String type, String description) {
        ObjectNode p = properties.putObject(name);
        p.put("type", type);
        p.put("description", description);
        return p;
    }
}
