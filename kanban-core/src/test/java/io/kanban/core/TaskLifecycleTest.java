package io.kanban.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.error.CycleDetected;
import io.kanban.core.error.IllegalTransition;
import io.kanban.core.error.OversizeText;
import io.kanban.core.error.TaskNotFound;
import io.kanban.core.error.UnfinishedParents;
import io.kanban.core.error.ValidationError;
import io.kanban.core.model.BoardStats;
import io.kanban.core.model.Completion;
import io.kanban.core.model.Event;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import io.kanban.core.model.TaskDetail;
import io.kanban.core.model.TaskFilter;
import io.kanban.core.model.Workspace;
import io.kanban.core.model.WorkspaceKind;
import io.kanban.core.testing.OnEachBackend;
import io.kanban.core.testing.ScratchBoard;
import io.kanban.core.testing.SettableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

@OnEachBackend
class TaskLifecycleTest {
    final SettableClock clock;
    final Board board;

    TaskLifecycleTest(ScratchBoard scratch) {
        clock = scratch.clock();
        board = scratch.board();
    }

    @Test
    void a_task_without_parents_is_ready_and_one_with_unfinished_parents_waits_in_todo() {
        Task parent = TestBoards.create(board, "spec");
        Task child = TestBoards.create(board, "implement", parent.id());
        Task triaged = board.tasks().create(NewTask.titled("idea").triage(true).build()).task();

        assertEquals(Status.READY, parent.status());
        assertEquals(Status.TODO, child.status());
        assertEquals(Status.TRIAGE, triaged.status());
        assertTrue(parent.id().matches("t_[0-9a-f]{12}"), parent.id());
    }

    @Test
    void tasks_created_together_get_neighbouring_ids_and_later_ones_sort_after() {
        List<String> burst = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            burst.add(TestBoards.create(board, "burst " + i).id());
        }
        assertEquals(300, new HashSet<>(burst).size(), "distinct within one clock instant");
        assertEquals(1, burst.stream().map(id -> id.substring(0, 10)).distinct().count(),
                "one instant, one time prefix: " + burst.subList(0, 3));
        clock.advance(Duration.ofSeconds(1));
        String later = TestBoards.create(board, "later").id();
        assertTrue(burst.stream().allMatch(id -> id.compareTo(later) < 0), later + " sorts after " + burst.get(0));
    }

    @Test
    void completing_the_last_parent_promotes_the_child_and_reopening_it_demotes_the_child() {
        Task a = TestBoards.create(board, "a");
        Task b = TestBoards.create(board, "b");
        Task child = TestBoards.create(board, "c", a.id(), b.id());

        board.claims().complete(a.id(), Completion.withSummary("a done"));
        assertEquals(Status.TODO, board.tasks().get(child.id()).status());
        board.claims().complete(b.id(), Completion.withSummary("b done"));
        assertEquals(Status.READY, board.tasks().get(child.id()).status());

        board.tasks().move(b.id(), Status.READY, null);
        assertEquals(Status.TODO, board.tasks().get(child.id()).status());
        List<String> kinds = board.events().forTask(child.id(), 50).stream().map(Event::kind).toList();
        // Reopening a done parent invalidates the work below it (HERMES-UPSTREAM §1), ready children included.
        assertEquals(List.of("created", "promoted", "descendant_invalidated"), kinds);
    }

    @Test
    void an_archived_parent_no_longer_holds_its_child_back() {
        Task parent = TestBoards.create(board, "abandoned");
        Task child = TestBoards.create(board, "next", parent.id());
        board.tasks().archive(parent.id());
        assertEquals(Status.READY, board.tasks().get(child.id()).status());
    }

    @Test
    void list_hides_archived_tasks_and_orders_by_priority_then_age() {
        Task low = board.tasks().create(NewTask.titled("low").priority(0).build()).task();
        clock.advance(Duration.ofSeconds(1));
        Task high = board.tasks().create(NewTask.titled("high").priority(5).build()).task();
        clock.advance(Duration.ofSeconds(1));
        Task older = board.tasks().create(NewTask.titled("low too").priority(0).assignee("ops").build()).task();
        Task gone = TestBoards.create(board, "gone");
        board.tasks().archive(gone.id());

        assertEquals(List.of(high.id(), low.id(), older.id()),
                board.tasks().list(TaskFilter.all()).stream().map(Task::id).toList());
        assertEquals(4, board.tasks().list(TaskFilter.all().withArchived(true)).size());
        assertEquals(List.of(older.id()),
                board.tasks().list(TaskFilter.all().withAssignee("ops")).stream().map(Task::id).toList());
        assertEquals(List.of(gone.id()),
                board.tasks().list(TaskFilter.all().withStatus(Status.ARCHIVED)).stream().map(Task::id).toList());
    }

    @Test
    void links_refuse_self_links_and_cycles_and_change_nothing() {
        Task a = TestBoards.create(board, "a");
        Task b = TestBoards.create(board, "b", a.id());
        Task c = TestBoards.create(board, "c", b.id());

        assertThrows(ValidationError.class, () -> board.links().link(a.id(), a.id()));
        CycleDetected cycle = assertThrows(CycleDetected.class, () -> board.links().link(c.id(), a.id()));
        assertTrue(cycle.getMessage().contains(a.id()));
        assertEquals(List.of(), board.links().parents(a.id()));
        assertEquals(Status.READY, board.tasks().get(a.id()).status());
    }

    @Test
    void linking_an_unfinished_parent_demotes_a_ready_child_and_unlinking_promotes_it_again() {
        Task parent = TestBoards.create(board, "parent");
        Task child = TestBoards.create(board, "child");
        assertTrue(board.links().link(parent.id(), child.id()));
        assertFalse(board.links().link(parent.id(), child.id()), "linking twice is a no-op");
        assertEquals(Status.TODO, board.tasks().get(child.id()).status());
        assertTrue(board.links().unlink(parent.id(), child.id()));
        assertEquals(Status.READY, board.tasks().get(child.id()).status());
    }

    @Test
    void moving_to_ready_with_unfinished_parents_names_them_and_running_cannot_be_set_by_hand() {
        Task parent = TestBoards.create(board, "parent");
        Task child = TestBoards.create(board, "child", parent.id());
        UnfinishedParents error = assertThrows(UnfinishedParents.class,
                () -> board.tasks().move(child.id(), Status.READY, null));
        assertEquals(List.of(parent.id()), error.parentIds());
        assertThrows(IllegalTransition.class, () -> board.tasks().move(parent.id(), Status.RUNNING, null));
        assertEquals(Status.TODO, board.tasks().get(child.id()).status());
    }

    @Test
    void assigning_is_refused_while_a_worker_holds_the_task() {
        Task task = TestBoards.create(board, "busy");
        board.claims().claim(task.id()).orElseThrow();
        assertThrows(IllegalTransition.class, () -> board.tasks().assign(task.id(), "someone-else"));
        assertEquals("worker", board.tasks().get(task.id()).assignee());
        Task other = TestBoards.create(board, "free");
        assertEquals("ops", board.tasks().assign(other.id(), "ops").assignee());
        assertNull(board.tasks().assign(other.id(), null).assignee());
    }

    @Test
    void bad_input_is_refused_with_a_typed_error_and_writes_nothing() {
        long before = board.events().latestId();
        assertThrows(ValidationError.class, () -> board.tasks().create(NewTask.titled("  ").build()));
        assertThrows(OversizeText.class, () -> board.tasks().create(NewTask.titled("x".repeat(501)).build()));
        assertThrows(OversizeText.class,
                () -> board.tasks().create(NewTask.titled("t").body("b".repeat(Limits.BODY_MAX + 1)).build()));
        assertThrows(ValidationError.class, () -> board.tasks().create(NewTask.titled("t").skill("bad name").build()));
        assertThrows(ValidationError.class, () -> board.tasks().create(NewTask.titled("t").skill("a").skill("a").build()));
        assertThrows(ValidationError.class, () -> board.tasks().create(NewTask.titled("t").skill("").build()));
        assertThrows(ValidationError.class, () -> board.tasks().create(NewTask.titled("\u0000").build()));
        assertThrows(ValidationError.class, () -> board.tasks().create(NewTask.titled("two\nlines").build()));
        assertThrows(ValidationError.class, () -> board.tasks().create(
                NewTask.titled("t").maxRuntime(Duration.ofSeconds(Long.MAX_VALUE)).build()));
        assertThrows(ValidationError.class, () -> board.tasks().create(
                NewTask.titled("t").maxRuntime(Duration.ZERO).build()));
        assertThrows(ValidationError.class, () -> board.tasks().create(NewTask.titled("t").skill("-rf").build()));
        NewTask.Builder many = NewTask.titled("t");
        for (int i = 0; i < Limits.SKILLS_MAX + 1; i++) {
            many.skill("s" + i);
        }
        assertThrows(ValidationError.class, () -> board.tasks().create(many.build()));
        assertThrows(ValidationError.class, () -> board.tasks().create(NewTask.titled("t").assignee("-p").build()));
        assertThrows(ValidationError.class, () -> board.tasks().create(NewTask.titled("t").parent("t_missing").build()));
        assertThrows(ValidationError.class, () -> Workspace.parse("dir:relative/path"));
        assertThrows(ValidationError.class, () -> Workspace.parse("dir:"));
        assertThrows(ValidationError.class, () -> Workspace.parse("elsewhere"));
        assertThrows(TaskNotFound.class, () -> board.tasks().get("t_nope"));
        assertThrows(TaskNotFound.class, () -> board.claims().complete("t_nope", Completion.withSummary("x")));
        assertEquals(before, board.events().latestId());
        assertEquals(List.of(), board.tasks().list(TaskFilter.all()));
    }

    @Test
    void skills_and_workspaces_round_trip_unchanged() {
        Task task = board.tasks().create(NewTask.titled("t").skill("kanban-worker").skill("git_ops").skill("py3.11")
                .workspace(Workspace.parse("dir:/srv/repo")).maxRuntime(Duration.ofMinutes(30)).build()).task();
        Task read = board.tasks().get(task.id());
        assertEquals(List.of("kanban-worker", "git_ops", "py3.11"), read.skills());
        assertEquals(new Workspace(WorkspaceKind.DIR, "/srv/repo"), read.workspace());
        assertEquals(Duration.ofMinutes(30), read.maxRuntime());
        assertEquals(List.of(), TestBoards.create(board, "plain").skills());
    }

    @Test
    void comments_detail_stats_and_roster_reflect_the_board() {
        Task a = TestBoards.create(board, "a");
        Task b = board.tasks().create(NewTask.titled("b").assignee("ops").parent(a.id()).build()).task();
        board.comments().add(a.id(), "alice", "looks good");
        clock.advance(Duration.ofSeconds(90));

        TaskDetail detail = board.tasks().detail(a.id());
        assertEquals("looks good", detail.comments().get(0).body());
        assertEquals(List.of(b.id()), detail.children().stream().map(Task::id).toList());
        BoardStats stats = board.tasks().stats();
        assertEquals(1L, stats.byStatus().get("ready"));
        assertEquals(1L, stats.byStatus().get("todo"));
        assertEquals(90L, stats.oldestReadyAgeSeconds());
        assertEquals(List.of("ops", "worker"), board.tasks().assignees().stream().map(s -> s.assignee()).toList());
    }

    @Test
    void gc_removes_old_archived_tasks_with_all_their_rows() {
        Task old = TestBoards.create(board, "old");
        board.comments().add(old.id(), null, "note");
        board.tasks().archive(old.id());
        Task keep = TestBoards.create(board, "keep");
        clock.advance(Duration.ofDays(40));

        var report = board.tasks().gc(clock.instant().minus(Duration.ofDays(30)), null);
        assertEquals(1, report.tasksRemoved());
        assertThrows(TaskNotFound.class, () -> board.tasks().get(old.id()));
        assertEquals(Status.READY, board.tasks().get(keep.id()).status());
        assertTrue(board.events().since(0, 100).stream().noneMatch(e -> e.taskId().equals(old.id())));
    }

    @Test
    void an_update_applies_all_its_changes_or_none() {
        Task parent = TestBoards.create(board, "parent");
        Task child = TestBoards.create(board, "child", parent.id());
        long before = board.events().latestId();
        assertThrows(UnfinishedParents.class, () -> board.tasks().update(child.id(), new io.kanban.core.model.TaskUpdate(
                "renamed", null, java.util.Optional.of("ops"), 4, Status.READY, null)));
        Task unchanged = board.tasks().get(child.id());
        assertEquals("child", unchanged.title());
        assertEquals("worker", unchanged.assignee());
        assertEquals(0, unchanged.priority());
        assertEquals(before, board.events().latestId(), "a refused update writes no event");

        Task updated = board.tasks().update(child.id(), new io.kanban.core.model.TaskUpdate(
                "renamed", null, java.util.Optional.empty(), 4, Status.TRIAGE, null));
        assertEquals("renamed", updated.title());
        assertNull(updated.assignee());
        assertEquals(4, updated.priority());
        assertEquals(Status.TRIAGE, updated.status());
        assertThrows(ValidationError.class, () -> board.tasks().update(child.id(),
                new io.kanban.core.model.TaskUpdate(null, null, null, null, null, null)));
    }

    @Test
    void edit_and_reprioritize_record_their_events() {
        Task task = TestBoards.create(board, "draft");
        assertEquals("final", board.tasks().edit(task.id(), "final", null).title());
        assertEquals(7, board.tasks().reprioritize(task.id(), 7).priority());
        List<String> kinds = board.events().forTask(task.id(), 10).stream().map(Event::kind).toList();
        assertEquals(List.of("created", "edited", "reprioritized"), kinds);
    }
}
