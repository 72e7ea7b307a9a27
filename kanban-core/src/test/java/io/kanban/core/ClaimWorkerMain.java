package io.kanban.core;

import io.kanban.core.model.ClaimedTask;
import io.kanban.core.model.Completion;
import io.kanban.core.model.NewTask;
import java.util.Optional;

/**
 * A separate JVM for the multi-process tests. {@code claim BOARD}: claims and completes until the queue is
 * empty, printing each claimed id. {@code create BOARD KEY N}: creates N times with the same idempotency key,
 * printing each returned id. {@code serve BOARD}: serves the host's writes, says whether it does, and waits for its
 * input to close.
 */
public final class ClaimWorkerMain {
    private ClaimWorkerMain() {
    }

    public static void main(String[] args) throws java.io.IOException {
        try (Board board = Board.open(args[1])) {
            if (args[0].equals("serve")) {
                // Serves the host's writes until its input closes (or it is killed).
                System.out.println(board.serveHostWrites() ? "serving" : "not serving");
                System.out.flush();
                while (System.in.read() >= 0) {
                    continue;
                }
            } else if (args[0].equals("claim")) {
                while (true) {
                    Optional<ClaimedTask> claim = board.claims().claimNext(null);
                    if (claim.isEmpty()) {
                        break;
                    }
                    System.out.println(claim.get().task().id());
                    board.claims().complete(claim.get().task().id(),
                            Completion.withSummary("done by " + ProcessHandle.current().pid())
                                    .forRun(claim.get().run().id()));
                }
            } else {
                for (int i = 0; i < Integer.parseInt(args[3]); i++) {
                    System.out.println(board.tasks().create(NewTask.titled("once").idempotencyKey(args[2]).build())
                            .task().id());
                }
            }
        }
        System.out.flush();
    }
}
