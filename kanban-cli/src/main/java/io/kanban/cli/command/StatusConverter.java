package io.kanban.cli.command;

import io.kanban.core.error.ValidationError;
import io.kanban.core.model.Status;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --status}: the core's parser; its refusal becomes a usage error (exit 2) that picocli names the option in. */
final class StatusConverter implements ITypeConverter<Status> {
    @Override
    public Status convert(String value) {
        try {
            return Status.parse(value);
        } catch (ValidationError e) {
            // picocli prefixes the option; the core's message starts with the field name, which would say it twice.
            String prefix = e.field() + ": ";
            String message = e.getMessage();
            throw new TypeConversionException(message.startsWith(prefix) ? message.substring(prefix.length()) : message);
        }
    }
}
