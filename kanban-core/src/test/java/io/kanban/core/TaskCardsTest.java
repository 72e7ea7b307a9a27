package io.kanban.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.kanban.core.model.BoardVersion;
import io.kanban.core.model.CardList;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import io.kanban.core.model.TaskCard;
import io.kanban.core.model.TaskFilter;
import io.kanban.core.testing.OnEachBackend;
import io.kanban.core.testing.ScratchBoard;
import io.kanban.core.testing.SettableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

@OnEachBackend
class TaskCardsTest {
    final SettableClock clock;
    final Board board;

    TaskCardsTest(ScratchBoard scratch) {
        clock = scratch.clock();
        board = scratch.board();
    }

    @Test
    void cards_are_the_listed_tasks_projected_in_the_same_order_for_every_filter() {
        for (int i = 0; i < 30; i++) {
            Task t = board.tasks().create(NewTask.titled("task " + i).assignee(i % 3 == 0 ? null : "w" + (i % 2))
                    .priority(i % 4).tenant(i % 5 == 0 ? "acme" : null).skills(i % 2 == 0 ? List.of("java", "sql")
                            : List.of()).build()).task();
            if (i % 7 == 0) {
                board.tasks().archive(t.id());
            } else if (i % 6 == 0) {
                board.tasks().move(t.id(), Status.BLOCKED, "waiting");
            }
            clock.advance(Duration.ofSeconds(1));
        }
        List<TaskFilter> filters = List.of(TaskFilter.all(), TaskFilter.all().withArchived(true),
                TaskFilter.all().withAssignee("w1"), TaskFilter.all().withTenant("acme"),
                TaskFilter.all().withStatus(Status.BLOCKED), TaskFilter.all().withLimit(5));
        for (TaskFilter f : filters) {
            List<TaskCard> expected = board.tasks().list(f).stream().map(TaskCard::of).toList();
            assertEquals(expected, board.tasks().cards(f).cards(), f.toString());
        }
        Board acme = board.forTenant("acme");
        assertEquals(acme.tasks().list(TaskFilter.all()).stream().map(TaskCard::of).toList(),
                acme.tasks().cards(TaskFilter.all()).cards());
        assertEquals(List.of(), acme.tasks().cards(TaskFilter.all().withTenant("globex")).cards());
    }

    @Test
    void heartbeats_comments_and_spawns_leave_every_card_as_it_was_and_other_events_do_not() {
        Task waiting = TestBoards.create(board, "waiting");
        Task running = TestBoards.create(board, "running");
        long runId = board.claims().claim(running.id()).orElseThrow().run().id();
        CardList before = board.tasks().cards(TaskFilter.all());

        clock.advance(Duration.ofSeconds(30));
        board.claims().heartbeat(running.id(), "still going", runId);
        board.dispatch().recordSpawned(running.id(), runId, 4242, null);
        board.comments().add(waiting.id(), "ann", "a note");
        board.comments().add(running.id(), "ann", "another");

        CardList after = board.tasks().cards(TaskFilter.all());
        assertEquals(before.cards(), after.cards());
        List<String> kinds = board.events().since(before.version().latestEventId(), 100).stream()
                .map(e -> e.kind()).toList();
        assertEquals(List.of("heartbeat", "spawned", "commented", "commented"), kinds);
        assertEquals(true, kinds.stream().allMatch(TaskCard::unchangedBy));

        board.tasks().reprioritize(waiting.id(), 4);
        String last = board.events().since(after.version().latestEventId(), 100).get(0).kind();
        assertEquals(false, TaskCard.unchangedBy(last));
        assertNotEquals(after.cards(), board.tasks().cards(TaskFilter.all()).cards());
        assertEquals(false, TaskCard.unchangedBy("some_future_kind"), "unknown kinds are assumed to change cards");
    }

    @Test
    void the_version_moves_with_every_change_and_a_card_list_carries_the_version_it_was_read_at() {
        Task a = TestBoards.create(board, "a");
        BoardVersion first = board.tasks().version();
        CardList read = board.tasks().cards(TaskFilter.all());
        assertEquals(first, read.version());
        assertEquals(board.events().latestId(), first.latestEventId());
        assertEquals(1, first.taskCount());

        board.tasks().reprioritize(a.id(), 3);
        BoardVersion second = board.tasks().version();
        assertNotEquals(first, second);
        assertEquals(3, board.tasks().cards(TaskFilter.all()).cards().get(0).priority());

        board.tasks().archive(a.id());
        clock.advance(Duration.ofDays(30));
        TestBoards.create(board, "b"); // holds the newest event, which gc leaves alone
        BoardVersion beforeGc = board.tasks().version();
        assertEquals(1, board.tasks().gc(clock.instant().minus(Duration.ofDays(1)), null).tasksRemoved());
        // gc appends no event: the task count is what tells a cached archived view that it changed.
        BoardVersion afterGc = board.tasks().version();
        assertEquals(beforeGc.latestEventId(), afterGc.latestEventId());
        assertNotEquals(beforeGc, afterGc);
        assertEquals(List.of("b"), board.tasks().cards(TaskFilter.all().withArchived(true)).cards().stream()
                .map(TaskCard::title).toList());
    }
}
