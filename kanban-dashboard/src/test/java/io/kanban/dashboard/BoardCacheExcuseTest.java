package io.kanban.dashboard;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kanban.core.Board;
import io.kanban.core.Events;
import io.kanban.core.model.BoardVersion;
import io.kanban.core.model.EventKind;
import io.kanban.core.model.NewTask;
import io.kanban.core.testing.OnEachBackend;
import io.kanban.core.testing.ScratchBoard;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A cached board render survives events that change no card, on both backends: on PostgreSQL event ids are far
 * apart (docs/design/event-log.md), so the handler must count the events between two versions, not their ids.
 */
@OnEachBackend
class BoardCacheExcuseTest {
    static final BoardCache.Filter ALL = new BoardCache.Filter(null, null, false, null, BoardHandler.DEFAULT_LIMIT);
    static final byte[] RENDER = "{\"columns\":[]".getBytes(StandardCharsets.UTF_8);

    final Board board;
    final BoardCache cache = new BoardCache(BoardCache.DEFAULT_ENTRIES);
    final BoardHandler handler;

    BoardCacheExcuseTest(ScratchBoard scratch) {
        board = scratch.board();
        handler = new BoardHandler(board, scratch.clock(), new ObjectMapper(), cache);
    }

    @Test
    void heartbeats_keep_the_render_and_a_card_change_drops_it() {
        String id = board.tasks().create(NewTask.titled("watched").assignee("coder").build()).task().id();
        long runId = board.claims().claim(id).orElseThrow().run().id();
        cache.put(ALL, versionShowing(EventKind.CLAIMED, 1), RENDER);

        for (int i = 0; i < 3; i++) {
            board.claims().heartbeat(id, "alive " + i, runId);
        }
        assertSame(RENDER, handler.cached(ALL, versionShowing(EventKind.HEARTBEAT, 3)), "heartbeats change no card");

        board.tasks().reprioritize(id, 7);
        assertNull(handler.cached(ALL, versionShowing(EventKind.REPRIORITIZED, 1)), "a new priority changes the card");
    }

    @Test
    void more_events_than_the_handler_excuses_drop_the_render() {
        String id = board.tasks().create(NewTask.titled("busy").assignee("coder").build()).task().id();
        long runId = board.claims().claim(id).orElseThrow().run().id();
        cache.put(ALL, versionShowing(EventKind.CLAIMED, 1), RENDER);
        int beats = BoardHandler.MAX_EVENTS_TO_EXCUSE + 1;
        for (int i = 0; i < beats; i++) {
            board.claims().heartbeat(id, null, runId);
        }
        assertNull(handler.cached(ALL, versionShowing(EventKind.HEARTBEAT, beats)),
                "checking that many events costs more than a read");
    }

    /**
     * The board's version once it shows {@code count} events of {@code kind}. On PostgreSQL a version stops at the
     * event horizon, which another session's open transaction on the same server (another build's tests) can hold
     * back for a moment; this test's own writes have all returned.
     */
    private BoardVersion versionShowing(EventKind kind, int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            BoardVersion version = board.tasks().version();
            long shown = board.events().since(0, Events.MAX_PAGE).stream()
                    .filter(e -> e.id() <= version.latestEventId() && e.kind().equals(kind.wire())).count();
            if (shown >= count) {
                return version;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the board showed " + shown + " of " + count + " " + kind + " events");
            }
            Thread.onSpinWait();
        }
    }
}
