package io.kanban.core.boards;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.Board;
import io.kanban.core.BoardOptions;
import io.kanban.core.BoardRows;
import io.kanban.core.error.BadArchive;
import io.kanban.core.error.ValidationError;
import io.kanban.core.model.ClaimedTask;
import io.kanban.core.model.Completion;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Task;
import io.kanban.core.testing.Backend;
import io.kanban.core.testing.SettableClock;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoardArchiveTest {
    @TempDir
    Path dir;
    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private Boards boards;
    private BoardArchive archive;
    private Path source;

    @BeforeEach
    void setUp() throws Exception {
        boards = new Boards(new BoardLayout(dir.resolve("home")), clock);
        archive = new BoardArchive(clock);
        boards.create(BoardSlug.of("proj"), new Boards.NewBoard("Project", "the project", "P", "#112233", "/srv/p"));
        source = boards.layout().db(BoardSlug.of("proj"));
        try (Board b = open(source.toString())) {
            fill(b);
        }
        Path logs = boards.layout().files(BoardSlug.of("proj")).logs();
        Files.writeString(logs.resolve("t_log.log"), "worker said hello\n");
    }

    private Board open(String location) {
        return Board.open(BoardOptions.at(location).withClock(clock).withIdentity("hostA", 77));
    }

    /** Cards in every state, in one second and across seconds, with links, comments, runs, events, attachments. */
    private void fill(Board b) {
        Task parent = b.tasks().create(NewTask.titled("parent").assignee("coder").priority(2).build()).task();
        Task child = b.tasks().create(NewTask.titled("child").assignee("coder").build()).task();
        Task same1 = b.tasks().create(NewTask.titled("same second 1").build()).task();
        Task same2 = b.tasks().create(NewTask.titled("same second 2").body("body\nwith lines").build()).task();
        b.links().link(parent.id(), child.id());
        b.tasks().setModel(child.id(), "anthropic/claude-sonnet-4", "openrouter"); // the overrides travel too
        clock.advance(Duration.ofSeconds(3));
        ClaimedTask c = b.claims().claim(parent.id()).orElseThrow();
        b.claims().heartbeat(parent.id(), "working", c.run().id());
        clock.advance(Duration.ofSeconds(5));
        b.comments().add(parent.id(), "coder", "a comment");
        b.attachments().add(parent.id(), "report.md", "text/markdown", "coder", "# report\n".getBytes(StandardCharsets.UTF_8));
        b.attachments().add(same1.id(), "data.bin", null, "me", new byte[] {0, 1, 2, (byte) 255});
        b.claims().complete(parent.id(), new Completion("done it", "the result", "{\"k\":1}", c.run().id()));
        ClaimedTask running = b.claims().claim(child.id()).orElseThrow(); // stays running: its claim is stripped
        clock.advance(Duration.ofSeconds(1));
        b.claims().block(same2.id(), "needs input", null);
        b.comments().add(child.id(), "me", "second comment");
        b.tasks().archive(same1.id());
        assertTrue(running.task().claimLock() != null);
    }

    @Test
    void sqlite_to_sqlite_round_trip_keeps_every_row_id_time_and_order() throws Exception {
        Path file = dir.resolve("proj.tar.gz");
        BoardArchive.Exported out = archive.export(openedSource(), boards.meta(BoardSlug.of("proj")), file, true,
                boards.layout().files(BoardSlug.of("proj")).logs());
        closeSource();
        assertEquals(2, out.attachments());
        assertEquals(1, out.logs());

        BoardArchive.Imported in = archive.importAsNewBoard(file, boards, null);
        assertEquals("proj-2", in.slug(), "a taken slug gets a numeric suffix");
        Path target = boards.layout().db(BoardSlug.of("proj-2"));
        assertSameRows(jdbc("jdbc:sqlite:" + source), jdbc("jdbc:sqlite:" + target));
        BoardMeta meta = boards.meta(BoardSlug.of("proj-2"));
        assertEquals("Project", meta.name());
        assertEquals("the project", meta.description());
        assertNull(meta.defaultWorkdir(), "a host-local path stays behind");
        try (Board src = open(source.toString()); Board dst = open(target.toString())) {
            assertSameAttachmentBytes(src, dst);
            assertTrue(dst.tasks().list(ALL).stream().anyMatch(t -> "anthropic/claude-sonnet-4".equals(t.modelOverride())
                    && "openrouter".equals(t.providerOverride())), "the card's model override is imported");
            Path stored = Path.of(dst.attachments().list(dst.tasks().list(ALL).get(0).id()).get(0).storedPath());
            assertTrue(stored.startsWith(boards.layout().dir(BoardSlug.of("proj-2")).resolve("attachments")), stored.toString());
        }
        assertEquals("worker said hello\n",
                Files.readString(boards.layout().files(BoardSlug.of("proj-2")).logs().resolve("t_log.log")));
    }

    @Test
    void sqlite_to_postgresql_and_back_round_trip_keeps_every_row() throws Exception {
        try (Backend pg = Backend.postgresql()) {
            String url = pg.newBoard(dir);
            Path file = dir.resolve("proj.tar.gz");
            archive.export(openedSource(), boards.meta(BoardSlug.of("proj")), file, true, null);
            closeSource();
            archive.importInto(file, url, Map.of("HERMES_HOME", dir.resolve("home").toString()));
            assertSameRows(jdbc("jdbc:sqlite:" + source), jdbc(url));
            try (Board src = open(source.toString()); Board dst = open(url)) {
                assertSameAttachmentBytes(src, dst);
                // the server's generators continue above the copied ids, and new events are readable
                long lastEvent = dst.events().latestId();
                Task t = dst.tasks().create(NewTask.titled("after the move").build()).task();
                long maxComment = src.rows().export(false).get("task_comments").stream()
                        .mapToLong(r -> (Long) r.get("id")).max().orElseThrow();
                assertTrue(dst.comments().add(t.id(), "me", "new").id() > maxComment);
                assertTrue(dst.events().latestId() > lastEvent);
                assertEquals(t.id(), dst.events().since(lastEvent, 10).get(0).taskId());
            }
            // and back to a new SQLite board of the home
            Path back = dir.resolve("back.tar.gz");
            try (Board dst = open(url)) {
                archive.export(dst, BoardMeta.fresh(BoardSlug.of("from-pg"), 0), back, true, null);
            }
            BoardArchive.Imported home = archive.importAsNewBoard(back, boards, "from-pg");
            try (Board fromPg = open(home.location()); Board src = open(source.toString())) {
                assertEquals(src.tasks().list(ALL).size() + 1, fromPg.tasks().list(ALL).size());
                assertSameAttachmentBytes(src, fromPg);
            }
        }
    }

    @Test
    void an_import_into_postgresql_gives_the_planner_statistics_of_the_tables_it_filled() throws Exception {
        boards.create(BoardSlug.of("plain"), new Boards.NewBoard("Plain", null, null, null, null));
        Path file = dir.resolve("plain.tar.gz");
        try (Board b = open(boards.layout().db(BoardSlug.of("plain")).toString())) {
            for (int i = 0; i < 3; i++) {
                b.tasks().create(NewTask.titled("card " + i).build());
            }
            archive.export(b, boards.meta(BoardSlug.of("plain")), file, false, null);
        }
        try (Backend pg = Backend.postgresql()) {
            String url = pg.newBoard(dir);
            archive.importInto(file, url, Map.of("HERMES_HOME", dir.resolve("home").toString()));
            try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select relname, reltuples from pg_class where relnamespace ="
                         + " current_schema()::regnamespace and relname in ('tasks', 'task_events', 'task_runs')")) {
                Map<String, Float> rows = new LinkedHashMap<>();
                while (rs.next()) {
                    rows.put(rs.getString(1), rs.getFloat(2));
                }
                assertEquals(3f, rows.get("tasks"), "the copied cards are counted: " + rows);
                assertTrue(rows.get("task_events") >= 3f, "their events too: " + rows);
                assertEquals(-1f, rows.get("task_runs"), "an empty table stays never analyzed: " + rows);
            }
        }
    }

    @Test
    void an_import_into_a_board_with_cards_is_refused_and_changes_nothing() throws Exception {
        Path file = dir.resolve("proj.tar.gz");
        archive.export(openedSource(), boards.meta(BoardSlug.of("proj")), file, true, null);
        closeSource();
        ValidationError e = assertThrows(ValidationError.class,
                () -> archive.importInto(file, source.toString(), Map.of()));
        assertTrue(e.getMessage().contains("an import needs an empty board"), e.getMessage());
    }

    @Test
    void export_strips_claims_pids_subscriptions_and_local_paths() throws Exception {
        try (Board b = open(source.toString())) {
            Map<String, List<Map<String, Object>>> rows = b.rows().export(true);
            for (Map<String, Object> task : rows.get("tasks")) {
                assertNull(task.get("claim_lock"));
                assertNull(task.get("claim_expires"));
                assertNull(task.get("worker_pid"));
            }
            rows.get("task_runs").forEach(r -> assertNull(r.get("claim_lock")));
            rows.get("task_attachments").forEach(r -> assertNull(r.get("stored_path")));
            assertFalse(rows.containsKey("kanban_notify_subs"));
            assertEquals(List.of(), b.rows().export(false).get("task_attachments"));
        }
    }

    // ---- hostile and broken archives ----

    @Test
    void hostile_or_broken_archives_are_refused_in_one_line_and_leave_nothing_behind() throws Exception {
        Map<String, byte[]> good = entries();
        List<Map.Entry<String, byte[]>> cases = List.of(
                Map.entry("has an absolute or malformed path", tar(good, "/etc/cron.d/x", Tar.FILE, 3)),
                Map.entry("climbs out with '..'", tar(good, "attachments/../../x", Tar.FILE, 3)),
                Map.entry("is a symbolic link", tar(good, "attachments/9", '2', 0)),
                Map.entry("is a hard link", tar(good, "attachments/9", '1', 0)),
                Map.entry("is not part of a board export", tar(good, "notes.txt", Tar.FILE, 3)),
                Map.entry("over the limit", tenGigabyteEntry(good)),
                Map.entry("not a .tar.gz board archive", "this is not gzip".getBytes(StandardCharsets.UTF_8)),
                Map.entry("truncated", truncated(tar(good, null, Tar.FILE, 0))),
                Map.entry("unsafe file name", tar(replace(good, "rows/task_attachments.jsonl", "\"report.md\"",
                        "\"../../../escaped.md\""), null, Tar.FILE, 0)),
                Map.entry("task id is missing or unsafe", tar(replace(good, "rows/task_attachments.jsonl",
                        "\"task_id\":\"t_", "\"task_id\":\"../t_"), null, Tar.FILE, 0)));
        Set<Path> before = tree(dir);
        for (Map.Entry<String, byte[]> c : cases) {
            Path file = dir.resolve("hostile.tar.gz");
            Files.write(file, c.getValue());
            before.add(file);
            BadArchive e = assertThrows(BadArchive.class, () -> archive.importAsNewBoard(file, boards, "evil"),
                    c.getKey());
            assertTrue(e.getMessage().contains(c.getKey()), c.getKey() + " -> " + e.getMessage());
            assertEquals(1, e.getMessage().lines().count());
            assertEquals(before, tree(dir), "nothing left behind after: " + c.getKey());
            assertFalse(boards.exists(BoardSlug.of("evil")));
        }
        // the untouched archive imports fine
        Path file = dir.resolve("good.tar.gz");
        Files.write(file, tar(good, null, Tar.FILE, 0));
        assertEquals("evil", archive.importAsNewBoard(file, boards, "evil").slug());
    }

    @Test
    void an_oversize_entry_is_refused_by_its_header_before_its_bytes_are_read() throws Exception {
        BoardArchive small = new BoardArchive(clock, 1024, 1 << 20);
        Map<String, byte[]> good = new LinkedHashMap<>();
        good.put("attachments/1", new byte[4096]); // first, so the limit meets it before any other entry
        entries().forEach(good::putIfAbsent);
        Path file = dir.resolve("big.tar.gz");
        Files.write(file, tar(good, null, Tar.FILE, 0));
        BadArchive e = assertThrows(BadArchive.class, () -> small.importAsNewBoard(file, boards, "big"));
        assertTrue(e.getMessage().contains("4096 bytes, over the limit of 1024"), e.getMessage());
        assertFalse(Files.exists(boards.layout().dir(BoardSlug.of("big"))));
    }

    // ---- helpers ----

    private static final io.kanban.core.model.TaskFilter ALL = new io.kanban.core.model.TaskFilter(Set.of(), null, null,
            true, io.kanban.core.model.TaskFilter.NO_LIMIT);

    private Board sourceBoard;

    private Board openedSource() {
        sourceBoard = open(source.toString());
        return sourceBoard;
    }

    private void closeSource() {
        sourceBoard.close();
    }

    /** The entries of a real export of the source board. */
    private Map<String, byte[]> entries() throws Exception {
        Path file = dir.resolve("entries.tar.gz");
        try (Board b = open(source.toString())) {
            archive.export(b, boards.meta(BoardSlug.of("proj")), file, true, null);
        }
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(file))) {
            Tar.Reader r = new Tar.Reader(in);
            for (Tar.Entry e = r.next(Long.MAX_VALUE); e != null; e = r.next(Long.MAX_VALUE)) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                r.content(bytes);
                out.put(e.name(), bytes.toByteArray());
            }
        }
        Files.delete(file);
        return out;
    }

    private static Map<String, byte[]> replace(Map<String, byte[]> entries, String name, String from, String to) {
        Map<String, byte[]> out = new LinkedHashMap<>(entries);
        String text = new String(entries.get(name), StandardCharsets.UTF_8);
        assertTrue(text.contains(from), text);
        out.put(name, text.replace(from, to).getBytes(StandardCharsets.UTF_8));
        return out;
    }

    /** A .tar.gz of {@code entries}, plus one more entry of the given name and type first when {@code extra}. */
    private static byte[] tar(Map<String, byte[]> entries, String extra, char type, int size) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            if (extra != null) {
                gz.write(Tar.header(extra, size, type, 0));
                gz.write(new byte[Tar.BLOCK]);
            }
            Tar.Writer w = new Tar.Writer(gz, 0);
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                w.file(e.getKey(), e.getValue());
            }
            w.finish();
        }
        return bytes.toByteArray();
    }

    /** An entry whose header declares 10 GB (base-256 size, as GNU tar writes it), followed by little. */
    private static byte[] tenGigabyteEntry(Map<String, byte[]> entries) throws Exception {
        byte[] h = Tar.header("attachments/5", 0, Tar.FILE, 0);
        long size = 10L * 1000 * 1000 * 1000;
        java.util.Arrays.fill(h, 124, 136, (byte) 0);
        h[124] = (byte) 0x80;
        for (int i = 135; i > 124; i--) {
            h[i] = (byte) (size & 0xff);
            size >>>= 8;
        }
        java.util.Arrays.fill(h, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        byte[] chk = String.format("%06o", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(chk, 0, h, 148, 6);
        h[154] = 0;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            Tar.Writer w = new Tar.Writer(gz, 0);
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                w.file(e.getKey(), e.getValue());
            }
            gz.write(h);
            gz.write(new byte[4096]);
        }
        return bytes.toByteArray();
    }

    private static byte[] truncated(byte[] archive) {
        return java.util.Arrays.copyOf(archive, archive.length / 2);
    }

    private static Set<Path> tree(Path root) throws Exception {
        try (Stream<Path> walk = Files.walk(root)) {
            return new java.util.TreeSet<>(walk.toList());
        }
    }

    private static void assertSameAttachmentBytes(Board a, Board b) {
        List<Task> tasks = a.tasks().list(ALL);
        for (Task t : tasks) {
            var left = a.attachments().list(t.id());
            var right = b.attachments().list(t.id());
            assertEquals(left.size(), right.size(), t.id());
            for (int i = 0; i < left.size(); i++) {
                assertEquals(left.get(i).id(), right.get(i).id());
                assertArrayEquals(a.attachments().read(left.get(i).id()).bytes(),
                        b.attachments().read(right.get(i).id()).bytes());
            }
        }
    }

    // ---- row-by-row comparison over plain JDBC ----

    private static final Map<String, String> ORDER = Map.of("tasks", "rowid", "task_links", "parent_id, child_id",
            "task_runs", "id", "task_comments", "id", "task_events", "id", "task_attachments", "id");
    /** What the export clears or rewrites on purpose, and PostgreSQL's own order column. */
    private static final Set<String> NOT_COMPARED = Set.of("claim_lock", "claim_expires", "worker_pid",
            "worker_started_at", "stored_path", "log_path", "rowid");

    private static Map<String, List<Map<String, Object>>> jdbc(String url) throws Exception {
        Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            for (String table : BoardRows.tables()) {
                List<Map<String, Object>> rows = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("select * from " + table + " order by " + ORDER.get(table))) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            String name = md.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT);
                            Object v = rs.getObject(i);
                            if (!NOT_COMPARED.contains(name)) {
                                row.put(name, v instanceof Number n ? (Object) n.longValue() : v);
                            }
                        }
                        rows.add(row);
                    }
                }
                out.put(table, rows);
            }
        }
        return out;
    }

    private static void assertSameRows(Map<String, List<Map<String, Object>>> expected,
            Map<String, List<Map<String, Object>>> actual) {
        assertTrue(expected.get("tasks").size() >= 4 && expected.get("task_events").size() > 10
                && expected.get("task_runs").size() >= 2 && expected.get("task_comments").size() >= 3
                && expected.get("task_links").size() == 1 && expected.get("task_attachments").size() == 2,
                "the source board has rows of every kind: " + expected);
        for (String table : expected.keySet()) {
            List<Map<String, Object>> left = expected.get(table);
            List<Map<String, Object>> right = actual.get(table);
            assertEquals(left.size(), right.size(), table);
            for (int i = 0; i < left.size(); i++) {
                Map<String, Object> l = left.get(i);
                Map<String, Object> r = right.get(i);
                for (Map.Entry<String, Object> col : l.entrySet()) {
                    if (r.containsKey(col.getKey())) {
                        assertEquals(col.getValue(), r.get(col.getKey()), table + " row " + i + " column " + col.getKey());
                    }
                }
                assertEquals(l.keySet().stream().filter(r::containsKey).count(), r.size(),
                        table + ": the target has no column the source lacks");
            }
        }
    }

    @SuppressWarnings("unused")
    private static void write(OutputStream out, byte[] bytes) throws Exception {
        out.write(bytes);
    }
}
