package io.kanban.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BoardLocationTest {
    @Test
    void the_flag_wins_then_kanban_db_then_hermes_home() {
        Map<String, String> env = Map.of("KANBAN_DB", "/env/board.db", "HERMES_HOME", "/hh");
        assertEquals("/flag.db", BoardLocation.resolveLocation("/flag.db", env));
        assertEquals("/env/board.db", BoardLocation.resolveLocation(null, env));
        assertEquals("/hh/kanban.db", BoardLocation.resolveLocation(" ", Map.of("HERMES_HOME", "/hh")));
    }

    @Test
    void hermes_home_defaults_to_dot_hermes_under_home_as_the_reference_expands_it() {
        assertEquals(Path.of("/home/ada/.hermes"), BoardLocation.hermesHome(Map.of("HOME", "/home/ada")));
        assertEquals(Path.of("/hh"), BoardLocation.hermesHome(Map.of("HOME", "/home/ada", "HERMES_HOME", "/hh")));
        assertEquals("/home/ada/.hermes/kanban.db", BoardLocation.resolveLocation(null, Map.of("HOME", "/home/ada")));
        assertEquals(Path.of(System.getProperty("user.home"), ".hermes"), BoardLocation.hermesHome(Map.of()));
    }

    @Test
    void a_file_is_named_by_a_path_or_a_sqlite_url_and_a_server_has_none() {
        assertEquals(Optional.of(Path.of("/b/kanban.db")), BoardLocation.file("/b/kanban.db"));
        assertEquals(Optional.of(Path.of("/b/kanban.db")), BoardLocation.file("jdbc:sqlite:/b/kanban.db"));
        assertEquals(Optional.empty(), BoardLocation.file("jdbc:postgresql://db/kanban?user=k"));
        assertTrue(BoardLocation.isUrl("jdbc:postgresql://db/kanban"));
        assertFalse(BoardLocation.isUrl("jdbc:sqlite:/b/kanban.db"));
    }

    @Test
    void the_claim_lock_names_this_host_as_gethostname_does() throws Exception {
        String expected = System.getenv("HOSTNAME");
        if (expected == null || expected.isBlank()) {
            // What the reference's socket.gethostname() returns: the kernel's node name, as uname prints it.
            Process uname = new ProcessBuilder("uname", "-n").redirectErrorStream(true).start();
            expected = new String(uname.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertEquals(0, uname.waitFor());
        }
        BoardOptions options = BoardOptions.at("/b/kanban.db");
        assertEquals(expected.replace(':', '_'), options.hostname());
        assertEquals(expected.replace(':', '_') + ":" + ProcessHandle.current().pid(), options.lockOwner());
    }

    @Test
    void a_password_in_a_url_is_never_shown() {
        assertEquals("jdbc:postgresql://db/k?user=u&password=***&ssl=true",
                BoardLocation.shown("jdbc:postgresql://db/k?user=u&password=s3cret&ssl=true"));
        assertEquals("/b/kanban.db", BoardLocation.shown("/b/kanban.db"));
    }
}
