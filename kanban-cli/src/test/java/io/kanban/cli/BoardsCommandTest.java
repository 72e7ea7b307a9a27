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
        assertEquals("Project P", kanban("boards", "rename", "p", "Project P", "--json").json().get("name").asText());
        assertEquals("/w", kanban("boards", "set-default-workdir", "p", "/w", "--json").json()
                .get("default_workdir").asText());
        assertTrue(kanban("boards", "set-default-workdir", "p", "--json").json().get("default_workdir").isNull());
        JsonNode archived = kanban("boards", "rm", "p", "--json").json();
        assertFalse(archived.get("deleted").asBoolean());
        assertTrue(archived.get("archived_to").asText().contains("_archived"));
        assertEquals(List.of("default", "q"), slugs(kanban("boards", "list", "--json").json()));
        assertEquals(List.of("default", "p", "q"), slugs(kanban("boards", "list", "--all", "--json").json()));
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

    private static List<String> slugs(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.get("slug").asText()));
        return out;
    }

    private static List<Boolean> flags(JsonNode list, String field) {
        List<Boolean> out = new ArrayList<>();
        list.forEach(n -> out.add(n.get(field).asBoolean()));
        return out;
    }
}
