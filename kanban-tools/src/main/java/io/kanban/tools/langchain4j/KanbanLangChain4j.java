package io.kanban.tools.langchain4j;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.langchain4j.service.tool.ToolExecutor;
import io.kanban.tools.ToolDefinition;
import io.kanban.tools.ToolSession;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kanban tools as LangChain4j tools: a {@link ToolSpecification} and a {@link ToolExecutor} for each tool the
 * session serves, ready for {@code AiServices.builder(Agent.class).chatModel(model).tools(KanbanLangChain4j.tools(s))}.
 * The executor hands the model's JSON arguments to {@link ToolSession#call(String, String)} and returns its JSON
 * result or error object, so a bad call reaches the model as text it can act on, never as an exception. Needs
 * {@code dev.langchain4j:langchain4j} on the class path (kanban-tools does not bring it).
 */
public final class KanbanLangChain4j {
    private KanbanLangChain4j() {
    }

    /**
     * The session's tools, in the reference's order.
     *
     * @param session the worker's (or orchestrator's) session; the caller closes it
     * @return each tool's specification and its executor
     */
    public static Map<ToolSpecification, ToolExecutor> tools(ToolSession session) {
        Map<ToolSpecification, ToolExecutor> tools = new LinkedHashMap<>();
        for (ToolDefinition d : session.definitions()) {
            tools.put(specification(d), (request, memoryId) -> session.call(d.name(), request.arguments()));
        }
        return tools;
    }

    /**
     * One tool's LangChain4j specification: its name, description and parameters, converted from its JSON Schema.
     *
     * @param definition the tool
     * @return the specification
     */
    public static ToolSpecification specification(ToolDefinition definition) {
        return ToolSpecification.builder()
                .name(definition.name())
                .description(definition.description())
                .parameters((JsonObjectSchema) element(definition.inputSchema()))
                .build();
    }

    private static JsonSchemaElement element(JsonNode schema) {
        String description = schema.path("description").asText(null);
        String type = schema.path("type").asText();
        if (schema.has("enum")) {
            List<String> values = new ArrayList<>();
            schema.get("enum").forEach(v -> values.add(v.asText()));
            return JsonEnumSchema.builder().description(description).enumValues(values).build();
        }
        return switch (type) {
            case "string" -> JsonStringSchema.builder().description(description).build();
            case "integer" -> JsonIntegerSchema.builder().description(description).build();
            case "number" -> JsonNumberSchema.builder().description(description).build();
            case "boolean" -> JsonBooleanSchema.builder().description(description).build();
            case "array" -> JsonArraySchema.builder().description(description)
                    .items(element(schema.path("items"))).build();
            case "object" -> {
                JsonObjectSchema.Builder object = JsonObjectSchema.builder().description(description);
                Map<String, JsonSchemaElement> properties = new LinkedHashMap<>();
                schema.path("properties").fields().forEachRemaining(p -> properties.put(p.getKey(),
                        element(p.getValue())));
                object.addProperties(properties);
                List<String> required = new ArrayList<>();
                schema.path("required").forEach(r -> required.add(r.asText()));
                object.required(required);
                // A closed object (the tool arguments, an evidence item) stays closed; metadata stays open.
                object.additionalProperties(schema.has("properties")
                        ? schema.path("additionalProperties").asBoolean(true) : Boolean.TRUE);
                yield object.build();
            }
            default -> throw new IllegalArgumentException("a kanban tool schema uses type '" + type
                    + "', which this adapter does not convert");
        };
    }
}
