package io.kanban.core.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.ClassTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class once on SQLite and once on PostgreSQL, and gives each test a {@link ScratchBoard} on that
 * backend as a constructor or method parameter: a fresh board per test, closed after it.
 *
 * <p>PostgreSQL comes from {@value Backend#URL_VARIABLE}; without it, the PostgreSQL run's tests are skipped, or
 * fail where {@value Backend#REQUIRE_VARIABLE}=1.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ClassTemplate
@ExtendWith(ScratchBoards.class)
public @interface OnEachBackend {
}
