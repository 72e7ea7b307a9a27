package io.kanban.core.spi;

import io.kanban.core.model.Run;
import io.kanban.core.model.Task;

/** A claimed task to start a worker for; {@code boardLocation} is what the worker passes back as its board. */
public record LaunchRequest(Task task, Run run, String boardLocation) {
}
