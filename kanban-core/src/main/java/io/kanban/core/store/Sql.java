package io.kanban.core.store;

import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.ParamType;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * Renders the fixed statements once, at class load. Parameters made with {@code DSL.param(name, …)} come out
 * as SQLite named parameters ({@code :name}), bound by position in order of appearance, so each name must be
 * used once per statement; every other value is inlined as a constant.
 */
final class Sql {
    static final DSLContext RENDER = DSL.using(SQLDialect.SQLITE,
            new Settings().withParamType(ParamType.NAMED_OR_INLINED));

    /** jOOQ emulates RETURNING for SQLite through generated keys; SQLite has had it natively since 3.35. */
    static final String RETURNING_ID = " returning id";

    private Sql() {
    }
}
