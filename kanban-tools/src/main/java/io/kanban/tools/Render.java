package io.kanban.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kanban.core.model.Comment;
import io.kanban.core.model.Event;
import io.kanban.core.model.Run;
import io.kanban.core.model.Task;
import java.time.Instant;

/** Board records as the JSON a worker reads: snake_case keys, epoch-second times, as the reference prints them. */
final class Render {
    private Render() {
    }

    static ObjectNode task(ObjectMapper json, Task t) {
        ObjectNode n = json.createObjectNode();
        n.put("id", t.id());
        n.put("title", t.title());
        n.put("body", t.body());
        n.put("assignee", t.assignee());
        n.put("status", t.status().wire());
        n.put("priority", t.priority());
        n.put("tenant", t.tenant());
        n.put("workspace_kind", t.workspace().kind().wire());
        n.put("workspace_path", t.workspace().path());
        n.put("created_by", t.createdBy());
        time(n, "created_at", t.createdAt());
        time(n, "started_at", t.startedAt());
        time(n, "completed_at", t.completedAt());
        n.put("result", t.result());
        n.put("idempotency_key", t.idempotencyKey());
        if (t.maxRuntime() == null) {
            n.putNull("max_runtime_seconds");
        } else {
            n.put("max_runtime_seconds", t.maxRuntime().toSeconds());
        }
        time(n, "claim_expires", t.claimExpires());
        time(n, "last_heartbeat_at", t.lastHeartbeatAt());
        if (t.currentRunId() == null) {
            n.putNull("current_run_id");
        } else {
            n.put("current_run_id", t.currentRunId());
        }
        n.put("consecutive_failures", t.consecutiveFailures());
        t.skills().forEach(n.putArray("skills")::add);
        return n;
    }

    /** A neighbour in the graph: enough to know whether it is finished and what it produced. */
    static ObjectNode neighbour(ObjectMapper json, Task t) {
        ObjectNode n = json.createObjectNode();
        n.put("id", t.id());
        n.put("title", t.title());
        n.put("status", t.status().wire());
        n.put("assignee", t.assignee());
        return n;
    }

    static ObjectNode run(ObjectMapper json, Run r) {
        ObjectNode n = json.createObjectNode();
        n.put("id", r.id());
        n.put("profile", r.profile());
        n.put("status", r.status());
        n.put("outcome", r.outcome() == null ? null : r.outcome().wire());
        n.put("summary", r.summary());
        n.put("error", r.error());
        n.set("metadata", parsed(json, r.metadata()));
        time(n, "started_at", r.startedAt());
        time(n, "ended_at", r.endedAt());
        return n;
    }

    static ObjectNode comment(ObjectMapper json, Comment c) {
        ObjectNode n = json.createObjectNode();
        n.put("id", c.id());
        n.put("author", c.author());
        n.put("body", c.body());
        time(n, "created_at", c.createdAt());
        return n;
    }

    static ObjectNode event(ObjectMapper json, Event e) {
        ObjectNode n = json.createObjectNode();
        n.put("id", e.id());
        n.put("kind", e.kind());
        if (e.runId() == null) {
            n.putNull("run_id");
        } else {
            n.put("run_id", e.runId());
        }
        n.set("payload", parsed(json, e.payload()));
        time(n, "created_at", e.createdAt());
        return n;
    }

    /** Stored JSON text back as JSON; text another kernel wrote that does not parse is passed on as a string. */
    static JsonNode parsed(ObjectMapper json, String text) {
        if (text == null) {
            return json.nullNode();
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            return json.getNodeFactory().textNode(text);
        }
    }

    private static void time(ObjectNode n, String key, Instant at) {
        if (at == null) {
            n.putNull(key);
        } else {
            n.put(key, at.getEpochSecond());
        }
    }
}
