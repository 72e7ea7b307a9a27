package io.kanban.dashboard;

import io.kanban.core.model.Status;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The board's columns, in the order the page shows them, and parsing of status names from requests. */
final class Statuses {
    static final List<Status> COLUMNS = List.of(Status.TRIAGE, Status.TODO, Status.READY, Status.RUNNING,
            Status.BLOCKED, Status.DONE);

    private Statuses() {
    }

    static Status parse(String field, String value) {
        try {
            return Status.fromWire(value);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(field, "'" + value + "' is not a status (one of "
                    + Arrays.stream(Status.values()).map(Status::wire).collect(Collectors.joining(", ")) + ")");
        }
    }
}
