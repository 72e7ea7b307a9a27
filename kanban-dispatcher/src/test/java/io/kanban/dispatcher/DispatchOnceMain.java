package io.kanban.dispatcher;

import io.kanban.core.Board;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A dispatcher process for the two-process test: waits for a start file, runs a few ticks over the board with a
 * long-sleeping worker command, prints how many workers it spawned and exits, leaving its workers running.
 * Arguments: board file, start file, number of ticks.
 */
public final class DispatchOnceMain {
    private DispatchOnceMain() {
    }

    public static void main(String[] args) throws Exception {
        Path boardFile = Path.of(args[0]);
        Path go = Path.of(args[1]);
        int ticks = Integer.parseInt(args[2]);
        DispatcherConfig config = DispatcherConfig.builder().workerCommand(List.of("sleep", "300"))
                .perAssigneeLimit(100).globalLimit(100).build();
        try (Board board = Board.open(boardFile)) {
            DispatcherService dispatcher = DispatcherService.create(board, config, System.getenv());
            while (!Files.exists(go)) {
                Thread.sleep(20);
            }
            int spawned = 0;
            for (int i = 0; i < ticks; i++) {
                spawned += dispatcher.tickOnce().spawned().size();
            }
            System.out.println("spawned=" + spawned);
        }
    }
}
