package io.kanban.dispatcher;

import io.kanban.core.Board;
import io.kanban.core.dispatch.DispatchPolicy;
import io.kanban.core.dispatch.HealthReport;
import io.kanban.core.dispatch.HostLoad;
import io.kanban.core.dispatch.TickReport;
import io.kanban.core.spi.DispatcherHandle;
import io.kanban.core.spi.ProcessProbe;
import io.kanban.core.spi.WorkerLauncher;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic dispatcher, embeddable in any host process. One thread ticks every {@code dispatch_interval},
 * sleeping in one-second slices so that {@link #nudge()} and {@link #stop(Duration)} act promptly. Ticks never
 * overlap (the loop and {@link #tickOnce()} share a lock); a failing tick is logged and the loop goes on.
 * {@link #stop(Duration)} starts no new tick, lets the current one finish and is safe from a shutdown hook.
 *
 * <pre>{@code
 * DispatcherService dispatcher = DispatcherService.start(board, ConfigFile.load(System.getenv()));
 * Runtime.getRuntime().addShutdownHook(new Thread(() -> dispatcher.stop(Duration.ofSeconds(10))));
 * }</pre>
 */
public final class DispatcherService implements DispatcherHandle {
    static final long SLICE_MILLIS = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(DispatcherService.class);

    private final Board board;
    private final DispatchPolicy policy;
    private final Duration interval;
    private final WorkerLauncher launcher;
    private final ProcessProbe probe;
    private final SpawnFailureRecorder recorder;
    private final QueueHealth health;
    /** The home's other boards, counted against the host-wide caps; null when this dispatcher knows no home. */
    private final HomeLoad homeLoad;
    private final ReentrantLock tickLock = new ReentrantLock();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Pacer pacer = new Pacer(Duration.ofMillis(SLICE_MILLIS));
    private volatile TickReport lastTick;

    private DispatcherService(Board board, DispatcherConfig config, WorkerLauncher launcher, ProcessProbe probe,
                              SpawnFailureRecorder recorder, HomeLoad homeLoad) {
        this.board = board;
        this.policy = config.policy();
        this.interval = config.dispatchInterval();
        this.launcher = launcher;
        this.probe = probe;
        this.recorder = recorder;
        this.health = new QueueHealth(board, policy, config.stuckThreshold());
        this.homeLoad = homeLoad;
    }

    /**
     * A dispatcher with real worker processes whose loop is already running; workers inherit this JVM's env.
     *
     * @param board the board to dispatch
     * @param config the settings
     * @return the running service
     */
    public static DispatcherService start(Board board, DispatcherConfig config) {
        return start(board, config, System.getenv());
    }

    /**
     * A dispatcher with real worker processes whose loop is already running; workers inherit {@code env}.
     *
     * @param board the board to dispatch
     * @param config the settings
     * @param env the environment workers start with
     * @return the running service
     */
    public static DispatcherService start(Board board, DispatcherConfig config, Map<String, String> env) {
        DispatcherService service = create(board, config, env);
        service.start();
        return service;
    }

    /**
     * A dispatcher with real worker processes, not yet looping: call {@link #start()} or {@link #tickOnce()}. The
     * workers on the other boards of the Hermes home {@code env} names count against its host-wide caps.
     *
     * @param board the board to dispatch
     * @param config the settings
     * @param env the environment workers start with
     * @return the service
     */
    public static DispatcherService create(Board board, DispatcherConfig config, Map<String, String> env) {
        SpawnFailureRecorder recorder = new SpawnFailureRecorder(board, config.policy());
        return new DispatcherService(board, config, new ProcessWorkerLauncher(config, env,
                ProcessWorkerLauncher.findSetsid().orElse(null), recorder, board.options().clock()),
                new ProcfsProcessProbe(), recorder, new HomeLoad(board.location(), env));
    }

    /**
     * A dispatcher over any launcher and probe (tests, other process models); it counts this board only.
     *
     * @param board the board to dispatch
     * @param config the settings
     * @param launcher starts and stops workers
     * @param probe says whether a worker lives
     * @return the service, not yet looping
     */
    public static DispatcherService create(Board board, DispatcherConfig config, WorkerLauncher launcher,
                                           ProcessProbe probe) {
        return new DispatcherService(board, config, launcher, probe, null, null);
    }

    /**
     * Starts the loop thread; the first tick runs at once.
     *
     * @return this service
     */
    public DispatcherService start() {
        if (pacer.stopping()) {
            throw new IllegalStateException("this dispatcher was stopped; create a new one");
        }
        if (started.compareAndSet(false, true)) {
            pacer.start("kanban-dispatcher", interval, this::tick, e -> {
                LOG.warn("dispatch tick failed; the next one runs as scheduled: {}", e.toString());
                LOG.debug("dispatch tick failure", e);
            });
            LOG.info("dispatcher started: a tick every {} s on {}", interval.toSeconds(), io.kanban.core.BoardLocation.shown(board.location()));
        }
        return this;
    }

    /**
     * One tick now, in the caller's thread, serialized with the loop's ticks.
     *
     * @return what the tick did
     */
    public TickReport tickOnce() {
        if (pacer.stopping()) {
            throw new IllegalStateException("the dispatcher is stopped");
        }
        return tick();
    }

    private TickReport tick() {
        tickLock.lock();
        try {
            TickReport report = board.dispatch().tick(policy, launcher, probe,
                    homeLoad == null ? HostLoad.NONE : homeLoad.read());
            if (hasNews(report)) {
                LOG.info("tick: {} spawned, {} failed, {} crashed, {} rate-limited, {} timed out, {} reclaimed, "
                                + "{} gave up, {} promoted, {} waiting{}", report.spawned().size(),
                        report.failed().size(), report.crashed().size(), report.rateLimited().size(),
                        report.timedOut().size(), report.reclaimed().size(), report.gaveUp().size(),
                        report.promoted(), report.skipped().size(), report.memoryPressure() == null ? ""
                                : "; memory pressure " + report.memoryPressure());
            }
            try {
                health.observe(report);
            } catch (RuntimeException e) {
                // The tick itself succeeded; telemetry failing must not make it look failed.
                LOG.warn("stuck-queue check failed: {}", e.toString());
            }
            // Published after the verdict: whoever sees this tick also sees its health().
            lastTick = report;
            return report;
        } finally {
            tickLock.unlock();
        }
    }

    private static boolean hasNews(TickReport r) {
        return !r.spawned().isEmpty() || !r.failed().isEmpty() || !r.crashed().isEmpty() || !r.timedOut().isEmpty()
                || !r.rateLimited().isEmpty() || r.memoryPressure() != null
                || !r.reclaimed().isEmpty() || !r.gaveUp().isEmpty() || r.promoted() > 0;
    }

    @Override
    public void nudge() {
        pacer.nudge();
    }

    @Override
    public Optional<TickReport> lastTick() {
        return Optional.ofNullable(lastTick);
    }

    /** The stuck-queue verdict of the last tick, judged by core; {@link HealthReport#NOT_CHECKED} before one. */
    @Override
    public HealthReport health() {
        return health.latest();
    }

    /**
     * The rules the ticks apply.
     *
     * @return the policy
     */
    public DispatchPolicy policy() {
        return policy;
    }

    /**
     * Time between the loop's ticks.
     *
     * @return the interval
     */
    public Duration interval() {
        return interval;
    }

    @Override
    public boolean isRunning() {
        return pacer.running();
    }

    @Override
    public void stop(Duration timeout) {
        if (!stopped.compareAndSet(false, true)) {
            pacer.stop();
            return;
        }
        pacer.stopAndAwait(timeout).ifPresent(t -> {
            LOG.warn("dispatcher tick still running after {} s; interrupting it", timeout.toSeconds());
            t.interrupt();
        });
        if (recorder != null) {
            recorder.close();
        }
        if (homeLoad != null) {
            homeLoad.close();
        }
        LOG.info("dispatcher stopped");
    }
}
