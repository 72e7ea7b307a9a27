package io.kanban.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A request's JSON object, read strictly: bad JSON, a non-object, an unknown field or a wrong type is a 400
 * naming the field, so a typo never silently does nothing.
 */
final class JsonBody {
    private final ObjectNode node;

    private JsonBody(ObjectNode node) {
        this.node = node;
    }

    /** For a route whose every field is optional: an empty body reads as {@code {}}. */
    static JsonBody optional(Context ctx, ObjectMapper mapper, Set<String> allowed) {
        return ctx.body().isBlank() ? new JsonBody(mapper.createObjectNode()) : of(ctx, mapper, allowed);
    }

    static JsonBody of(Context ctx, ObjectMapper mapper, Set<String> allowed) {
        String text = ctx.body();
        if (text.isBlank()) {
            throw new ApiError(400, "bad_json", "the request needs a JSON object body");
        }
        JsonNode parsed;
        try {
            parsed = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ApiError(400, "bad_json", "the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (!(parsed instanceof ObjectNode object)) {
            throw new ApiError(400, "bad_json", "the body must be a JSON object");
        }
        Set<String> unknown = new TreeSet<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw ApiError.badRequest(unknown.iterator().next(),
                    "unknown field (allowed: " + String.join(", ", new TreeSet<>(allowed)) + ")");
        }
        return new JsonBody(object);
    }

    boolean has(String field) {
        return node.has(field);
    }

    /** The raw value, null when absent: for fields that take an object or its JSON text. */
    JsonNode node(String field) {
        return node.get(field);
    }

    /** The text, null when absent or JSON null. */
    String text(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiError.badRequest(field, "must be a string");
        }
        return v.asText();
    }

    String requireText(String field) {
        String v = text(field);
        if (v == null) {
            throw ApiError.badRequest(field, "is required");
        }
        return v;
    }

    Integer integer(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw ApiError.badRequest(field, "must be an integer");
        }
        return v.asInt();
    }

    Long longValue(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw ApiError.badRequest(field, "must be an integer");
        }
        return v.asLong();
    }

    boolean bool(String field, boolean otherwise) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return otherwise;
        }
        if (!v.isBoolean()) {
            throw ApiError.badRequest(field, "must be true or false");
        }
        return v.asBoolean();
    }

    /** A list of strings; empty when absent. */
    List<String> texts(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw ApiError.badRequest(field, "must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual()) {
                throw ApiError.badRequest(field, "must be a list of strings");
            }
            out.add(item.asText());
        }
        return out;
    }
}
