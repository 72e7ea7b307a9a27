package io.kanban.cli.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OutputMatcherTest {
    @Test
    void times_pids_and_durations_are_masked_but_statuses_and_outcomes_are_not() {
        OutputMatcher m = new OutputMatcher();
        assertTrue(m.compare(List.of("tick took 44 ms", "    t_aaaaaaaaaaaa  dev  pid 11584  log /x.log"),
                List.of("tick took 7 ms", "    t_bbbbbbbbbbbb  dev  pid 2  log /x.log")).isEmpty());
        assertTrue(m.compare(List.of("1  ops  spawn_failed  2026-11-26 01:37:12  x"),
                List.of("1  ops  gave_up  2026-11-27 03:00:00  x")).isPresent());
        assertTrue(m.compare(List.of("t_aaaaaaaaaaaa  blocked  0  ops  Rotate"),
                List.of("t_bbbbbbbbbbbb  done  0  ops  Rotate")).isPresent());
    }

    @Test
    void ids_bind_one_to_one_and_commands_are_rewritten_with_them() {
        OutputMatcher m = new OutputMatcher();
        assertTrue(m.compare(List.of("created t_aaaaaaaaaaaa (ready)  A"), List.of("created t_111111111111 (ready)  A"))
                .isEmpty());
        assertEquals("kanban show t_111111111111", m.rewrite("kanban show t_aaaaaaaaaaaa"));
        assertTrue(m.compare(List.of("created t_bbbbbbbbbbbb (ready)  B"), List.of("created t_111111111111 (ready)  B"))
                .isPresent(), "a second document id cannot take an id already bound to another");
        assertThrows(AssertionError.class, () -> m.rewrite("kanban show t_cccccccccccc"));
    }

    @Test
    void lines_in_another_order_match_when_all_are_there() {
        OutputMatcher m = new OutputMatcher();
        assertTrue(m.compare(List.of("### t_aaaaaaaaaaaa (done): A", "### t_bbbbbbbbbbbb (done): B"),
                List.of("### t_222222222222 (done): B", "### t_111111111111 (done): A")).isEmpty());
        assertEquals("t_111111111111", m.rewrite("t_aaaaaaaaaaaa"));
        assertTrue(m.compare(List.of("x", "y"), List.of("x", "x")).isPresent());
        assertTrue(m.compare(List.of("x"), List.of("x", "y")).isPresent());
    }
}
