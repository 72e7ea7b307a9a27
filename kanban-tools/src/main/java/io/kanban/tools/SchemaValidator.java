package io.kanban.tools;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Checks tool arguments against the subset of JSON Schema 2020-12 the tool schemas use: {@code type} (one name or
 * a list), {@code properties}, {@code required}, {@code additionalProperties: false}, {@code enum},
 * {@code minLength}/{@code maxLength}, {@code minimum}/{@code maximum}, {@code items}, {@code maxItems},
 * {@code uniqueItems}. The first violation is reported with the argument's path, so a model can fix its call.
 * An unsupported keyword is a programming error in a tool schema, so it fails loudly rather than passing silently.
 */
final class SchemaValidator {
    private static final Set<String> KNOWN = Set.of("$schema", "type", "properties", "required",
            "additionalProperties", "enum", "minLength", "maxLength", "minimum", "maximum", "items", "maxItems",
            "uniqueItems", "description");

    private SchemaValidator() {
    }

    /** Throws {@link ToolFailure} with the first violation; returns quietly when the arguments fit. */
    static void check(JsonNode schema, JsonNode value) {
        check(schema, value, "");
    }

    private static void check(JsonNode schema, JsonNode value, String path) {
        for (Iterator<String> it = schema.fieldNames(); it.hasNext(); ) {
            String keyword = it.next();
            if (!KNOWN.contains(keyword)) {
                throw new IllegalStateException("tool schema uses unsupported keyword '" + keyword + "' at " + where(path));
            }
        }
        JsonNode type = schema.get("type");
        if (type != null && !matchesType(type, value)) {
            throw invalid(path, "expected " + describe(type) + ", got " + kind(value)
                    + (value.isNull() ? " (leave an optional argument out instead of sending null)" : ""));
        }
        JsonNode allowed = schema.get("enum");
        if (allowed != null && !contains(allowed, value)) {
            throw invalid(path, "must be one of " + allowed + ", got " + value);
        }
        if (value.isTextual()) {
            int length = value.textValue().codePointCount(0, value.textValue().length());
            if (schema.has("minLength") && length < schema.get("minLength").asInt()) {
                throw invalid(path, "must not be empty");
            }
            if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
                throw new ToolFailure(ToolError.OVERSIZE_TEXT, where(path) + ": is " + length
                        + " characters; the limit is " + schema.get("maxLength").asInt(), path);
            }
        }
        if (value.isNumber()) {
            if (schema.has("minimum") && value.decimalValue().compareTo(schema.get("minimum").decimalValue()) < 0) {
                throw invalid(path, "must be at least " + schema.get("minimum") + ", got " + value);
            }
            if (schema.has("maximum") && value.decimalValue().compareTo(schema.get("maximum").decimalValue()) > 0) {
                throw invalid(path, "must be at most " + schema.get("maximum") + ", got " + value);
            }
        }
        if (value.isArray()) {
            checkArray(schema, value, path);
        }
        if (value.isObject()) {
            checkObject(schema, value, path);
        }
    }

    private static void checkArray(JsonNode schema, JsonNode value, String path) {
        if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
            throw invalid(path, "at most " + schema.get("maxItems").asInt() + " items, got " + value.size());
        }
        if (schema.path("uniqueItems").asBoolean(false)) {
            Set<JsonNode> seen = new HashSet<>();
            for (JsonNode item : value) {
                if (!seen.add(item)) {
                    throw invalid(path, item + " is listed twice");
                }
            }
        }
        JsonNode items = schema.get("items");
        if (items != null) {
            for (int i = 0; i < value.size(); i++) {
                check(items, value.get(i), path + "[" + i + "]");
            }
        }
    }

    private static void checkObject(JsonNode schema, JsonNode value, String path) {
        JsonNode properties = schema.path("properties");
        for (JsonNode name : schema.path("required")) {
            if (!value.has(name.asText())) {
                String field = child(path, name.asText());
                throw new ToolFailure(ToolError.MISSING_ARGUMENT, field + ": is required", field);
            }
        }
        boolean closed = schema.has("additionalProperties") && !schema.get("additionalProperties").asBoolean(true);
        for (Map.Entry<String, JsonNode> field : value.properties()) {
            JsonNode sub = properties.get(field.getKey());
            String fieldPath = child(path, field.getKey());
            if (sub == null) {
                if (closed) {
                    throw new ToolFailure(ToolError.UNKNOWN_FIELD, fieldPath + ": is not an argument of this tool"
                            + known(properties), fieldPath);
                }
                continue;
            }
            check(sub, field.getValue(), fieldPath);
        }
    }

    private static boolean matchesType(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (matchesType(t, value)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            case "number" -> value.isNumber();
            // 2020-12: any number with a zero fractional part is an integer (1.0 included).
            case "integer" -> value.isIntegralNumber() || (value.isNumber() && isWhole(value));
            default -> throw new IllegalStateException("tool schema uses unsupported type '" + type.asText() + "'");
        };
    }

    private static boolean isWhole(JsonNode value) {
        try {
            value.decimalValue().toBigIntegerExact();
            return true;
        } catch (ArithmeticException e) {
            return false;
        }
    }

    private static boolean contains(JsonNode allowed, JsonNode value) {
        for (JsonNode a : allowed) {
            if (a.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(JsonNode type) {
        if (!type.isArray()) {
            return article(type.asText());
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode t : type) {
            text.append(text.length() == 0 ? "" : " or ").append(article(t.asText()));
        }
        return text.toString();
    }

    private static String article(String type) {
        return switch (type) {
            case "object", "array", "integer" -> "an " + type;
            case "null" -> "null";
            default -> "a " + type;
        };
    }

    private static String kind(JsonNode value) {
        return switch (value.getNodeType()) {
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case STRING -> "a string";
            case BOOLEAN -> "a boolean";
            case NUMBER -> value.isIntegralNumber() ? "an integer" : "a number";
            case NULL -> "null";
            default -> value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String known(JsonNode properties) {
        if (properties.isEmpty()) {
            return "; this tool takes no arguments";
        }
        StringBuilder names = new StringBuilder();
        properties.fieldNames().forEachRemaining(n -> names.append(names.length() == 0 ? "" : ", ").append(n));
        return "; known arguments: " + names;
    }

    private static ToolFailure invalid(String path, String message) {
        String field = path.isEmpty() ? null : path;
        return new ToolFailure(ToolError.INVALID_ARGUMENT, where(path) + ": " + message, field);
    }

    private static String where(String path) {
        return path.isEmpty() ? "arguments" : path;
    }

    private static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
