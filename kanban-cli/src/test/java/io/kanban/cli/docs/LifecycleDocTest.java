package io.kanban.cli.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.Lifecycle;
import io.kanban.core.Lifecycle.Failures;
import io.kanban.core.Lifecycle.Transition;
import io.kanban.core.model.RunOutcome;
import io.kanban.core.model.Status;
import java.io.IOException;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The user guide's two lifecycle tables are the kernel's table, row for row. */
class LifecycleDocTest {
    @Test
    void the_guide_lists_every_row_of_the_lifecycle_table() throws IOException {
        StringBuilder expected = new StringBuilder(
                "| verb | from | lands on | event | ends the open run as |\n|---|---|---|---|---|\n");
        for (Transition row : Transition.values()) {
            expected.append("| ").append(row.action())
                    .append(" | ").append(statuses(row.from()))
                    .append(" | ").append(lands(row))
                    .append(" | `").append(row.event().wire()).append('`')
                    .append(" | ").append(row.endsRunAs().map(o -> runOutcome(row, o)).orElse("-"))
                    .append(" |\n");
        }
        assertGuideContains(expected.toString());
    }

    @Test
    void the_guide_lists_the_moves_a_person_may_make() throws IOException {
        StringBuilder expected = new StringBuilder("| from | to |\n|---|---|\n");
        for (Status from : Status.values()) {
            Set<Status> to = Lifecycle.targets(from);
            expected.append("| `").append(from.wire()).append("` | ")
                    .append(to.isEmpty() ? "nothing" : statuses(to)).append(" |\n");
        }
        assertGuideContains(expected.toString());
    }

    private static void assertGuideContains(String table) throws IOException {
        assertTrue(UserGuideTest.guide().contains(table),
                "docs/user-guide/kanban.md should hold this table, as the kernel has it:\n" + table);
    }

    private static String statuses(Set<Status> set) {
        if (Status.values().length - set.size() <= 2) {
            return "any but " + Arrays.stream(Status.values()).filter(s -> !set.contains(s))
                    .map(s -> "`" + s.wire() + "`").collect(Collectors.joining(", "));
        }
        return Arrays.stream(Status.values()).filter(set::contains).map(s -> "`" + s.wire() + "`")
                .collect(Collectors.joining(", "));
    }

    private static String lands(Transition row) {
        String lands = switch (row.landing()) {
            case TARGET -> "`" + row.target().wire() + "`";
            case SETTLED -> "`ready`, or `todo` while a parent is unfinished";
            case READY_WHEN_PARENTS_FINISHED -> "`ready`; refused while a parent is unfinished";
            case TARGET_WHEN_PARENTS_FINISHED -> "`" + row.target().wire() + "`; refused while a parent is unfinished";
            case RETRY -> "`review` for a reviewer's run, else `ready`, or `todo` while a parent is unfinished";
        };
        return row.failures() == Failures.COUNT || row.failures() == Failures.BUDGET
                ? lands + "; `blocked` when the breaker trips" : lands;
    }

    private static String runOutcome(Transition row, RunOutcome outcome) {
        String text = "`" + outcome.wire() + "`";
        return row.failures() == Failures.COUNT && row.endsTrippedRunAs() != outcome
                ? text + " (`" + row.endsTrippedRunAs().wire() + "` when the breaker trips)" : text;
    }
}
