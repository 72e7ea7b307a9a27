package io.kanban.core.metrics;

import io.kanban.core.Board;
import io.kanban.core.dispatch.TickReport;
import io.kanban.core.model.EventKind;
import io.kanban.core.spi.BoardObserver;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Micrometer {@link MeterBinder} for one board. What it reads from the board (cards, ages, workers, event
 * counts, backlog) is the same in every process that binds it; the two timers time what this process does
 * through its {@link Board} handle.
 *
 * <table>
 * <caption>Meters (Prometheus names in brackets)</caption>
 * <tr><th>meter</th><th>kind</th><th>what</th></tr>
 * <tr><td>{@code kanban.cards} [{@code kanban_cards}]</td><td>gauge, tag {@code status}</td>
 *     <td>tasks in each status, archived included</td></tr>
 * <tr><td>{@code kanban.ready.oldest.age} [{@code kanban_ready_oldest_age_seconds}]</td><td>gauge</td>
 *     <td>how long the oldest ready task has waited since it last became ready; 0 when none is ready</td></tr>
 * <tr><td>{@code kanban.workers.running} [{@code kanban_workers_running}]</td><td>gauge</td>
 *     <td>running tasks with a worker process recorded</td></tr>
 * <tr><td>{@code kanban.events} [{@code kanban_events_total}]</td><td>counter, tag {@code kind}</td>
 *     <td>events in the board's log by kind: {@code spawned}, {@code crashed}, {@code timed_out},
 *     {@code gave_up}, {@code spawn_failed}, {@code reclaimed}, {@code completed}, ...</td></tr>
 * <tr><td>{@code kanban.notify.backlog} [{@code kanban_notify_backlog}]</td><td>gauge</td>
 *     <td>notifications waiting to be sent to configured targets</td></tr>
 * <tr><td>{@code kanban.claim} [{@code kanban_claim_seconds}]</td><td>timer, tag {@code outcome}
 *     ({@code claimed}, {@code missed})</td><td>claim attempts made through this process's handle</td></tr>
 * <tr><td>{@code kanban.dispatch.tick} [{@code kanban_dispatch_tick_seconds}]</td><td>timer</td>
 *     <td>dispatch ticks run through this process's handle</td></tr>
 * </table>
 *
 * <p>The board is read at most once per {@code refresh} (default {@value #DEFAULT_REFRESH_SECONDS} s, by the
 * board's clock), however many gauges a scrape reads. Event counts are tallied from the log itself, so they
 * survive restarts and include what other processes did; they restart from the log's remaining events after
 * {@code Tasks.gc} deletes old ones, which a monitoring system reads as a counter reset. The first refresh on a
 * long log reads at most {@value #MAX_EVENT_PAGES} pages of events; later scrapes catch up with the rest. The
 * backlog counts at most one page of events per subscription. A failed read is logged and the previous
 * values stay.
 *
 * <pre>{@code
 * KanbanMetrics metrics = new KanbanMetrics(board);
 * metrics.bindTo(registry);          // any MeterRegistry: Prometheus, OTLP, JMX, ...
 * // ... on shutdown, before board.close():
 * metrics.close();
 * }</pre>
 */
public final class KanbanMetrics implements MeterBinder, AutoCloseable {
    /** The default of {@code refresh}, in seconds. */
    public static final long DEFAULT_REFRESH_SECONDS = 5;
    /** How long a read of the board serves the gauges by default. */
    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(DEFAULT_REFRESH_SECONDS);
    /** At most this many pages of events are tallied per refresh. */
    public static final int MAX_EVENT_PAGES = 100;

    private final BoardSampler sampler;
    private final Clock clock;
    private final Duration refresh;
    private final List<Timer> claimed = new CopyOnWriteArrayList<>();
    private final List<Timer> missed = new CopyOnWriteArrayList<>();
    private final List<Timer> ticks = new CopyOnWriteArrayList<>();
    private final AutoCloseable registration;
    private BoardSample sample;
    private Instant sampledAt;

    /**
     * Metrics of {@code board}, read at most every {@link #DEFAULT_REFRESH}.
     *
     * @param board a whole-board handle (not a tenant's), open for as long as the meters are read
     * @throws IllegalArgumentException if {@code board} is a tenant handle
     */
    public KanbanMetrics(Board board) {
        this(board, DEFAULT_REFRESH);
    }

    /**
     * Metrics of {@code board}, read at most once per {@code refresh} by the board's clock.
     *
     * @param board a whole-board handle (not a tenant's), open for as long as the meters are read
     * @param refresh how long one read of the board serves the gauges; zero reads it on every gauge read
     * @throws IllegalArgumentException if {@code board} is a tenant handle or {@code refresh} is negative
     */
    public KanbanMetrics(Board board, Duration refresh) {
        Objects.requireNonNull(board, "board");
        if (board.tenant() != null) {
            throw new IllegalArgumentException("metrics cover a whole board; tenant handle '" + board.tenant()
                    + "' given");
        }
        if (refresh == null || refresh.isNegative()) {
            throw new IllegalArgumentException("refresh must be zero or positive");
        }
        this.sampler = new BoardSampler(board, MAX_EVENT_PAGES);
        this.clock = board.options().clock();
        this.refresh = refresh;
        this.registration = board.observe(new Observer());
    }

    /**
     * Registers this board's meters with {@code registry}. May be called for several registries.
     *
     * @param registry where the meters go
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        for (String status : BoardSample.STATUSES) {
            Gauge.builder("kanban.cards", this, m -> m.current().cards(status))
                    .tag("status", status)
                    .strongReference(true)
                    .description("Tasks on the board in this status")
                    .register(registry);
        }
        Gauge.builder("kanban.ready.oldest.age", this, m -> m.current().oldestReadyAgeSeconds())
                .baseUnit("seconds")
                .description("How long the oldest ready task has waited since it became ready (0: none ready)")
                .strongReference(true)
                .register(registry);
        Gauge.builder("kanban.workers.running", this, m -> m.current().runningWorkersValue())
                .description("Running tasks with a worker process")
                .strongReference(true)
                .register(registry);
        Gauge.builder("kanban.notify.backlog", this, m -> m.current().notifyBacklogValue())
                .description("Notifications waiting to be sent to configured targets")
                .strongReference(true)
                .register(registry);
        for (EventKind kind : EventKind.values()) {
            FunctionCounter.builder("kanban.events", this, m -> m.current().events(kind.wire()))
                    .tag("kind", kind.wire())
                    .description("Events in the board's log, by kind")
                    .register(registry);
        }
        claimed.add(Timer.builder("kanban.claim").tag("outcome", "claimed")
                .description("Claim attempts through this process's board handle").register(registry));
        missed.add(Timer.builder("kanban.claim").tag("outcome", "missed")
                .description("Claim attempts through this process's board handle").register(registry));
        ticks.add(Timer.builder("kanban.dispatch.tick")
                .description("Dispatch ticks through this process's board handle").register(registry));
    }

    /** Stops timing this board's claims and ticks; the registered gauges keep their last values. */
    @Override
    public void close() {
        try {
            registration.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    synchronized BoardSample current() {
        Instant now = clock.instant();
        if (sample == null || !now.isBefore(sampledAt.plus(refresh))) {
            sample = sampler.sample(sample);
            sampledAt = now;
        }
        return sample;
    }

    private final class Observer implements BoardObserver {
        @Override
        public void claimed(Duration took, boolean won) {
            for (Timer t : won ? claimed : missed) {
                t.record(took);
            }
        }

        @Override
        public void ticked(TickReport report) {
            for (Timer t : ticks) {
                t.record(Duration.ofMillis(report.elapsedMillis()));
            }
        }
    }
}
