package io.kanban.core.store;

import static io.kanban.core.store.TaskStore.instant;
import static io.kanban.core.store.TaskStore.nullableLong;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reads for the stuck-queue telemetry: how long each ready task has been ready, and whether it was reported. */
public final class HealthStore {
    private static final String READY_SPELLS = Statements.sql("HealthStore.READY_SPELLS");

    private static final String READY_SPELL = Statements.sql("HealthStore.READY_SPELL");

    /**
     * One ready task's current spell in the ready state.
     *
     * @param readySince when it became ready: the newest status-changing event, else its creation (events trimmed)
     * @param stuckAt when a {@code stuck} event reported this spell, or null when none has
     * @param stuckPayload that event's payload (JSON), or null
     */
    public record ReadySpell(String taskId, String title, String assignee, int consecutiveFailures,
                             Instant readySince, Instant stuckAt, String stuckPayload) {
        public boolean reported() {
            return stuckAt != null;
        }
    }

    private HealthStore() {
    }

    /** Ready tasks by priority, then age; {@code tenant} null means every tenant. */
    public static List<ReadySpell> readySpells(Tx tx, String tenant) {
        return tx.query(READY_SPELLS, HealthStore::map, tenant);
    }

    /** The task's current ready spell; empty when it is not ready. */
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
}
