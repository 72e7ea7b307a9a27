package io.kanban.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kanban.core.Lifecycle;
import io.kanban.core.model.Event;
import io.kanban.core.model.Run;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import io.kanban.core.model.TaskCard;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** What the API sends: cards for the board (no body, to keep 10,000 tasks light), and full records elsewhere. */
final class Views {
    private Views() {
    }

    record EventView(long id, String taskId, Long runId, String kind, JsonNode payload, Instant createdAt) {
    }

    record RunView(long id, String taskId, String profile, String status, String outcome, Long workerPid,
                   Instant startedAt, Instant endedAt, Long durationSeconds, Instant lastHeartbeatAt, String summary,
                   JsonNode metadata, String error, boolean hasLog) {
    }

    /** A card on the board: what a column shows, plus (as {@link CardJson} writes it) the legal moves. */
    static TaskCard card(Task t) {
        return TaskCard.of(t);
    }

    /** Legal targets by hand, in column order (running is never one: only a claim starts a run). */
    static List<String> moves(Status from) {
        return MOVES.get(from);
    }

    /** The lifecycle table never changes at run time: computed once rather than per card. */
    private static final Map<Status, List<String>> MOVES = computeMoves();

    private static Map<Status, List<String>> computeMoves() {
        Map<Status, List<String>> moves = new EnumMap<>(Status.class);
        for (Status from : Status.values()) {
            moves.put(from, Stream.concat(Statuses.COLUMNS.stream(), Stream.of(Status.ARCHIVED))
                    .filter(to -> Lifecycle.allows(from, to))
                    .map(Status::wire)
                    .toList());
        }
        return Collections.unmodifiableMap(moves);
    }

    static EventView event(ObjectMapper mapper, Event e) {
        return new EventView(e.id(), e.taskId(), e.runId(), e.kind(), Json.embedded(mapper, e.payload()),
                e.createdAt());
    }

    static RunView run(ObjectMapper mapper, Run r) {
        Long duration = r.startedAt() == null || r.endedAt() == null ? null
                : java.time.Duration.between(r.startedAt(), r.endedAt()).toSeconds();
        return new RunView(r.id(), r.taskId(), r.profile(), r.status(),
                r.outcome() == null ? null : r.outcome().wire(), r.workerPid(), r.startedAt(), r.endedAt(), duration,
                r.lastHeartbeatAt(), r.summary(), Json.embedded(mapper, r.metadata()), r.error(), r.logPath() != null);
    }
}
