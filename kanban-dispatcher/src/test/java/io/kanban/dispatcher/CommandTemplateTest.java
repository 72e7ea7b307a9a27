package io.kanban.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kanban.core.Board;
import io.kanban.core.model.ClaimedTask;
import io.kanban.core.model.NewTask;
import io.kanban.core.error.ValidationError;
import io.kanban.core.testing.ScratchBoard;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CommandTemplateTest {
    @RegisterExtension
    final ScratchBoard scratch = ScratchBoard.onSqlite();

    @Test
    void the_default_argv_puts_one_skills_pair_per_skill_before_chat_with_kanban_worker_once() {
        Board board = scratch.board();
        var task = board.tasks().create(NewTask.titled("t").assignee("coder").tenant("acme")
                .skills(List.of("review", "kanban-worker", "git")).build()).task();
        ClaimedTask claim = board.claims().claim(task.id()).orElseThrow();

        List<String> argv = new CommandTemplate(CommandTemplate.LEGACY).expand(claim.task(), claim.run(),
                Path.of("/w"));

        assertEquals(List.of("hermes", "-p", "coder", "--skills", "kanban-worker", "--skills", "review",
                "--skills", "git", "chat", "-q", "work kanban task " + task.id()), argv);
        List<String> current = new CommandTemplate(CommandTemplate.DEFAULT).expand(claim.task(), claim.run(),
                Path.of("/w"), null, "/opt/hermes/bin/hermes");
        assertEquals(List.of("/opt/hermes/bin/hermes", "-p", "coder", "--cli", "--accept-hooks", "--skills",
                "review", "--skills", "kanban-worker", "--skills", "git", "chat", "-q", "work kanban task "
                + task.id()), current);
        List<String> custom = new CommandTemplate(List.of("agent", "{task_id}@{tenant}", "--run={run_id}",
                "{workspace}")).expand(claim.task(), claim.run(), Path.of("/w"));
        assertEquals(List.of("agent", task.id() + "@acme", "--run=" + claim.run().id(), "/w"), custom);
    }

    @Test
    void a_reviewer_run_loads_the_review_skill_after_kanban_worker_and_before_the_tasks_skills() {
        Board board = scratch.board();
        var task = board.tasks().create(NewTask.titled("t").assignee("coder").skills(List.of("git")).build())
                .task();
        ClaimedTask claim = board.claims().claim(task.id()).orElseThrow();
        List<String> argv = new CommandTemplate(CommandTemplate.LEGACY).expand(claim.task(), claim.run(),
                Path.of("/w"), "sdlc-review");
        assertEquals(List.of("hermes", "-p", "coder", "--skills", "kanban-worker", "--skills", "sdlc-review",
                "--skills", "git", "chat", "-q", "work kanban task " + task.id()), argv);
    }

    @Test
    void a_card_with_a_model_override_gets_the_references_model_flags_after_its_skills() {
        Board board = scratch.board();
        var task = board.tasks().create(NewTask.titled("t").assignee("coder").skills(List.of("git"))
                .model("anthropic/claude-sonnet-4").provider("openrouter").build()).task();
        ClaimedTask claim = board.claims().claim(task.id()).orElseThrow();
        List<String> argv = new CommandTemplate(CommandTemplate.DEFAULT).expand(claim.task(), claim.run(),
                Path.of("/w"), null, "hermes");
        assertEquals(List.of("hermes", "-p", "coder", "--cli", "--accept-hooks", "--skills", "git",
                "-m", "anthropic/claude-sonnet-4", "--provider", "openrouter", "chat", "-q",
                "work kanban task " + task.id()), argv);

        board.tasks().setModel(task.id(), "gpt-5", null);
        var modelOnly = board.tasks().get(task.id());
        assertEquals(List.of("hermes", "-p", "coder", "--cli", "--accept-hooks", "--skills", "git", "-m", "gpt-5",
                "chat", "-q", "work kanban task " + task.id()), new CommandTemplate(CommandTemplate.DEFAULT)
                .expand(modelOnly, claim.run(), Path.of("/w"), null, "hermes"));
        assertEquals(List.of("hermes", "-p", "coder", "--skills", "kanban-worker", "--skills", "git", "chat", "-q",
                "work kanban task " + task.id()), new CommandTemplate(CommandTemplate.LEGACY)
                .expand(modelOnly, claim.run(), Path.of("/w")), "the legacy argv stays as older Hermes parse it");
        assertEquals(List.of("agent", "-m", "gpt-5", "x"), CommandTemplate.validate("k",
                List.of("agent", "{model_args}", "x")).expand(modelOnly, claim.run(), Path.of("/w")));
    }

    @Test
    void a_card_with_a_reasoning_effort_gets_the_references_reasoning_flag_after_its_model_flags() {
        Board board = scratch.board();
        var task = board.tasks().create(NewTask.titled("t").assignee("coder").model("gpt-5").build()).task();
        board.tasks().setReasoningEffort(task.id(), "high");
        ClaimedTask claim = board.claims().claim(task.id()).orElseThrow();
        assertEquals("high", claim.task().reasoningEffort(), "the claim hands the level to the launcher");
        assertEquals(List.of("hermes", "-p", "coder", "--cli", "--accept-hooks", "-m", "gpt-5", "--reasoning", "high",
                "chat", "-q", "work kanban task " + task.id()), new CommandTemplate(CommandTemplate.DEFAULT)
                .expand(claim.task(), claim.run(), Path.of("/w"), null, "hermes"));

        board.tasks().setModel(task.id(), "none", null);
        assertEquals(List.of("agent", "--reasoning", "high", "x"), CommandTemplate.validate("k",
                List.of("agent", "{model_args}", "x")).expand(board.tasks().get(task.id()), claim.run(),
                Path.of("/w")), "a level without a model override still goes to the worker");
        board.tasks().setReasoningEffort(task.id(), "default");
        assertEquals(List.of("agent", "x"), CommandTemplate.validate("k", List.of("agent", "{model_args}", "x"))
                .expand(board.tasks().get(task.id()), claim.run(), Path.of("/w")));
    }

    @Test
    void a_card_without_a_model_override_gets_no_model_flags() {
        Board board = scratch.board();
        var task = board.tasks().create(NewTask.titled("t").assignee("coder").build()).task();
        ClaimedTask claim = board.claims().claim(task.id()).orElseThrow();
        assertEquals(List.of("hermes", "-p", "coder", "--cli", "--accept-hooks", "chat", "-q",
                "work kanban task " + task.id()), new CommandTemplate(CommandTemplate.DEFAULT)
                .expand(claim.task(), claim.run(), Path.of("/w"), null, "hermes"));
    }

    @Test
    void a_task_without_skills_gets_only_kanban_worker() {
        assertEquals(List.of("--skills", "kanban-worker"), CommandTemplate.skillArgs(List.of()));
    }

    @Test
    void unknown_placeholders_and_a_placeholder_executable_are_refused() {
        assertThrows(ValidationError.class, () -> CommandTemplate.validate("k", List.of("x", "{taskid}")));
        assertThrows(ValidationError.class, () -> CommandTemplate.validate("k", List.of("{assignee}")));
        assertThrows(ValidationError.class, () -> CommandTemplate.validate("k", List.of()));
        assertThrows(ValidationError.class, () -> CommandTemplate.validate("k", List.of("x", "{hermes}")));
        assertEquals(CommandTemplate.DEFAULT, CommandTemplate.validate("k", CommandTemplate.DEFAULT).tokens());
    }
}
