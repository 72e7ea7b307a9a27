package io.kanban.core.store;

import static io.kanban.core.store.StatementSet.param;
import static io.kanban.core.store.TaskStore.instant;
import static io.kanban.core.store.TaskStore.nullableLong;
import static io.kanban.core.store.jooq.Tables.TASKS;
import static io.kanban.core.store.jooq.Tables.TASK_EVENTS;

import io.kanban.core.Lifecycle;
import io.kanban.core.model.EventKind;
import io.kanban.core.model.Status;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jooq.Field;
import org.jooq.SelectJoinStep;
import org.jooq.impl.DSL;

/** Reads for the stuck-queue telemetry: how long each ready task has been ready, and whether it was reported. */
public final class HealthStore {
    private static final Sql READY_SPELLS = Sql.of(HealthStore.class, "READY_SPELLS");

    private static final Sql READY_SPELL = Sql.of(HealthStore.class, "READY_SPELL");

    /**
     * One ready task's current spell in the ready state.
     *
     * @param readySince when it became ready: the newest status-changing event, else its creation (events trimmed)
     * @param stuckAt when a {@code stuck} event reported this spell, or null when none has
     * @param stuckPayload that event's payload (JSON), or null
     */
    public record ReadySpell(String taskId, String title, String assignee, int consecutiveFailures,
                             Instant readySince, Instant stuckAt, String stuckPayload) {
        /**
         * @return whether a {@code stuck} event reported this spell
         */
        public boolean reported() {
            return stuckAt != null;
        }
    }

    private HealthStore() {
    }

    /**
     * Ready tasks by priority, then age; {@code tenant} null means every tenant.
     *
     * @param tx the open transaction
     * @param tenant the tenant, or null
     * @return the spells
     */
    public static List<ReadySpell> readySpells(Tx tx, String tenant) {
        return tx.query(READY_SPELLS, HealthStore::map, tenant);
    }

    /**
     * The task's current ready spell; empty when it is not ready.
     *
     * @param tx the open transaction
     * @param taskId the task's id
     * @return the spell, or empty
     */
    public static Optional<ReadySpell> readySpell(Tx tx, String taskId) {
        return tx.queryOne(READY_SPELL, HealthStore::map, taskId);
    }

    private static ReadySpell map(ResultSet rs) throws SQLException {
        Instant created = instant(rs, 4);
        Long changedId = nullableLong(rs, 6);
        Instant changedAt = instant(rs, 7);
        Long stuckId = nullableLong(rs, 8);
        // A stuck event before the spell began belongs to an earlier spell.
        boolean current = stuckId != null && (changedId == null || stuckId > changedId);
        return new ReadySpell(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(5),
                changedAt != null ? changedAt : created, current ? instant(rs, 9) : null,
                current ? rs.getString(10) : null);
    }

    /** The statements above, written with jOOQ from the generated tables (see {@link StatementSource}). */
    static final class Definitions implements StatementSource {
        /** The newest of these on a ready task is the one that made it ready; comments or edits do not count. */
        private static final List<String> STATUS_CHANGING_KINDS = Lifecycle.statusChangingKinds().stream()
                .map(EventKind::wire).toList();

        @Override
        public Class<?> store() {
            return HealthStore.class;
        }

        @Override
        public void define(StatementSet s) {
            var changed = TASK_EVENTS.as("changed");
            var stuck = TASK_EVENTS.as("stuck");
            var x = TASK_EVENTS.as("x");
            var y = TASK_EVENTS.as("y");
            Field<String> tenant = StatementSet.param("tenant", String.class);
            // jOOQ's select builders are mutable: each statement gets its own.
            Supplier<SelectJoinStep<?>> spells = () -> s.dsl().select(TASKS.ID, TASKS.TITLE,
                            TASKS.ASSIGNEE, TASKS.CREATED_AT, TASKS.CONSECUTIVE_FAILURES, changed.ID,
                            changed.CREATED_AT, stuck.ID, stuck.CREATED_AT, stuck.PAYLOAD)
                    .from(TASKS)
                    .leftJoin(changed).on(changed.ID.eq(DSL.select(DSL.max(x.ID)).from(x)
                            .where(x.TASK_ID.eq(TASKS.ID)).and(x.KIND.in(STATUS_CHANGING_KINDS))))
                    .leftJoin(stuck).on(stuck.ID.eq(DSL.select(DSL.max(y.ID)).from(y)
                            .where(y.TASK_ID.eq(TASKS.ID)).and(y.KIND.eq(EventKind.STUCK.wire()))));
            s.put("READY_SPELLS", spells.get()
                    .where(TASKS.STATUS.eq(Status.READY.wire()))
                    .and(tenant.isNull().or(TASKS.TENANT.eq(tenant)))
                    .orderBy(TASKS.PRIORITY.desc(), TASKS.CREATED_AT.asc(), s.insertionOrder().asc()));
            // One task's spell, for the re-check inside the write that reports it (a key lookup, not a queue scan).
            s.put("READY_SPELL", spells.get()
                    .where(TASKS.ID.eq(param(TASKS.ID)))
                    .and(TASKS.STATUS.eq(Status.READY.wire())));
        }
    }
}
