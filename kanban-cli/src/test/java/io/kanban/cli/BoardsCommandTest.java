package io.kanban.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoardsCommandTest {
    @TempDir
    Path dir;
    private Cli cli;
    private Path home;

    @BeforeEach
    void setUp() {
        cli = new Cli(dir.resolve("unused.db"));
        home = dir.resolve("hermes");
    }

    private Cli.Result kanban(String... args) {
        return cli.raw("", args);
    }

    @Test
    void create_list_switch_and_work_on_a_board() {
        assertEquals(0, kanban("boards", "create", "web", "--name", "Web site", "--description", "the site",
                "--icon", "W", "--color", "#123456", "--default-workdir", "/srv/web").code());
        assertEquals(0, kanban("boards", "new", "api", "--switch").code());
        assertEquals(0, kanban("create", "an api card").code());
        assertEquals(0, kanban("--board", "web", "create", "a web card").code());
        assertEquals(0, kanban("--board", "web", "create", "another web card").code());

        JsonNode list = kanban("boards", "list", "--json").json();
        assertEquals(List.of("default", "api", "web"), slugs(list));
        assertEquals(List.of(false, true, false), flags(list, "is_current"));
        assertEquals(2, list.get(2).get("total").asInt());
        assertEquals(1, list.get(1).get("total").asInt());
        assertEquals("Web site", list.get(2).get("name").asText());
        assertEquals("/srv/web", list.get(2).get("default_workdir").asText());
        // the record GET /api/boards writes too (io.kanban.core.wire.BoardSummary), then where the database is
        assertEquals(List.of("slug", "name", "description", "icon", "color", "default_workdir", "project_id",
                "created_at", "archived", "is_current", "is_default", "counts", "total", "db_path"),
                fields(list.get(2)));
        assertTrue(list.get(2).get("project_id").isNull(), list.get(2).toString());
        assertFalse(list.get(2).get("archived").asBoolean());
        assertEquals(List.of(true, false, false), flags(list, "is_default"));
        assertEquals(2, list.get(2).at("/counts/ready").asInt());

        Cli.Result table = kanban("boards", "ls");
        assertTrue(table.out().lines().anyMatch(l -> l.startsWith("*") && l.contains("api")), table.toString());

        JsonNode web = kanban("--board", "web", "list", "--json").json();
        assertEquals(2, web.size(), web.toString());
        assertEquals(0, kanban("boards", "switch", "web").code());
        assertEquals("web", kanban("boards", "show", "--json").json().get("slug").asText());
        assertEquals("HERMES_KANBAN_BOARD", cli.env("HERMES_KANBAN_BOARD", "api").raw("", "boards", "current", "--json")
                .json().get("source").asText());
        assertTrue(Files.isDirectory(home.resolve("kanban/boards/web/attachments")));
    }

    @Test
    void rename_set_default_workdir_archive_and_delete() {
        kanban("boards", "create", "p");
        kanban("boards", "create", "q");
        JsonNode renamed = kanban("boards", "rename", "p", "Project P", "--json").json();
        assertEquals("Project P", renamed.get("name").asText());
        assertEquals(fields(kanban("boards", "list", "--json").json().get(1)), fields(renamed),
                "every boards command writes the one board record");
        assertEquals("/w", kanban("boards", "set-default-workdir", "p", "/w", "--json").json()
                .get("default_workdir").asText());
        assertTrue(kanban("boards", "set-default-workdir", "p", "--json").json().get("default_workdir").isNull());
        JsonNode archived = kanban("boards", "rm", "p", "--json").json();
        assertFalse(archived.get("deleted").asBoolean());
        assertTrue(archived.get("archived_to").asText().contains("_archived"));
        assertEquals(List.of("default", "q"), slugs(kanban("boards", "list", "--json").json()));
        JsonNode all = kanban("boards", "list", "--all", "--json").json();
        assertEquals(List.of("default", "p", "q"), slugs(all));
        assertEquals(List.of(false, true, false), flags(all, "archived"), "the tombstone says it is archived");
        assertEquals(0, all.get(1).get("total").asInt());
        assertTrue(kanban("boards", "delete", "q", "--json").json().get("deleted").asBoolean());
        assertFalse(Files.exists(home.resolve("kanban/boards/q")));
    }

    @Test
    void bad_and_unknown_slugs_and_the_default_board_are_refused_in_one_line() {
        Cli.refused(kanban("boards", "create", "Bad/Slug"), "'Bad/Slug' is not a board slug");
        Cli.refused(kanban("boards", "switch", "nope"), "no board 'nope'");
        Cli.refused(kanban("--board", "nope", "list"), "no board 'nope'");
        Cli.refused(kanban("--board", "../etc", "list"), "is not a board slug");
        Cli.refused(kanban("boards", "rm", "default"), "the default board cannot be removed");
        Cli.refused(kanban("boards", "rename", "nope", "X"), "no board 'nope'");
        Cli.refused(kanban("boards", "set-default-workdir", "default", "relative"), "must be an absolute path");
        assertFalse(Files.exists(home.resolve("kanban/boards/nope")));
    }

    @Test
    void db_names_a_board_directly_and_wins_over_board() {
        kanban("boards", "create", "p");
        Path other = dir.resolve("other.db");
        assertEquals(0, kanban("--db", other.toString(), "--board", "p", "create", "direct").code());
        assertEquals(1, kanban("--db", other.toString(), "list", "--json").json().size());
        assertEquals(0, kanban("--board", "p", "list", "--json").json().size());
    }

    @Test
    void export_then_import_makes_a_new_board_with_the_same_cards() throws Exception {
        kanban("boards", "create", "src", "--switch");
        String a = cli.raw("", "create", "first", "--json").json().get("task").get("id").asText();
        String b = cli.raw("", "create", "second", "--parent", a, "--json").json().get("task").get("id").asText();
        assertEquals(0, kanban("comment", a, "hello").code());
        Path spec = dir.resolve("spec.md");
        Files.writeString(spec, "# spec\n");
        assertEquals(0, kanban("attach", a, spec.toString()).code());
        Path file = dir.resolve("src.tar.gz");

        JsonNode exported = kanban("boards", "export", "-o", file.toString(), "--include-logs", "--json").json();
        assertEquals("src", exported.get("slug").asText());
        assertEquals(2, exported.get("rows").get("tasks").asInt());
        assertEquals(1, exported.get("attachments").asInt());

        JsonNode imported = kanban("boards", "import", file.toString(), "--switch", "--json").json();
        assertEquals("src-2", imported.get("slug").asText());
        assertEquals("src-2", kanban("boards", "show", "--json").json().get("slug").asText());
        JsonNode shown = kanban("show", b, "--json").json();
        assertEquals(a, shown.get("parents").get(0).get("id").asText());
        assertEquals(1, kanban("attachments", a, "--json").json().size());
        assertEquals("hello", kanban("show", a, "--json").json().get("comments").get(0).get("body").asText());

        assertEquals("copy", kanban("boards", "import", file.toString(), "--as", "copy", "--json").json()
                .get("slug").asText());
        JsonNode noFiles = kanban("boards", "export", "src", "-o", dir.resolve("n.tar.gz").toString(),
                "--no-attachments", "--json").json();
        assertEquals(0, noFiles.get("attachments").asInt());
    }

    @Test
    void a_corrupt_or_hostile_archive_is_refused_in_one_line_and_makes_no_board() throws Exception {
        Path junk = dir.resolve("junk.tar.gz");
        Files.writeString(junk, "not an archive");
        Cli.refused(kanban("boards", "import", junk.toString()), "not a .tar.gz board archive");
        Cli.refused(kanban("boards", "import", dir.resolve("missing.tar.gz").toString()), "no archive at");
        Cli.refused(kanban("boards", "import", junk.toString(), "--as", "Bad/Slug"), "is not a board slug");
        assertEquals(List.of("default"), slugs(kanban("boards", "list", "--json").json()));
        assertFalse(Files.exists(home.resolve("kanban/boards/junk")));
        try (var entries = Files.list(home.resolve("kanban/boards"))) {
            assertEquals(List.of(), entries.toList(), "no staging folder or half-made board left");
        }
    }

    @Test
    void import_with_db_fills_a_postgresql_board_and_export_reads_it_back() throws Exception {
        try (io.kanban.core.testing.Backend pg = io.kanban.core.testing.Backend.postgresql()) {
            String url = pg.newBoard(dir);
            kanban("boards", "create", "laptop", "--switch");
            kanban("create", "moves to the fleet");
            Path file = dir.resolve("laptop.tar.gz");
            assertEquals(0, kanban("boards", "export", "-o", file.toString()).code());
            JsonNode in = kanban("--db", url, "boards", "import", file.toString(), "--json").json();
            assertEquals(1, in.get("rows").get("tasks").asInt());
            assertEquals("moves to the fleet", kanban("--db", url, "list", "--json").json().get(0).get("title")
                    .asText());
            Cli.refused(kanban("--db", url, "boards", "import", file.toString()), "an import needs an empty board");
            Cli.usage(kanban("--db", url, "boards", "import", file.toString(), "--as", "x"), "--as and --switch");
            Path back = dir.resolve("back.tar.gz");
            assertEquals(0, kanban("--db", url, "boards", "export", "-o", back.toString()).code());
            assertEquals("board", kanban("boards", "import", back.toString(), "--json").json().get("slug").asText());
            assertEquals(1, kanban("--board", "board", "list", "--json").json().size());
        }
    }

    @Test
    void boards_list_create_and_rm_work_on_the_schemas_of_a_postgresql_database() throws Exception {
        String server = System.getenv("KANBAN_TEST_PG_URL");
        org.junit.jupiter.api.Assumptions.assumeTrue(server != null && !server.isBlank(),
                "KANBAN_TEST_PG_URL is not set");
        String p = "cli" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String web = p + "-web";
        String api = p + "-api";
        String sep = server.contains("?") ? "&" : "?";
        try {
            JsonNode made = kanban("--db", server, "boards", "create", web, "--name", "Web site", "--json").json();
            assertEquals("Web site", made.get("name").asText());
            assertTrue(made.get("db_path").asText().endsWith("currentSchema=" + web), made.toString());
            assertEquals(web, made.get("schema").asText());
            assertTrue(made.has("project_id") && made.has("archived") && made.has("is_default"), made.toString());
            assertEquals(0, made.get("total").asInt(), made.toString());
            assertEquals(0, kanban("--db", server, "boards", "new", api).code());
            String onWeb = server + sep + "currentSchema=" + web;
            assertEquals(0, kanban("--db", onWeb, "create", "a card on the web schema").code());

            JsonNode list = kanban("--db", onWeb, "boards", "list", "--json").json();
            List<JsonNode> ours = new java.util.ArrayList<>();
            list.forEach(b -> {
                if (b.get("slug").asText().startsWith(p)) {
                    ours.add(b);
                }
            });
            assertEquals(List.of(api, web), ours.stream().map(b -> b.get("slug").asText()).toList());
            assertEquals(List.of(false, true), ours.stream().map(b -> b.get("is_current").asBoolean()).toList(),
                    "the URL's currentSchema is the current board");
            assertEquals(1, ours.get(1).get("total").asInt());
            assertEquals(1, ours.get(1).at("/counts/ready").asInt());
            assertEquals("Web site", ours.get(1).get("name").asText());
            Cli.Result table = kanban("--db", onWeb, "boards", "ls");
            assertTrue(table.out().lines().anyMatch(l -> l.startsWith("*") && l.contains(web)), table.toString());

            Cli.usage(kanban("--db", server, "boards", "create", p + "-x", "--switch"), "currentSchema");
            JsonNode gone = kanban("--db", server, "boards", "rm", web, "--json").json();
            assertFalse(gone.get("deleted").asBoolean());
            assertTrue(gone.get("archived_to").asText().startsWith("_archived_" + web), gone.toString());
            assertEquals(0, kanban("--db", server, "boards", "rm", api, "--delete").code());
            JsonNode after = kanban("--db", server, "boards", "list", "--json").json();
            after.forEach(b -> assertFalse(b.get("slug").asText().startsWith(p), "removed: " + b));
            JsonNode all = kanban("--db", server, "boards", "list", "--all", "--json").json();
            List<JsonNode> tombs = new java.util.ArrayList<>();
            all.forEach(b -> {
                if (b.get("slug").asText().equals(web)) {
                    tombs.add(b);
                }
            });
            assertEquals(1, tombs.size(), all.toString());
            assertTrue(tombs.get(0).get("archived").asBoolean());
            Cli.refused(kanban("--db", server, "boards", "rm", p + "-nope"), p + "-nope");
            Cli.refused(kanban("--db", server, "boards", "rm", "default"), "cannot be removed");
        } finally {
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(server);
                 java.sql.Statement st = c.createStatement()) {
                List<String> schemas = new java.util.ArrayList<>();
                try (java.sql.ResultSet rs = st.executeQuery("select nspname from pg_namespace where nspname like '%"
                        + p + "%'")) {
                    while (rs.next()) {
                        schemas.add(rs.getString(1));
                    }
                }
                for (String schema : schemas) {
                    st.execute("drop schema \"" + schema + "\" cascade");
                }
            }
        }
    }

    @Test
    void dispatch_all_boards_dry_run_reports_every_board_and_claims_nothing() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(io.kanban.core.spi.DispatcherProvider.find().isPresent(),
                "the dispatcher module is on the test class path");
        Files.createDirectories(home.resolve("profiles/dev")); // the Hermes profile the cards run as
        kanban("boards", "create", "a");
        kanban("boards", "create", "b");
        kanban("--board", "a", "create", "on a", "--assignee", "dev");
        kanban("--board", "b", "create", "on b", "--assignee", "dev");
        Cli.Result run = kanban("dispatch", "--all-boards", "--dry-run", "--json");
        JsonNode r = run.json();
        org.junit.jupiter.api.Assertions.assertNotNull(r.get("boards"), run.toString());
        assertEquals(List.of("default", "a", "b"), iterable(r.get("boards").fieldNames()));
        assertTrue(r.get("boards").get("a").get("dry_run").asBoolean());
        assertEquals(1, r.get("boards").get("b").get("spawned").size(), r.toString());
        assertEquals("ready", kanban("--board", "a", "list", "--json").json().get(0).get("status").asText());
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    private static List<String> slugs(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.get("slug").asText()));
        return out;
    }

    private static List<String> fields(JsonNode record) {
        List<String> out = new ArrayList<>();
        record.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static List<Boolean> flags(JsonNode list, String field) {
        List<Boolean> out = new ArrayList<>();
        list.forEach(n -> out.add(n.get(field).asBoolean()));
        return out;
    }
}
