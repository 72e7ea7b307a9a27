package io.kanban.core.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.kanban.core.model.RunOutcome;
import io.kanban.core.model.Status;
import io.kanban.core.model.Workspace;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * The wire format as a Jackson module: register it (or take {@link #newMapper()}) and write records; each comes
 * out in its one shape, whichever front end writes it. The conventions are in the package description.
 */
public final class WireFormat {
    /** Parses stored JSON text; built when the first payload or metadata is written. */
    private static final class Parser {
        static final ObjectMapper INSTANCE = new ObjectMapper();
    }

    private WireFormat() {
    }

    /**
     * The serializers of every record, and of instants (epoch seconds) and durations (seconds) anywhere.
     *
     * @return the Jackson module
     */
    public static Module module() {
        SimpleModule m = new SimpleModule("kanban-wire-format");
        m.addSerializer(TaskShapes.TASK);
        m.addSerializer(TaskShapes.PARENT);
        m.addSerializer(TaskShapes.RUN);
        m.addSerializer(TaskShapes.COMMENT);
        m.addSerializer(TaskShapes.ATTACHMENT);
        m.addSerializer(TaskShapes.EVENT);
        m.addSerializer(TaskShapes.DETAIL);
        m.addSerializer(new CardWriter());
        m.addSerializer(CardShapes.FACTS);
        m.addSerializer(BoardShapes.SUMMARY);
        m.addSerializer(FleetShapes.STATS);
        m.addSerializer(FleetShapes.BUCKET);
        m.addSerializer(FleetShapes.PROFILE);
        m.addSerializer(ReportShapes.STATS);
        m.addSerializer(ReportShapes.STUCK);
        m.addSerializer(ReportShapes.ASSIGNEE);
        m.addSerializer(ReportShapes.ATTENTION);
        m.addSerializer(ReportShapes.DIAGNOSTIC);
        m.addSerializer(ReportShapes.ACTION);
        m.addSerializer(ReportShapes.TICK);
        m.addSerializer(ReportShapes.SPAWN);
        m.addSerializer(ReportShapes.FAILURE);
        m.addSerializer(ReportShapes.SKIP);
        m.addSerializer(ReportShapes.WORKER);
        m.addSerializer(ReportShapes.SUBSCRIPTION);
        m.addSerializer(ReportShapes.DELIVERY);
        m.addSerializer(Instant.class, scalar((at, g) -> g.writeNumber(at.getEpochSecond())));
        m.addSerializer(Duration.class, scalar((d, g) -> g.writeNumber(d.toSeconds())));
        m.addSerializer(Status.class, scalar((s, g) -> g.writeString(s.wire())));
        m.addSerializer(RunOutcome.class, scalar((o, g) -> g.writeString(o.wire())));
        m.addSerializer(Workspace.class, scalar((w, g) -> g.writeString(w.toString())));
        return m;
    }

    /**
     * A new mapper that writes the wire format (compact; a front end may pretty-print through a writer).
     *
     * @return the mapper
     */
    public static ObjectMapper newMapper() {
        return new ObjectMapper().registerModule(module());
    }

    /**
     * An instant as the wire format writes it: whole epoch seconds, or null.
     *
     * @param at the instant, or null
     * @return the epoch seconds, or null
     */
    public static Long epochSeconds(Instant at) {
        return at == null ? null : at.getEpochSecond();
    }

    /**
     * JSON text the board stores (event payloads, run metadata) as a JSON value; text that does not parse stays a
     * string.
     *
     * @param text the stored text, or null
     * @return the JSON value
     */
    public static JsonNode embedded(String text) {
        if (text == null) {
            return null;
        }
        try {
            JsonNode node = Parser.INSTANCE.readTree(text);
            return node == null || node.isMissingNode() ? JsonNodeFactory.instance.textNode(text) : node;
        } catch (JsonProcessingException e) {
            return JsonNodeFactory.instance.textNode(text);
        }
    }

    @FunctionalInterface
    private interface ScalarWriter<T> {
        void write(T value, JsonGenerator g) throws IOException;
    }

    /** A value written as one JSON scalar (null values never reach a serializer). */
    private static <T> JsonSerializer<T> scalar(ScalarWriter<T> writer) {
        return new JsonSerializer<>() {
            @Override
            public void serialize(T value, JsonGenerator g, SerializerProvider p) throws IOException {
                writer.write(value, g);
            }
        };
    }
}
