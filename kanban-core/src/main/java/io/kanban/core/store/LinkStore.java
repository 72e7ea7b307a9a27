package io.kanban.core.store;

import static io.kanban.core.store.StatementSet.param;
import static io.kanban.core.store.jooq.Tables.TASK_LINKS;

import java.util.List;
import org.jooq.DSLContext;

/** Every statement on {@code task_links} (parent -> child edges). */
public final class LinkStore {

    private static final Sql INSERT = Sql.of(LinkStore.class, "INSERT");

    private static final Sql DELETE = Sql.of(LinkStore.class, "DELETE");

    private static final Sql HAS_CHILDREN = Sql.of(LinkStore.class, "HAS_CHILDREN");
    /** One mapper for the probe and its prefetch: a prefetched answer is matched by mapper instance. */
    private static final RowMapper<Boolean> FOUND = rs -> Boolean.TRUE;
    private static final Sql PARENTS = Sql.of(LinkStore.class, "PARENTS");

    private static final Sql CHILDREN = Sql.of(LinkStore.class, "CHILDREN");

    /** Is {@code candidate} an ancestor of {@code taskId} (or the task itself)? Walks parent edges upward. */
    private static final String IS_ANCESTOR =
            "WITH RECURSIVE ancestors(id) AS (SELECT CAST(? AS TEXT) UNION SELECT l.parent_id FROM task_links l"
                    + " JOIN ancestors a ON l.child_id = a.id) SELECT 1 FROM ancestors WHERE id = ? LIMIT 1";

    private LinkStore() {
    }

    /**
     * @return true when the edge is new
     *
     * @param tx the open transaction
     * @param parentId the parent's id
     * @param childId the child's id
     */
    public static boolean insert(Tx tx, String parentId, String childId) {
        return tx.update(INSERT, parentId, childId) == 1;
    }

    /**
     * @return true when an edge was removed
     *
     * @param tx the open transaction
     * @param parentId the parent's id
     * @param childId the child's id
     */
    public static boolean delete(Tx tx, String parentId, String childId) {
        return tx.update(DELETE, parentId, childId) == 1;
    }

    /**
     * @param tx the open transaction
     * @param childId the child's id
     * @return the ids of its parents
     */
    public static List<String> parents(Tx tx, String childId) {
        return tx.query(PARENTS, rs -> rs.getString(1), childId);
    }

    /**
     * @param tx the open transaction
     * @param parentId the parent's id
     * @return whether any task names it as parent
     */
    public static boolean hasChildren(Tx tx, String parentId) {
        return tx.queryOne(HAS_CHILDREN, FOUND, parentId).isPresent();
    }

    /**
     * Says the transaction will soon ask {@link #hasChildren} of this task (see {@link Tx#prefetch}).
     *
     * @param tx the open transaction
     * @param parentId the parent's id
     */
    public static void prefetchHasChildren(Tx tx, String parentId) {
        tx.prefetch(HAS_CHILDREN, FOUND, parentId);
    }

    /**
     * @param tx the open transaction
     * @param parentId the parent's id
     * @return the ids of its children
     */
    public static List<String> children(Tx tx, String parentId) {
        return tx.query(CHILDREN, rs -> rs.getString(1), parentId);
    }

    /**
     * @param tx the open transaction
     * @param candidate the task that may be an ancestor
     * @param taskId the task's id
     * @return true if it is
     */
    public static boolean isAncestorOrSelf(Tx tx, String candidate, String taskId) {
        return tx.queryOne(IS_ANCESTOR, rs -> Boolean.TRUE, taskId, candidate).isPresent();
    }

    /** The statements above, written with jOOQ from the generated tables (see {@link StatementSource}). */
    static final class Definitions implements StatementSource {
        @Override
        public Class<?> store() {
            return LinkStore.class;
        }

        @Override
        public void define(StatementSet s) {
            DSLContext sql = s.dsl();
            s.put("INSERT", sql.insertInto(TASK_LINKS, TASK_LINKS.PARENT_ID, TASK_LINKS.CHILD_ID)
                    .values(param(TASK_LINKS.PARENT_ID), param(TASK_LINKS.CHILD_ID))
                    .onConflictDoNothing());
            s.put("DELETE", sql.deleteFrom(TASK_LINKS)
                    .where(TASK_LINKS.PARENT_ID.eq(param(TASK_LINKS.PARENT_ID)))
                    .and(TASK_LINKS.CHILD_ID.eq(param(TASK_LINKS.CHILD_ID))));
            s.put("HAS_CHILDREN", sql.selectOne().from(TASK_LINKS)
                    .where(TASK_LINKS.PARENT_ID.eq(param(TASK_LINKS.PARENT_ID))).limit(1));
            s.put("PARENTS", sql.select(TASK_LINKS.PARENT_ID).from(TASK_LINKS)
                    .where(TASK_LINKS.CHILD_ID.eq(param(TASK_LINKS.CHILD_ID))).orderBy(TASK_LINKS.PARENT_ID));
            s.put("CHILDREN", sql.select(TASK_LINKS.CHILD_ID).from(TASK_LINKS)
                    .where(TASK_LINKS.PARENT_ID.eq(param(TASK_LINKS.PARENT_ID))).orderBy(TASK_LINKS.CHILD_ID));
        }
    }
}
