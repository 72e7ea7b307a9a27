package io.kanban.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kanban.core.error.StorageFailure;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TaskRowTest {
    @Test
    void reads_strings_numbers_and_nulls_in_order_as_sqlite_packs_them() {
        TaskRow r = new TaskRow("[\"t_1\",\"say \\\"hi\\\"\\n\\\\ \\u00e9\\t/\",null,7,-3,1767603600,null]");
        assertEquals("t_1", r.text());
        assertEquals("say \"hi\"\n\\ \u00e9\t/", r.text());
        assertNull(r.text());
        assertEquals(7, r.integer());
        assertEquals(-3L, r.number());
        assertEquals(Instant.ofEpochSecond(1767603600), r.instant());
        assertNull(r.seconds());
    }

    @Test
    void reads_postgresql_spacing_and_unescaped_unicode() {
        TaskRow r = new TaskRow("[\"t_2\", \"caf\u00e9 \uD83D\uDE80\", null, 900, 0]");
        assertEquals("t_2", r.text());
        assertEquals("caf\u00e9 \uD83D\uDE80", r.text());
        assertNull(r.number());
        assertEquals(Duration.ofSeconds(900), r.seconds());
        assertEquals(0, r.integer());
    }

    @Test
    void tolerates_numbers_in_text_columns_and_reals_in_integer_columns() {
        TaskRow r = new TaskRow("[42, 3.0]");
        assertEquals("42", r.text());
        assertEquals(3L, r.number());
    }

    @Test
    void refuses_what_is_not_an_array() {
        assertThrows(StorageFailure.class, () -> new TaskRow("{\"id\": 1}"));
        assertThrows(StorageFailure.class, () -> new TaskRow(null));
    }
}
