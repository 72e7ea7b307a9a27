package io.kanban.core.boards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kanban.core.BoardLocation;
import io.kanban.core.error.BoardNotFound;
import io.kanban.core.error.ValidationError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BoardSelectionTest {
    @TempDir
    Path home;
    private Boards boards;

    /** The sources, highest precedence first; each names a different board. */
    private static final List<String> SOURCES = List.of("--db", "HERMES_KANBAN_DB", "KANBAN_DB", "--board",
            "HERMES_KANBAN_BOARD", "current", "default");

    @BeforeEach
    void three_boards() {
        boards = new Boards(new BoardLayout(home));
        for (String slug : List.of("flag", "envboard", "cur")) {
            boards.create(BoardSlug.of(slug), Boards.NewBoard.defaults());
        }
    }

    static Stream<Arguments> pairs() {
        List<Arguments> out = new ArrayList<>();
        for (int i = 0; i < SOURCES.size(); i++) {
            for (int j = i + 1; j < SOURCES.size(); j++) {
                out.add(Arguments.of(SOURCES.get(i), SOURCES.get(j)));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} beats {1}")
    @MethodSource("pairs")
    void the_higher_source_of_every_pair_wins(String higher, String lower) {
        Map<String, String> env = new HashMap<>(Map.of("HERMES_HOME", home.toString()));
        String[] flags = new String[2];
        for (String source : List.of(higher, lower)) {
            set(source, env, flags);
        }
        BoardSelection chosen = BoardSelection.resolve(flags[0], flags[1], env);
        assertEquals(higher, chosen.source());
        assertEquals(expectedLocation(higher), chosen.location());
    }

    private void set(String source, Map<String, String> env, String[] flags) {
        switch (source) {
            case "--db" -> flags[0] = "/elsewhere/flag.db";
            case "HERMES_KANBAN_DB" -> env.put(source, "/elsewhere/hermes.db");
            case "KANBAN_DB" -> env.put(source, "/elsewhere/kanban.db");
            case "--board" -> flags[1] = "flag";
            case "HERMES_KANBAN_BOARD" -> env.put(source, "envboard");
            case "current" -> boards.switchTo(BoardSlug.of("cur"));
            case "default" -> { }
            default -> throw new IllegalArgumentException(source);
        }
    }

    private String expectedLocation(String source) {
        BoardLayout layout = boards.layout();
        return switch (source) {
            case "--db" -> "/elsewhere/flag.db";
            case "HERMES_KANBAN_DB" -> "/elsewhere/hermes.db";
            case "KANBAN_DB" -> "/elsewhere/kanban.db";
            case "--board" -> layout.db(BoardSlug.of("flag")).toString();
            case "HERMES_KANBAN_BOARD" -> layout.db(BoardSlug.of("envboard")).toString();
            case "current" -> layout.db(BoardSlug.of("cur")).toString();
            default -> home.resolve("kanban.db").toString();
        };
    }

    @Test
    void an_unknown_or_bad_board_flag_is_refused() {
        Map<String, String> env = Map.of("HERMES_HOME", home.toString());
        BoardNotFound missing = assertThrows(BoardNotFound.class, () -> BoardSelection.resolve(null, "nope", env));
        assertEquals("no board 'nope' (kanban boards list shows the boards)", missing.getMessage());
        assertThrows(ValidationError.class, () -> BoardSelection.resolve(null, "../x", env));
        assertEquals("--board", BoardSelection.resolve(null, " FLAG ", env).source());
    }

    @Test
    void a_variable_or_current_file_naming_no_board_falls_through_as_in_the_reference() {
        Map<String, String> env = Map.of("HERMES_HOME", home.toString(), "HERMES_KANBAN_BOARD", "gone");
        assertEquals("default", BoardSelection.resolve(null, null, env).source());
        boards.switchTo(BoardSlug.of("cur"));
        boards.remove(BoardSlug.of("cur"), false);
        assertEquals("default", BoardSelection.resolve(null, null, env).source());
    }

    @Test
    void the_legacy_resolver_follows_the_active_board() {
        boards.switchTo(BoardSlug.of("cur"));
        assertEquals(boards.layout().db(BoardSlug.of("cur")).toString(),
                BoardLocation.resolveLocation(null, Map.of("HERMES_HOME", home.toString())));
        assertEquals(home.resolve("k2").resolve("kanban.db").toString(), BoardLocation.resolveLocation(null,
                Map.of("HERMES_HOME", home.toString(), "HERMES_KANBAN_HOME", home.resolve("k2").toString())));
    }
}
