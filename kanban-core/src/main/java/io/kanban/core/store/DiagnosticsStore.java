package io.kanban.core.store;

import static io.kanban.core.store.StatementSet.param;
import static io.kanban.core.store.TaskStore.instant;
import static io.kanban.core.store.jooq.Tables.TASKS;
import static io.kanban.core.store.jooq.Tables.TASK_EVENTS;

import io.kanban.core.Lifecycle;
import io.kanban.core.model.EventKind;
import io.kanban.core.model.Status;
import java.time.Instant;
import java.util.List;
import org.jooq.Field;
import org.jooq.impl.DSL;

/** The event-log reads of the diagnostics rules: since when blocked cards are blocked, and who keeps cycling. */
public final class DiagnosticsStore {
    private static final Sql BLOCKED_SINCE = Sql.of(DiagnosticsStore.class, "BLOCKED_SINCE");
    private static final Sql BLOCK_CYCLES = Sql.of(DiagnosticsStore.class, "BLOCK_CYCLES");
    private static final Sql HALLUCINATIONS = Sql.of(DiagnosticsStore.class, "HALLUCINATIONS");
    private static final Sql PROSE_PHANTOM_REFS = Sql.of(DiagnosticsStore.class, "PROSE_PHANTOM_REFS");
    private static final Sql FAILING = Sql.of(DiagnosticsStore.class, "FAILING");

    /** A blocked task and when it became blocked (its newest status-changing event, else its creation). */
    public record BlockedSpell(String taskId, Instant blockedSince) {
    }

    /** A task's blocks and unblocks since a cutoff, with the first and the last block in that window. */
    public record BlockCycles(String taskId, int blocks, int unblocks, Instant firstBlock, Instant lastBlock) {
    }

    /** A live task's refused completions that named cards its worker did not create: how many, first and last. */
    public record Hallucinations(String taskId, int count, Instant first, Instant last) {
    }

    private DiagnosticsStore() {
    }

    /**
     * Blocked tasks and since when they are blocked.
     *
     * @param tx the open transaction
     * @param tenant the tenant, or null
     * @return the spells
     */
    public static List<BlockedSpell> blockedSpells(Tx tx, String tenant) {
        return tx.query(BLOCKED_SINCE, rs -> new BlockedSpell(rs.getString(1),
                instant(rs, 3) != null ? instant(rs, 3) : instant(rs, 2)), tenant);
    }

    /**
     * Live tasks blocked at least {@code minBlocks} times since {@code since}.
     *
     * @param tx the open transaction
     * @param since the window's start
     * @param minBlocks the fewest blocks reported
     * @param tenant the tenant, or null
     * @return the tasks' block counts
     */
    public static List<BlockCycles> blockCycles(Tx tx, Instant since, int minBlocks, String tenant) {
        return tx.query(BLOCK_CYCLES, rs -> new BlockCycles(rs.getString(1), rs.getInt(2), rs.getInt(3),
                instant(rs, 4), instant(rs, 5)), since.getEpochSecond(), tenant, minBlocks);
    }

    /**
     * Tasks not yet done or archived with {@code completion_blocked_hallucination} events.
     *
     * @param tx the open transaction
     * @param tenant the tenant, or null
     * @return the tasks and their refused completions
     */
    public static List<Hallucinations> hallucinations(Tx tx, String tenant) {
        return tx.query(HALLUCINATIONS, rs -> new Hallucinations(rs.getString(1), rs.getInt(2), instant(rs, 3),
                instant(rs, 4)), tenant);
    }

    /**
     * Cards (not archived) with {@code suspected_hallucinated_references} events that no later completion or edit
     * has superseded: the reference's {@code prose_phantom_refs}.
     *
     * @param tx the open transaction
     * @param tenant the tenant, or null
     * @return the cards and their suspected references
     */
    public static List<Hallucinations> proseReferences(Tx tx, String tenant) {
        return tx.query(PROSE_PHANTOM_REFS, rs -> new Hallucinations(rs.getString(1), rs.getInt(2), instant(rs, 3),
                instant(rs, 4)), tenant);
    }

    /**
     * Cards (not archived) whose last attempts failed ({@code consecutive_failures > 0}): the few that
     * {@code repeated_failures} and {@code repeated_crashes} look at, found by the database instead of by reading
     * every card of the board.
     *
     * @param tx the open transaction
     * @param tenant the tenant, or null
     * @return their ids
     */
    public static List<String> failing(Tx tx, String tenant) {
        return tx.query(FAILING, rs -> rs.getString(1), tenant);
    }

    /** The statements above, written with jOOQ from the generated tables (see {@link StatementSource}). */
    static final class Definitions implements StatementSource {
        private static final List<String> STATUS_CHANGING_KINDS = Lifecycle.statusChangingKinds().stream()
                .map(EventKind::wire).toList();

        @Override
        public Class<?> store() {
            return DiagnosticsStore.class;
        }

        @Override
        public void define(StatementSet s) {
            Field<String> tenant = param("tenant", String.class);
            var x = TASK_EVENTS.as("x");
            Field<Instant> changedAt = DSL.select(DSL.max(x.CREATED_AT)).from(x)
                    .where(x.TASK_ID.eq(TASKS.ID)).and(x.KIND.in(STATUS_CHANGING_KINDS)).asField("changed_at");
            s.put("BLOCKED_SINCE", s.dsl().select(TASKS.ID, TASKS.CREATED_AT, changedAt).from(TASKS)
                    .where(TASKS.STATUS.eq(Status.BLOCKED.wire()))
                    .and(tenant.isNull().or(TASKS.TENANT.eq(tenant)))
                    .orderBy(TASKS.PRIORITY.desc(), TASKS.CREATED_AT.asc()));

            Field<Instant> since = param(TASK_EVENTS.CREATED_AT);
            Field<java.math.BigDecimal> minBlocks = param("min_blocks", java.math.BigDecimal.class);
            var blocked = DSL.when(TASK_EVENTS.KIND.eq(EventKind.BLOCKED.wire()), DSL.inline(1)).otherwise(DSL.inline(0));
            var unblocked = DSL.when(TASK_EVENTS.KIND.eq(EventKind.UNBLOCKED.wire()), DSL.inline(1))
                    .otherwise(DSL.inline(0));
            var blockedAt = DSL.when(TASK_EVENTS.KIND.eq(EventKind.BLOCKED.wire()), TASK_EVENTS.CREATED_AT);
            s.put("BLOCK_CYCLES", s.dsl().select(TASK_EVENTS.TASK_ID, DSL.sum(blocked), DSL.sum(unblocked),
                            DSL.min(blockedAt), DSL.max(blockedAt))
                    .from(TASK_EVENTS).join(TASKS).on(TASKS.ID.eq(TASK_EVENTS.TASK_ID))
                    .where(TASK_EVENTS.CREATED_AT.ge(since))
                    .and(TASK_EVENTS.KIND.in(EventKind.BLOCKED.wire(), EventKind.UNBLOCKED.wire()))
                    .and(TASKS.STATUS.notIn(Status.DONE.wire(), Status.ARCHIVED.wire()))
                    .and(tenant.isNull().or(TASKS.TENANT.eq(tenant)))
                    .groupBy(TASK_EVENTS.TASK_ID)
                    .having(DSL.sum(blocked).ge(minBlocks)));

            s.put("HALLUCINATIONS", s.dsl().select(TASK_EVENTS.TASK_ID, DSL.count(), DSL.min(TASK_EVENTS.CREATED_AT),
                            DSL.max(TASK_EVENTS.CREATED_AT))
                    .from(TASK_EVENTS).join(TASKS).on(TASKS.ID.eq(TASK_EVENTS.TASK_ID))
                    .where(TASK_EVENTS.KIND.eq(EventKind.COMPLETION_BLOCKED_HALLUCINATION.wire()))
                    .and(TASKS.STATUS.notIn(Status.DONE.wire(), Status.ARCHIVED.wire()))
                    .and(tenant.isNull().or(TASKS.TENANT.eq(tenant)))
                    .groupBy(TASK_EVENTS.TASK_ID)
                    .orderBy(TASK_EVENTS.TASK_ID));

            s.put("FAILING", s.dsl().select(TASKS.ID).from(TASKS)
                    .where(TASKS.CONSECUTIVE_FAILURES.gt(0))
                    .and(TASKS.STATUS.ne(Status.ARCHIVED.wire()))
                    .and(tenant.isNull().or(TASKS.TENANT.eq(tenant)))
                    .orderBy(TASKS.ID));

            var later = TASK_EVENTS.as("later");
            s.put("PROSE_PHANTOM_REFS", s.dsl().select(TASK_EVENTS.TASK_ID, DSL.count(),
                            DSL.min(TASK_EVENTS.CREATED_AT), DSL.max(TASK_EVENTS.CREATED_AT))
                    .from(TASK_EVENTS).join(TASKS).on(TASKS.ID.eq(TASK_EVENTS.TASK_ID))
                    .where(TASK_EVENTS.KIND.eq(EventKind.SUSPECTED_HALLUCINATED_REFERENCES.wire()))
                    .and(TASKS.STATUS.ne(Status.ARCHIVED.wire()))
                    .and(tenant.isNull().or(TASKS.TENANT.eq(tenant)))
                    .andNotExists(DSL.selectOne().from(later).where(later.TASK_ID.eq(TASK_EVENTS.TASK_ID))
                            .and(later.ID.gt(TASK_EVENTS.ID))
                            .and(later.KIND.in(EventKind.COMPLETED.wire(), EventKind.EDITED.wire())))
                    .groupBy(TASK_EVENTS.TASK_ID)
                    .orderBy(TASK_EVENTS.TASK_ID));
        }
    }
}
