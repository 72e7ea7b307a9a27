package io.kanban.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.error.AttachmentNotFound;
import io.kanban.core.error.AttachmentTooLarge;
import io.kanban.core.error.TaskNotFound;
import io.kanban.core.error.ValidationError;
import io.kanban.core.model.Attachment;
import io.kanban.core.model.Completion;
import io.kanban.core.model.Event;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import io.kanban.core.store.Dialect;
import io.kanban.core.testing.Backend;
import io.kanban.core.testing.OnEachBackend;
import io.kanban.core.testing.ScratchBoard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Files on cards: bytes round trip, the cap, safe names, removal, a second host, a worker's artifacts. */
@OnEachBackend
class AttachmentsTest {
    private static final int MIB = 1024 * 1024;
    final ScratchBoard scratch;
    final Board board;

    AttachmentsTest(ScratchBoard scratch) {
        this.scratch = scratch;
        this.board = scratch.board();
    }

    private String task() {
        return board.tasks().create(NewTask.titled("draw the chart").assignee("analyst").build()).task().id();
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void binary_bytes_read_back_exactly_with_their_row_and_event() {
        String id = task();
        byte[] every = new byte[256 + 10_000];
        for (int i = 0; i < 256; i++) {
            every[i] = (byte) i;
        }
        System.arraycopy(random(10_000, 7), 0, every, 256, 10_000);
        Attachment a = board.attachments().add(id, "chart.png", null, "analyst", every);
        assertEquals("chart.png", a.filename());
        assertEquals("image/png", a.contentType());
        assertEquals(every.length, a.size());
        assertEquals("analyst", a.uploadedBy());
        assertEquals(List.of(a), board.attachments().list(id));
        assertArrayEquals(every, board.attachments().read(a.id()).bytes());
        Event attached = board.events().forTask(id, 50).stream().filter(e -> e.kind().equals("attached"))
                .findFirst().orElseThrow();
        assertTrue(attached.payload().contains("\"filename\":\"chart.png\""), attached.payload());
        assertTrue(attached.payload().contains("\"size\":" + every.length), attached.payload());
        assertTrue(attached.payload().contains("\"by\":\"analyst\""), attached.payload());
    }

    @Test
    void the_cap_takes_exactly_25_mib_and_refuses_one_byte_more_storing_nothing() throws Exception {
        String id = task();
        byte[] full = random(25 * MIB, 1);
        Attachment a = board.attachments().add(id, "big.bin", null, null, full);
        assertArrayEquals(full, board.attachments().read(a.id()).bytes());

        byte[] over = random(25 * MIB + 1, 2);
        AttachmentTooLarge e = assertThrows(AttachmentTooLarge.class,
                () -> board.attachments().add(id, "over.bin", null, null, over));
        assertEquals("file: attachment exceeds 25 MB limit", e.getMessage());
        assertEquals(List.of(a), board.attachments().list(id));
        assertEquals(1, board.events().forTask(id, 50).stream().filter(ev -> ev.kind().equals("attached")).count());
        assertEquals(List.of(a.storedPath()), storedBlobs());
    }

    @Test
    void unsafe_names_become_one_safe_segment_under_the_root() throws Exception {
        String id = task();
        String[][] cases = {
                {"../../etc/passwd", "passwd"},
                {"..\\..\\win.ini", "win.ini"},
                {"a\u0000b\u0007c\nd.txt", "abcd.txt"},
                {"...hidden", "hidden"},
                {"..", "attachment"},
                {"", "attachment"},
                {"\u202Eevil\u200B.txt", "evil.txt"},
        };
        for (String[] c : cases) {
            Attachment a = board.attachments().add(task(), c[0], null, null, "x".getBytes(StandardCharsets.UTF_8));
            assertEquals(c[1], a.filename(), "from " + c[0]);
        }
        Attachment longName = board.attachments().add(id, "\u00e9".repeat(2048) + ".md", null, null, new byte[] {1});
        assertTrue(longName.filename().endsWith(".md"));
        assertTrue(longName.filename().length() <= AttachmentNames.MAX_CHARS);
        assertTrue(longName.filename().getBytes(StandardCharsets.UTF_8).length <= 240);
        assertArrayEquals(new byte[] {1}, board.attachments().read(longName.id()).bytes());
        if (onDisk()) {
            Path root = board.options().attachmentsDirectory();
            for (Attachment a : board.attachments().list(id)) {
                Path file = Path.of(a.storedPath());
                assertEquals(root.resolve(id).resolve(a.filename()), file);
                assertTrue(Files.isRegularFile(file), a.storedPath());
            }
        } else {
            board.attachments().list(id).forEach(a ->
                    assertEquals("attachments/" + id + "/" + a.filename(), a.storedPath()));
        }
    }

    @Test
    void a_name_already_on_the_card_gets_a_number() {
        String id = task();
        byte[] one = {1};
        assertEquals("report.pdf", board.attachments().add(id, "report.pdf", null, null, one).filename());
        assertEquals("report (1).pdf", board.attachments().add(id, "report.pdf", null, null, one).filename());
        assertEquals("report (2).pdf", board.attachments().add(id, "dir/report.pdf", null, null, one).filename());
        assertEquals("README", board.attachments().add(id, "README", null, null, one).filename());
        assertEquals("README (1)", board.attachments().add(id, "README", null, null, one).filename());
        String other = task();
        assertEquals("report.pdf", board.attachments().add(other, "report.pdf", null, null, one).filename());
    }

    @Test
    void a_bad_content_type_or_a_missing_task_is_refused() {
        String id = task();
        assertThrows(ValidationError.class,
                () -> board.attachments().add(id, "a.txt", "text/plain\r\nX-Evil: 1", null, new byte[] {1}));
        assertThrows(TaskNotFound.class, () -> board.attachments().add("t_nope", "a.txt", null, null, new byte[] {1}));
        assertThrows(AttachmentNotFound.class, () -> board.attachments().read(999_999));
        assertEquals("text/plain", board.attachments().add(id, "a.bin", "Text/Plain", null, new byte[] {1})
                .contentType());
    }

    @Test
    void removing_drops_the_blob_only_when_no_row_points_at_it() throws Exception {
        String id = task();
        Attachment a = board.attachments().add(id, "notes.txt", null, "pm", "hello".getBytes(StandardCharsets.UTF_8));
        // A second row on the same blob, as another kernel or an import may write.
        try (Connection c = scratch.jdbc(); PreparedStatement ps = c.prepareStatement("insert into task_attachments"
                + " (task_id, filename, stored_path, content_type, size, uploaded_by, created_at)"
                + " values (?, 'notes copy.txt', ?, 'text/plain', 5, 'import', 1767603600)")) {
            ps.setString(1, id);
            ps.setString(2, a.storedPath());
            ps.executeUpdate();
        }
        Attachment copy = board.attachments().list(id).get(1);
        assertEquals(a, board.attachments().remove(a.id(), "pm"));
        assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), board.attachments().read(copy.id()).bytes());
        assertEquals(List.of(a.storedPath()), storedBlobs());
        board.attachments().remove(copy.id(), null);
        assertEquals(List.of(), board.attachments().list(id));
        assertEquals(List.of(), storedBlobs());
        assertThrows(AttachmentNotFound.class, () -> board.attachments().remove(a.id(), null));
        assertTrue(board.events().forTask(id, 50).stream().anyMatch(e -> e.kind().equals("attachment_removed")
                && e.payload().contains("\"filename\":\"notes.txt\"")));
    }

    @Test
    void gc_removes_an_old_archived_task_with_its_attachments_and_their_blobs() throws Exception {
        String gone = task();
        String kept = task();
        board.attachments().add(gone, "old.log", null, null, new byte[] {1, 2, 3});
        Attachment stays = board.attachments().add(kept, "new.log", null, null, new byte[] {4});
        board.tasks().archive(gone);
        scratch.clock().advance(java.time.Duration.ofDays(40));
        assertEquals(1, board.tasks().gc(scratch.clock().instant().minus(java.time.Duration.ofDays(30)), null)
                .tasksRemoved());
        assertEquals(List.of(stays.storedPath()), storedBlobs());
        assertEquals(List.of(stays), board.attachments().list(kept));
    }

    @Test
    void a_second_handle_reads_what_the_first_wrote() throws IOException {
        String id = task();
        byte[] bytes = random(300_000, 3);
        Attachment a = board.attachments().add(id, "data.bin", null, "host-a", bytes);
        Board other;
        if (onDisk()) {
            other = scratch.open();
        } else {
            // Another host: its own disk, nothing of the first host's files. The bytes must come from the database.
            Path elsewhere = Files.createDirectories(scratch.dir().resolve("other-host"));
            other = Board.open(BoardOptions.at(scratch.location()).withClock(scratch.clock())
                    .withIdentity("otherhost", 1).withHome(elsewhere));
        }
        try {
            assertEquals(List.of(a), other.attachments().list(id));
            assertArrayEquals(bytes, other.attachments().read(a.id()).bytes());
            other.attachments().remove(a.id(), "host-b");
            assertThrows(AttachmentNotFound.class, () -> board.attachments().read(a.id()));
        } finally {
            if (!onDisk()) {
                other.close();
            }
        }
    }

    @Test
    void another_tenant_does_not_see_the_attachment() {
        Task mine = board.tasks().create(NewTask.titled("x").tenant("acme").build()).task();
        Attachment a = board.attachments().add(mine.id(), "a.txt", null, null, new byte[] {1});
        Board other = board.forTenant("globex");
        assertThrows(RuntimeException.class, () -> other.attachments().read(a.id()));
        assertThrows(RuntimeException.class, () -> other.attachments().remove(a.id(), null));
        assertEquals(1, board.forTenant("acme").attachments().list(mine.id()).size());
    }

    // ---- artifacts on complete ----


    private Board withHome() {
        Board b = Board.open(BoardOptions.at(scratch.location()).withClock(scratch.clock())
                .withIdentity(Backend.HOST, Backend.PID).withHome(scratch.dir())
                .withAttachmentMaxBytes(1_000));
        return b;
    }

    private Path workspaceOf(Board b, String id) throws IOException {
        return Files.createDirectories(b.options().scratchWorkspaces().resolve(id));
    }

    @Test
    void artifacts_are_copied_into_attachments_in_the_completing_step() throws Exception {
        try (Board b = withHome()) {
            String id = b.tasks().create(NewTask.titled("report").assignee("analyst").build()).task().id();
            long run = b.claims().claim(id).orElseThrow().run().id();
            Path ws = workspaceOf(b, id);
            Files.writeString(ws.resolve("report.md"), "# Findings\n");
            Files.createDirectories(ws.resolve("out"));
            Files.write(ws.resolve("out/chart.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
            Task done = b.claims().complete(id, Completion.withSummary("done").forRun(run),
                    List.of("report.md", ws.resolve("out/chart.png").toString()));
            assertEquals(Status.DONE, done.status());
            List<Attachment> attached = b.attachments().list(id);
            assertEquals(List.of("report.md", "chart.png"), attached.stream().map(Attachment::filename).toList());
            assertEquals(List.of("kanban_complete", "kanban_complete"),
                    attached.stream().map(Attachment::uploadedBy).toList());
            assertEquals("# Findings\n", new String(b.attachments().read(attached.get(0).id()).bytes(),
                    StandardCharsets.UTF_8));
            assertEquals("text/markdown", attached.get(0).contentType());
        }
    }

    @Test
    void a_missing_outside_or_oversized_artifact_refuses_the_completion_and_changes_nothing() throws Exception {
        try (Board b = withHome()) {
            String id = b.tasks().create(NewTask.titled("report").assignee("analyst").build()).task().id();
            long run = b.claims().claim(id).orElseThrow().run().id();
            Path ws = workspaceOf(b, id);
            Files.writeString(ws.resolve("ok.md"), "fine");
            Files.write(ws.resolve("huge.bin"), new byte[1_001]);
            Path outside = Files.writeString(scratch.dir().resolve("secret.txt"), "not yours");
            Files.createSymbolicLink(ws.resolve("link.txt"), outside);
            Task before = b.tasks().get(id);
            int events = b.events().forTask(id, 500).size();
            List<List<String>> refused = List.of(
                    List.of("ok.md", "missing.md"),
                    List.of("ok.md", "../../secret.txt"),
                    List.of(outside.toString()),
                    List.of("link.txt"),
                    List.of("ok.md", "huge.bin"),
                    List.of("."));
            for (List<String> artifacts : refused) {
                ValidationError e = assertThrows(ValidationError.class, () -> b.claims().complete(id,
                        Completion.withSummary("done").forRun(run), artifacts), artifacts.toString());
                assertEquals("artifacts", e.field());
                assertEquals(before, b.tasks().get(id));
                assertEquals(List.of(), b.attachments().list(id));
                assertEquals(events, b.events().forTask(id, 500).size());
                assertEquals(List.of(), storedBlobs(b));
            }
            assertTrue(assertThrows(ValidationError.class, () -> b.claims().complete(id,
                    Completion.withSummary("done").forRun(run), List.of("huge.bin")))
                    instanceof AttachmentTooLarge);
        }
    }

    @Test
    void a_refused_transition_takes_no_artifact_with_it() throws Exception {
        try (Board b = withHome()) {
            String id = b.tasks().create(NewTask.titled("report").assignee("analyst").build()).task().id();
            long run = b.claims().claim(id).orElseThrow().run().id();
            Files.writeString(workspaceOf(b, id).resolve("ok.md"), "fine");
            // A stale run id: the claim check refuses inside the write, after the files were placed.
            assertThrows(RuntimeException.class, () -> b.claims().complete(id,
                    Completion.withSummary("done").forRun(run + 100), List.of("ok.md")));
            assertEquals(Status.RUNNING, b.tasks().get(id).status());
            assertEquals(List.of(), b.attachments().list(id));
            assertEquals(List.of(), storedBlobs(b));
        }
    }

    @Test
    void a_review_request_hands_over_artifacts_in_the_same_step_and_names_them_on_its_event() throws Exception {
        try (Board b = withHome()) {
            String id = b.tasks().create(NewTask.titled("patch").assignee("coder").build()).task().id();
            long run = b.claims().claim(id).orElseThrow().run().id();
            Path ws = workspaceOf(b, id);
            Files.writeString(ws.resolve("fix.patch"), "--- a\n+++ b\n");
            Task handed = b.claims().requestReview(id, new Claims.ReviewRequest("please check the patch", null, null,
                    run, false), List.of("fix.patch"));
            assertEquals(Status.REVIEW, handed.status());
            List<Attachment> attached = b.attachments().list(id);
            assertEquals(List.of("fix.patch"), attached.stream().map(Attachment::filename).toList());
            assertEquals("kanban_request_review", attached.get(0).uploadedBy());
            Event review = b.events().forTask(id, 50).stream().filter(e -> e.kind().equals("review_requested"))
                    .findFirst().orElseThrow();
            assertTrue(review.payload().contains("\"artifacts\":[\"fix.patch\"]"), review.payload());
        }
    }

    @Test
    void a_missing_or_oversized_review_artifact_refuses_the_whole_request() throws Exception {
        try (Board b = withHome()) {
            String id = b.tasks().create(NewTask.titled("patch").assignee("coder").build()).task().id();
            long run = b.claims().claim(id).orElseThrow().run().id();
            Path ws = workspaceOf(b, id);
            Files.writeString(ws.resolve("ok.md"), "fine");
            Files.write(ws.resolve("huge.bin"), new byte[1_001]);
            Task before = b.tasks().get(id);
            int events = b.events().forTask(id, 500).size();
            for (List<String> artifacts : List.of(List.of("ok.md", "missing.md"), List.of("ok.md", "huge.bin"))) {
                ValidationError e = assertThrows(ValidationError.class, () -> b.claims().requestReview(id,
                        new Claims.ReviewRequest("check", null, null, run, false), artifacts), artifacts.toString());
                assertEquals("artifacts", e.field());
                assertEquals(before, b.tasks().get(id));
                assertEquals(List.of(), b.attachments().list(id));
                assertEquals(events, b.events().forTask(id, 500).size());
                assertEquals(List.of(), storedBlobs(b));
            }
        }
    }

    @Test
    void artifacts_need_a_scratch_workspace() throws Exception {
        try (Board b = withHome()) {
            Path dir = Files.createDirectories(scratch.dir().resolve("repo"));
            Files.writeString(dir.resolve("a.md"), "x");
            String id = b.tasks().create(NewTask.titled("in a repo").assignee("dev")
                    .workspace(io.kanban.core.model.Workspace.parse("dir:" + dir)).build()).task().id();
            b.claims().claim(id).orElseThrow();
            ValidationError e = assertThrows(ValidationError.class,
                    () -> b.claims().complete(id, Completion.withSummary("done"), List.of(dir.resolve("a.md").toString())));
            assertTrue(e.getMessage().contains("scratch"), e.getMessage());
            assertEquals(Status.RUNNING, b.tasks().get(id).status());
        }
    }

    private boolean onDisk() {
        return board.options().dialect() == Dialect.SQLITE;
    }

    private List<String> storedBlobs() throws Exception {
        return storedBlobs(board);
    }

    /** Every blob the board holds: files under the root (but the staging folder's leftovers too), or blob rows. */
    private List<String> storedBlobs(Board b) throws Exception {
        if (b.options().dialect() == Dialect.SQLITE) {
            Path root = b.options().attachmentsDirectory();
            if (!Files.exists(root)) {
                return List.of();
            }
            try (Stream<Path> files = Files.walk(root)) {
                return files.filter(Files::isRegularFile).map(Path::toString).sorted().toList();
            }
        }
        try (Connection c = scratch.jdbc(); var rs = c.createStatement().executeQuery(
                "select stored_path from task_attachment_blobs order by stored_path")) {
            List<String> paths = new java.util.ArrayList<>();
            while (rs.next()) {
                paths.add(rs.getString(1));
            }
            return paths;
        }
    }
}
