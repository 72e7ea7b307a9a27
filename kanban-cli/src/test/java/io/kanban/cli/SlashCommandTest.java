package io.kanban.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlashCommandTest {
    @TempDir
    Path dir;

    @Test
    void splits_like_a_shell() {
        assertEquals(List.of("/kanban", "create", "write the spec", "--body", "it's done", "a b"),
                SlashCommand.split("/kanban create \"write the spec\" --body 'it'\\''s done' a\\ b"));
        assertEquals(List.of("x", "say \"hi\""), SlashCommand.split("  x   \"say \\\"hi\\\"\"  "));
    }

    @Test
    void runs_the_same_command_tree_in_process() {
        String db = dir.resolve("chat.db").toString();
        SlashCommand slash = new SlashCommand(BoardOpener.DEFAULT, Map.of());
        SlashCommand.Reply created = slash.run("/kanban --db " + db + " create \"from chat\" --assignee dev");
        assertEquals(0, created.exitCode(), created.error());
        assertTrue(created.text().startsWith("created t_"), created.text());
        SlashCommand.Reply list = slash.run("/kanban list --db " + db);
        assertTrue(list.output().contains("from chat"), list.output());
        SlashCommand.Reply json = slash.run("/kanban ls --json --db " + db);
        assertTrue(json.output().strip().startsWith("["), json.output());
    }

    @Test
    void reports_errors_and_usage_as_text() {
        String db = dir.resolve("chat.db").toString();
        SlashCommand slash = new SlashCommand(BoardOpener.DEFAULT, Map.of());
        SlashCommand.Reply missing = slash.run("/kanban show t_nope --db " + db);
        assertEquals(1, missing.exitCode());
        assertEquals("kanban: no task with id 't_nope'", missing.text());
        assertEquals(2, slash.run("/kanban frobnicate").exitCode());
        SlashCommand.Reply quote = slash.run("/kanban create \"unclosed");
        assertEquals(2, quote.exitCode());
        assertTrue(quote.text().contains("unclosed"), quote.text());
    }
}
