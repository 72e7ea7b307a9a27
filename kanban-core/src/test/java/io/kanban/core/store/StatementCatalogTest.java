package io.kanban.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.Test;

class StatementCatalogTest {
    @Test
    void the_rendered_catalog_on_the_classpath_matches_the_jooq_definitions() {
        assertNotNull(Statements.class.getResource(Statements.RESOURCE), "the build renders " + Statements.RESOURCE);
        assertEquals(StatementCatalog.render(), Statements.loaded());
    }
}
