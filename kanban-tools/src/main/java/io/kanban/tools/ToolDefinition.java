package io.kanban.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * What an agent runtime registers with its model: the tool's name, a description written for the model, and the
 * JSON Schema (draft 2020-12) of its arguments.
 *
 * @param name the tool's name, e.g. {@code kanban_show}
 * @param description what the tool does, written for the model
 * @param inputSchema the JSON Schema of the tool's arguments
 */
public record ToolDefinition(String name, String description, ObjectNode inputSchema) {

    /**
     * Checks the fields and keeps a copy of the schema, so a caller's later changes do not reach it.
     *
     * @param name the tool's name, e.g. {@code kanban_show}
     * @param description what the tool does, written for the model
     * @param inputSchema the JSON Schema of the tool's arguments
     */
    public ToolDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        inputSchema = inputSchema.deepCopy();
    }

    /** @return a copy of the schema: callers may change it freely */
    @Override
    public ObjectNode inputSchema() {
        return inputSchema.deepCopy();
    }

    /** @return the definition in the shape most tool-calling APIs take: {@code {name, description, input_schema}} */
    public ObjectNode toJson() {
        ObjectNode n = inputSchema.objectNode();
        n.put("name", name);
        n.put("description", description);
        n.set("input_schema", inputSchema.deepCopy());
        return n;
    }

    static ToolDefinition of(KanbanTool tool) {
        JsonNode schema = tool.inputSchema();
        return new ToolDefinition(tool.name(), tool.description(), (ObjectNode) schema);
    }
}
