package io.kanban.core.spi;

import io.kanban.core.Board;
import io.kanban.core.notify.DeliveryPolicy;
import io.kanban.core.notify.DeliveryReport;
import io.kanban.core.notify.TargetCheck;
import io.kanban.core.notify.TargetSummary;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * How front ends reach the notifier without compiling against it: kanban-dispatcher registers an implementation
 * under {@code META-INF/services/io.kanban.core.spi.NotifierProvider}. Targets come from {@code kanban.notify} in
 * the config file {@code env}'s {@code HERMES_HOME} names. The dispatcher the same module provides starts a notifier
 * beside itself; {@link #start} is for hosts that want one on its own.
 */
public interface NotifierProvider {

    /**
     * The configured targets, with secrets masked.
     *
     * @param env the process environment; its {@code HERMES_HOME} names the config file
     * @return one summary per target
     * @throws io.kanban.core.error.ValidationError if the configuration is bad; it names the key
     */
    List<TargetSummary> targets(Map<String, String> env);

    /**
     * The configured delivery policy ({@code kanban.notify}: lease, backoff, {@code pause_after_failures}); the
     * defaults when nothing is configured. Front ends judge a subscription's state by it, as the notifier does.
     *
     * @param env the process environment; its {@code HERMES_HOME} names the config file
     * @return the delivery policy
     */
    DeliveryPolicy policy(Map<String, String> env);

    /**
     * @param env the process environment; its {@code HERMES_HOME} names the config file
     * @return true when a host running the dispatcher should run a notifier too: targets exist and it is not
     *         disabled
     */
    boolean enabledInHost(Map<String, String> env);

    /**
     * Starts the periodic notifier loop in this process.
     *
     * @param board the board whose events are delivered
     * @param env the process environment; its {@code HERMES_HOME} names the config file
     * @return the running loop
     */
    NotifierHandle start(Board board, Map<String, String> env);

    /**
     * One delivery pass now, waiting for it: what {@code kanban notify deliver} runs.
     *
     * @param board the board whose events are delivered
     * @param env the process environment; its {@code HERMES_HOME} names the config file
     * @return what the pass sent, skipped and failed
     */
    DeliveryReport deliverOnce(Board board, Map<String, String> env);

    /**
     * Sends a test message to one target now and reports its answer; the board's cursors are not touched.
     *
     * @param target the configured target's name
     * @param env the process environment; its {@code HERMES_HOME} names the config file
     * @return the target's answer
     */
    TargetCheck test(String target, Map<String, String> env);

    /** @return the provider on the class path (kanban-dispatcher), if any */
    static Optional<NotifierProvider> find() {
        return ServiceLoader.load(NotifierProvider.class).findFirst();
    }
}
