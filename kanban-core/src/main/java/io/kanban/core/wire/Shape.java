package io.kanban.core.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/** The serializer of one record: a JSON object whose fields {@link Body} writes, in order. */
final class Shape<T> extends StdSerializer<T> {
    @FunctionalInterface
    interface Body<T> {
        void write(T value, Fields out) throws IOException;
    }

    private final Body<T> body;

    private Shape(Class<T> type, Body<T> body) {
        super(type);
        this.body = body;
    }

    static <T> Shape<T> of(Class<T> type, Body<T> body) {
        return new Shape<>(type, body);
    }

    @Override
    public void serialize(T value, JsonGenerator g, SerializerProvider provider) throws IOException {
        g.writeStartObject(value);
        body.write(value, new Fields(g, provider));
        g.writeEndObject();
    }
}
