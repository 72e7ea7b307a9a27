package io.kanban.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.dispatch.DispatchPolicy;
import io.kanban.core.error.ValidationError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kanban: section of $HERMES_HOME/config.yaml. */
class ConfigFileTest {
    @TempDir
    Path home;

    private Map<String, String> env(String... extra) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("HERMES_HOME", home.toString()));
        for (int i = 0; i + 1 < extra.length; i += 2) {
            env.put(extra[i], extra[i + 1]);
        }
        return env;
    }

    private void write(String yaml) throws Exception {
        Files.writeString(home.resolve("config.yaml"), yaml);
    }

    @Test
    void a_missing_file_or_section_gives_the_defaults() throws Exception {
        assertEquals(DispatcherConfig.defaults(), ConfigFile.load(env()));
        write("model: gpt\nother:\n  x: 1\n");
        DispatcherConfig config = ConfigFile.load(env());
        assertEquals(DispatcherConfig.defaults(), config);
        assertTrue(config.dispatchInGateway());
        assertEquals(Duration.ofSeconds(60), config.dispatchInterval());
        assertEquals(List.of("{hermes}", "-p", "{assignee}", "--cli", "--accept-hooks", "{task_skills}",
                "{model_args}", "chat", "-q", "work kanban task {task_id}"), config.workerCommand());
        assertEquals(2, config.failureLimit(), "the reference's default");
        assertEquals(1, config.perAssigneeLimit());
        assertNull(config.workspaceRoot());
    }

    @Test
    void the_review_lane_is_on_by_default_with_the_references_reviewer_skill_and_can_be_configured()
            throws Exception {
        DispatcherConfig defaults = ConfigFile.load(env());
        assertTrue(defaults.reviewDispatch());
        assertEquals("sdlc-review", defaults.policy().reviewSkill());
        write("kanban:\n  review_dispatch: false\n  review_skill: my-review\n");
        DispatcherConfig off = ConfigFile.load(env());
        assertFalse(off.reviewDispatch());
        assertNull(off.policy().reviewSkill(), "no review lane in the tick");
        assertEquals("my-review", off.reviewSkill());
        write("kanban:\n  review_skill: \"two words\"\n");
        assertEquals("kanban.review_skill", assertThrows(ValidationError.class, () -> ConfigFile.load(env())).field());
        write("kanban:\n  review_dispatch: maybe\n");
        assertEquals("kanban.review_dispatch",
                assertThrows(ValidationError.class, () -> ConfigFile.load(env())).field());
    }

    @Test
    void every_setting_is_read_from_the_kanban_section() throws Exception {
        write("""
                kanban:
                  dispatch_in_gateway: false
                  dispatch_interval_seconds: 15
                  worker_command: [my-agent, --profile, "{assignee}", "{skills}", run, "{task_id}"]
                  per_assignee_limit: 2
                  max_in_progress: 8
                  max_spawn: 4
                  failure_limit: 5
                  terminate_grace_seconds: 7
                  spawn_grace_seconds: 2
                  stuck_threshold_seconds: 120
                  workspace_root: /srv/work
                  worktree_repo: /srv/repo
                  log_max_bytes: 4096
                  worker_log_backup_count: 3
                  rate_limit_cooldown_seconds: 60
                  auto_decompose: true   # used by others, ignored here
                """);
        DispatcherConfig c = ConfigFile.load(env());
        assertFalse(c.dispatchInGateway());
        assertEquals(Duration.ofSeconds(15), c.dispatchInterval());
        assertEquals(List.of("my-agent", "--profile", "{assignee}", "{skills}", "run", "{task_id}"),
                c.workerCommand());
        assertEquals(new DispatchPolicy(2, 8, 4, 5, Duration.ofSeconds(7), false)
                .withRateLimitCooldown(Duration.ofSeconds(60)), c.policy());
        assertEquals(3, c.logBackupCount());
        assertEquals(Duration.ofSeconds(2), c.spawnGrace());
        assertEquals(Duration.ofSeconds(120), c.stuckThreshold());
        assertEquals(Path.of("/srv/work"), c.workspaceRoot());
        assertEquals(Path.of("/srv/repo"), c.worktreeRepo());
        assertEquals(4096, c.logMaxBytes());
        assertEquals(ProfileCheck.AUTO, c.checkProfiles());
    }

    @Test
    void the_reference_names_for_log_rotation_and_its_cooldown_variable_are_read() throws Exception {
        write("kanban:\n  worker_log_rotate_bytes: 8192\n");
        DispatcherConfig c = ConfigFile.load(env());
        assertEquals(8192, c.logMaxBytes());
        assertEquals(DispatcherConfig.DEFAULT_LOG_BACKUP_COUNT, c.logBackupCount());
        assertEquals(Duration.ofSeconds(300), c.rateLimitCooldown());
        java.util.Map<String, String> env = new java.util.HashMap<>(env());
        env.put("HERMES_KANBAN_RATE_LIMIT_COOLDOWN_SECONDS", "0");
        assertEquals(Duration.ZERO, ConfigFile.load(env).policy().rateLimitCooldown());
        env.put("HERMES_KANBAN_RATE_LIMIT_COOLDOWN_SECONDS", "soon");
        assertEquals("HERMES_KANBAN_RATE_LIMIT_COOLDOWN_SECONDS",
                assertThrows(ValidationError.class, () -> ConfigFile.load(env)).field());
    }

    @Test
    void assignment_keys_are_read_and_a_present_but_empty_allow_list_fails_closed() throws Exception {
        write("kanban:\n  default_assignee: generalist\n  dispatch_profiles: [coder, \" reviewer \"]\n"
                + "  max_in_progress_per_profile: 3\n");
        DispatcherConfig c = ConfigFile.load(env());
        assertEquals("generalist", c.policy().defaultAssignee());
        assertEquals(java.util.Set.of("coder", "reviewer"), c.policy().dispatchProfiles());
        assertEquals(3, c.perAssigneeLimit());
        write("kanban:\n  dispatch_profiles: \"sage,researcher\"\n");
        assertEquals(java.util.Set.of("sage", "researcher"), ConfigFile.load(env()).dispatchProfiles());
        write("kanban:\n  dispatch_profiles:\n");
        assertEquals(java.util.Set.of(), ConfigFile.load(env()).dispatchProfiles());
        assertFalse(ConfigFile.load(env()).policy().mayDispatch("default"));
        write("kanban:\n  max_spawn: 3\n");
        assertNull(ConfigFile.load(env()).dispatchProfiles(), "absent: any profile");
        assertKeyError("kanban:\n  dispatch_profiles: 7\n", "kanban.dispatch_profiles");
        assertKeyError("kanban:\n  default_assignee: [a]\n", "kanban.default_assignee");
    }

    @Test
    void an_unset_max_in_progress_is_derived_from_host_memory() throws Exception {
        DispatcherConfig c = ConfigFile.load(env());
        assertNull(c.globalLimit());
        assertEquals(4, c.policy(java.util.Optional.of(new io.kanban.core.spi.HostMemory(2L << 30, 1L << 30)))
                .globalLimit());
        Path proc = java.nio.file.Files.createDirectories(home.resolve("proc"));
        java.nio.file.Files.writeString(proc.resolve("meminfo"),
                "MemTotal:        3145728 kB\nMemFree:          100000 kB\nMemAvailable:     262144 kB\n");
        var memory = new ProcfsProcessProbe(proc).memory().orElseThrow();
        assertEquals(3L << 30, memory.totalBytes());
        assertEquals(256L << 20, memory.availableBytes());
        assertEquals(6, c.policy(java.util.Optional.of(memory)).globalLimit());
        assertEquals(io.kanban.core.dispatch.MemoryPressure.ELEVATED, // 8 % available
                io.kanban.core.dispatch.MemoryPressure.of(java.util.Optional.of(memory)));
    }

    @Test
    void check_profiles_takes_auto_or_a_switch() throws Exception {
        write("kanban:\n  check_profiles: false\n");
        assertEquals(ProfileCheck.OFF, ConfigFile.load(env()).checkProfiles());
        write("kanban:\n  check_profiles: \"on\"\n");
        assertEquals(ProfileCheck.ON, ConfigFile.load(env()).checkProfiles());
        write("kanban:\n  check_profiles: Auto\n");
        assertEquals(ProfileCheck.AUTO, ConfigFile.load(env()).checkProfiles());
        assertKeyError("kanban:\n  check_profiles: sometimes\n", "kanban.check_profiles");
        assertKeyError("kanban:\n  check_profiles: [1]\n", "kanban.check_profiles");
    }

    @Test
    void bad_values_fail_with_an_error_naming_the_key() throws Exception {
        assertKeyError("kanban:\n  failure_limit: 0\n", "kanban.failure_limit");
        assertKeyError("kanban:\n  failure_limit: lots\n", "kanban.failure_limit");
        assertKeyError("kanban:\n  dispatch_interval_seconds: 0\n", "kanban.dispatch_interval_seconds");
        assertKeyError("kanban:\n  dispatch_in_gateway: maybe\n", "kanban.dispatch_in_gateway");
        assertKeyError("kanban:\n  worker_command: hermes chat\n", "kanban.worker_command");
        assertKeyError("kanban:\n  worker_command: [hermes, \"{nope}\"]\n", "kanban.worker_command");
        assertKeyError("kanban:\n  worker_command: []\n", "kanban.worker_command");
        assertKeyError("kanban:\n  workspace_root: relative/dir\n", "kanban.workspace_root");
        assertKeyError("kanban:\n  terminate_grace_seconds: -1\n", "kanban.terminate_grace_seconds");
        assertKeyError("kanban:\n  log_max_bytes: 10\n", "kanban.worker_log_rotate_bytes");
        assertKeyError("kanban:\n  worker_log_rotate_bytes: 10\n", "kanban.worker_log_rotate_bytes");
        assertKeyError("kanban:\n  worker_log_backup_count: 0\n", "kanban.worker_log_backup_count");
        assertKeyError("kanban:\n  rate_limit_cooldown_seconds: -5\n", "kanban.rate_limit_cooldown_seconds");
        assertKeyError("kanban: [1, 2]\n", "kanban");
    }

    @Test
    void broken_yaml_names_the_file_and_line() throws Exception {
        write("kanban:\n  failure_limit: [1,\n");
        ValidationError e = assertThrows(ValidationError.class, () -> ConfigFile.load(env()));
        assertTrue(e.getMessage().startsWith(home.resolve("config.yaml") + ": not valid YAML"), e.getMessage());
    }

    @Test
    void broken_yaml_is_one_line_that_quotes_no_config_text() throws Exception {
        write("kanban:\n  notify: {targets: {team: {secret: s3cr3t-value: oops}}}\n");
        ValidationError e = assertThrows(ValidationError.class, () -> ConfigFile.load(env()));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
    }

    @Test
    void the_environment_switch_overrides_dispatch_in_gateway() throws Exception {
        for (String off : List.of("0", "false", "no", "off", "OFF")) {
            assertFalse(ConfigFile.load(env(ConfigFile.GATEWAY_ENV, off)).dispatchInGateway(), off);
        }
        write("kanban:\n  dispatch_in_gateway: off\n");
        assertFalse(ConfigFile.load(env()).dispatchInGateway(), "YAML's on/off words work too");
        write("kanban:\n  dispatch_in_gateway: false\n");
        assertTrue(ConfigFile.load(env(ConfigFile.GATEWAY_ENV, "1")).dispatchInGateway());
        ValidationError e = assertThrows(ValidationError.class,
                () -> ConfigFile.load(env(ConfigFile.GATEWAY_ENV, "sometimes")));
        assertEquals(ConfigFile.GATEWAY_ENV, e.field());
    }

    private void assertKeyError(String yaml, String key) throws Exception {
        write(yaml);
        ValidationError e = assertThrows(ValidationError.class, () -> ConfigFile.load(env()), yaml);
        assertEquals(key, e.field(), e.getMessage());
        assertTrue(e.getMessage().startsWith(key + ": "), e.getMessage());
    }
}
