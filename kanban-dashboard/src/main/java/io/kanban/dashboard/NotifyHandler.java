package io.kanban.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.kanban.core.Board;
import io.kanban.core.model.NotifySubscription;
import io.kanban.core.error.ValidationError;
import io.kanban.core.notify.DeliveryPolicy;
import io.kanban.core.notify.NotifyRequest;
import io.kanban.core.notify.SubscriptionHealth;
import io.kanban.core.notify.TargetCheck;
import io.kanban.core.notify.TargetSummary;
import io.kanban.core.spi.NotifierProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Notify targets and subscriptions: list the configured targets (URLs masked, secrets never), subscribe a target
 * to a task, the board or a tenant, unsubscribe, send a test message. The rules are the core's; targets come
 * from the notifier the dispatcher module provides.
 */
final class NotifyHandler {
    static final Set<String> SUBSCRIBE_FIELDS = Set.of("task_id", "tenant", "target", "kinds", "descendants",
            "thread", "user");

    private final Board board;
    private final ObjectMapper mapper;
    private final Optional<NotifierProvider> provider;
    private final Map<String, String> env;

    NotifyHandler(Board board, ObjectMapper mapper, Optional<NotifierProvider> provider, Map<String, String> env) {
        this.board = board;
        this.mapper = mapper;
        this.provider = provider;
        this.env = env;
    }

    private NotifierProvider notifier() {
        return provider.orElseThrow(() -> new ApiError(409, "no_notifier",
                "notifications need the kanban-dispatcher module, which this dashboard does not have"));
    }

    void targets(Context ctx) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (TargetSummary t : provider.isPresent() ? notifier().targets(env) : List.<TargetSummary>of()) {
            out.add(target(t));
        }
        ctx.json(Map.of("targets", out));
    }

    void list(Context ctx) {
        String task = ctx.queryParam("task");
        ctx.json(Map.of("subscriptions", board.notifySubscriptions().list(task == null || task.isBlank() ? null : task)));
    }

    void subscribe(Context ctx) {
        JsonBody in = JsonBody.of(ctx, mapper, SUBSCRIBE_FIELDS);
        String name = in.requireText("target");
        TargetSummary t = notifier().targets(env).stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> ApiError.badRequest("target", "no notify target named '" + name
                        + "' in kanban.notify.targets"));
        String task = BoardHandler.blankToNull(in.text("task_id"));
        String tenant = BoardHandler.blankToNull(in.text("tenant"));
        NotifyRequest request = task != null ? NotifyRequest.task(task, t.type(), t.name())
                : tenant != null ? NotifyRequest.tenant(tenant, t.type(), t.name())
                : NotifyRequest.board(t.type(), t.name());
        NotifySubscription s = board.notifySubscriptions().subscribe(request.withKinds(in.texts("kinds"))
                .withDescendants(in.bool("descendants", false)).withThread(in.text("thread"))
                .withUser(BoardHandler.blankToNull(in.text("user"))));
        ctx.status(201).json(s);
    }

    void unsubscribe(Context ctx) {
        String id = ctx.pathParam("subId");
        if (!board.notifySubscriptions().unsubscribe(id)) {
            throw new ApiError(404, "not_found", "no subscription " + id);
        }
        ctx.json(Map.of("id", id, "removed", true));
    }

    void test(Context ctx) {
        String name = ctx.pathParam("name");
        NotifierProvider p = notifier();
        if (p.targets(env).stream().noneMatch(x -> x.name().equals(name))) {
            throw new ApiError(404, "not_found", "no notify target named '" + name + "'");
        }
        TargetCheck check = p.test(name, env);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("target", check.target());
        out.put("accepted", check.accepted());
        out.put("status", check.status());
        out.put("detail", check.detail());
        ctx.json(out);
    }

    /**
     * Target subscriptions that are failing, for the warnings panel; paused ones first, judged by the configured
     * {@code pause_after_failures}. A config that does not parse falls back to the defaults here: the warnings
     * panel still shows, and the notify routes report the bad key.
     */
    List<ObjectNode> troubles() {
        DeliveryPolicy policy;
        try {
            policy = provider.map(p -> p.policy(env)).orElse(DeliveryPolicy.DEFAULT);
        } catch (ValidationError badConfig) {
            policy = DeliveryPolicy.DEFAULT;
        }
        List<ObjectNode> out = new ArrayList<>();
        for (NotifySubscription s : board.notifySubscriptions().delivery().targetSubscriptions()) {
            if (s.delivery().failures() > 0) {
                ObjectNode m = mapper.valueToTree(s);
                m.put("paused", policy.health(s) == SubscriptionHealth.PAUSED);
                out.add(m);
            }
        }
        out.sort((a, b) -> Boolean.compare(b.get("paused").asBoolean(), a.get("paused").asBoolean()));
        return out;
    }

    static Map<String, Object> target(TargetSummary t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", t.name());
        m.put("type", t.type().wire());
        m.put("url", t.url());
        m.put("signed", t.signed());
        return m;
    }
}
