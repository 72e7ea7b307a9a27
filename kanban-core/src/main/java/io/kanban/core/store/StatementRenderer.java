package io.kanban.core.store;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Renders every store's statements for every dialect. The build runs {@link #main} once (kanban-core's pom,
 * {@code render-statements}); a test checks that the rendered files match the definitions.
 */
public final class StatementRenderer {
    /** Every store with fixed statements; a store's definitions sit at the end of its own file. */
    private static final List<StatementSource> SOURCES = List.of(
            new TaskStore.Definitions(),
            new RunStore.Definitions(),
            new EventStore.Definitions(),
            new LinkStore.Definitions(),
            new CommentStore.Definitions(),
            new AttachmentStore.Definitions(),
            new SubscriptionStore.Definitions(),
            new DeliveryStore.Definitions(),
            new DispatchStore.Definitions(),
            new HealthStore.Definitions(),
            new ReportStore.Definitions(),
            new DiagnosticsStore.Definitions());

    private StatementRenderer() {
    }

    /**
     * Writes the rendered statements of every dialect into the class output folder given as the only argument.
     *
     * @param args the class output folder
     * @throws IOException if a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        for (Dialect dialect : Dialect.values()) {
            Path file = Path.of(args[0]).resolve(Statements.resourcePath(dialect));
            Files.createDirectories(file.getParent());
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                out.write(Statements.format(render(dialect)));
            }
        }
    }

    static Map<String, String> render(Dialect dialect) {
        StatementSet set = new StatementSet(dialect);
        for (StatementSource source : SOURCES) {
            source.define(set.forStore(source.store()));
        }
        return Map.copyOf(set.rendered());
    }
}
