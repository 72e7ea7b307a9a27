package io.kanban.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.dispatch.TickReport;
import io.kanban.core.dispatch.TickReport.SkipReason;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Tasks for a profile Hermes does not have wait, reported, instead of failing worker after worker. */
class HermesProfilesTest {
    @TempDir
    Path tmp;
    @RegisterExtension
    final DispatcherHome fx = new DispatcherHome();

    @Test
    void a_profile_exists_when_its_directory_does_and_default_is_the_home_itself() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("hermes"));
        Files.createDirectories(home.resolve("profiles").resolve("coder"));
        Files.writeString(home.resolve("profiles").resolve("file-not-dir"), "x");
        HermesProfiles profiles = new HermesProfiles(home);

        assertEquals(Optional.empty(), profiles.problem("coder"));
        assertEquals(Optional.empty(), profiles.problem("default"));
        String missing = profiles.problem("ghost").orElseThrow();
        assertTrue(missing.contains("no Hermes profile 'ghost'") && missing.contains(
                home.resolve("profiles").resolve("ghost").toString()), missing);
        assertTrue(profiles.problem("file-not-dir").isPresent());
        assertTrue(profiles.problem("../coder").orElseThrow().contains("not a plain directory name"));
        assertTrue(profiles.problem(".hidden").isPresent());
    }

    @Test
    void auto_checks_only_a_hermes_worker_command() {
        assertTrue(ProfileCheck.AUTO.appliesTo(CommandTemplate.DEFAULT));
        assertTrue(ProfileCheck.AUTO.appliesTo(List.of("/opt/hermes/bin/hermes", "-p", "{assignee}")));
        assertFalse(ProfileCheck.AUTO.appliesTo(List.of("my-agent", "{assignee}")));
        assertTrue(ProfileCheck.ON.appliesTo(List.of("my-agent")));
        assertFalse(ProfileCheck.OFF.appliesTo(CommandTemplate.DEFAULT));
    }

    @Test
    void the_dispatcher_leaves_a_task_for_a_missing_profile_ready_with_no_attempt_on_record() throws Exception {
        Files.createDirectories(fx.home.resolve("profiles").resolve("coder"));
        // The default command runs hermes; a coder task may spawn (and fail: no hermes here), a ghost one not.
        DispatcherService dispatcher = fx.dispatcher(DispatcherConfig.builder().failureLimit(5).build());
        Task ghost = fx.board.tasks().create(NewTask.titled("haunted").assignee("ghost").build()).task();
        Task coder = fx.board.tasks().create(NewTask.titled("code").assignee("coder").build()).task();

        TickReport report = dispatcher.tickOnce();
        TickReport.Skip skip = report.skipped().stream().filter(s -> s.taskId().equals(ghost.id())).findFirst()
                .orElseThrow();
        assertEquals(SkipReason.UNKNOWN_PROFILE, skip.reason());
        assertTrue(skip.detail().contains("ghost"), skip.detail());
        assertEquals(Status.READY, fx.status(ghost.id()));
        assertTrue(fx.board.runs().of(ghost.id()).isEmpty(), "no doomed worker, no run");
        assertEquals(0, fx.board.tasks().get(ghost.id()).consecutiveFailures());
        assertFalse(fx.board.runs().of(coder.id()).isEmpty(), "a known profile is attempted");

        DispatcherService custom = fx.dispatcher(fx.config().workerCommand(List.of("/bin/sh", "-c", "sleep 30"))
                .build());
        assertTrue(custom.tickOnce().skipped().stream().noneMatch(s -> s.reason() == SkipReason.UNKNOWN_PROFILE),
                "a worker command other than hermes has no Hermes profiles to check");
        custom.stop(java.time.Duration.ofSeconds(30));
        dispatcher.stop(java.time.Duration.ofSeconds(30));
    }
}
