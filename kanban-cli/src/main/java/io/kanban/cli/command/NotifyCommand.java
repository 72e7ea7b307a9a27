package io.kanban.cli.command;

import io.kanban.cli.CliFailure;
import io.kanban.cli.UsageFailure;
import io.kanban.cli.render.Table;
import io.kanban.core.model.NotifySubscription;
import io.kanban.core.notify.DeliveryPolicy;
import io.kanban.core.notify.DeliveryReport;
import io.kanban.core.notify.NotifyKinds;
import io.kanban.core.notify.NotifyRequest;
import io.kanban.core.notify.TargetCheck;
import io.kanban.core.notify.TargetSummary;
import io.kanban.core.spi.NotifierProvider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code kanban notify} command: Notifications: subscribe configured targets (kanban.notify.targets) to events. */
@Command(name = "notify", mixinStandardHelpOptions = true,
        description = {"Notifications: subscribe configured targets (kanban.notify.targets) to events.",
                "Targets are webhooks (HMAC-signed when a secret is set), Slack or Discord incoming webhooks."},
        subcommands = {NotifyCommand.Subscribe.class, NotifyCommand.Unsubscribe.class, NotifyCommand.ListSubs.class,
                NotifyCommand.Test.class, NotifyCommand.Deliver.class})
public final class NotifyCommand extends BoardCommand {
    @Override
    int execute() {
        spec.commandLine().usage(err());
        return 2;
    }

    /** "task t_1 +descendants", "board", "tenant acme". */
    static String scope(NotifySubscription s) {
        return switch (s.scope()) {
            case BOARD -> "board";
            case TENANT -> "tenant " + s.tenant();
            case TASK -> "task " + s.taskId() + (s.descendants() ? " +descendants" : "");
        };
    }

    /** "webhook:team", or the Hermes chat "telegram:-100" (with "#thread" when set). */
    static String target(NotifySubscription s) {
        String base = s.targetType().map(t -> t.wire() + ":" + s.targetName()).orElse(s.platform() + ":" + s.chatId());
        return s.threadId() == null || s.threadId().isEmpty() ? base : base + "#" + s.threadId();
    }

    /** "ok", or how it is failing by the configured policy: "paused (6 failures): HTTP 500". */
    static String state(NotifySubscription s, DeliveryPolicy policy) {
        int failures = s.delivery().failures();
        if (failures == 0) {
            return s.targetType().isPresent() ? "ok" : "hermes gateway";
        }
        return policy.health(s).wire() + " (" + failures + (failures == 1 ? " failure" : " failures") + ")"
                + (s.delivery().lastError() == null ? "" : ": " + s.delivery().lastError());
    }

    static NotifierProvider notifier(String command) {
        return NotifierProvider.find().orElseThrow(() -> new CliFailure("'kanban notify " + command
                + "' needs the kanban-dispatcher module, which is not on the class path of this build"));
    }

    /**
     * The {@code kanban notify subscribe} command: Send a task's events (no ID: the whole board, or the --tenant's
     * tasks) to a target.
     */
    @Command(name = "subscribe", mixinStandardHelpOptions = true,
            description = {"Send a task's events (no ID: the whole board, or the --tenant's tasks) to a target.",
                    "Default kinds: completed, blocked, gave_up, crashed, timed_out.",
                    "--platform/--chat-id instead of --target subscribe a Hermes chat, delivered by the gateway."})
    public static final class Subscribe extends BoardCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "ID")
        String id;

        @Option(names = "--target", paramLabel = "NAME", description = "A target from kanban.notify.targets.")
        String target;

        @Option(names = "--kinds", paramLabel = "a,b", description = "Event kinds to send (default: ${DEFAULT-VALUE}).",
                defaultValue = "completed,blocked,gave_up,crashed,timed_out")
        String kinds;

        @Option(names = "--descendants", description = "Also the task's descendants, including ones created later.")
        boolean descendants;

        @Option(names = {"--thread", "--thread-id"}, paramLabel = "ID",
                description = "Slack thread_ts or Discord thread id to post into.")
        String thread;

        @Option(names = {"--user", "--user-id"}, paramLabel = "ID", description = "Who asked (kept on the row).")
        String user;

        @Option(names = "--platform", paramLabel = "NAME", description = "Hermes chat platform (with --chat-id).")
        String platform;

        @Option(names = "--chat-id", paramLabel = "ID", description = "Hermes chat id (with --platform).")
        String chatId;

        @Override
        int execute() {
            NotifySubscription s;
            if (target == null) {
                if (platform == null || chatId == null) {
                    throw new UsageFailure("give --target NAME, or --platform and --chat-id for a Hermes chat");
                }
                if (id == null) {
                    throw new UsageFailure("a Hermes chat subscription needs a task ID");
                }
                s = board().notifySubscriptions().subscribe(id, platform, chatId, thread, user);
            } else {
                if (platform != null || chatId != null) {
                    throw new UsageFailure("--target and --platform/--chat-id exclude each other");
                }
                TargetSummary t = findTarget(notifier("subscribe").targets(root().env()), target);
                NotifyRequest request = id != null ? NotifyRequest.task(id, t.type(), t.name())
                        : board().tenant() != null ? NotifyRequest.tenant(board().tenant(), t.type(), t.name())
                        : NotifyRequest.board(t.type(), t.name());
                s = board().notifySubscriptions().subscribe(request.withKinds(NotifyKinds.parseList(kinds))
                        .withDescendants(descendants).withThread(thread).withUser(user));
            }
            if (json()) {
                printJson(s);
            } else {
                out().println("subscribed " + s.id() + ": " + target(s) + " hears "
                        + scope(s) + " (" + String.join(", ", s.kinds()) + ")");
            }
            return 0;
        }
    }

    static TargetSummary findTarget(List<TargetSummary> targets, String name) {
        return targets.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow(() -> new CliFailure(
                "no notify target named '" + name + "' in kanban.notify.targets" + (targets.isEmpty()
                        ? " (none are configured)"
                        : " (configured: " + String.join(", ", targets.stream().map(TargetSummary::name).toList())
                        + ")")));
    }

    /** The {@code kanban notify unsubscribe} command: Remove a subscription by its id (see 'notify list'). */
    @Command(name = "unsubscribe", mixinStandardHelpOptions = true,
            description = {"Remove a subscription by its id (see 'notify list').",
                    "The reference's form 'unsubscribe ID --platform P --chat-id C' works too."})
    public static final class Unsubscribe extends BoardCommand {
        @Parameters(index = "0", paramLabel = "SUB_ID")
        String id;

        @Option(names = "--platform", paramLabel = "NAME")
        String platform;

        @Option(names = "--chat-id", paramLabel = "ID")
        String chatId;

        @Option(names = "--thread-id", paramLabel = "ID")
        String threadId;

        @Override
        int execute() {
            boolean removed;
            if (platform != null || chatId != null) {
                if (platform == null || chatId == null) {
                    throw new UsageFailure("--platform and --chat-id go together");
                }
                removed = board().notifySubscriptions().unsubscribe(id, platform, chatId, threadId);
            } else {
                removed = board().notifySubscriptions().unsubscribe(id);
            }
            if (json()) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put(platform != null ? "task_id" : "id", id);
                doc.put("removed", removed);
                printJson(doc);
                return 0;
            }
            if (!removed) {
                throw new CliFailure("no subscription " + id + (platform != null ? " to " + platform + ":" + chatId
                        : "; 'kanban notify list' shows the ids"));
            }
            out().println("unsubscribed " + id);
            return 0;
        }
    }

    /** The {@code kanban notify list} command: List subscriptions (of one task, or all) with their delivery state. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List subscriptions (of one task, or all) with their delivery state.")
    public static final class ListSubs extends BoardCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "ID")
        String id;

        @Override
        int execute() {
            List<NotifySubscription> subs = board().notifySubscriptions().list(id);
            if (json()) {
                printJson(subs);
                return 0;
            }
            if (subs.isEmpty()) {
                out().println("no subscriptions");
                return 0;
            }
            // Judged by the configured pause_after_failures; without the notifier module, by the defaults.
            DeliveryPolicy policy = NotifierProvider.find().map(p -> p.policy(root().env()))
                    .orElse(DeliveryPolicy.DEFAULT);
            Table table = new Table("ID", "SCOPE", "TARGET", "KINDS", "LAST EVENT", "STATE");
            subs.forEach(s -> table.row(s.id(), scope(s), target(s),
                    String.join(",", s.kinds()), s.lastEventId(), state(s, policy)));
            table.print(out());
            return 0;
        }
    }

    /**
     * The {@code kanban notify test} command: Send a test message to a target now and print its answer (exit 1
     * unless it accepted).
     */
    @Command(name = "test", mixinStandardHelpOptions = true,
            description = "Send a test message to a target now and print its answer (exit 1 unless it accepted).")
    public static final class Test extends BoardCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        int execute() {
            NotifierProvider provider = notifier("test");
            TargetSummary t = findTarget(provider.targets(root().env()), name);
            TargetCheck check = provider.test(name, root().env());
            if (json()) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("target", t.name());
                doc.put("type", t.type().wire());
                doc.put("url", t.url());
                doc.put("accepted", check.accepted());
                doc.put("status", check.status());
                doc.put("detail", check.detail());
                printJson(doc);
            } else {
                String answer = check.status() == 0 ? check.detail()
                        : "HTTP " + check.status() + (check.detail().isEmpty() ? "" : ": " + check.detail());
                out().println(t.name() + " (" + t.type().wire() + " " + t.url() + "): "
                        + (check.accepted() ? "accepted, " : "refused, ") + answer);
            }
            return check.accepted() ? 0 : 1;
        }
    }

    /** The {@code kanban notify deliver} command: One delivery pass now, then exit (for cron and scripts). */
    @Command(name = "deliver", mixinStandardHelpOptions = true,
            description = {"One delivery pass now, then exit (for cron and scripts).",
                    "Failed messages stay pending and are retried after their back-off."})
    public static final class Deliver extends BoardCommand {
        @Override
        int execute() {
            DeliveryReport r = notifier("deliver").deliverOnce(board(), root().env());
            if (json()) {
                printJson(r);
                return 0;
            }
            out().println("delivered " + r.delivered() + ", failed " + r.failed() + ", waiting " + r.waiting()
                    + " (" + r.subscriptions() + " subscriptions, " + r.elapsedMillis() + " ms)");
            r.errors().forEach(e -> out().println("  failed: " + e));
            if (!r.paused().isEmpty()) {
                out().println("  paused targets (failing again and again): " + String.join(", ", r.paused()));
            }
            return 0;
        }
    }
}
