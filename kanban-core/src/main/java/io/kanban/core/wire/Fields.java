package io.kanban.core.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Writes the fields of one JSON object in the wire format's conventions (see the package description). */
final class Fields {
    private final JsonGenerator g;
    private final SerializerProvider provider;

    Fields(JsonGenerator g, SerializerProvider provider) {
        this.g = g;
        this.provider = provider;
    }

    void text(String name, String value) throws IOException {
        g.writeStringField(name, value);
    }

    void number(String name, long value) throws IOException {
        g.writeNumberField(name, value);
    }

    void number(String name, Long value) throws IOException {
        g.writeFieldName(name);
        if (value == null) {
            g.writeNull();
        } else {
            g.writeNumber(value);
        }
    }

    void bool(String name, boolean value) throws IOException {
        g.writeBooleanField(name, value);
    }

    /** An instant as whole epoch seconds. */
    void time(String name, Instant at) throws IOException {
        number(name, WireFormat.epochSeconds(at));
    }

    /** A duration as whole seconds. */
    void seconds(String name, Duration d) throws IOException {
        number(name, d == null ? null : d.toSeconds());
    }

    void texts(String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    /** JSON text the board stores, embedded as JSON (or as a string when it does not parse). */
    void stored(String name, String jsonText) throws IOException {
        provider.defaultSerializeField(name, WireFormat.embedded(jsonText), g);
    }

    /** Any other value, through the mapper: a record gets its wire shape, a list or map its elements'. */
    void value(String name, Object value) throws IOException {
        provider.defaultSerializeField(name, value, g);
    }
}
