package io.kanban.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.error.ValidationError;
import io.kanban.core.model.BoardPage;
import io.kanban.core.model.CardFacts;
import io.kanban.core.model.CardQuery;
import io.kanban.core.model.ColumnPage;
import io.kanban.core.model.Completion;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Status;
import io.kanban.core.model.TaskCard;
import io.kanban.core.model.TaskFilter;
import io.kanban.core.testing.OnEachBackend;
import io.kanban.core.testing.ScratchBoard;
import io.kanban.core.testing.SettableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The board a screenful at a time: counts, first slices, further slices, filters and search in the database. */
@OnEachBackend
class CardPagesTest {
    final Board board;
    final SettableClock clock;

    CardPagesTest(ScratchBoard scratch) {
        board = scratch.board();
        clock = scratch.clock();
    }

    private String create(String title, String assignee, int priority, String skill) {
        clock.advance(Duration.ofSeconds(1));
        NewTask.Builder b = NewTask.titled(title).assignee(assignee).priority(priority);
        if (skill != null) {
            b.skills(List.of(skill));
        }
        return board.tasks().create(b.build()).task().id();
    }

    private ColumnPage column(BoardPage page, Status s) {
        return page.columns().stream().filter(c -> c.status() == s).findFirst().orElseThrow();
    }

    @Test
    void each_column_carries_its_count_and_only_its_first_cards() {
        for (int i = 0; i < 7; i++) {
            create("ready " + i, "dev", i % 3, null);
        }
        String done = create("finished", "dev", 0, null);
        board.tasks().move(done, Status.DONE, "for the test");
        BoardPage page = board.cardPages().board(CardQuery.all(), 3);
        ColumnPage ready = column(page, Status.READY);
        assertEquals(7, ready.count());
        assertEquals(3, ready.cards().size());
        assertTrue(ready.hasMore());
        assertEquals(1, column(page, Status.DONE).count());
        assertEquals(0, column(page, Status.TODO).count());
        assertEquals(8, page.total());
        assertFalse(page.columns().stream().anyMatch(c -> c.status() == Status.ARCHIVED));
        // The first cards are the board's order: the same as the full list's first cards of that status.
        List<String> expected = board.tasks().list(TaskFilter.all().withStatus(Status.READY)).stream()
                .map(t -> t.id()).toList();
        assertEquals(expected.subList(0, 3), ready.cards().stream().map(TaskCard::id).toList());
    }

    @Test
    void slices_of_a_column_cover_it_once_in_board_order() {
        for (int i = 0; i < 11; i++) {
            create("t" + i, "dev", i % 4, null);
        }
        List<String> seen = new ArrayList<>();
        for (int offset = 0; offset < 11; offset += 4) {
            ColumnPage slice = board.cardPages().column(CardQuery.all(), Status.READY, offset, 4);
            assertEquals(11, slice.count());
            slice.cards().forEach(c -> seen.add(c.id()));
        }
        List<String> expected = board.tasks().list(TaskFilter.all().withStatus(Status.READY)).stream()
                .map(t -> t.id()).toList();
        assertEquals(expected, seen);
    }

    @Test
    void done_shows_the_newest_completion_first_and_pages_in_that_order() {
        List<String> finished = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            finished.add(create("old first " + i, "dev", i % 3, null)); // priorities must not decide done's order
        }
        // Completed in another order than created: last created finishes first, the first one finishes last.
        for (String id : List.of(finished.get(4), finished.get(2), finished.get(0), finished.get(3), finished.get(1))) {
            clock.advance(Duration.ofMinutes(1));
            board.claims().claim(id).orElseThrow();
            board.claims().complete(id, Completion.withSummary("ok"));
        }
        List<String> newestFirst = List.of(finished.get(1), finished.get(3), finished.get(0), finished.get(2),
                finished.get(4));
        ColumnPage first = column(board.cardPages().board(CardQuery.all(), 2), Status.DONE);
        assertEquals(newestFirst.subList(0, 2), first.cards().stream().map(TaskCard::id).toList());
        assertTrue(first.cards().get(0).completedAt().isAfter(first.cards().get(1).completedAt()));
        List<String> seen = new ArrayList<>();
        for (int offset = 0; offset < 5; offset += 2) {
            board.cardPages().column(CardQuery.all(), Status.DONE, offset, 2).cards().forEach(c -> seen.add(c.id()));
        }
        assertEquals(newestFirst, seen, "the slices follow the same order, each card once");
    }

    @Test
    void search_and_filters_run_before_counting() {
        create("Fix the login page", "alice", 0, null);
        create("fix LOGOUT", "bob", 0, "web");
        create("write docs", "alice", 0, "docs");
        String old = create("login archived", "alice", 0, null);
        board.tasks().archive(old);
        assertEquals(1, board.cardPages().board(new CardQuery(null, null, "login", false), 10).total());
        assertEquals(2, board.cardPages().board(new CardQuery(null, null, "LOGIN", true), 10).total());
        assertEquals(1, board.cardPages().board(new CardQuery(null, "alice", "fix", false), 10).total());
        assertEquals(2, board.cardPages().board(new CardQuery(null, null, "FIX", false), 10).total());
        assertEquals(1, board.cardPages().board(new CardQuery(null, null, "docs", false), 10).total(), "skills");
        assertEquals(1, board.cardPages().column(CardQuery.all(), Status.ARCHIVED, 0, 10).count());
    }

    @Test
    void a_slice_outside_its_bounds_is_refused() {
        assertThrows(ValidationError.class, () -> board.cardPages().board(CardQuery.all(), CardPages.MAX_SLICE + 1));
        assertThrows(ValidationError.class, () -> board.cardPages().column(CardQuery.all(), Status.READY, -1, 5));
        assertThrows(ValidationError.class, () -> board.cardPages().column(CardQuery.all(), Status.READY, 0, 0));
    }

    @Test
    void a_tenant_handle_sees_only_its_tenant() {
        board.tasks().create(NewTask.titled("mine").tenant("a").build());
        board.tasks().create(NewTask.titled("theirs").tenant("b").build());
        assertEquals(1, board.forTenant("a").cardPages().board(CardQuery.all(), 5).total());
        assertEquals(0, board.forTenant("a").cardPages().board(CardQuery.all().withTenant("b"), 5).total());
    }

    @Test
    void facts_of_many_cards_come_in_bulk_with_progress_counts_summary_and_time_in_column() {
        String parent = create("parent", "dev", 0, null);
        String a = board.tasks().create(NewTask.titled("child a").parent(parent).build()).task().id();
        String b = board.tasks().create(NewTask.titled("child b").parent(parent).build()).task().id();
        String c = board.tasks().create(NewTask.titled("child c").parent(parent).build()).task().id();
        clock.advance(Duration.ofMinutes(5));
        board.claims().claim(parent).orElseThrow();
        board.claims().complete(parent, Completion.withSummary("first line of the summary\nsecond line"));
        board.tasks().archive(c); // an archived child is not counted
        clock.advance(Duration.ofMinutes(3));
        board.tasks().move(a, Status.DONE, "done by hand");
        board.comments().add(b, "me", "one");
        board.comments().add(b, "me", "two");
        long movedAt = clock.instant().getEpochSecond();

        Map<String, CardFacts> facts = board.cardPages().facts(List.of(parent, a, b, "t_unknown"));
        CardFacts p = facts.get(parent);
        assertEquals(2, p.children());
        assertEquals(1, p.childrenDone());
        assertEquals("first line of the summary", p.latestSummary());
        assertEquals(0, p.parents());
        assertEquals(1, facts.get(a).parents());
        assertEquals(movedAt, facts.get(a).inColumnSince().getEpochSecond(), "since the move to done");
        assertEquals(2, facts.get(b).comments());
        assertEquals(0, facts.get(a).comments());
        assertEquals(null, facts.get(b).latestSummary());
        assertEquals(null, facts.get("t_unknown").inColumnSince());
    }

    @Test
    void a_summary_line_is_cut_to_its_first_line_and_bounded() {
        assertEquals("one", CardFacts.firstLine("  one\ntwo", 10));
        assertEquals("abcd…", CardFacts.firstLine("abcdefgh", 5));
        assertEquals(null, CardFacts.firstLine(null, 5));
    }
}
