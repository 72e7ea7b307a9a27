package io.kanban.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.kanban.core.error.ValidationError;
import io.kanban.core.store.Json;

/** Run metadata: a JSON object, bounded, stored as compact text. */
final class Metadata {
    private Metadata() {
    }

    static String requireObject(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        Limits.text("metadata", text, Limits.METADATA_MAX);
        JsonNode node;
        try {
            node = Json.read(text);
        } catch (JsonProcessingException e) {
            throw new ValidationError("metadata", "is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new ValidationError("metadata", "must be a JSON object, as in {\"files\": 3}");
        }
        return Json.write(node);
    }
}
