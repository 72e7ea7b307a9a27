package io.kanban.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks tool arguments against each tool's JSON Schema (draft 2020-12) with networknt's json-schema-validator, and
 * turns the library's findings into the one error object a model can act on: a code, the argument's path, and one
 * sentence naming it. The schemas are compiled once, on the first call, so a runtime that only lists the tools (or
 * is gated off) never loads the validator.
 */
final class ArgumentValidator {
    /** Which finding to report when there are several: the call's shape first, then the first bad value. */
    private static final Map<String, Integer> RANK = Map.of("required", 0, "additionalProperties", 1);

    private final Map<String, ObjectNode> sources;
    private final Map<String, Map<String, String>> notOffered;
    private volatile Map<String, Schema> compiled;

    ArgumentValidator(List<KanbanTool> tools) {
        Map<String, ObjectNode> byName = new LinkedHashMap<>();
        tools.forEach(t -> byName.put(t.name(), t.inputSchema()));
        this.sources = Map.copyOf(byName);
        Map<String, Map<String, String>> missing = new LinkedHashMap<>();
        tools.forEach(t -> missing.put(t.name(), Map.copyOf(t.notOffered())));
        this.notOffered = Map.copyOf(missing);
    }

    /** Returns quietly when {@code args} fit the tool's schema; otherwise throws {@link ToolFailure}. */
    void check(String tool, ObjectNode args) {
        Schema schema = schemas().get(tool);
        if (schema == null) {
            throw new IllegalArgumentException("no schema for tool " + tool);
        }
        List<Error> errors = schema.validate(args);
        if (!errors.isEmpty()) {
            Error first = errors.stream()
                    .min(Comparator.comparingInt(e -> RANK.getOrDefault(e.getKeyword(), RANK.size())))
                    .orElseThrow();
            String field = first.getKeyword().equals("additionalProperties")
                    && path(first.getInstanceLocation()).isEmpty() ? first.getProperty() : null;
            String why = field == null ? null : notOffered.get(tool).get(field);
            if (why != null) {
                throw new ToolFailure(ToolError.NOT_OFFERED, field + ": " + why + " Leave it out. Nothing changed.",
                        field);
            }
            throw failure(first, sources.get(tool));
        }
    }

    /** The compiled schemas, or null before the first call (tests check they are compiled once). */
    Map<String, Schema> compiled() {
        return compiled;
    }

    private Map<String, Schema> schemas() {
        Map<String, Schema> result = compiled;
        if (result == null) {
            synchronized (this) {
                result = compiled;
                if (result == null) {
                    result = compile();
                    compiled = result;
                }
            }
        }
        return result;
    }

    private Map<String, Schema> compile() {
        // English for the library's own wording (used only for keywords the tool schemas do not use today);
        // typeLoose stays off, so "5" is not an integer.
        SchemaRegistryConfig config = SchemaRegistryConfig.builder().locale(Locale.ENGLISH).build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                b -> b.schemaRegistryConfig(config));
        Map<String, Schema> result = new LinkedHashMap<>();
        sources.forEach((name, source) -> {
            Schema schema = registry.getSchema(source);
            schema.initializeValidators();
            result.put(name, schema);
        });
        return Map.copyOf(result);
    }

    private static ToolFailure failure(Error e, ObjectNode root) {
        String path = path(e.getInstanceLocation());
        JsonNode value = e.getInstanceNode();
        JsonNode rule = e.getSchemaNode();
        return switch (e.getKeyword()) {
            case "required" -> {
                String field = child(path, e.getProperty());
                yield new ToolFailure(ToolError.MISSING_ARGUMENT, field + ": is required", field);
            }
            case "additionalProperties" -> {
                String field = child(path, e.getProperty());
                yield new ToolFailure(ToolError.UNKNOWN_FIELD, field + ": is not an argument of this tool"
                        + (path.isEmpty() ? known(root.path("properties")) : "") + ". Nothing changed.", field);
            }
            case "type" -> invalid(path, "expected " + describe(rule) + ", got " + kind(value)
                    + (value.isNull() ? " (leave an optional argument out instead of sending null)" : ""));
            case "enum" -> invalid(path, "must be one of " + rule + ", got " + value);
            case "minLength" -> invalid(path, rule.asInt() == 1 ? "must not be empty"
                    : "must be at least " + rule.asInt() + " characters long");
            case "maxLength" -> new ToolFailure(ToolError.OVERSIZE_TEXT, where(path) + ": is "
                    + value.asText().codePointCount(0, value.asText().length()) + " characters; the limit is "
                    + rule.asInt(), path);
            case "minimum" -> invalid(path, "must be at least " + rule + ", got " + value);
            case "maximum" -> invalid(path, "must be at most " + rule + ", got " + value);
            case "maxItems" -> invalid(path, "at most " + rule.asInt() + " items, got " + value.size());
            case "uniqueItems" -> invalid(path, repeated(value) + " is listed twice");
            case "dependentRequired" -> dependentRequired(path, value, rule);
            default -> invalid(path, e.getMessage());
        };
    }

    /** An argument given without one it needs ({@code provider} without {@code model}): names the one given. */
    private static ToolFailure dependentRequired(String path, JsonNode value, JsonNode rule) {
        var entries = rule.properties().iterator();
        while (entries.hasNext()) {
            var entry = entries.next();
            if (!value.has(entry.getKey())) {
                continue;
            }
            for (JsonNode needed : entry.getValue()) {
                if (!value.has(needed.asText())) {
                    String field = child(path, entry.getKey());
                    return new ToolFailure(ToolError.INVALID_ARGUMENT, field + ": requires " + needed.asText(),
                            field);
                }
            }
        }
        return invalid(path, "an argument is missing one it requires: " + rule);
    }

    /** {@code parents[1]}, {@code metadata.key}; empty for the arguments object itself. */
    private static String path(NodePath location) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            if (element instanceof Integer index) {
                text.append('[').append(index).append(']');
            } else {
                text.append(text.length() == 0 ? "" : ".").append(element);
            }
        }
        return text.toString();
    }

    private static JsonNode repeated(JsonNode array) {
        Set<JsonNode> seen = new HashSet<>();
        for (JsonNode item : array) {
            if (!seen.add(item)) {
                return item;
            }
        }
        return array;
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
            default -> value.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    private static String known(JsonNode properties) {
        if (properties.isEmpty()) {
            return "; this tool takes no arguments";
        }
        List<String> names = new ArrayList<>();
        properties.fieldNames().forEachRemaining(names::add);
        return "; known arguments: " + String.join(", ", names);
    }

    private static ToolFailure invalid(String path, String message) {
        return new ToolFailure(ToolError.INVALID_ARGUMENT, where(path) + ": " + message, path.isEmpty() ? null : path);
    }

    private static String where(String path) {
        return path.isEmpty() ? "arguments" : path;
    }

    private static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
