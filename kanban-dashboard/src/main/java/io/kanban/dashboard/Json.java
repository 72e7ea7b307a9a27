package io.kanban.dashboard;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.kanban.core.model.Attention;
import io.kanban.core.model.RunOutcome;
import io.kanban.core.model.Status;
import io.kanban.core.model.TaskCard;
import io.kanban.core.model.Workspace;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;

/** The API's JSON: snake_case fields, ISO-8601 instants, statuses as the board spells them, durations in seconds. */
public final class Json {
    private Json() {
    }

    public static ObjectMapper mapper() {
        SimpleModule wire = new SimpleModule("kanban-wire");
        wire.addSerializer(Status.class, as(Status::wire));
        wire.addSerializer(RunOutcome.class, as(RunOutcome::wire));
        wire.addSerializer(Workspace.class, as(Workspace::toString));
        wire.addSerializer(Attention.Kind.class, as(k -> k.name().toLowerCase(Locale.ROOT)));
        wire.addSerializer(TaskCard.class, new CardJson());
        wire.addSerializer(Duration.class, new JsonSerializer<>() {
            @Override
            public void serialize(Duration value, JsonGenerator gen, SerializerProvider p) throws IOException {
                gen.writeNumber(value.toSeconds());
            }
        });
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .registerModule(wire)
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    /** JSON text stored by the board (event payloads, run metadata) as a node; unparsable text stays a string. */
    static JsonNode embedded(ObjectMapper mapper, String text) {
        if (text == null) {
            return null;
        }
        try {
            return mapper.readTree(text);
        } catch (IOException e) {
            return mapper.getNodeFactory().textNode(text);
        }
    }

    private static <T> JsonSerializer<T> as(Function<T, String> text) {
        return new JsonSerializer<>() {
            @Override
            public void serialize(T value, JsonGenerator gen, SerializerProvider p) throws IOException {
                gen.writeString(text.apply(value));
            }
        };
    }
}
