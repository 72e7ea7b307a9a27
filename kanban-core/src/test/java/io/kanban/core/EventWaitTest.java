package io.kanban.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.model.Event;
import io.kanban.core.testing.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** Waiting for new events: a write from another board handle (another process, in effect) wakes the waiter. */
@ParameterizedClass(name = "{0}")
@MethodSource("io.kanban.core.TestBackend#all")
class EventWaitTest {
    @Parameter
    TestBackend backend;

    @TempDir
    Path dir;

    @Test
    void a_wait_returns_when_another_handle_appends_an_event() throws Exception {
        String location = backend.newBoard(dir);
        SettableClock clock = SettableClock.startingAt(TestBoards.START);
        try (Board watcher = backend.open(location, clock); Board writer = backend.open(location, clock)) {
            long cursor = watcher.events().latestId();
            assertFalse(watcher.events().awaitAfter(cursor, Duration.ofMillis(300)), "nothing happened yet");

            CompletableFuture<Boolean> woke = CompletableFuture.supplyAsync(() -> {
                try {
                    return watcher.events().awaitAfter(cursor, Duration.ofSeconds(30));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(200); // let the waiter start waiting
            String id = TestBoards.create(writer, "wake up").id();
            assertTrue(woke.get(20, TimeUnit.SECONDS));
            List<Event> events = watcher.events().since(cursor, 10);
            assertEquals(id, events.get(0).taskId());
            assertTrue(watcher.events().awaitAfter(cursor, Duration.ZERO), "an old cursor returns at once");
        }
    }
}
