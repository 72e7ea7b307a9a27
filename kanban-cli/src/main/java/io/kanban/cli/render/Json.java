package io.kanban.cli.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;

/** JSON out (pretty, one document) and in; the mapper is built only when a command needs JSON. */
public final class Json {
    private Json() {
    }

    private static final class Holder {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    public static ObjectMapper mapper() {
        return Holder.MAPPER;
    }

    public static void print(PrintWriter out, Object document) {
        try {
            out.println(mapper().writeValueAsString(document));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static String compact(Object document) {
        try {
            return mapper().writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Stored JSON text (payloads, metadata) as a JSON value; text that is not JSON stays a string. */
    static Object parseOrText(String text) {
        if (text == null) {
            return null;
        }
        try {
            return mapper().readTree(text);
        } catch (JsonProcessingException e) {
            return text;
        }
    }
}
