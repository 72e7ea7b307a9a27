package io.kanban.core.store;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Another process taking a board's write turn as a writer does: says {@code waiting}, takes the turn, says
 * {@code taken}, and gives it back when its standard input brings a line.
 */
public final class TurnTakerMain {
    private TurnTakerMain() {
    }

    /** @param args the board file */
    public static void main(String[] args) throws Exception {
        try (WriterTurn turn = WriterTurn.of(Path.of(args[0]), Duration.ofMinutes(1))) {
            System.out.println("waiting");
            System.out.flush();
            if (!turn.take()) {
                System.out.println("refused");
                return;
            }
            System.out.println("taken");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            turn.give();
        }
    }
}
