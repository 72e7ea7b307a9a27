package io.kanban.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.error.IllegalTransition;
import io.kanban.core.error.TaskNotFound;
import io.kanban.core.error.ValidationError;
import io.kanban.core.model.ClaimedTask;
import io.kanban.core.model.Event;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Task;
import io.kanban.core.testing.OnEachBackend;
import io.kanban.core.testing.ScratchBoard;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reference's per-card model and provider overrides: {@code set-model} and {@code create --model}. */
@OnEachBackend
class ModelOverrideTest {
    final Board board;

    ModelOverrideTest(ScratchBoard scratch) {
        board = scratch.board();
    }

    private List<Event> events(String taskId, String kind) {
        return board.tasks().detail(taskId).events().stream().filter(e -> e.kind().equals(kind)).toList();
    }

    @Test
    void set_model_stores_both_overrides_and_writes_one_model_override_set_event() {
        Task t = TestBoards.create(board, "write it");
        Task set = board.tasks().setModel(t.id(), "anthropic/claude-sonnet-4", "openrouter");

        assertEquals("anthropic/claude-sonnet-4", set.modelOverride());
        assertEquals("openrouter", set.providerOverride());
        assertEquals("anthropic/claude-sonnet-4", board.tasks().get(t.id()).modelOverride());
        List<Event> events = events(t.id(), "model_override_set");
        assertEquals(1, events.size());
        assertEquals("{\"model\":\"anthropic/claude-sonnet-4\",\"provider\":\"openrouter\"}", events.get(0).payload());
    }

    @Test
    void a_model_alone_clears_an_earlier_provider_and_none_clears_both() {
        Task t = TestBoards.create(board, "write it");
        board.tasks().setModel(t.id(), "gpt-5", "openai");
        Task modelOnly = board.tasks().setModel(t.id(), "llama3:70b", null);
        assertEquals("llama3:70b", modelOnly.modelOverride());
        assertNull(modelOnly.providerOverride(), "set-model replaces the pair, as the reference does");

        for (String clear : new String[] {"none", "NONE", null, "  "}) {
            board.tasks().setModel(t.id(), "gpt-5", "openai");
            Task cleared = board.tasks().setModel(t.id(), clear, null);
            assertNull(cleared.modelOverride(), "cleared by " + clear);
            assertNull(cleared.providerOverride());
        }
        List<Event> all = events(t.id(), "model_override_set");
        Event last = all.get(all.size() - 1); // oldest first
        assertEquals("{\"model\":null,\"provider\":null}", last.payload());
    }

    @Test
    void a_provider_without_a_model_or_a_flag_like_name_is_refused_and_nothing_changes() {
        Task t = board.tasks().create(NewTask.titled("keep").model("gpt-5").provider("openai").build()).task();
        int before = board.tasks().detail(t.id()).events().size();

        ValidationError noModel = assertThrows(ValidationError.class, () -> board.tasks().setModel(t.id(), "none", "x"));
        assertTrue(noModel.getMessage().contains("provider"), noModel.getMessage());
        assertThrows(ValidationError.class, () -> board.tasks().setModel(t.id(), "--help", null));
        assertThrows(ValidationError.class, () -> board.tasks().setModel(t.id(), "two words", null));
        assertThrows(ValidationError.class, () -> board.tasks().setModel(t.id(), "gpt-5", "-x"));
        assertThrows(ValidationError.class, () -> board.tasks().setModel(t.id(), "m".repeat(201), null));
        assertThrows(TaskNotFound.class, () -> board.tasks().setModel("t_nosuchcard0", "gpt-5", null));

        Task after = board.tasks().get(t.id());
        assertEquals("gpt-5", after.modelOverride());
        assertEquals("openai", after.providerOverride());
        assertEquals(before, board.tasks().detail(t.id()).events().size());
    }

    @Test
    void create_takes_a_model_and_provider_and_refuses_a_provider_alone() {
        Task t = board.tasks().create(NewTask.titled("a").model("gpt-5").provider("openai").build()).task();
        assertEquals("gpt-5", board.tasks().get(t.id()).modelOverride());
        assertEquals("openai", board.tasks().get(t.id()).providerOverride());
        Event created = events(t.id(), "created").get(0);
        assertTrue(created.payload().contains("\"model\":\"gpt-5\",\"provider\":\"openai\""), created.payload());

        int cards = board.tasks().list(io.kanban.core.model.TaskFilter.all()).size();
        assertThrows(ValidationError.class,
                () -> board.tasks().create(NewTask.titled("b").provider("openai").build()));
        assertEquals(cards, board.tasks().list(io.kanban.core.model.TaskFilter.all()).size(), "nothing created");
        assertNull(board.tasks().create(NewTask.titled("c").model("none").build()).task().modelOverride());
    }

    @Test
    void a_claim_hands_the_worker_the_cards_overrides() {
        Task t = board.tasks().create(NewTask.titled("a").assignee("coder").model("gpt-5").provider("openai")
                .build()).task();
        ClaimedTask claim = board.claims().claim(t.id()).orElseThrow();
        assertEquals("gpt-5", claim.task().modelOverride());
        assertEquals("openai", claim.task().providerOverride());
    }

    @Test
    void an_archived_card_keeps_its_overrides() {
        Task t = TestBoards.create(board, "old");
        board.tasks().archive(t.id());
        assertThrows(IllegalTransition.class, () -> board.tasks().setModel(t.id(), "gpt-5", null));
        assertNull(board.tasks().get(t.id()).modelOverride());
    }

    @Test
    void an_update_sets_the_model_with_other_fields_in_one_step_or_changes_nothing() {
        Task t = TestBoards.create(board, "patch me");
        Task updated = board.tasks().update(t.id(), new io.kanban.core.model.TaskUpdate(null, null, null, 5, null,
                null, java.util.Optional.of("gpt-5"), "openai"));
        assertEquals(5, updated.priority());
        assertEquals("gpt-5", updated.modelOverride());
        assertEquals("openai", updated.providerOverride());

        int events = board.tasks().detail(t.id()).events().size();
        assertThrows(ValidationError.class, () -> board.tasks().update(t.id(), new io.kanban.core.model.TaskUpdate(
                null, null, null, 9, null, null, null, "openai")));
        assertThrows(ValidationError.class, () -> board.tasks().update(t.id(), new io.kanban.core.model.TaskUpdate(
                null, null, null, 9, null, null, java.util.Optional.empty(), "openai")));
        assertThrows(IllegalTransition.class, () -> board.tasks().update(t.id(), new io.kanban.core.model.TaskUpdate(
                null, null, null, 9, io.kanban.core.model.Status.RUNNING, null, java.util.Optional.of("x"), null)));
        Task after = board.tasks().get(t.id());
        assertEquals(5, after.priority(), "a refused update changes nothing");
        assertEquals("gpt-5", after.modelOverride());
        assertEquals(events, board.tasks().detail(t.id()).events().size());

        Task cleared = board.tasks().update(t.id(), new io.kanban.core.model.TaskUpdate(null, null, null, null, null,
                null, java.util.Optional.empty(), null));
        assertNull(cleared.modelOverride());
        assertNull(cleared.providerOverride());
    }
}
