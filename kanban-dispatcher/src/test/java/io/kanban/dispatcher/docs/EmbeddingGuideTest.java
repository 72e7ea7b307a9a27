package io.kanban.dispatcher.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.Board;
import io.kanban.core.metrics.KanbanMetrics;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import io.kanban.core.testing.SettableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/embedding.md shows only code that compiles and runs: each of its Java blocks is a region of
 * {@link EmbeddingGuideExamples} or {@link InProcessLauncher}, word for word, and the tests below run them.
 */
class EmbeddingGuideTest {
    static final Path GUIDE = Path.of("docs", "embedding.md");
    static final Path SOURCES = Path.of("kanban-dispatcher", "src", "test", "java", "io", "kanban", "dispatcher",
            "docs");
    private static final Pattern DOC_BLOCK =
            Pattern.compile("<!-- embedding: ([a-z-]+) -->\\s*```java\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path dir;
    final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeBoards() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    static Path repoRoot() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve(GUIDE))) {
                return d;
            }
        }
        throw new IllegalStateException("no " + GUIDE + " above " + Path.of("").toAbsolutePath());
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The regions of the example sources, by name, dedented. */
    static Map<String, String> sourceRegions() {
        Map<String, String> regions = new LinkedHashMap<>();
        for (String file : List.of("EmbeddingGuideExamples.java", "InProcessLauncher.java")) {
            List<String> lines = read(repoRoot().resolve(SOURCES).resolve(file)).lines().toList();
            String name = null;
            List<String> body = new ArrayList<>();
            for (String line : lines) {
                String t = line.strip();
                if (t.startsWith("// embedding: ")) {
                    name = t.substring("// embedding: ".length());
                    body.clear();
                } else if (t.equals("// end") && name != null) {
                    regions.put(name, dedent(body));
                    name = null;
                } else if (name != null) {
                    body.add(line);
                }
            }
        }
        return regions;
    }

    static Map<String, String> guideBlocks() {
        Map<String, String> blocks = new LinkedHashMap<>();
        Matcher m = DOC_BLOCK.matcher(read(repoRoot().resolve(GUIDE)));
        while (m.find()) {
            blocks.put(m.group(1), dedent(m.group(2).lines().toList()));
        }
        return blocks;
    }

    static String dedent(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder out = new StringBuilder();
        for (String l : lines) {
            out.append(l.isBlank() ? "" : l.substring(indent).stripTrailing()).append('\n');
        }
        return out.toString().strip();
    }

    @Test
    void every_java_block_of_the_guide_is_compiled_example_code_and_every_example_is_shown() {
        Map<String, String> guide = guideBlocks();
        Map<String, String> sources = sourceRegions();
        assertTrue(sources.size() >= 9, "example regions read: " + sources.keySet());
        assertEquals(sources.keySet(), guide.keySet(), "blocks in the guide vs regions in the example sources");
        sources.forEach((name, code) -> assertEquals(code, guide.get(name), "block '" + name + "'"));
        long javaBlocks = read(repoRoot().resolve(GUIDE)).lines().filter(l -> l.strip().equals("```java")).count();
        assertEquals(guide.size(), javaBlocks, "every ```java block has an <!-- embedding: NAME --> tag above it");
    }

    @Test
    void opening_by_file_and_with_options_and_tenants_work_as_shown() {
        List<Task> tasks = EmbeddingGuideExamples.openFile(dir);
        assertEquals(1, tasks.size());
        Board board = EmbeddingGuideExamples.openWithOptions(dir, SettableClock.startingAt("2026-03-01T00:00:00Z"));
        open.add(board);
        assertEquals(Duration.ofMinutes(5), board.options().claimTtl());
        assertEquals(1, board.tasks().list(io.kanban.core.model.TaskFilter.all()).size(), "the same file");
        assertEquals(List.of(), EmbeddingGuideExamples.tenants(board));
        assertEquals(1, board.forTenant("acme").tasks().list(io.kanban.core.model.TaskFilter.all()).size());
    }

    @Test
    void a_custom_launcher_runs_the_claimed_task_to_done() throws Exception {
        Board board = Board.open(dir.resolve("kanban.db"));
        open.add(board);
        Task task = board.tasks().create(NewTask.titled("summarise the logs").assignee("echo").build()).task();
        EmbeddingGuideExamples.customLauncher(board);
        Task done = board.tasks().get(task.id());
        assertEquals(Status.DONE, done.status());
        assertEquals("done: summarise the logs", board.runs().of(task.id()).get(0).summary());
    }

    @Test
    void the_service_starts_and_shuts_down_in_the_order_shown_and_metrics_bind() {
        Board board = Board.open(dir.resolve("kanban.db"));
        Map<String, String> env = Map.of("HERMES_HOME", dir.resolve("hermes").toString());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        KanbanMetrics metrics = EmbeddingGuideExamples.metrics(board, registry);
        board.tasks().create(NewTask.titled("waits for nobody").build());
        EmbeddingGuideExamples.Service service = EmbeddingGuideExamples.start(board, env);
        assertTrue(service.dispatcher().isRunning());
        assertTrue(service.notifier().isRunning());
        assertEquals(1.0, registry.get("kanban.cards").tag("status", "ready").gauge().value());
        EmbeddingGuideExamples.stop(service.dispatcher(), service.notifier(), metrics, board);
        assertFalse(service.dispatcher().isRunning());
        assertFalse(service.notifier().isRunning());
    }
}
