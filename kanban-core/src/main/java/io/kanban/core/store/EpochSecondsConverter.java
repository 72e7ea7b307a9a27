package io.kanban.core.store;

import java.time.Instant;
import org.jooq.impl.AbstractConverter;

/** Maps the reference layout's epoch-second INTEGER columns to {@link Instant}. */
public final class EpochSecondsConverter extends AbstractConverter<Long, Instant> {

    /** The converter jOOQ's generated tables use (named in the build's code generation). */
    public EpochSecondsConverter() {
        super(Long.class, Instant.class);
    }

    @Override
    public Instant from(Long seconds) {
        return seconds == null ? null : Instant.ofEpochSecond(seconds);
    }

    @Override
    public Long to(Instant instant) {
        return instant == null ? null : instant.getEpochSecond();
    }
}
