package io.kanban.dispatcher.notify;

import io.kanban.core.Board;
import io.kanban.core.model.NotifyMessage;
import io.kanban.core.notify.DeliveryPolicy;
import io.kanban.core.notify.DeliveryReport;
import io.kanban.core.notify.NotifyTarget;
import io.kanban.core.notify.TargetCheck;
import io.kanban.core.notify.TargetSummary;
import io.kanban.core.spi.NotifierHandle;
import io.kanban.core.spi.NotifierProvider;
import io.kanban.dispatcher.ConfigFile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The notifier front ends find through {@link java.util.ServiceLoader}, configured from {@code kanban.notify}. */
public final class ProcessNotifierProvider implements NotifierProvider {

    @Override
    public List<TargetSummary> targets(Map<String, String> env) {
        return NotifyConfig.load(env).targets().values().stream().map(TargetSummary::of).toList();
    }

    @Override
    public DeliveryPolicy policy(Map<String, String> env) {
        return NotifyConfig.load(env).policy();
    }

    @Override
    public boolean enabledInHost(Map<String, String> env) {
        NotifyConfig config = NotifyConfig.load(env);
        return config.enabled() && !config.targets().isEmpty() && ConfigFile.load(env).dispatchInGateway();
    }

    @Override
    public NotifierHandle start(Board board, Map<String, String> env) {
        return Notifier.start(board, NotifyConfig.load(env));
    }

    @Override
    public DeliveryReport deliverOnce(Board board, Map<String, String> env) {
        Notifier notifier = Notifier.create(board, NotifyConfig.load(env));
        try {
            return notifier.deliverOnce();
        } finally {
            notifier.stop(Duration.ofSeconds(30));
        }
    }

    @Override
    public TargetCheck test(String target, Map<String, String> env) {
        return sendTest(NotifyConfig.load(env), target);
    }

    /** Sends a message that names itself a test; it has event id 0, which no real event has. */
    static TargetCheck sendTest(NotifyConfig config, String name) {
        NotifyTarget target = config.require(name);
        NotifyMessage m = new NotifyMessage(0, "test", Instant.now(), "t_test", "Kanban notification test", null,
                null, null, "If you can read this, the kanban notifier reaches target '" + name + "'.");
        HttpMessage request = MessageFormat.render(target, null, "", m, null);
        TargetClient.Answer answer;
        try {
            answer = new TargetClient(config.policy().requestTimeout()).send(target, request);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new TargetCheck(name, false, 0, "interrupted");
        }
        return new TargetCheck(name, answer.accepted(), answer.status(), answer.detail());
    }
}
