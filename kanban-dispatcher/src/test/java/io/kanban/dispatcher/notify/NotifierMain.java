package io.kanban.dispatcher.notify;

import io.kanban.core.Board;
import java.nio.file.Path;

/** A notifier host in its own JVM for the crash test: {@code <board> <config.yaml>}; runs until killed. */
public final class NotifierMain {
    private NotifierMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Board board = Board.open(Path.of(args[0]));
        Notifier notifier = Notifier.start(board, NotifyConfig.read(Path.of(args[1])));
        System.out.println("notifier " + notifier.owner() + " running");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
