package io.kanban.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.model.Event;
import io.kanban.core.testing.OnEachBackend;
import io.kanban.core.testing.ScratchBoard;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Waiting for new events: a write from another board handle (another process, in effect) wakes the waiter. */
@OnEachBackend
class EventWaitTest {
    final ScratchBoard scratch;

    EventWaitTest(ScratchBoard scratch) {
        this.scratch = scratch;
    }

    @Test
    void a_wait_returns_when_another_handle_appends_an_event() throws Exception {
        Board watcher = scratch.board();
        Board writer = scratch.open();
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
