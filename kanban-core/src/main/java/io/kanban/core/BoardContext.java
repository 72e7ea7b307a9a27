package io.kanban.core;

import io.kanban.core.error.TaskNotFound;
import io.kanban.core.error.TenantMismatch;
import io.kanban.core.model.EventKind;
import io.kanban.core.model.Task;
import io.kanban.core.store.BoardDatabase;
import io.kanban.core.store.EventStore;
import io.kanban.core.store.Json;
import io.kanban.core.store.TaskStore;
import io.kanban.core.store.Tx;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** What every part of one board handle shares: the database, the clock, the options, the tenant scope. */
final class BoardContext {
    final BoardDatabase db;
    final BoardOptions options;
    final String tenant;
    final BoardObservers observers;
    /** Where the hot writes run: in this process, or in the host's writer process. */
    final HostWrites host;

    BoardContext(BoardDatabase db, BoardOptions options, String tenant) {
        this(db, options, tenant, new BoardObservers(), HostWrites.of(options));
    }

    private BoardContext(BoardDatabase db, BoardOptions options, String tenant, BoardObservers observers,
                         HostWrites host) {
        this.db = db;
        this.options = options;
        this.tenant = tenant;
        this.observers = observers;
        this.host = host;
    }

    BoardContext scopedTo(String value) {
        return new BoardContext(db, options, value, observers, host);
    }

    Instant now() {
        // The layout stores whole seconds; truncating here keeps in-memory values equal to stored ones.
        return Instant.ofEpochSecond(options.clock().instant().getEpochSecond());
    }

    /** Loads a task this handle may see, or fails with a typed error. */
    Task require(Tx tx, String taskId) {
        if (taskId == null || taskId.isBlank()) {
            throw new io.kanban.core.error.ValidationError("task_id", "must not be empty");
        }
        Task task = TaskStore.find(tx, taskId).orElseThrow(() -> new TaskNotFound(taskId));
        checkTenant(task);
        return task;
    }

    void checkTenant(Task task) {
        if (tenant != null && !Objects.equals(tenant, task.tenant())) {
            throw new TenantMismatch(task.id(), tenant);
        }
    }

    void event(Tx tx, String taskId, Long runId, EventKind kind, Map<String, ?> payload, Instant now) {
        EventStore.append(tx, taskId, runId, kind, Json.object(payload), now);
    }
}
