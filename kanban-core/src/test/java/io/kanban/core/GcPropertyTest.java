package io.kanban.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.kanban.core.error.KanbanException;
import io.kanban.core.model.Completion;
import io.kanban.core.model.Event;
import io.kanban.core.model.GcReport;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import io.kanban.core.model.TaskFilter;
import io.kanban.core.testing.Backend;
import io.kanban.core.testing.OnEachBackend;
import io.kanban.core.testing.ScratchBoard;
import io.kanban.core.testing.SettableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Random histories with garbage collections in between, at random retentions. After every gc, a task that is not
 * done or archived has every event it had before; a finished task lost exactly its events older than the cutoff;
 * an archived task idle past its retention is gone with its events.
 */
@OnEachBackend
class GcPropertyTest {
    final Backend backend;
    final Path dir;

    GcPropertyTest(ScratchBoard scratch) {
        backend = scratch.backend();
        dir = scratch.dir();
    }

    @Test
    void gc_never_takes_an_event_from_a_live_task() {
        backend.assumeAvailable();
        int[] example = {0};
        qt().withFixedSeed(20261204L).withExamples(20).withShrinkCycles(20)
                .forAll(lists().of(integers().between(0, Integer.MAX_VALUE)).ofSizeBetween(1, 40))
                .checkAssert(codes -> {
                    SettableClock clock = SettableClock.startingAt(ScratchBoard.START);
                    Path folder = dir.resolve("g" + example[0]++);
                    try {
                        Files.createDirectories(folder);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    try (Board board = backend.open(backend.newBoard(folder), clock)) {
                        run(board, clock, codes);
                    }
                });
    }

    private static void run(Board board, SettableClock clock, List<Integer> codes) {
        List<String> ids = new ArrayList<>();
        for (int code : codes) {
            int verb = code % 9;
            String a = ids.isEmpty() ? null : ids.get((code / 9) % ids.size());
            try {
                switch (verb) {
                    case 0 -> ids.add(board.tasks().create(NewTask.titled("t" + ids.size()).assignee("dev").build()).task().id());
                    case 1 -> board.claims().claim(a);
                    case 2 -> board.claims().complete(a, Completion.withSummary("done"));
                    case 3 -> board.claims().block(a, "waiting", null);
                    case 4 -> board.tasks().archive(a);
                    case 5 -> board.comments().add(a, "tester", "note");
                    case 6 -> clock.advance(Duration.ofDays(1 + (code / 9) % 20));
                    case 7 -> board.claims().unblock(a);
                    default -> gcAndCheck(board, clock, 1 + (code / 9) % 15, 1 + (code / 90) % 15);
                }
            } catch (KanbanException | NullPointerException refused) {
                // a verb refused on this task's status, or no task yet: the history goes on
            }
        }
        gcAndCheck(board, clock, 7, 7);
    }

    private static void gcAndCheck(Board board, SettableClock clock, int archivedDays, int eventDays) {
        Map<String, Task> tasks = new HashMap<>();
        board.tasks().list(TaskFilter.all().withArchived(true)).forEach(t -> tasks.put(t.id(), t));
        Map<String, List<Event>> before = eventsByTask(board);
        Instant eventCutoff = clock.instant().minus(Duration.ofDays(eventDays));
        GcReport report = board.tasks().gc(clock.instant().minus(Duration.ofDays(archivedDays)), eventCutoff);
        Map<String, List<Event>> after = eventsByTask(board);

        for (Task t : tasks.values()) {
            List<Event> had = before.getOrDefault(t.id(), List.of());
            List<Event> has = after.getOrDefault(t.id(), List.of());
            if (report.removedTasks().contains(t.id())) {
                assertEquals(Status.ARCHIVED, t.status(), "only archived tasks are removed");
                assertTrue(has.isEmpty(), "a removed task leaves no event");
            } else if (t.status() == Status.DONE || t.status() == Status.ARCHIVED) {
                assertEquals(ids(had.stream().filter(e -> !e.createdAt().isBefore(eventCutoff)).toList()), ids(has),
                        "a finished task keeps exactly its events newer than the cutoff");
            } else {
                assertEquals(ids(had), ids(has), t.id() + " (" + t.status().wire() + ") lost an event");
            }
        }
        Set<String> archivedScratch = new TreeSet<>(report.archivedScratch());
        Set<String> archived = tasks.values().stream().filter(t -> t.status() == Status.ARCHIVED)
                .map(Task::id).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(archived, archivedScratch, "every archived scratch task is named for its workspace");
    }

    private static Map<String, List<Event>> eventsByTask(Board board) {
        return board.events().since(0, 1_000_000).stream().collect(Collectors.groupingBy(Event::taskId));
    }

    private static List<Long> ids(List<Event> events) {
        return events.stream().map(Event::id).toList();
    }
}
