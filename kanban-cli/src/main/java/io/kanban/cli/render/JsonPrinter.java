package io.kanban.cli.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kanban.core.wire.WireFormat;
import java.io.PrintWriter;

/**
 * The CLI's JSON: board records in the core's wire format (see io.kanban.core.wire), one pretty document per
 * command, or one compact line per record when following. The mapper is built only when a command needs JSON.
 */
public final class JsonPrinter {
    private JsonPrinter() {
    }

    private static final class Holder {
        static final ObjectMapper MAPPER = WireFormat.newMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    /**
     * The CLI's mapper: writes the wire format, reads JSON given on the command line.
     *
     * @return the mapper
     */
    public static ObjectMapper mapper() {
        return Holder.MAPPER;
    }

    /**
     * Prints a document as indented JSON.
     *
     * @param out where to print
     * @param document the value
     */
    public static void print(PrintWriter out, Object document) {
        try {
            out.println(mapper().writeValueAsString(document));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * A document as JSON on one line.
     *
     * @param document the value
     * @return the JSON text
     */
    public static String compact(Object document) {
        try {
            return mapper().writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }
}
