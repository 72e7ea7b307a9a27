package io.kanban.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.Board;
import io.kanban.core.testing.Backend;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL adds an entry to every index of a row at each status change, so the indexes on columns most rows leave
 * empty (tenant, idempotency key) and the run index by status keep only the rows a lookup asks for. The lookups
 * still use them in the generic plans that pooled connections keep: the predicate follows from the query's text.
 */
class PartialIndexesTest {
    final Backend postgres = Backend.postgresql();

    @TempDir
    Path dir;

    @AfterEach
    void dropSchemas() {
        postgres.close();
    }

    @Test
    void the_indexes_on_optional_columns_and_on_run_status_are_partial() throws SQLException {
        String board = postgres.newBoard(dir);
        try (Board ignored = postgres.open(board, Clock.systemUTC()); Connection c = postgres.jdbc(board)) {
            Map<String, String> predicates = new LinkedHashMap<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select i.relname,"
                    + " pg_get_expr(x.indpred, x.indrelid) from pg_index x join pg_class i on i.oid = x.indexrelid"
                    + " where i.relnamespace = current_schema()::regnamespace and i.relname in"
                    + " ('idx_tasks_tenant', 'idx_tasks_idempotency', 'idx_runs_status') order by i.relname")) {
                while (rs.next()) {
                    predicates.put(rs.getString(1), rs.getString(2));
                }
            }
            assertEquals(Map.of(
                    "idx_runs_status", "(status = 'running'::text)",
                    "idx_tasks_idempotency", "(idempotency_key IS NOT NULL)",
                    "idx_tasks_tenant", "(tenant IS NOT NULL)"), predicates);
        }
    }

    @Test
    void lookups_by_idempotency_key_tenant_and_running_status_use_them_in_generic_plans() throws SQLException {
        String board = postgres.newBoard(dir);
        Map<String, String> statements = Statements.load(Dialect.POSTGRES);
        try (Board ignored = postgres.open(board, Clock.systemUTC()); Connection c = postgres.jdbc(board)) {
            assertGenericPlanUses(c, statements.get("TaskStore.BY_IDEMPOTENCY_KEY"), "idx_tasks_idempotency");
            assertGenericPlanUses(c, statements.get("DispatchStore.OPEN_RUNS_WITH_LIMIT"), "idx_runs_status");
            // Reports, card pages and fleet figures filter a tenant's cards by tenant = ?.
            assertGenericPlanUses(c, "select tasks.id from tasks where tasks.tenant = :tenant", "idx_tasks_tenant");
        }
    }

    /**
     * Prepares {@code sql} (named parameters) on the server as the driver does, each {@code ?} of the text the store
     * binds numbered in turn, and asks for its generic plan, sequential scans off.
     */
    private static void assertGenericPlanUses(Connection c, String sql, String index) throws SQLException {
        String positional = PostgresStatements.Placeholders.scan(sql).positional;
        StringBuilder numbered = new StringBuilder();
        int parameters = 0;
        for (char ch : positional.toCharArray()) {
            numbered.append(ch == '?' ? "$" + ++parameters : String.valueOf(ch));
        }
        List<String> plan = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            st.execute("set enable_seqscan = off");
            st.execute("set plan_cache_mode = force_generic_plan");
            st.execute("prepare probe as " + numbered);
            String nulls = String.join(", ", Collections.nCopies(parameters, "null"));
            try (ResultSet rs = st.executeQuery("explain execute probe" + (parameters == 0 ? "" : "(" + nulls + ")"))) {
                while (rs.next()) {
                    plan.add(rs.getString(1));
                }
            }
            st.execute("deallocate probe");
        }
        assertTrue(plan.stream().anyMatch(line -> line.contains(" using " + index + " ")
                        || line.endsWith(" using " + index)), index + " unused by " + sql + ": " + plan);
    }
}
