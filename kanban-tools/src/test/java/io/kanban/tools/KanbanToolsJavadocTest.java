package io.kanban.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kanban.core.testing.JavadocExample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** KanbanTools' Javadoc example is compiled code (JavadocExamples) that runs. */
class KanbanToolsJavadocTest {
    @RegisterExtension
    final Fixture f = new Fixture();

    @Test
    void the_javadoc_example_is_the_compiled_example_word_for_word() {
        assertEquals(JavadocExample.region(Path.of("src/test/java/io/kanban/tools/JavadocExamples.java"),
                "KanbanTools"), JavadocExample.in(Path.of("src/main/java/io/kanban/tools/KanbanTools.java")));
    }

    @Test
    void the_example_registers_the_thirteen_worker_tools_inside_a_worker_and_none_outside() {
        List<String> registered = new ArrayList<>();
        JavadocExamples.kanbanTools(f.worker(f.claimed("summarise the logs")), (name, description, schema) ->
                registered.add(name));
        assertEquals(GatingTest.WORKER_TOOLS, registered);
        registered.clear();
        JavadocExamples.kanbanTools(Map.of(), (name, description, schema) -> registered.add(name));
        assertEquals(List.of(), registered);
    }
}
