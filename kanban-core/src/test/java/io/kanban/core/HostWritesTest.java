package io.kanban.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.error.IllegalTransition;
import io.kanban.core.error.StorageFailure;
import io.kanban.core.error.TaskNotFound;
import io.kanban.core.model.ClaimedTask;
import io.kanban.core.model.Completion;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Run;
import io.kanban.core.model.RunOutcome;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One writer per host: a handle on a board another handle serves sends its claims, completions and heartbeats
 * there, gets the same answers and errors as when it writes itself, and writes itself whenever the server cannot
 * take them (closed, killed, other settings).
 */
class HostWritesTest {
    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();
    private Process child;

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        if (child != null) {
            child.destroyForcibly();
        }
    }

    private Board open(BoardOptions options) {
        Board board = Board.open(options);
        open.add(board);
        return board;
    }

    private Path file() {
        return dir.resolve("kanban.db");
    }

    /** Commits this handle's own writer made: a forwarded write makes none. */
    private static long commits(Board board) {
        return board.writerStats().orElseThrow().commits();
    }

    @Test
    void a_second_handle_sends_its_claims_heartbeats_and_completions_to_the_serving_one() {
        Board server = open(BoardOptions.at(file()));
        assertTrue(server.serveHostWrites());
        Board client = open(BoardOptions.at(file()));
        Task task = client.tasks().create(NewTask.titled("forwarded").assignee("dev").build()).task();
        long clientCommits = commits(client);
        long serverCommits = commits(server);

        ClaimedTask claimed = client.claims().claimNext("dev").orElseThrow();
        assertEquals(task.id(), claimed.task().id());
        assertEquals(Status.RUNNING, claimed.task().status());
        assertEquals(client.options().lockOwner(), claimed.task().claimLock(), "claimed as the client, not the server");
        assertEquals(claimed.task(), client.tasks().get(task.id()), "the answer is the row as committed");
        Task beat = client.claims().heartbeat(task.id(), "still going", claimed.run().id());
        assertEquals(Status.RUNNING, beat.status());
        Task done = client.claims().complete(task.id(), Completion.withSummary("done").forRun(claimed.run().id()));
        assertEquals(Status.DONE, done.status());
        assertEquals(Optional.empty(), client.claims().claimNext("dev"), "an empty answer comes back empty");

        assertEquals(clientCommits, commits(client), "the client's writer committed nothing");
        assertTrue(commits(server) >= serverCommits + 4, "the server committed them");
        List<Run> runs = client.runs().of(task.id());
        assertEquals(1, runs.size());
        assertEquals(RunOutcome.COMPLETED, runs.get(0).outcome());
        assertEquals(Status.DONE, server.tasks().get(task.id()).status());
    }

    /** An answer several times the client's read buffer comes in pieces, and whole, and the next one after it. */
    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a frame cut short would wait for ever
    void an_answer_larger_than_one_read_arrives_whole() {
        Board server = open(BoardOptions.at(file()));
        assertTrue(server.serveHostWrites());
        Board client = open(BoardOptions.at(file()));
        String body = "x".repeat(Limits.BODY_MAX - 10);
        Task big = client.tasks().create(NewTask.titled("big").assignee("dev").body(body).build()).task();
        Task small = client.tasks().create(NewTask.titled("small").assignee("ops").build()).task();
        long clientCommits = commits(client);

        ClaimedTask claimed = client.claims().claimNext("dev").orElseThrow();
        assertEquals(body, claimed.task().body());
        Task done = client.claims().complete(big.id(), Completion.withSummary("done").forRun(claimed.run().id()));
        assertEquals(body, done.body());
        assertEquals(small.id(), client.claims().claimNext("ops").orElseThrow().task().id(),
                "the frames after a large one are read from where it ended");
        assertEquals(clientCommits, commits(client), "all three went through the server");
    }

    @Test
    void a_write_refused_by_the_rules_fails_with_its_own_error_and_the_next_still_goes_to_the_server() {
        Board server = open(BoardOptions.at(file()));
        server.serveHostWrites();
        Board client = open(BoardOptions.at(file()));
        Task ready = client.tasks().create(NewTask.titled("ready").build()).task();

        // The server answers that each failed; the client then runs it itself, which throws the error first hand.
        assertThrows(TaskNotFound.class, () -> client.claims().complete("t_missing", Completion.withSummary("x")));
        IllegalTransition refused = assertThrows(IllegalTransition.class,
                () -> client.claims().heartbeat(ready.id(), null, null));
        assertTrue(refused.getMessage().contains("only a running task has a claim"), refused.getMessage());
        assertEquals(Status.READY, client.tasks().get(ready.id()).status(), "nothing was written");

        long clientCommits = commits(client);
        assertTrue(client.claims().claim(ready.id()).isPresent());
        assertEquals(clientCommits, commits(client), "the connection stays in use: the claim went to the server");
    }

    @Test
    void a_tenant_handle_claims_through_the_server_within_its_tenant_only() {
        Board server = open(BoardOptions.at(file()));
        server.serveHostWrites();
        Board client = open(BoardOptions.at(file()));
        Task theirs = client.forTenant("globex").tasks().create(NewTask.titled("theirs").priority(9).build()).task();
        Task ours = client.forTenant("acme").tasks().create(NewTask.titled("ours").build()).task();
        long clientCommits = commits(client);

        ClaimedTask claimed = client.forTenant("acme").claims().claimNext(null).orElseThrow();
        assertEquals(ours.id(), claimed.task().id(), "the higher-priority task of another tenant is not ours");
        assertEquals(Optional.empty(), client.forTenant("acme").claims().claimNext(null));
        assertEquals(Status.READY, client.tasks().get(theirs.id()).status());
        assertEquals(clientCommits, commits(client));
    }

    @Test
    void a_request_the_server_cannot_run_is_answered_failed_and_the_server_goes_on() throws Exception {
        Board server = open(BoardOptions.at(file()));
        server.serveHostWrites();
        Task task = server.tasks().create(NewTask.titled("t").build()).task();
        try (HostConnection raw = HostConnection.open(HostWriteServer.socketOf(file()))) {
            raw.send(Map.of("hello", 1, "board", "/elsewhere/kanban.db", "writes", "claim_ttl=PT15M"));
            assertFalse(reply(raw).path("ok").asBoolean(), "another board's client is refused");
        }
        try (HostConnection raw = HostConnection.open(HostWriteServer.socketOf(file()))) {
            raw.send(Map.of("hello", 1, "board", file().toAbsolutePath().toString(),
                    "writes", "claim_ttl=" + BoardOptions.DEFAULT_CLAIM_TTL));
            assertTrue(reply(raw).path("ok").asBoolean());
            raw.send(Map.of("op", "drop_table"));
            assertTrue(reply(raw).path("failed").asText().startsWith("unreadable request"));
            raw.send(new HostRequest.ClaimNext(" ", null, server.claims().defaultClaimant()));
            assertTrue(reply(raw).path("failed").asText().contains("tenant"), "a bad tenant name");
            raw.send(new HostRequest.Heartbeat(null, task.id(), null, null));
            assertTrue(reply(raw).path("failed").asText().contains("only a running task has a claim"));
        }
        Board client = open(BoardOptions.at(file()));
        long clientCommits = commits(client);
        assertTrue(client.claims().claim(task.id()).isPresent());
        assertEquals(clientCommits, commits(client), "still served");
    }

    private static com.fasterxml.jackson.databind.JsonNode reply(HostConnection raw) throws java.io.IOException {
        return HostFrames.JSON.readTree(raw.receive());
    }

    @Test
    void an_interrupted_caller_is_still_served_and_keeps_its_interrupt() {
        Board server = open(BoardOptions.at(file()));
        server.serveHostWrites();
        Board client = open(BoardOptions.at(file()));
        Task task = client.tasks().create(NewTask.titled("t").build()).task();
        long clientCommits = commits(client);
        Thread.currentThread().interrupt();
        try {
            assertTrue(client.claims().claim(task.id()).isPresent());
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
        } finally {
            Thread.interrupted();
        }
        assertEquals(clientCommits, commits(client), "the interrupt neither cut the connection nor kept it local");
        assertTrue(client.claims().heartbeat(task.id(), null, null).status() == Status.RUNNING);
        assertEquals(clientCommits, commits(client), "the connection is still good");
    }

    @Test
    void a_handle_with_another_claim_ttl_is_refused_and_writes_for_itself() {
        Board server = open(BoardOptions.at(file()));
        server.serveHostWrites();
        Board client = open(BoardOptions.at(file()).withClaimTtl(Duration.ofMinutes(3)));
        Task task = client.tasks().create(NewTask.titled("t").build()).task();
        long clientCommits = commits(client);

        ClaimedTask claimed = client.claims().claim(task.id()).orElseThrow();
        assertEquals(clientCommits + 1, commits(client), "its own writer ran the claim");
        Task beat = client.claims().heartbeat(task.id(), null, claimed.run().id());
        assertTrue(beat.claimExpires().isBefore(java.time.Instant.now().plus(Duration.ofMinutes(4))),
                "its own TTL set the expiry: " + beat.claimExpires());
    }

    @Test
    void when_the_server_closes_the_others_write_for_themselves_and_a_handle_that_asked_to_serve_takes_over() {
        Board first = open(BoardOptions.at(file()));
        assertTrue(first.serveHostWrites());
        Board second = open(BoardOptions.at(file()));
        assertFalse(second.serveHostWrites(), "one process serves at a time");
        Board client = open(BoardOptions.at(file()));
        for (int i = 0; i < 4; i++) {
            client.tasks().create(NewTask.titled("t" + i).build());
        }
        long clientCommits = commits(client);
        assertTrue(client.claims().claimNext(null).isPresent());
        assertEquals(clientCommits, commits(client), "served by the first");

        first.close();
        assertTrue(client.claims().claimNext(null).isPresent(), "told goodbye, it claimed for itself");
        assertEquals(clientCommits + 1, commits(client));
        assertTrue(second.claims().claimNext(null).isPresent(), "no server answers: the second takes over");
        long secondCommits = commits(second);
        assertTrue(client.claims().claimNext(null).isPresent());
        assertEquals(clientCommits + 1, commits(client), "served by the second");
        assertEquals(secondCommits + 1, commits(second));
        assertTrue(Files.exists(dir.resolve("kanban.db" + HostWriteServer.SOCKET_SUFFIX)));
    }

    /**
     * The serving process dies with SIGKILL while four threads of this one claim and complete through it: they go
     * on writing for themselves, and every task ends done once, but a write the server had read and not answered,
     * whose outcome this process cannot know (a claim among them waits for its TTL).
     */
    @Test
    void a_serving_process_killed_with_sigkill_loses_no_answered_write_and_the_others_go_on() throws Exception {
        int tasks = 600;
        Board client = open(BoardOptions.at(file()));
        for (int i = 0; i < tasks; i++) {
            client.tasks().create(NewTask.titled("t" + i).build());
        }
        child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), ClaimWorkerMain.class.getName(), "serve", file().toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader said = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("serving", said.readLine());
        long clientCommits = commits(client);

        Map<String, Integer> completions = new ConcurrentHashMap<>();
        AtomicInteger cycles = new AtomicInteger();
        AtomicInteger unknown = new AtomicInteger();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch someServed = new CountDownLatch(100);
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            Thread worker = new Thread(() -> {
                try {
                    drain(client, completions, cycles, unknown, someServed);
                } catch (Throwable e) {
                    failures.add(e);
                    while (someServed.getCount() > 0) {
                        someServed.countDown();
                    }
                }
            });
            workers.add(worker);
            worker.start();
        }
        someServed.await();
        child.destroyForcibly().waitFor();
        for (Thread worker : workers) {
            worker.join();
        }
        assertEquals(List.of(), failures);

        assertTrue(commits(client) > clientCommits, "after the kill the client wrote for itself");
        assertTrue(commits(client) - clientCommits < 2L * tasks, "before the kill the server wrote for it");
        assertTrue(unknown.get() <= 4, "at most one write in flight per thread: " + unknown.get());
        assertTrue(completions.values().stream().allMatch(n -> n == 1), "no task completed twice");
        Map<String, Long> counts = client.tasks().countByStatus();
        long done = counts.getOrDefault("done", 0L);
        assertEquals(tasks, done + counts.getOrDefault("running", 0L), counts.toString());
        assertTrue(counts.getOrDefault("running", 0L) <= unknown.get(), "only a claim cut off waits: " + counts);
        for (Task task : client.tasks().list(io.kanban.core.model.TaskFilter.all().withStatus(Status.DONE))) {
            List<Run> runs = client.runs().of(task.id());
            assertEquals(1, runs.size(), "one attempt on record: " + runs);
            assertEquals(RunOutcome.COMPLETED, runs.get(0).outcome());
        }
    }

    /** Claims and completes until nothing is ready, counting each completion and each write cut off. */
    private static void drain(Board client, Map<String, Integer> completions, AtomicInteger cycles,
                              AtomicInteger unknown, CountDownLatch someServed) {
        while (true) {
            Optional<ClaimedTask> claim;
            try {
                claim = client.claims().claimNext(null);
            } catch (StorageFailure e) {
                assertTrue(e.outcomeUnknown(), e.getMessage());
                unknown.incrementAndGet();
                continue;
            }
            if (claim.isEmpty()) {
                return;
            }
            String id = claim.get().task().id();
            try {
                client.claims().complete(id, Completion.withSummary("done").forRun(claim.get().run().id()));
                completions.merge(id, 1, Integer::sum);
            } catch (StorageFailure e) {
                assertTrue(e.outcomeUnknown(), e.getMessage());
                unknown.incrementAndGet();
            }
            cycles.incrementAndGet();
            someServed.countDown();
        }
    }
}
