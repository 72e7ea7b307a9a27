package io.kanban.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tail -f and watch follow the event log across processes: another JVM writes, this one sees it. */
class TailFollowTest {
    @TempDir
    Path dir;

    /** A StringWriter that can be read while another thread writes to it. */
    static final class Buffer extends StringWriter {
        @Override
        public synchronized void write(String str, int off, int len) {
            super.write(str, off, len);
        }

        @Override
        public synchronized void write(int c) {
            super.write(c);
        }

        @Override
        public synchronized void write(char[] cbuf, int off, int len) {
            super.write(cbuf, off, len);
        }

        @Override
        public synchronized String toString() {
            return super.toString();
        }
    }

    private Thread follow(Path board, Buffer out, AtomicInteger code, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--db";
        all[1] = board.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        Thread t = new Thread(() -> code.set(KanbanCli.run(all, BoardOpener.DEFAULT, Map.of(),
                new ByteArrayInputStream(new byte[0]), new PrintWriter(out, true), new PrintWriter(new StringWriter()))));
        t.start();
        return t;
    }

    private static void awaitText(Buffer out, String text) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!out.toString().contains(text)) {
            assertTrue(System.nanoTime() < deadline, "never saw '" + text + "' in:\n" + out);
            Thread.sleep(50);
        }
    }

    @Test
    void tail_follow_sees_an_event_written_by_another_process() throws Exception {
        Path board = dir.resolve("board.db");
        assertEquals(0, ChildCli.run(board, "init").code());
        Buffer out = new Buffer();
        AtomicInteger code = new AtomicInteger(-1);
        Thread tail = follow(board, out, code, "tail", "-f", "--interval", "0.1");
        ChildCli.Exit child = ChildCli.run(board, "create", "written elsewhere", "--json");
        assertEquals(0, child.code(), child.err());
        String id = Cli.JSON.readTree(child.out()).get("task").get("id").asText();
        awaitText(out, id + "  created");
        ChildCli.Exit comment = ChildCli.run(board, "comment", id, "second", "event");
        assertEquals(0, comment.code(), comment.err());
        awaitText(out, id + "  commented");
        tail.interrupt();
        tail.join(30_000);
        assertEquals(0, code.get(), "tail -f ends cleanly when interrupted");
    }

    @Test
    void tail_follow_json_prints_one_object_per_line() throws Exception {
        Path board = dir.resolve("board.db");
        Cli cli = new Cli(board);
        String first = cli.create("first");
        Buffer out = new Buffer();
        AtomicInteger code = new AtomicInteger(-1);
        Thread tail = follow(board, out, code, "tail", first, "-f", "--json", "--interval", "0.1");
        cli.run("comment", first, "hello");
        awaitText(out, "commented");
        tail.interrupt();
        tail.join(30_000);
        String[] lines = out.toString().strip().split("\n");
        assertEquals(2, lines.length, out.toString());
        assertEquals("created", Cli.JSON.readTree(lines[0]).get("kind").asText());
        assertEquals("commented", Cli.JSON.readTree(lines[1]).get("kind").asText());
    }

    @Test
    void watch_redraws_when_another_process_changes_the_board() throws Exception {
        Path board = dir.resolve("board.db");
        assertEquals(0, ChildCli.run(board, "init").code());
        Buffer out = new Buffer();
        AtomicInteger code = new AtomicInteger(-1);
        Thread watch = follow(board, out, code, "watch", "--interval", "0.1");
        awaitText(out, "no tasks");
        ChildCli.Exit child = ChildCli.run(board, "create", "watched task", "--assignee", "dev");
        assertEquals(0, child.code(), child.err());
        awaitText(out, "ready=1");
        ChildCli.run(board, "claim", "--assignee", "dev");
        awaitText(out, "running=1");
        awaitText(out, "dev  watched task");
        watch.interrupt();
        watch.join(30_000);
        assertEquals(0, code.get());
    }
}
