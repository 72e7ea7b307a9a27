package io.kanban.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kanban.core.model.Task;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The reference's per-card model override over REST: PATCH model_override/provider_override, POST model/provider. */
class ModelOverrideRoutesTest {
    @RegisterExtension
    final Dashboard d = new Dashboard();

    private static void assertError(Dashboard.Reply r, int status, String code, String mentions) {
        assertEquals(status, r.status(), r.text());
        assertTrue(r.json() != null && r.json().has("error"), () -> "JSON error body expected: " + r.text());
        assertEquals(code, r.json().get("code").asText(), r.text());
        assertTrue(r.json().get("error").asText().contains(mentions), r.text());
        assertFalse(r.text().contains("\tat "), "no stack trace in " + r.text());
    }

    @Test
    void patch_sets_and_clears_the_model_override_and_the_task_json_carries_it() {
        String id = d.create("pin me");
        JsonNode set = d.patch("/api/tasks/" + id, Dashboard.json(Map.of("model_override", "gpt-5",
                "provider_override", "openai", "priority", 3))).expect(200).json().get("task");
        assertEquals("gpt-5", set.get("model_override").asText());
        assertEquals("openai", set.get("provider_override").asText());
        assertEquals(3, set.get("priority").asInt());
        JsonNode detail = d.get("/api/tasks/" + id).expect(200).json().get("task");
        assertEquals("gpt-5", detail.get("model_override").asText());

        Map<String, Object> clear = new HashMap<>();
        clear.put("model_override", null);
        JsonNode cleared = d.patch("/api/tasks/" + id, Dashboard.json(clear)).expect(200).json().get("task");
        assertTrue(cleared.get("model_override").isNull(), cleared.toString());
        assertTrue(cleared.get("provider_override").isNull(), cleared.toString());
        d.patch("/api/tasks/" + id, Dashboard.json(Map.of("model_override", "gpt-5"))).expect(200);
        assertNull(d.patch("/api/tasks/" + id, Dashboard.json(Map.of("model_override", "none"))).expect(200)
                .json().get("task").get("model_override").textValue());
        assertTrue(d.board.tasks().detail(id).events().stream().filter(e -> e.kind().equals("model_override_set"))
                .count() >= 3);
    }

    @Test
    void a_provider_without_a_model_or_a_bad_name_is_a_400_and_changes_nothing() {
        String id = d.create("keep me");
        d.patch("/api/tasks/" + id, Dashboard.json(Map.of("model_override", "gpt-5", "provider_override", "openai")))
                .expect(200);
        int events = d.board.tasks().detail(id).events().size();

        assertError(d.patch("/api/tasks/" + id, Dashboard.json(Map.of("provider_override", "anthropic",
                "priority", 7))), 400, "invalid_argument", "provider");
        assertError(d.patch("/api/tasks/" + id, Dashboard.json(Map.of("model_override", "--help"))), 400,
                "invalid_argument", "model");
        assertError(d.patch("/api/tasks/" + id, Dashboard.json(Map.of("model_override", 5))), 400,
                "invalid_argument", "model_override");
        assertError(d.patch("/api/tasks/" + id, Dashboard.json(Map.of("model_override", "x", "status", "blocked",
                "block_kind", "needs_input"))), 400, "invalid_argument", "model_override");

        Task after = d.board.tasks().get(id);
        assertEquals("gpt-5", after.modelOverride());
        assertEquals("openai", after.providerOverride());
        assertEquals(0, after.priority());
        assertEquals(events, d.board.tasks().detail(id).events().size());
    }

    @Test
    void patch_sets_and_clears_the_reasoning_level_and_refuses_an_unknown_one_with_a_400() {
        String id = d.create("think hard");
        JsonNode set = d.patch("/api/tasks/" + id, Dashboard.json(Map.of("reasoning_effort", "high")))
                .expect(200).json().get("task");
        assertEquals("high", set.get("reasoning_effort").asText());
        assertEquals("high", d.get("/api/tasks/" + id).expect(200).json().get("task").get("reasoning_effort")
                .asText());
        int events = d.board.tasks().detail(id).events().size();

        assertError(d.patch("/api/tasks/" + id, Dashboard.json(Map.of("reasoning_effort", "turbo", "priority", 4))),
                400, "invalid_argument", "reasoning level");
        assertEquals("high", d.board.tasks().get(id).reasoningEffort());
        assertEquals(0, d.board.tasks().get(id).priority(), "a refused field leaves the task as it was");
        assertEquals(events, d.board.tasks().detail(id).events().size());

        assertNull(d.patch("/api/tasks/" + id, Dashboard.json(Map.of("reasoning_effort", "default"))).expect(200)
                .json().get("task").get("reasoning_effort").textValue());
        assertTrue(d.board.tasks().detail(id).events().stream().anyMatch(e -> e.kind().equals("reasoning_effort_set")
                && e.payload().contains("\"reasoning_effort\":null")));
    }

    @Test
    void create_takes_model_and_provider_and_refuses_a_provider_alone() {
        JsonNode task = d.post("/api/tasks", Dashboard.json(Map.of("title", "pinned", "model",
                "anthropic/claude-sonnet-4", "provider", "openrouter"))).expect(201).json().get("task");
        assertEquals("anthropic/claude-sonnet-4", task.get("model_override").asText());
        assertEquals("openrouter", task.get("provider_override").asText());
        int before = d.board.tasks().list(io.kanban.core.model.TaskFilter.all()).size();
        assertError(d.post("/api/tasks", Dashboard.json(Map.of("title", "no model", "provider", "openrouter"))), 400,
                "invalid_argument", "provider");
        assertEquals(before, d.board.tasks().list(io.kanban.core.model.TaskFilter.all()).size());
    }
}
