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

    @Test
    void older_backups_shift_up_to_the_configured_count() throws Exception {
        Path logs = tmp.resolve("kanban/logs");
        for (int attempt = 1; attempt <= 4; attempt++) {
            Path log = WorkerLog.prepare(logs, "t_2", 1024, 2, "=== attempt " + attempt);
            Files.writeString(log, "y".repeat(2000), java.nio.file.StandardOpenOption.APPEND);
        }

        assertTrue(Files.readString(logs.resolve("t_2.log")).startsWith("=== attempt 4"));
        assertTrue(Files.readString(logs.resolve("t_2.log.1")).startsWith("=== attempt 3"));
        assertTrue(Files.readString(logs.resolve("t_2.log.2")).startsWith("=== attempt 2"));
        assertTrue(Files.notExists(logs.resolve("t_2.log.3")), "only two backups are kept");
    }

    @Test
    void an_attempt_reads_only_what_its_own_run_wrote_after_its_header() throws Exception {
        Path logs = tmp.resolve("kanban/logs");
        java.time.Instant now = java.time.Instant.parse("2026-01-01T00:00:00Z");
        Path log = WorkerLog.prepare(logs, "t_3", 1 << 20, WorkerLog.header(now, 7, "t_3", "hermes chat"));
        Files.writeString(log, "working\n" + WorkerLog.EXIT_TRAILER + "75\n", java.nio.file.StandardOpenOption.APPEND);
        WorkerLog.prepare(logs, "t_3", 1 << 20, WorkerLog.header(now, 8, "t_3", "hermes chat"));
        Files.writeString(log, "killed before its trailer\n", java.nio.file.StandardOpenOption.APPEND);

        assertEquals(new WorkerLog.Attempt(75, "working"), WorkerLog.attempt(log, 7));
        assertEquals(new WorkerLog.Attempt(null, "killed before its trailer"), WorkerLog.attempt(log, 8));
        assertEquals(WorkerLog.Attempt.NONE, WorkerLog.attempt(log, 9));
    }
}
