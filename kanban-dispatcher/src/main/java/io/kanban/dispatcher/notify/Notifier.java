package io.kanban.dispatcher.notify;

import io.kanban.core.Board;
import io.kanban.core.NotifyDelivery;
import io.kanban.core.model.NotifyMessage;
import io.kanban.core.model.NotifySubscription;
import io.kanban.core.notify.DeliveryPolicy;
import io.kanban.core.notify.DeliveryReport;
import io.kanban.core.notify.NotifyTarget;
import io.kanban.core.spi.NotifierHandle;
import io.kanban.core.spi.ProcessProbe;
import io.kanban.dispatcher.Pacer;
import io.kanban.dispatcher.ProcfsProcessProbe;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers subscribed events to their targets, beside the dispatcher in whatever process hosts it. One loop thread
 * looks for work every {@code interval}; each target has its own lane (one thread), so a slow or dead target holds
 * up neither the dispatcher nor the other targets. The rules (what is pending, who holds a subscription, when the
 * cursor moves) are core's {@link NotifyDelivery}: a message is sent only under the subscription's lease and the
 * cursor moves only after a 2xx answer, so a crash repeats at most the message in flight.
 *
 * <pre>{@code
 * Notifier notifier = Notifier.start(board, NotifyConfig.load(System.getenv()));
 * Runtime.getRuntime().addShutdownHook(new Thread(() -> notifier.stop(Duration.ofSeconds(10))));
 * }</pre>
 */
public final class Notifier implements NotifierHandle {
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
    static final long SLICE_MILLIS = 500;
    /** Batches one subscription may take per turn, so a long backlog still lets the lane move on. */
    static final int BATCHES_PER_TURN = 20;

    private final Board board;
    private final NotifyConfig config;
    private final DeliveryPolicy policy;
    private final NotifyDelivery delivery;
    private final TargetClient client;
    private final Clock clock;
    private final String owner;
    private final ProcessProbe probe = new ProcfsProcessProbe();
    private final RandomGenerator random;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Map<String, Boolean> warnedUnknown = new ConcurrentHashMap<>();
    private final Pacer pacer = new Pacer(Duration.ofMillis(SLICE_MILLIS));
    /** The newest event id the last pass saw; a newer one wakes the loop before the interval is up. */
    private volatile long seenHead;
    private volatile DeliveryReport lastPass;

    private Notifier(Board board, NotifyConfig config, RandomGenerator random) {
        this.board = board;
        this.config = config;
        this.policy = config.policy();
        this.delivery = board.notifySubscriptions().delivery();
        this.client = new TargetClient(policy.requestTimeout());
        this.clock = board.options().clock();
        this.owner = delivery.newOwner();
        this.random = random;
    }

    /**
     * A notifier whose loop is not running yet: call {@link #start()} or {@link #deliverOnce()}.
     *
     * @param board the board whose events it delivers
     * @param config the targets and delivery settings
     * @return the notifier
     */
    public static Notifier create(Board board, NotifyConfig config) {
        return new Notifier(board, config, ThreadLocalRandom.current());
    }

    /**
     * A notifier whose loop is already running.
     *
     * @param board the board whose events it delivers
     * @param config the targets and delivery settings
     * @return the running notifier
     */
    public static Notifier start(Board board, NotifyConfig config) {
        return create(board, config).start();
    }

    /**
     * The name this notifier's leases carry: host, pid, a random part (several may share a JVM) and this machine's
     * key, so a notifier restarted here can see that a lease's holder died (core's {@code LeaseOwner}).
     *
     * @return the owner name
     */
    public String owner() {
        return owner;
    }

    /**
     * @return the targets and delivery settings
     */
    public NotifyConfig config() {
        return config;
    }

    /**
     * Starts the loop thread.
     *
     * @return this notifier
     */
    public Notifier start() {
        if (pacer.stopping()) {
            throw new IllegalStateException("this notifier was stopped; create a new one");
        }
        if (started.compareAndSet(false, true)) {
            // New events end the wait early (at once on PostgreSQL, which NOTIFYs; within 100 ms on SQLite), so
            // interval_seconds only bounds how long a quiet board goes unchecked.
            pacer.start("kanban-notifier", config.interval(), this::schedulePass,
                    e -> LOG.warn("notify pass failed; the next one runs as scheduled: {}", e.toString()),
                    timeout -> board.events().awaitAfter(seenHead, timeout));
            LOG.info("notifier started: {} target(s), looking every {} s on {}", config.targets().size(),
                    config.interval().toSeconds(), io.kanban.core.BoardLocation.shown(board.location()));
        }
        return this;
    }

    /**
     * One pass over every target subscription, each target in its lane, and waits for them all.
     *
     * @return what the pass did
     */
    public DeliveryReport deliverOnce() {
        long start = System.nanoTime();
        Tally tally = new Tally();
        List<Future<?>> running = new ArrayList<>();
        for (Map.Entry<String, List<NotifySubscription>> e : byTarget(tally).entrySet()) {
            NotifyTarget target = config.targets().get(e.getKey());
            running.add(lane(target.name()).executor.submit(() -> deliverTarget(target, e.getValue(), tally)));
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException ee) {
                LOG.warn("notify delivery failed: {}", ee.getCause().toString());
            }
        }
        DeliveryReport report = tally.report(pausedTargets(), (System.nanoTime() - start) / 1_000_000);
        lastPass = report;
        return report;
    }

    /** The loop's pass: hands each target's subscriptions to its lane unless the lane is still busy. */
    private void schedulePass() {
        long start = System.nanoTime();
        Tally tally = new Tally();
        for (Map.Entry<String, List<NotifySubscription>> e : byTarget(tally).entrySet()) {
            NotifyTarget target = config.targets().get(e.getKey());
            Lane lane = lane(target.name());
            if (lane.busy.compareAndSet(false, true)) {
                try {
                    lane.executor.execute(() -> {
                        try {
                            deliverTarget(target, e.getValue(), tally);
                        } catch (RuntimeException ex) {
                            LOG.warn("notify delivery to {} failed; the next pass retries: {}", target.name(),
                                    target.redact(ex.toString()));
                        } finally {
                            lane.busy.set(false);
                            lastPass = tally.report(List.of(), (System.nanoTime() - start) / 1_000_000);
                        }
                    });
                } catch (java.util.concurrent.RejectedExecutionException stoppedMeanwhile) {
                    lane.busy.set(false);
                }
            }
        }
    }

    /** Target subscriptions grouped by configured target; the others are counted as waiting and warned once. */
    private Map<String, List<NotifySubscription>> byTarget(Tally tally) {
        Map<String, List<NotifySubscription>> out = new LinkedHashMap<>();
        long latest = delivery.latestEventId();
        seenHead = latest;
        for (NotifySubscription s : delivery.targetSubscriptions()) {
            tally.subscriptions.incrementAndGet();
            NotifyTarget target = config.targets().get(s.targetName());
            if (target == null || !s.targetType().orElseThrow().equals(target.type())) {
                tally.waiting.incrementAndGet();
                if (warnedUnknown.putIfAbsent(s.id(), Boolean.TRUE) == null) {
                    LOG.warn("notify subscription {} names {} target '{}', which is not configured in "
                            + "kanban.notify.targets; it waits until it is", s.id(), s.targetType().get().wire(),
                            s.targetName());
                }
                continue;
            }
            if (s.lastEventId() >= latest && s.delivery().failures() == 0) {
                continue; // nothing new; the common case costs no write
            }
            out.computeIfAbsent(target.name(), k -> new ArrayList<>()).add(s);
        }
        return out;
    }

    private void deliverTarget(NotifyTarget target, List<NotifySubscription> subs, Tally tally) {
        for (NotifySubscription sub : subs) {
            if (pacer.stopping()) {
                return;
            }
            Outcome outcome = deliverSubscription(target, sub, tally);
            if (outcome == Outcome.UNREACHABLE) {
                // The target did not answer at all: its other subscriptions would only wait for the same time-out.
                return;
            }
        }
    }

    private enum Outcome { DONE, WAITING, REFUSED, UNREACHABLE }

    private Outcome deliverSubscription(NotifyTarget target, NotifySubscription sub, Tally tally) {
        Instant now = clock.instant();
        NotifySubscription.DeliveryState state = sub.delivery();
        if (state.retryAt() != null && now.isBefore(state.retryAt())) {
            tally.waiting.incrementAndGet();
            return Outcome.WAITING;
        }
        if (delivery.heldByAnother(sub, owner, probe)) {
            tally.waiting.incrementAndGet();
            return Outcome.WAITING;
        }
        // Look before taking the lease: most passes find nothing for most subscriptions and should write nothing.
        long head = delivery.latestEventId();
        NotifyDelivery.Pending peek = delivery.pending(sub, policy.batch());
        if (peek.messages().isEmpty()) {
            long skipTo = peek.cursorAfter(head);
            if (skipTo > sub.lastEventId() && delivery.claim(sub.id(), owner, policy.leaseTtl(), probe)) {
                delivery.skipped(sub.id(), owner, skipTo, policy.leaseTtl());
            }
            return Outcome.DONE;
        }
        if (!delivery.claim(sub.id(), owner, policy.leaseTtl(), probe)) {
            tally.waiting.incrementAndGet();
            return Outcome.WAITING;
        }
        // Read the cursor again under the lease: another notifier may have moved it since the list was read.
        NotifySubscription current = delivery.reload(sub.id()).orElse(null);
        boolean resumed = false;
        for (int batch = 0; current != null && batch < BATCHES_PER_TURN; batch++) {
            head = delivery.latestEventId();
            NotifyDelivery.Pending pending = delivery.pending(current, policy.batch());
            for (NotifyMessage m : pending.messages()) {
                if (pacer.stopping()) {
                    return Outcome.DONE;
                }
                HttpMessage request = MessageFormat.render(target, current.id(), current.threadId(), m,
                        config.taskLink(m.taskId()));
                TargetClient.Answer answer;
                try {
                    answer = client.send(target, request);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Outcome.DONE;
                }
                if (!answer.accepted()) {
                    recordFailure(target, current, answer, tally);
                    return answer.status() == 0 ? Outcome.UNREACHABLE : Outcome.REFUSED;
                }
                if (!delivery.delivered(current.id(), owner, m.eventId(), policy.leaseTtl())) {
                    LOG.warn("notify subscription {} was taken over by another notifier after event {} was sent",
                            current.id(), m.eventId());
                    return Outcome.WAITING;
                }
                tally.delivered.incrementAndGet();
                if (policy.paused(current.delivery().failures()) && !resumed) {
                    resumed = true;
                    LOG.info("notify target '{}' accepts messages again (subscription {})", target.name(),
                            current.id());
                }
            }
            long skipTo = pending.cursorAfter(head);
            if (skipTo > current.lastEventId()) {
                delivery.skipped(current.id(), owner, skipTo, policy.leaseTtl());
            }
            if (!pending.more()) {
                break;
            }
            current = delivery.reload(current.id()).orElse(null);
        }
        return Outcome.DONE;
    }

    private void recordFailure(NotifyTarget target, NotifySubscription sub, TargetClient.Answer answer, Tally tally) {
        int failures = sub.delivery().failures() + 1;
        Duration wait = policy.retryDelay(failures, random);
        Instant retryAt = Instant.ofEpochSecond(clock.instant().plus(wait).plusMillis(999).getEpochSecond());
        String error = target.redact(answer.describe());
        delivery.failed(sub.id(), owner, error, retryAt);
        tally.failed.incrementAndGet();
        tally.errors.add(target.name() + " (" + sub.id() + "): " + error);
        if (failures == policy.pauseAfter()) {
            LOG.warn("notify target '{}' paused: {} failures in a row for subscription {} (last: {}); it keeps "
                            + "retrying every {} s at most and resumes by itself", target.name(), failures, sub.id(),
                    error, policy.backoffCap().toSeconds());
        } else {
            LOG.info("notify delivery to '{}' failed ({}); retry in {} s", target.name(), error,
                    Math.max(1, wait.toSeconds()));
        }
    }

    /** Targets with a subscription failing {@code pause_after_failures} times in a row, as the board records it. */
    private List<String> pausedTargets() {
        List<String> out = new ArrayList<>();
        for (NotifySubscription s : delivery.targetSubscriptions()) {
            if (policy.paused(s.delivery().failures()) && !out.contains(s.targetName())) {
                out.add(s.targetName());
            }
        }
        return out;
    }

    private Lane lane(String target) {
        return lanes.computeIfAbsent(target, name -> new Lane(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "kanban-notify-" + name);
            t.setDaemon(true);
            return t;
        })));
    }

    @Override
    public void nudge() {
        pacer.nudge();
    }

    @Override
    public Optional<DeliveryReport> lastPass() {
        return Optional.ofNullable(lastPass);
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
        long deadline = System.nanoTime() + Math.max(1, timeout.toNanos());
        pacer.stopAndAwait(timeout);
        for (Map.Entry<String, Lane> e : lanes.entrySet()) {
            ExecutorService ex = e.getValue().executor;
            ex.shutdown();
            try {
                long left = Math.max(1, deadline - System.nanoTime());
                if (!ex.awaitTermination(left, TimeUnit.NANOSECONDS)) {
                    LOG.warn("notify delivery to '{}' still running after {} s; interrupting it", e.getKey(),
                            timeout.toSeconds());
                    ex.shutdownNow();
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                ex.shutdownNow();
            }
        }
        try {
            delivery.release(owner);
        } catch (RuntimeException e) {
            LOG.debug("could not release notify leases; they expire by themselves", e);
        }
        LOG.info("notifier stopped");
    }

    private record Lane(ExecutorService executor, AtomicBoolean busy) {
        Lane(ExecutorService executor) {
            this(executor, new AtomicBoolean());
        }
    }

    /** Counters one pass fills from several lanes. */
    private static final class Tally {
        final AtomicInteger subscriptions = new AtomicInteger();
        final AtomicInteger delivered = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger waiting = new AtomicInteger();
        final List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());

        DeliveryReport report(List<String> paused, long elapsedMillis) {
            return new DeliveryReport(subscriptions.get(), delivered.get(), failed.get(), waiting.get(), paused,
                    new ArrayList<>(errors), elapsedMillis);
        }
    }
}
