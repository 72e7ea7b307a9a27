package io.kanban.cli;

import static io.kanban.cli.Cli.refused;
import static io.kanban.cli.Cli.usage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** attach, attachments, attach-get, attach-rm, and artifacts on complete, as a person or a worker types them. */
class AttachCommandsTest {
    @TempDir
    Path dir;
    Cli cli;

    @BeforeEach
    void board() {
        cli = new Cli(dir.resolve("board.db"));
    }

    private Path file(String name, byte[] bytes) throws Exception {
        return Files.write(dir.resolve(name), bytes);
    }

    @Test
    void a_binary_file_goes_on_the_card_and_comes_back_byte_for_byte() throws Exception {
        String id = cli.create("chart it");
        byte[] bytes = new byte[70_000];
        new Random(5).nextBytes(bytes);
        Path chart = file("chart.png", bytes);
        Cli.Result r = cli.run("attach", id, chart.toString(), "--json");
        assertEquals(0, r.code(), r.toString());
        JsonNode a = r.json().get("attachment");
        assertEquals("chart.png", a.get("filename").asText());
        assertEquals("image/png", a.get("content_type").asText());
        assertEquals(70_000, a.get("size").asLong());
        assertEquals("user", a.get("uploaded_by").asText());
        long attachmentId = a.get("id").asLong();

        Cli.Bytes out = cli.runBytes("attach-get", String.valueOf(attachmentId));
        assertEquals(0, out.code(), out.err());
        assertArrayEquals(bytes, out.out());

        Path saved = Files.createDirectories(dir.resolve("saved"));
        Cli.Result save = cli.run("attach-get", String.valueOf(attachmentId), "-o", saved.toString());
        assertEquals(0, save.code(), save.toString());
        assertArrayEquals(bytes, Files.readAllBytes(saved.resolve("chart.png")));
        refused(cli.run("attach-get", String.valueOf(attachmentId), "-o", saved.toString()), "--force");
        assertEquals(0, cli.run("attach-get", String.valueOf(attachmentId), "-o", saved.toString(), "--force").code());
    }

    @Test
    void attachments_lists_name_size_type_who_and_when() throws Exception {
        String id = cli.create("write it up");
        cli.run("attach", id, file("notes.txt", "hi".getBytes(StandardCharsets.UTF_8)).toString(),
                "--name", "../../summary.md", "--content-type", "text/markdown", "--author", "analyst");
        Cli.Result table = cli.run("attachments", id);
        assertEquals(0, table.code(), table.toString());
        assertTrue(table.out().contains("summary.md"), table.out());
        assertTrue(table.out().contains("2 B"), table.out());
        assertTrue(table.out().contains("text/markdown"), table.out());
        assertTrue(table.out().contains("analyst"), table.out());
        JsonNode list = cli.run("attachments", id, "--json").json();
        assertEquals(1, list.size());
        assertEquals("summary.md", list.get(0).get("filename").asText());
        String empty = cli.create("empty");
        assertEquals("no attachments on " + empty + "\n", cli.run("attachments", empty).out());
    }

    @Test
    void attach_rm_removes_the_row_and_the_file() throws Exception {
        String id = cli.create("tidy");
        long attachmentId = cli.run("attach", id, file("a.log", new byte[] {1, 2}).toString(), "--json").json()
                .get("attachment").get("id").asLong();
        Cli.Result rm = cli.run("attach-rm", String.valueOf(attachmentId));
        assertEquals(0, rm.code(), rm.toString());
        assertEquals("removed attachment " + attachmentId + " (a.log) from " + id + "\n", rm.out());
        assertEquals(0, cli.run("attachments", id, "--json").json().size());
        try (Stream<Path> files = Files.walk(dir.resolve("kanban").resolve("attachments"))) {
            assertEquals(0, files.filter(Files::isRegularFile).count());
        }
        refused(cli.run("attach-rm", String.valueOf(attachmentId)), "no attachment with id " + attachmentId);
    }

    @Test
    void twenty_five_mib_is_taken_and_one_byte_more_exits_1_storing_nothing() throws Exception {
        String id = cli.create("big");
        Path exact = file("exact.bin", new byte[25 * 1024 * 1024]);
        assertEquals(0, cli.run("attach", id, exact.toString()).code());
        Path over = file("over.bin", new byte[25 * 1024 * 1024 + 1]);
        refused(cli.run("attach", id, over.toString()), "attachment exceeds 25 MB limit");
        assertEquals(1, cli.run("attachments", id, "--json").json().size());
        try (Stream<Path> files = Files.walk(dir.resolve("kanban").resolve("attachments"))) {
            assertEquals(1, files.filter(Files::isRegularFile).count());
        }
    }

    @Test
    void the_cap_follows_kanban_attachment_max_bytes_and_a_bad_value_is_one_line() throws Exception {
        String id = cli.create("small cap");
        cli.env("KANBAN_ATTACHMENT_MAX_BYTES", "10");
        refused(cli.run("attach", id, file("eleven.txt", new byte[11]).toString()), "attachment exceeds 10 bytes limit");
        assertEquals(0, cli.run("attach", id, file("ten.txt", new byte[10]).toString()).code());
        cli.env("KANBAN_ATTACHMENT_MAX_BYTES", "lots");
        refused(cli.run("attachments", id), "KANBAN_ATTACHMENT_MAX_BYTES");
    }

    @Test
    void bad_input_is_one_line_and_exit_1() throws Exception {
        String id = cli.create("x");
        refused(cli.run("attach", id, dir.resolve("nope.txt").toString()), "no file at");
        refused(cli.run("attach", "t_missing", file("a.txt", new byte[] {1}).toString()), "no task with id 't_missing'");
        refused(cli.run("attach", id, file("b.txt", new byte[] {1}).toString(), "--content-type", "not a type"),
                "content_type");
        refused(cli.run("attach-get", "12345"), "no attachment with id 12345");
        assertEquals(2, cli.run("attach-rm", "abc").code());
    }

    @Test
    void complete_with_artifacts_keeps_the_report_and_the_chart_and_context_lists_them() throws Exception {
        String id = cli.create("analyse", "--assignee", "analyst");
        assertEquals(0, cli.run("claim", id).code());
        Path ws = Files.createDirectories(dir.resolve("kanban").resolve("workspaces").resolve(id));
        Files.writeString(ws.resolve("report.md"), "# Report\n");
        Files.write(ws.resolve("chart.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});

        refused(cli.run("complete", id, "--summary", "done", "--artifact", "report.md", "--artifact", "missing.png"),
                "does not exist");
        assertEquals("running", cli.run("show", id, "--json").json().get("task").get("status").asText());

        Cli.Result done = cli.run("complete", id, "--summary", "done", "--artifact", "report.md",
                "--artifact", ws.resolve("chart.png").toString());
        assertEquals(0, done.code(), done.toString());
        JsonNode list = cli.run("attachments", id, "--json").json();
        assertEquals(2, list.size());
        assertEquals("kanban_complete", list.get(0).get("uploaded_by").asText());

        Cli.Result context = cli.run("context", id);
        assertTrue(context.out().contains("## Attachments"), context.out());
        assertTrue(context.out().contains("report.md"), context.out());
        assertTrue(context.out().contains(dir.resolve("kanban").resolve("attachments").resolve(id)
                .resolve("chart.png").toString()), context.out());
        assertEquals(2, cli.run("context", id, "--json").json().get("attachments").size());
    }

    @Test
    void request_review_with_artifacts_hands_the_reviewer_the_patch_or_refuses_whole() throws Exception {
        String id = cli.create("implement", "--assignee", "dev");
        assertEquals(0, cli.run("claim", id).code());
        Path ws = Files.createDirectories(dir.resolve("kanban").resolve("workspaces").resolve(id));
        Files.writeString(ws.resolve("change.patch"), "--- a\n+++ b\n");

        refused(cli.run("request-review", id, "--summary", "ready", "--artifact", "change.patch",
                "--artifact", "missing.log"), "does not exist");
        assertEquals("running", cli.run("show", id, "--json").json().get("task").get("status").asText());
        assertEquals(0, cli.run("attachments", id, "--json").json().size(), "nothing kept from a refused hand-over");

        Cli.Result handed = cli.run("request-review", id, "--summary", "ready", "--artifact", "change.patch");
        assertEquals(0, handed.code(), handed.toString());
        assertEquals("review", cli.run("show", id, "--json").json().get("task").get("status").asText());
        JsonNode list = cli.run("attachments", id, "--json").json();
        assertEquals(1, list.size());
        assertEquals("change.patch", list.get(0).get("filename").asText());
        assertEquals("kanban_request_review", list.get(0).get("uploaded_by").asText());
    }
}
