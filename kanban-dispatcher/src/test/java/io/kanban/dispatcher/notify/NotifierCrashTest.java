package io.kanban.dispatcher.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.Board;
import io.kanban.core.model.Completion;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.TargetType;
import io.kanban.core.model.Task;
import io.kanban.core.notify.NotifyRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A notifier JVM killed with SIGKILL while a request is in flight loses nothing: a new one delivers every event,
 * repeating at most the one that was in flight, with the same event id. The new one goes on at once: it sees that
 * the lease's holder ran on this machine and is dead, so it does not wait out the dead one's lease.
 */
class NotifierCrashTest {
    static final int TASKS = 12;
    static final int KILL_AT = 5;
    static final Duration PATIENCE = Duration.ofSeconds(90);
    static final int LEASE_SECONDS = 60;
    /**
     * How soon after the restart delivery must resume: a JVM start and a pass or two, far below the lease the dead
     * notifier left behind (which a notifier waiting it out could not beat).
     */
    static final Duration RESUMES_WITHIN = Duration.ofSeconds(LEASE_SECONDS / 3);

    @TempDir
    Path tmp;

    @Test
    void sigkill_mid_delivery_loses_nothing_and_repeats_at_most_the_message_in_flight() throws Exception {
        Path boardFile = tmp.resolve("kanban.db");
        Path config = tmp.resolve("config.yaml");
        List<Process> children = new ArrayList<>();
        try (Receiver receiver = new Receiver(); Board board = Board.open(boardFile)) {
            Files.writeString(config, String.join("\n",
                    "kanban:",
                    "  notify:",
                    "    interval_seconds: 1",
                    "    request_timeout_seconds: 2",
                    "    lease_seconds: " + LEASE_SECONDS,
                    "    backoff_seconds: 1",
                    "    targets:",
                    "      team: {type: webhook, url: \"" + receiver.url("/hook") + "\", secret: \""
                            + NotifierTest.SECRET + "\"}",
                    ""));
            board.notifySubscriptions().subscribe(NotifyRequest.board(TargetType.WEBHOOK, "team"));
            Set<Long> expected = new LinkedHashSet<>();
            for (int i = 0; i < TASKS; i++) {
                Task t = board.tasks().create(NewTask.titled("job " + i).assignee("w").build()).task();
                board.claims().claim(t.id()).orElseThrow();
                board.claims().complete(t.id(), Completion.withSummary("done " + i));
                expected.add(board.events().latestId());
            }
            CountDownLatch release = new CountDownLatch(1);
            receiver.holdRequest(KILL_AT, release);

            Process first = start(boardFile, config, 0);
            children.add(first);
            assertTrue(receiver.awaitRequests(KILL_AT + 1, PATIENCE), "the first notifier delivers some events");
            first.destroyForcibly(); // SIGKILL on Unix: no shutdown hook, no lease release
            assertTrue(first.waitFor(30, TimeUnit.SECONDS));
            assertEquals(137, first.exitValue(), "killed by SIGKILL");
            release.countDown();
            long inFlight = receiver.requests().get(KILL_AT).eventId();

            int before = receiver.requests().size();
            long restarted = System.nanoTime();
            children.add(start(boardFile, config, 1));
            assertTrue(receiver.awaitRequests(before + 1, RESUMES_WITHIN),
                    "the restarted notifier takes over the dead one's lease and delivers within "
                            + RESUMES_WITHIN.toSeconds() + " s, not after the " + LEASE_SECONDS + " s lease");
            System.out.printf("notifier crash test: delivery resumed %d ms after the restart (lease %d s)%n",
                    (System.nanoTime() - restarted) / 1_000_000, LEASE_SECONDS);
            assertTrue(Receiver.eventually(() -> delivered(receiver).containsAll(expected), PATIENCE),
                    "after the restart every event arrives: " + delivered(receiver));

            List<Long> ids = receiver.requests().stream().map(Receiver.Request::eventId).toList();
            Map<Long, Integer> counts = new HashMap<>();
            ids.forEach(id -> counts.merge(id, 1, Integer::sum));
            assertEquals(expected, new LinkedHashSet<>(ids), "nothing lost, nothing else sent");
            List<Long> repeated = counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                    .toList();
            assertTrue(repeated.isEmpty() || repeated.equals(List.of(inFlight)),
                    "only the message in flight may repeat: " + counts);
            assertTrue(counts.get(inFlight) <= 2);
            for (Receiver.Request r : receiver.requests()) {
                assertTrue(io.kanban.dispatcher.notify.Signature.verify(NotifierTest.SECRET, r.body(),
                        r.header(Signature.HEADER)));
            }
            List<Long> order = new ArrayList<>(new LinkedHashSet<>(ids));
            assertEquals(order.stream().sorted().toList(), order, "delivered in event order across the restart");
        } finally {
            for (Process p : children) {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private static Set<Long> delivered(Receiver receiver) {
        Set<Long> out = new LinkedHashSet<>();
        receiver.requests().forEach(r -> out.add(r.eventId()));
        return out;
    }

    private Process start(Path boardFile, Path config, int n) throws java.io.IOException {
        String cp = System.getProperty("surefire.test.class.path");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-cp", cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path"),
                NotifierMain.class.getName(), boardFile.toString(), config.toString());
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("notifier-" + n + ".out").toFile()).start();
    }
}
