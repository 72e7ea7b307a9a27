package io.kanban.core.wire;

import io.kanban.core.Lifecycle;
import io.kanban.core.model.Status;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a board lays statuses out, and the moves a person may make between them in that order. The columns, where a
 * task starts and which move is legal are {@link Lifecycle}'s to say; this only orders its answers, so every front
 * end lists them alike.
 */
public final class BoardColumns {
    /** The columns of a board, left to right. Archived tasks show only on request. */
    public static final List<Status> COLUMNS = Lifecycle.columns();
    /** Every status in board order: the columns, then archived. */
    public static final List<Status> ORDER = order();
    /** Where a new task can start (triage when asked for, else todo or ready by its parents), in board order. */
    public static final List<Status> INITIAL = initial();
    /** The lifecycle table does not change at run time: each status's moves are listed once. */
    private static final Map<Status, List<Status>> MOVES = moves();
    /**
     * Per verb, as a refusal names it ({@link Lifecycle.Transition#action()}), the statuses some row of that verb
     * applies from, in board order; verbs in the table's order. A front end offers a verb where the task's status is
     * listed (the page's card drawer does); the kernel still checks the row it applies.
     */
    public static final Map<String, List<Status>> VERBS = verbs();

    private BoardColumns() {
    }

    /**
     * The statuses a task in {@code from} may be moved to by hand (or by a verb other than claim), in board order.
     *
     * @param from the task's status
     * @return the statuses
     */
    public static List<Status> moves(Status from) {
        return MOVES.get(from);
    }

    private static List<Status> order() {
        List<Status> all = new ArrayList<>(COLUMNS);
        all.add(Status.ARCHIVED);
        for (Status s : Status.values()) {
            if (!all.contains(s)) {
                all.add(s);
            }
        }
        return List.copyOf(all);
    }

    private static List<Status> initial() {
        Set<Status> starts = EnumSet.noneOf(Status.class);
        for (boolean triage : new boolean[] {true, false}) {
            for (boolean parentUnfinished : new boolean[] {true, false}) {
                starts.add(Lifecycle.initialStatus(triage, parentUnfinished));
            }
        }
        return ORDER.stream().filter(starts::contains).toList();
    }

    private static Map<String, List<Status>> verbs() {
        Map<String, Set<Status>> from = new LinkedHashMap<>();
        for (Lifecycle.Transition t : Lifecycle.Transition.values()) {
            from.computeIfAbsent(t.action(), a -> EnumSet.noneOf(Status.class)).addAll(t.from());
        }
        Map<String, List<Status>> out = new LinkedHashMap<>();
        from.forEach((verb, statuses) -> out.put(verb, ORDER.stream().filter(statuses::contains).toList()));
        return Collections.unmodifiableMap(out);
    }

    private static Map<Status, List<Status>> moves() {
        Map<Status, List<Status>> out = new EnumMap<>(Status.class);
        for (Status from : Status.values()) {
            out.put(from, ORDER.stream().filter(to -> Lifecycle.allows(from, to)).toList());
        }
        return Collections.unmodifiableMap(out);
    }
}
