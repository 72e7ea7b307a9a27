package io.kanban.cli.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/kanban-tutorial.md is executable. Each story's console blocks run, in order, in one bash session on a fresh
 * board with the real dispatcher and the tutorial's pretend worker as separate processes; what each command prints
 * must be what the tutorial shows (statuses, run outcomes, events, errors), apart from ids, times and pids.
 */
class TutorialTest {
    static final Path TUTORIAL = Path.of("docs", "kanban-tutorial.md");
    /** The directory the tutorial works in; the test works in a temporary directory instead. */
    static final String TUTORIAL_DIR = "/tmp/kanban-tutorial";
    static final List<String> STORIES = List.of("Solo Dev", "Fleet Farming", "Role Pipeline", "Circuit Breaker");
    static final Duration STEP_TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    static Map<String, List<Transcript.Step>> sections() throws IOException {
        return Transcript.sections(Files.readString(RepoRoot.find().resolve(TUTORIAL)));
    }

    @Test
    void the_tutorial_tells_the_four_stories_each_in_console_blocks() throws IOException {
        List<String> titles = List.copyOf(sections().keySet());
        assertEquals(STORIES.size(), titles.size(), "sections with console blocks: " + titles);
        for (int i = 0; i < STORIES.size(); i++) {
            assertTrue(titles.get(i).contains(STORIES.get(i)), titles.get(i) + " should be " + STORIES.get(i));
        }
    }

    @TestFactory
    Stream<DynamicTest> every_story_prints_what_the_tutorial_shows() throws IOException {
        return sections().entrySet().stream().map(story -> DynamicTest.dynamicTest(story.getKey(),
                () -> play(story.getKey(), story.getValue())));
    }

    private void play(String title, List<Transcript.Step> steps) throws Exception {
        Path root = RepoRoot.find();
        Path work = Files.createDirectories(dir.resolve(title.replaceAll("[^A-Za-z0-9]+", "-")));
        Path sandbox = Files.createDirectories(work.resolve("kanban-tutorial"));
        Map<String, String> env = new HashMap<>();
        env.put("PATH", launcher(work).toString() + ":" + root.resolve("docs/tutorial") + ":/usr/bin:/bin");
        env.put("HOME", Files.createDirectories(work.resolve("home")).toString());
        env.put("LANG", "C.UTF-8");
        env.put("TMPDIR", Files.createDirectories(work.resolve("tmp")).toString());
        OutputMatcher matcher = new OutputMatcher();
        try (ShellSession shell = new ShellSession(work, env)) {
            for (Transcript.Step step : steps) {
                String command = matcher.rewrite(step.command()).replace(TUTORIAL_DIR, sandbox.toString());
                ShellSession.Result r = shell.run(command, STEP_TIMEOUT);
                List<String> printed = r.output().stream().map(l -> l.replace(sandbox.toString(), TUTORIAL_DIR))
                        .toList();
                String where = "docs/kanban-tutorial.md line " + step.line() + ", " + title + ": $ " + step.command();
                boolean shownAsError = !step.output().isEmpty() && step.output().get(0).startsWith("kanban: ");
                if (shownAsError != (r.exitCode() != 0)) {
                    fail(where + "\nexit code " + r.exitCode() + ", output:\n" + String.join("\n", printed));
                }
                Optional<String> difference = matcher.compare(step.output(), printed);
                if (difference.isPresent()) {
                    fail(where + "\n" + difference.get() + "\n--- the tutorial shows:\n"
                            + String.join("\n", step.output()) + "\n--- this run printed:\n" + String.join("\n", printed));
                }
            }
        }
    }

    /**
     * A {@code kanban} command on the PATH that runs the CLI from this build's classes. The tutorial's reader has
     * bin/kanban there; the dispatcher and the pretend worker find this one the same way.
     */
    private static Path launcher(Path work) throws IOException {
        Path bin = Files.createDirectories(work.resolve("bin"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String script = "#!/bin/sh\nexec '" + java + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto"
                + " -Dorg.jooq.no-logo=true -Dorg.jooq.no-tips=true -cp '" + System.getProperty("java.class.path")
                + "' io.kanban.cli.KanbanCli \"$@\"\n";
        Path kanban = bin.resolve("kanban");
        Files.writeString(kanban, script);
        Files.setPosixFilePermissions(kanban, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }
}
