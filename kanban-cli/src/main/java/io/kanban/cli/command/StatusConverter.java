package io.kanban.cli.command;

import io.kanban.core.model.Status;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

final class StatusConverter implements ITypeConverter<Status> {
    @Override
    public Status convert(String value) {
        try {
            return Status.fromWire(value.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + value + "' is not a status ("
                    + Arrays.stream(Status.values()).map(Status::wire).collect(Collectors.joining(", ")) + ")");
        }
    }
}
