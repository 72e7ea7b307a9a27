package io.kanban.core.store;

import static io.kanban.core.store.jooq.Tables.TASK_LINKS;

import java.util.List;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/** Every statement on {@code task_links} (parent -> child edges). */
public final class LinkStore {

    private static final String INSERT = Statements.sql("LinkStore.INSERT");

    private static final String DELETE = Statements.sql("LinkStore.DELETE");

    private static final String HAS_CHILDREN = Statements.sql("LinkStore.HAS_CHILDREN");
    private static final String PARENTS = Statements.sql("LinkStore.PARENTS");

    private static final String CHILDREN = Statements.sql("LinkStore.CHILDREN");

    /** Is {@code candidate} an ancestor of {@code taskId} (or the task itself)? Walks parent edges upward. */
    private static final String IS_ANCESTOR =
            "WITH RECURSIVE ancestors(id) AS (SELECT CAST(? AS TEXT) UNION SELECT l.parent_id FROM task_links l"
                    + " JOIN ancestors a ON l.child_id = a.id) SELECT 1 FROM ancestors WHERE id = ? LIMIT 1";

    private LinkStore() {
    }

    /** @return true when the edge is new */
    public static boolean insert(Tx tx, String parentId, String childId) {
        return tx.update(INSERT, parentId, childId) == 1;
    }

    /** @return true when an edge was removed */
    public static boolean delete(Tx tx, String parentId, String childId) {
        return tx.update(DELETE, parentId, childId) == 1;
    }

    public static List<String> parents(Tx tx, String childId) {
        return tx.query(PARENTS, rs -> rs.getString(1), childId);
    }

    public static boolean hasChildren(Tx tx, String parentId) {
        return tx.queryOne(HAS_CHILDREN, rs -> Boolean.TRUE, parentId).isPresent();
    }

    public static List<String> children(Tx tx, String parentId) {
        return tx.query(CHILDREN, rs -> rs.getString(1), parentId);
    }

    public static boolean isAncestorOrSelf(Tx tx, String candidate, String taskId) {
        return tx.queryOne(IS_ANCESTOR, rs -> Boolean.TRUE, taskId, candidate).isPresent();
    }
}
