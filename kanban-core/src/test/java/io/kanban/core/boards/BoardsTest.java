package io.kanban.core.boards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.Board;
import io.kanban.core.BoardOptions;
import io.kanban.core.error.BoardNotFound;
import io.kanban.core.error.ValidationError;
import io.kanban.core.model.NewTask;
import io.kanban.core.testing.SettableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoardsTest {
    @TempDir
    Path home;
    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private Boards boards;
    private BoardLayout layout;

    @BeforeEach
    void setUp() {
        layout = new BoardLayout(home);
        boards = new Boards(layout, clock);
    }

    @Test
    void slugs_follow_the_reference_rule_after_lower_and_strip() {
        assertEquals("my-proj_2", BoardSlug.of("  My-Proj_2 ").value());
        assertEquals("a".repeat(64), BoardSlug.of("a".repeat(64)).value());
        for (String bad : List.of("", " ", "-x", "_x", "a/b", "..", "a.b", "a".repeat(65), "é")) {
            assertThrows(ValidationError.class, () -> BoardSlug.of(bad), bad);
        }
        assertEquals("My Proj 2", BoardSlug.of("my-proj_2").titleCase());
    }

    @Test
    void a_new_board_gets_the_reference_layout_and_metadata() throws Exception {
        BoardMeta meta = boards.create(BoardSlug.of("web-app"),
                new Boards.NewBoard(null, "the site", "🌐", "#336699", "/srv/web"));
        Path dir = home.resolve("kanban/boards/web-app");
        for (String child : List.of("kanban.db", "board.json", "workspaces", "logs", "attachments")) {
            assertTrue(Files.exists(dir.resolve(child)), child);
        }
        assertEquals("Web App", meta.name());
        String json = Files.readString(dir.resolve("board.json"), StandardCharsets.UTF_8);
        for (String field : List.of("\"slug\"", "\"name\"", "\"description\"", "\"icon\"", "\"color\"",
                "\"default_workdir\"", "\"project_id\"", "\"created_at\"", "\"archived\"")) {
            assertTrue(json.contains(field), field + " in " + json);
        }
        assertEquals(clock.instant().getEpochSecond(), BoardMeta.read(dir.resolve("board.json"), "x").createdAt());
        assertEquals("/srv/web", boards.meta(BoardSlug.of("web-app")).defaultWorkdir());
    }

    @Test
    void each_board_keeps_its_own_attachments_and_workspaces_and_the_default_keeps_the_old_place() {
        boards.create(BoardSlug.of("p1"), Boards.NewBoard.defaults());
        BoardOptions p1 = BoardOptions.at(layout.db(BoardSlug.of("p1")));
        assertEquals(home.resolve("kanban/boards/p1/attachments"), p1.attachmentsDirectory());
        assertEquals(home.resolve("kanban/boards/p1/workspaces"), p1.scratchWorkspaces());
        BoardOptions def = BoardOptions.at(layout.db(BoardSlug.defaultBoard()));
        assertEquals(home.resolve("kanban/attachments"), def.attachmentsDirectory());
        assertEquals(home.resolve("kanban/workspaces"), def.scratchWorkspaces());
        BoardOptions pinned = p1.withEnvironment(Map.of("HERMES_KANBAN_WORKSPACES_ROOT", "/ws"));
        assertEquals(Path.of("/ws"), pinned.scratchWorkspaces());
    }

    @Test
    void list_puts_the_default_first_marks_the_current_and_counts_by_status() {
        boards.create(BoardSlug.of("zeta"), Boards.NewBoard.defaults());
        boards.create(BoardSlug.of("alpha"), Boards.NewBoard.defaults());
        try (Board b = Board.open(BoardOptions.at(layout.db(BoardSlug.of("alpha"))).withClock(clock))) {
            b.tasks().create(NewTask.titled("one").build());
            b.tasks().create(NewTask.titled("two").build());
        }
        boards.switchTo(BoardSlug.of("alpha"));
        List<Boards.BoardEntry> list = boards.list(false);
        assertEquals(List.of("default", "alpha", "zeta"), list.stream().map(e -> e.meta().slug()).toList());
        assertEquals(List.of(false, true, false), list.stream().map(Boards.BoardEntry::current).toList());
        Map<String, Long> counts = boards.counts(BoardSlug.of("alpha"));
        assertEquals(2L, counts.get("total"));
        assertEquals(0L, boards.counts(BoardSlug.defaultBoard()).get("total"));
    }

    @Test
    void update_changes_the_given_fields_only_and_nothing_when_one_is_refused() throws Exception {
        boards.create(BoardSlug.of("web"), new Boards.NewBoard("Web", "site", "W", "#111111", "/srv/web"));
        BoardMeta changed = boards.update(BoardSlug.of("web"), " Web site ", null, "X", null, false, null);
        assertEquals("Web site", changed.name());
        assertEquals("site", changed.description());
        assertEquals("X", changed.icon());
        assertEquals("#111111", changed.color());
        assertEquals("/srv/web", changed.defaultWorkdir());
        assertEquals(changed, boards.meta(BoardSlug.of("web")));
        assertNull(boards.update(BoardSlug.of("web"), null, null, null, null, true, null).defaultWorkdir());

        java.nio.file.Path file = layout.metaFile(BoardSlug.of("web"));
        String before = java.nio.file.Files.readString(file);
        assertThrows(ValidationError.class,
                () -> boards.update(BoardSlug.of("web"), "  ", "new", null, null, false, null));
        assertThrows(ValidationError.class,
                () -> boards.update(BoardSlug.of("web"), "Fine", "new", null, null, true, "relative"));
        assertEquals(before, java.nio.file.Files.readString(file), "a refused update writes nothing");
        assertThrows(io.kanban.core.error.BoardNotFound.class,
                () -> boards.update(BoardSlug.of("nope"), "x", null, null, null, false, null));
    }

    @Test
    void archiving_moves_the_directory_leaves_a_tombstone_and_clears_current() throws Exception {
        boards.create(BoardSlug.of("old"), Boards.NewBoard.defaults());
        boards.switchTo(BoardSlug.of("old"));
        clock.advance(java.time.Duration.ofSeconds(5));
        Path archived = boards.remove(BoardSlug.of("old"), false).orElseThrow();
        assertEquals(home.resolve("kanban/boards/_archived/old-" + clock.instant().getEpochSecond()), archived);
        assertTrue(Files.isRegularFile(archived.resolve("kanban.db")));
        assertTrue(BoardMeta.read(home.resolve("kanban/boards/old/board.json"), "old").archived());
        assertFalse(Files.exists(home.resolve("kanban/current")));
        assertFalse(boards.exists(BoardSlug.of("old")));
        assertEquals(List.of("default"), boards.list(false).stream().map(e -> e.meta().slug()).toList());
        assertEquals(List.of("default", "old"), boards.list(true).stream().map(e -> e.meta().slug()).toList());
        // a second archive of a board made again at that slug in the same second gets a suffix
        boards.create(BoardSlug.of("old"), Boards.NewBoard.defaults());
        assertEquals(archived.resolveSibling(archived.getFileName() + "-1"),
                boards.remove(BoardSlug.of("old"), false).orElseThrow());
    }

    @Test
    void delete_removes_the_directory_and_the_default_cannot_be_removed() {
        boards.create(BoardSlug.of("gone"), Boards.NewBoard.defaults());
        assertTrue(boards.remove(BoardSlug.of("gone"), true).isEmpty());
        assertFalse(Files.exists(home.resolve("kanban/boards/gone")));
        ValidationError e = assertThrows(ValidationError.class, () -> boards.remove(BoardSlug.defaultBoard(), false));
        assertEquals("board: the default board cannot be removed", e.getMessage());
        assertThrows(BoardNotFound.class, () -> boards.remove(BoardSlug.of("never"), false));
        assertThrows(BoardNotFound.class, () -> boards.switchTo(BoardSlug.of("never")));
    }

    @Test
    void rename_and_default_workdir_change_only_the_metadata() {
        boards.create(BoardSlug.of("p"), Boards.NewBoard.defaults());
        assertEquals("Project P", boards.rename(BoardSlug.of("p"), " Project P ").name());
        assertEquals("/srv/p", boards.setDefaultWorkdir(BoardSlug.of("p"), "/srv/p/./").defaultWorkdir());
        assertNull(boards.setDefaultWorkdir(BoardSlug.of("p"), null).defaultWorkdir());
        assertThrows(ValidationError.class, () -> boards.setDefaultWorkdir(BoardSlug.of("p"), "rel/dir"));
        assertThrows(ValidationError.class, () -> boards.rename(BoardSlug.of("p"), " "));
        assertEquals("Default", boards.rename(BoardSlug.defaultBoard(), "Default").name());
        assertTrue(Files.isRegularFile(home.resolve("kanban/boards/default/board.json")));
        assertEquals(List.of("default", "p"), boards.list(false).stream().map(e -> e.meta().slug()).toList());
    }

    @Test
    void a_legacy_directory_with_only_a_database_becomes_a_board() {
        Board.open(home.resolve("kanban/boards/legacy/kanban.db")).close();
        assertTrue(boards.exists(BoardSlug.of("legacy")));
        assertEquals("Legacy", boards.list(false).get(1).meta().name());
        assertTrue(Files.isRegularFile(home.resolve("kanban/boards/legacy/board.json")));
    }

    @Test
    void a_free_slug_takes_a_numeric_suffix() {
        boards.create(BoardSlug.of("p"), Boards.NewBoard.defaults());
        boards.create(BoardSlug.of("p-2"), Boards.NewBoard.defaults());
        assertEquals("p-3", boards.freeSlug(BoardSlug.of("p")).value());
        assertEquals("q", boards.freeSlug(BoardSlug.of("q")).value());
        assertEquals("default-2", boards.freeSlug(BoardSlug.defaultBoard()).value());
    }
}
