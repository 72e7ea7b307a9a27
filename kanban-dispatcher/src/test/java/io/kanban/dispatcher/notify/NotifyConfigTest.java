package io.kanban.dispatcher.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.error.ValidationError;
import io.kanban.core.model.TargetType;
import io.kanban.core.notify.TargetSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotifyConfigTest {
    static final String SECRET = "0123456789abcdef-secret";

    @TempDir
    Path home;

    NotifyConfig read(String notifyYaml) throws Exception {
        Files.writeString(home.resolve("config.yaml"), "model: gpt\nkanban:\n  dispatch_interval_seconds: 30\n"
                + "  notify:\n" + notifyYaml.indent(4));
        return NotifyConfig.load(Map.of("HERMES_HOME", home.toString()));
    }

    ValidationError bad(String notifyYaml) {
        return assertThrows(ValidationError.class, () -> read(notifyYaml));
    }

    @Test
    void targets_of_each_type_are_read_with_their_settings() throws Exception {
        NotifyConfig c = read("""
                dashboard_url: http://board.example:9119/
                interval_seconds: 3
                request_timeout_seconds: 4
                backoff_max_seconds: 120
                pause_after_failures: 7
                targets:
                  team: {type: webhook, url: "https://hooks.example.org/in/abc?key=k1", secret: "%s"}
                  chat: {type: slack, url: "https://hooks.slack.com/services/T/B/xyz"}
                  ops: {type: Discord, url: "https://discord.com/api/webhooks/1/tok"}
                """.formatted(SECRET));
        assertEquals(3, c.targets().size());
        assertEquals(TargetType.DISCORD, c.require("ops").type());
        assertTrue(c.require("team").signed());
        assertEquals(Duration.ofSeconds(3), c.interval());
        assertEquals(Duration.ofSeconds(4), c.policy().requestTimeout());
        assertEquals(Duration.ofSeconds(60), c.policy().leaseTtl());
        assertEquals(Duration.ofSeconds(120), c.policy().backoffCap());
        assertEquals(7, c.policy().pauseAfter());
        assertEquals("http://board.example:9119/#task=t_1", c.taskLink("t_1"));
        TargetSummary s = TargetSummary.of(c.require("chat"));
        assertEquals("https://hooks.slack.com/…", s.url());
        assertEquals("https://hooks.example.org/…", c.require("team").maskedUrl());
        String shown = c.require("team").toString() + c.require("chat") + c.require("ops");
        for (String secret : new String[] {SECRET, "abc", "k1", "xyz", "tok"}) {
            assertFalse(shown.contains(secret), secret + " in " + shown);
        }
    }

    @Test
    void no_file_no_section_or_no_targets_means_no_notifications() throws Exception {
        assertTrue(NotifyConfig.load(Map.of("HERMES_HOME", home.resolve("absent").toString())).targets().isEmpty());
        assertTrue(read("enabled: false").targets().isEmpty());
        assertFalse(read("enabled: false").enabled());
    }

    @Test
    void every_bad_setting_is_named_by_its_key_and_no_secret_is_echoed() {
        assertEquals("kanban.notify.targets.team.type",
                bad("targets: {team: {type: pager, url: \"https://x.example/h\"}}").field());
        assertTrue(bad("targets: {team: {type: pager, url: \"https://x.example/h\"}}").getMessage()
                .contains("webhook, slack, discord"));
        assertEquals("kanban.notify.targets.team.url", bad("targets: {team: {type: webhook}}").field());
        assertEquals("kanban.notify.targets.team.url",
                bad("targets: {team: {type: webhook, url: \"ftp://x.example/secretpath\"}}").field());
        assertFalse(bad("targets: {team: {type: webhook, url: \"ftp://x.example/secretpath\"}}").getMessage()
                .contains("secretpath"));
        ValidationError shortSecret = bad("targets: {team: {type: webhook, url: \"https://x.example/h\", "
                + "secret: \"tooshort\"}}");
        assertEquals("kanban.notify.targets.team.secret", shortSecret.field());
        assertFalse(shortSecret.getMessage().contains("tooshort"));
        assertEquals("kanban.notify.targets.team.secret", bad("targets: {team: {type: webhook, "
                + "url: \"https://x.example/h\", secret: 12345678901234567890}}").field());
        assertEquals("kanban.notify.targets.chat.secret", bad("targets: {chat: {type: slack, "
                + "url: \"https://x.example/h\", secret: \"" + SECRET + "\"}}").field());
        assertEquals("kanban.notify.targets.team.secrt", bad("targets: {team: {type: webhook, "
                + "url: \"https://x.example/h\", secrt: \"" + SECRET + "\"}}").field());
        assertEquals("kanban.notify.targets.team", bad("targets: {team: \"https://x.example/h\"}").field());
        assertEquals("kanban.notify.targets", bad("targets: {\"-bad name\": {type: webhook, "
                + "url: \"https://x.example/h\"}}").field());
        assertEquals("kanban.notify.intervall", bad("intervall: 3").field());
        assertEquals("kanban.notify.interval_seconds", bad("interval_seconds: 0").field());
        assertEquals("kanban.notify.lease_seconds", bad("request_timeout_seconds: 10\nlease_seconds: 5").field());
        assertEquals("kanban.notify.dashboard_url", bad("dashboard_url: board.local").field());
        assertEquals("target", assertThrows(ValidationError.class,
                () -> NotifyConfig.none().require("team")).field());
    }
}
