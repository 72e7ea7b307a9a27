package io.kanban.core.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class StatementRendererTest {
    @Test
    void the_rendered_statements_on_the_classpath_match_the_stores_definitions() {
        for (Dialect dialect : Dialect.values()) {
            assertNotNull(Statements.class.getResource(dialect.resource()), "the build renders " + dialect.resource());
            assertEquals(StatementRenderer.render(dialect), Statements.load(dialect), dialect.name());
        }
    }

    @Test
    void every_statement_has_a_postgresql_form_whose_parameters_bind() {
        Map<String, String> postgres = Statements.load(Dialect.POSTGRES);
        for (String key : Statements.load(Dialect.SQLITE).keySet()) {
            assertTrue(postgres.containsKey(key), key);
        }
        PostgresStatements.load(); // fails when a parameter of the PostgreSQL text is missing on SQLite
    }

    @Test
    void a_store_finds_its_statements_by_name_and_an_unknown_name_fails_at_once() {
        assertEquals(Statements.load(Dialect.SQLITE).get("TaskStore.CLAIM"), Sql.of(TaskStore.class, "CLAIM").sqlite());
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> Sql.of(TaskStore.class, "NOPE"));
        assertEquals("no statement 'TaskStore.NOPE' in io/kanban/core/store/statements-sqlite.properties",
                missing.getMessage());
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
        // the highest shipped, not the count: versions are numbered by issue and may land out of order
        assertEquals(SqliteSchema.LATEST_VERSION, versions("postgresql").stream()
                .mapToInt(v -> Integer.parseInt(v.substring(1))).max().orElseThrow());
    }

    private static List<String> versions(String folder) throws IOException, URISyntaxException {
        Path dir = Path.of(StatementRendererTest.class.getResource("/db/migration/" + folder).toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).map(n -> n.substring(0, n.indexOf("__"))).sorted()
                    .toList();
        }
    }
}
