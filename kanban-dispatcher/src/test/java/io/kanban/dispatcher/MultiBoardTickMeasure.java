package io.kanban.dispatcher;

import io.kanban.core.Board;
import io.kanban.core.BoardOptions;
import io.kanban.core.boards.BoardLayout;
import io.kanban.core.boards.BoardSlug;
import io.kanban.core.boards.Boards;
import io.kanban.core.model.NewTask;
import io.kanban.core.testing.FakeProcessProbe;
import io.kanban.core.testing.FakeWorkerLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not a test (its name keeps it out of the suite): the benchmark, a tick over 20 boards of 5,000 ready cards
 * each. Run with {@code -Dtest=MultiBoardTickMeasure}; it prints the median of a few ticks.
 */
class MultiBoardTickMeasure {
    @TempDir
    Path home;

    @Test
    void tick_over_twenty_boards_of_five_thousand_cards() throws Exception {
        Boards boards = new Boards(new BoardLayout(home));
        boards.create(BoardSlug.of("b00"), Boards.NewBoard.defaults());
        try (Board b = Board.open(BoardOptions.at(boards.layout().db(BoardSlug.of("b00"))))) {
            for (int i = 0; i < 5_000; i++) {
                b.tasks().create(NewTask.titled("card " + i).assignee("w" + (i % 40)).build());
            }
        }
        for (int n = 1; n < 20; n++) {
            BoardSlug s = BoardSlug.of(String.format("b%02d", n));
            boards.create(s, Boards.NewBoard.defaults());
            Files.delete(boards.layout().db(s));
            Files.copy(boards.layout().db(BoardSlug.of("b00")), boards.layout().db(s));
        }
        DispatcherConfig config = DispatcherConfig.builder().perAssigneeLimit(100).globalLimit(16)
                .maxSpawnsPerTick(4).build();
        FakeWorkerLauncher launcher = new FakeWorkerLauncher();
        try (MultiBoardDispatcher d = new MultiBoardDispatcher(boards, config, b -> launcher, new FakeProcessProbe(),
                Clock.systemUTC())) {
            d.tickOnce(true); // opens the boards
            List<Long> millis = new ArrayList<>();
            for (int i = 0; i < Integer.getInteger("ticks", 5); i++) {
                long t = System.nanoTime();
                d.tickOnce(true);
                millis.add((System.nanoTime() - t) / 1_000_000);
            }
            long t = System.nanoTime();
            MultiBoardDispatcher.Report live = d.tickOnce();
            long liveMs = (System.nanoTime() - t) / 1_000_000;
            System.out.println("MEASURE order " + millis);
            millis.sort(null);
            System.out.println("MEASURE 20 boards x 5000 ready cards: dry-run tick median "
                    + millis.get(millis.size() / 2)
                    + " ms (" + millis + "), live tick " + liveMs + " ms spawning " + live.spawned()
                    + " over " + live.boards().size() + " boards");
        }
    }
}
