package io.kanban.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerLogTest {
    @TempDir
    Path tmp;

    @Test
    void attempts_append_and_a_log_past_the_limit_is_rotated_to_dot_1() throws Exception {
        Path logs = tmp.resolve("kanban/logs");
        Path log = WorkerLog.prepare(logs, "t_1", 2048, "=== attempt 1");
        Files.writeString(log, "x".repeat(3000), java.nio.file.StandardOpenOption.APPEND);

        Path again = WorkerLog.prepare(logs, "t_1", 2048, "=== attempt 2");

        assertEquals(log, again);
        assertEquals("=== attempt 2\n", Files.readString(log));
        String rotated = Files.readString(logs.resolve("t_1.log.1"));
        assertTrue(rotated.startsWith("=== attempt 1\nxxx"));
        WorkerLog.prepare(logs, "t_1", 2048, "=== attempt 3");
        assertEquals("=== attempt 2\n=== attempt 3\n", Files.readString(log));
        assertTrue(WorkerLog.tail(log).endsWith("=== attempt 3"));
    }
}
