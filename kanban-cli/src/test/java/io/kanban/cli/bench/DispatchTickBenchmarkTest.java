package io.kanban.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.Board;
import io.kanban.core.boards.BoardLayout;
import io.kanban.core.boards.Boards;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's multi-board case builds the home it says and ticks every board of it, starting nothing. */
class DispatchTickBenchmarkTest {
    @TempDir
    Path home;

    @Test
    void the_boards_case_ticks_every_board_of_a_home_full_of_ready_cards_as_a_dry_run() throws Exception {
        DispatchTickBenchmark.BoardsResult r = DispatchTickBenchmark.runBoards(home, 4, 300, 3);
        assertEquals(4, r.boardsTicked(), "every board of the home is ticked");
        assertTrue(r.medianMillis() > 0 && r.maxMillis() >= r.medianMillis(), r.toString());
        assertTrue(r.openCloseMedianMillis() > 0, r.toString());
        Boards boards = new Boards(BoardLayout.of(Map.of("HERMES_HOME", home.toString())));
        assertEquals(4, boards.list(false).size());
        for (Boards.BoardEntry e : boards.list(false)) {
            try (Board b = Board.open(e.db())) {
                assertEquals(Map.of("ready", 300L), b.tasks().countByStatus(),
                        "a dry run claims nothing on " + e.slug());
            }
        }
    }
}
