package io.kanban.cli.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.kanban.cli.render.JsonPrinter;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Checks that --metadata is JSON at all (a usage error, exit 2); the board checks the rest (an object, its size). */
final class JsonObjectConverter implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
        try {
            JsonPrinter.mapper().readTree(value);
        } catch (JsonProcessingException e) {
            throw new TypeConversionException("'" + value + "' is not valid JSON: " + e.getOriginalMessage());
        }
        return value;
    }
}
