package io.kanban.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import io.kanban.core.error.ValidationError;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class StatusTest {
    @Test
    void parse_ignores_case_and_surrounding_space() {
        assertEquals(Status.READY, Status.parse("ready"));
        assertEquals(Status.READY, Status.parse("  Ready\n"));
        assertEquals(Status.ARCHIVED, Status.parse("ARCHIVED"));
    }

    @Test
    void parse_reads_back_every_status_however_it_is_cased() {
        Status[] all = Status.values();
        qt().withFixedSeed(18L).forAll(integers().between(0, all.length - 1), integers().between(0, 1 << 9))
                .checkAssert((i, mask) -> {
                    StringBuilder name = new StringBuilder(all[i].wire());
                    for (int c = 0; c < name.length(); c++) {
                        if ((mask >> (c % 9) & 1) == 1) {
                            name.setCharAt(c, Character.toUpperCase(name.charAt(c)));
                        }
                    }
                    assertEquals(all[i], Status.parse(name.toString()));
                });
    }

    @Test
    void parse_refuses_an_unknown_status_naming_the_field_and_every_valid_one() {
        ValidationError e = assertThrows(ValidationError.class, () -> Status.parse("runnin"));
        assertEquals("status", e.field());
        assertEquals("status: 'runnin' is not a status (triage, todo, scheduled, ready, running, blocked,"
                + " review, done, archived)", e.getMessage());
        assertEquals("status", assertThrows(ValidationError.class, () -> Status.parse(null)).field());
        assertThrows(ValidationError.class, () -> Status.parse(""));
    }

    @Test
    void from_wire_stays_exact_for_what_the_board_stores() {
        assertEquals(Status.DONE, Status.fromWire("done"));
        assertThrows(IllegalArgumentException.class, () -> Status.fromWire("Done".toUpperCase(Locale.ROOT)));
    }
}
