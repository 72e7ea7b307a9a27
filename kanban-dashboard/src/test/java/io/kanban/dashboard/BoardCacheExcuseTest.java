package io.kanban.dashboard;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kanban.core.Board;
import io.kanban.core.model.NewTask;
import io.kanban.core.testing.OnEachBackend;
import io.kanban.core.testing.ScratchBoard;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A cached board render survives events that change no card, on both backends: on PostgreSQL event ids are far
 * apart (docs/design/event-log.md), so the handler must count the events between two versions, not their ids.
 */
@OnEachBackend
class BoardCacheExcuseTest {
    static final BoardCache.Filter ALL = new BoardCache.Filter(null, null, false, null, BoardHandler.DEFAULT_LIMIT);

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
        byte[] render = "{\"columns\":[]".getBytes(StandardCharsets.UTF_8);
        cache.put(ALL, board.tasks().version(), render);

        for (int i = 0; i < 3; i++) {
            board.claims().heartbeat(id, "alive " + i, runId);
        }
        assertSame(render, handler.cached(ALL, board.tasks().version()), "heartbeats change no card");

        board.tasks().reprioritize(id, 7);
        assertNull(handler.cached(ALL, board.tasks().version()), "a new priority changes the card");
    }

    @Test
    void more_events_than_the_handler_excuses_drop_the_render() {
        String id = board.tasks().create(NewTask.titled("busy").assignee("coder").build()).task().id();
        long runId = board.claims().claim(id).orElseThrow().run().id();
        cache.put(ALL, board.tasks().version(), "{\"columns\":[]".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i <= BoardHandler.MAX_EVENTS_TO_EXCUSE; i++) {
            board.claims().heartbeat(id, null, runId);
        }
        assertNull(handler.cached(ALL, board.tasks().version()), "checking that many events costs more than a read");
    }
}
