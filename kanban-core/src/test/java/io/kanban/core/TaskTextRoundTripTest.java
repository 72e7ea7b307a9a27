package io.kanban.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kanban.core.model.NewTask;
import io.kanban.core.model.Task;
import io.kanban.core.model.TaskFilter;
import io.kanban.core.testing.OnEachBackend;
import io.kanban.core.testing.ScratchBoard;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Task rows come back packed as JSON by the database: every text and number must survive the trip unchanged. */
@OnEachBackend
class TaskTextRoundTripTest {
    final Board board;

    TaskTextRoundTripTest(ScratchBoard scratch) {
        board = scratch.board();
    }

    @Test
    void awkward_text_reads_back_exactly() {
        String title = "quotes \" and \\ backslashes, caf\u00e9, \u4e2d\u6587, \uD83D\uDE80 and a tab\there";
        String body = "line one\nline two\r\n\u0001 control \u001f chars, </script> and \"json\": [1, {\"a\": null}]";
        Task created = board.tasks().create(NewTask.titled(title).body(body).assignee("writer").priority(-7)
                .skill("kanban-worker").skill("review").maxRuntime(Duration.ofSeconds(3_600))
                .idempotencyKey("key \"1\"").build()).task();
        Task read = board.tasks().get(created.id());
        assertEquals(title, read.title());
        assertEquals(body, read.body());
        assertEquals(-7, read.priority());
        assertEquals(List.of("kanban-worker", "review"), read.skills());
        assertEquals(Duration.ofSeconds(3_600), read.maxRuntime());
        assertEquals("key \"1\"", read.idempotencyKey());
        assertEquals(created.createdAt(), read.createdAt());
        assertEquals(read, board.tasks().list(TaskFilter.all()).get(0));
        assertEquals(read.title(), board.claims().claimNext("writer").orElseThrow().task().title());
    }
}
