package io.kanban.core.boards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.Board;
import io.kanban.core.error.BoardNotFound;
import io.kanban.core.error.ValidationError;
import io.kanban.core.model.NewTask;
import io.kanban.core.testing.Backend;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Boards on PostgreSQL: one schema per board, listed, made, archived and deleted through the server's URL. */
class PostgresBoardsTest {
    private final String url = System.getenv(Backend.URL_VARIABLE);
    /** A prefix of this run's slugs: the server is shared with other test runs. */
    private final String p = "pgb" + UUID.randomUUID().toString().substring(0, 8);

    private PostgresBoards boards() {
        Assumptions.assumeTrue(url != null && !url.isBlank(), Backend.URL_VARIABLE + " names no PostgreSQL server");
        return new PostgresBoards(url, Clock.systemUTC());
    }

    private List<String> slugs(List<PostgresBoards.Entry> entries) {
        List<String> out = new ArrayList<>();
        entries.stream().filter(e -> e.meta().slug().startsWith(p)).forEach(e -> out.add(e.meta().slug()));
        return out;
    }

    @AfterEach
    void dropOurSchemas() throws Exception {
        if (url == null || url.isBlank()) {
            return;
        }
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            List<String> ours = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("select nspname from pg_namespace where nspname like '%" + p + "%'")) {
                while (rs.next()) {
                    ours.add(rs.getString(1));
                }
            }
            for (String schema : ours) {
                st.execute("drop schema " + PostgresBoards.quote(schema) + " cascade");
            }
        }
    }

    @Test
    void a_board_is_a_schema_made_listed_with_counts_archived_and_deleted() throws Exception {
        PostgresBoards boards = boards();
        BoardSlug web = BoardSlug.of(p + "-web");
        BoardMeta made = boards.create(web, new Boards.NewBoard("Web site", "the shop", "W", "#00f", null));
        assertEquals("Web site", made.name());
        assertTrue(boards.exists(web));
        try (Board board = Board.open(boards.location(web))) {
            board.tasks().create(NewTask.titled("one").build());
            board.tasks().create(NewTask.titled("two").build());
        }
        PostgresBoards.Entry entry = boards.list(false).stream().filter(e -> e.schema().equals(web.value()))
                .findFirst().orElseThrow();
        assertEquals("Web site", entry.meta().name());
        assertEquals("the shop", entry.meta().description());
        assertEquals(Map.of("ready", 2L), entry.counts());
        assertEquals(2, entry.total());
        assertTrue(entry.location().contains("currentSchema=" + web.value()), entry.location());
        assertFalse(entry.current(), "the URL names another schema");
        assertTrue(new PostgresBoards(boards.location(web), Clock.systemUTC()).list(false).stream()
                .filter(e -> e.schema().equals(web.value())).findFirst().orElseThrow().current());

        // mkdir -p: made again, the board keeps its cards and takes the new fields.
        assertEquals("Renamed", boards.create(web, new Boards.NewBoard("Renamed", null, null, null, null)).name());
        try (Board board = Board.open(boards.location(web))) {
            assertEquals(2, board.tasks().countByStatus().get("ready"));
        }

        BoardSlug api = BoardSlug.of(p + "-api");
        boards.create(api, Boards.NewBoard.defaults());
        assertEquals(List.of(api.value(), web.value()), slugs(boards.list(false)));
        assertEquals(api.titleCase(), boards.list(false).stream().filter(e -> e.schema().equals(api.value()))
                .findFirst().orElseThrow().meta().name(), "the slug in Title Case by default");

        Optional<String> archived = boards.remove(web, false);
        assertTrue(archived.orElseThrow().startsWith(PostgresBoards.ARCHIVED_PREFIX + web.value()), archived.get());
        assertEquals(List.of(api.value()), slugs(boards.list(false)));
        PostgresBoards.Entry tomb = boards.list(true).stream().filter(e -> e.schema().equals(archived.get()))
                .findFirst().orElseThrow();
        assertTrue(tomb.meta().archived());
        assertEquals(web.value(), tomb.meta().slug(), "the archive remembers its slug");
        assertEquals(2, tomb.total(), "an archive keeps its rows");
        assertFalse(boards.exists(web));
        boards.create(web, Boards.NewBoard.defaults());
        try (Board board = Board.open(boards.location(web))) {
            assertEquals(Map.of(), board.tasks().countByStatus(), "the slug is free again: a new, empty board");
        }

        assertEquals(Optional.empty(), boards.remove(api, true));
        assertFalse(boards.exists(api));
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select 1 from pg_namespace where nspname = '" + api.value() + "'")) {
            assertFalse(rs.next(), "deleting drops the schema");
        }
    }

    @Test
    void bad_requests_are_refused_and_change_nothing() throws Exception {
        PostgresBoards boards = boards();
        assertThrows(BoardNotFound.class, () -> boards.remove(BoardSlug.of(p + "-nope"), false));
        assertThrows(ValidationError.class, () -> boards.remove(BoardSlug.defaultBoard(), true));
        BoardSlug longest = BoardSlug.of(p + "-" + "x".repeat(63 - p.length())); // 64: a slug, not a schema name
        assertThrows(ValidationError.class, () -> boards.create(longest, Boards.NewBoard.defaults()));
        assertThrows(ValidationError.class, () -> boards.create(BoardSlug.of(p + "-rel"),
                new Boards.NewBoard(null, null, null, null, "relative/dir")));
        // A schema someone else made is no board: never listed, never written into.
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("create schema " + PostgresBoards.quote(p + "-theirs"));
            st.execute("create table " + PostgresBoards.quote(p + "-theirs") + ".notes (x int)");
        }
        assertThrows(ValidationError.class, () -> boards.create(BoardSlug.of(p + "-theirs"),
                Boards.NewBoard.defaults()));
        assertEquals(List.of(), slugs(boards.list(true)));
        assertThrows(ValidationError.class, () -> new PostgresBoards("jdbc:sqlite:/tmp/x.db", Clock.systemUTC()));
    }

    @Test
    void the_url_of_a_board_sets_its_schema_whatever_the_url_said() {
        assertEquals("jdbc:postgresql://h:5432/db?user=u&currentSchema=web",
                PostgresBoards.withSchema("jdbc:postgresql://h:5432/db?user=u&currentSchema=old", "web"));
        assertEquals("jdbc:postgresql://h/db?currentSchema=web", PostgresBoards.withSchema("jdbc:postgresql://h/db",
                "web"));
        assertEquals("public", new PostgresBoards("jdbc:postgresql://h/db?user=u", Clock.systemUTC()).currentSchema());
        assertEquals("api", new PostgresBoards("jdbc:postgresql://h/db?currentSchema=api", Clock.systemUTC())
                .currentSchema());
    }
}
