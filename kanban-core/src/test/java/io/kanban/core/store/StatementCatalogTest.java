package io.kanban.core.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class StatementCatalogTest {
    @Test
    void the_rendered_catalog_on_the_classpath_matches_the_jooq_definitions() {
        assertNotNull(Statements.class.getResource(Statements.RESOURCE), "the build renders " + Statements.RESOURCE);
        assertEquals(StatementCatalog.render(), Statements.loaded());
    }

    @Test
    void the_postgresql_catalog_matches_too_and_covers_every_statement() {
        assertNotNull(Statements.class.getResource(Dialect.POSTGRES.resource()));
        assertEquals(StatementCatalog.render(Dialect.POSTGRES), Statements.load(Dialect.POSTGRES));
        for (String key : Statements.loaded().keySet()) {
            assertTrue(Statements.load(Dialect.POSTGRES).containsKey(key), key);
        }
        PostgresStatements.load(); // fails when two statements would be confused or a parameter is missing
    }

    @Test
    void named_parameters_bind_in_sqlite_numbering_once_per_appearance_on_postgresql() {
        PostgresStatements.Bound bound = PostgresStatements.bind(
                "select 1 from t where (:a is null or t.a = :a) and t.b = :b and t.c = ':x'",
                "select 1 from t where t.b = :b and (:a is null or t.a = :a) and t.c = ':x'");
        assertEquals("select 1 from t where t.b = ? and (cast(? as text) is null or t.a = ?) and t.c = ':x'",
                bound.sql());
        assertArrayEquals(new int[] {1, 0, 0}, bound.args());
    }

    @Test
    void both_backends_have_the_same_migration_versions() throws IOException, URISyntaxException {
        assertEquals(versions("sqlite"), versions("postgresql"));
        assertEquals(BoardSchema.LATEST_VERSION, versions("postgresql").size());
    }

    private static List<String> versions(String folder) throws IOException, URISyntaxException {
        Path dir = Path.of(StatementCatalogTest.class.getResource("/db/migration/" + folder).toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).map(n -> n.substring(0, n.indexOf("__"))).sorted()
                    .toList();
        }
    }
}
