package io.kanban.cli.command;

import io.kanban.cli.render.Table;
import io.kanban.cli.render.Views;
import io.kanban.core.model.NotifySubscription;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "notify", mixinStandardHelpOptions = true,
        description = "Chat subscriptions to a task's events.",
        subcommands = {NotifyCommand.Subscribe.class, NotifyCommand.Unsubscribe.class, NotifyCommand.ListSubs.class})
public final class NotifyCommand extends BoardCommand {
    @Override
    int execute() {
        spec.commandLine().usage(err());
        return 2;
    }

    abstract static class Target extends BoardCommand {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Option(names = "--platform", required = true, paramLabel = "NAME", description = "e.g. telegram, slack.")
        String platform;

        @Option(names = "--chat-id", required = true, paramLabel = "ID")
        String chatId;

        @Option(names = "--thread-id", paramLabel = "ID")
        String threadId;
    }

    @Command(name = "subscribe", mixinStandardHelpOptions = true, description = "Tell a chat about a task's events.")
    public static final class Subscribe extends Target {
        @Option(names = "--user-id", paramLabel = "ID")
        String userId;

        @Override
        int execute() {
            NotifySubscription s = board().notifySubscriptions().subscribe(id, platform, chatId, threadId, userId);
            if (json()) {
                printJson(Views.subscription(s));
            } else {
                out().println("subscribed " + s.platform() + ":" + s.chatId() + " to " + s.taskId());
            }
            return 0;
        }
    }

    @Command(name = "unsubscribe", mixinStandardHelpOptions = true, description = "Stop telling a chat.")
    public static final class Unsubscribe extends Target {
        @Override
        int execute() {
            boolean removed = board().notifySubscriptions().unsubscribe(id, platform, chatId, threadId);
            if (json()) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("task_id", id);
                doc.put("removed", removed);
                printJson(doc);
            } else {
                out().println(removed ? "unsubscribed " + platform + ":" + chatId + " from " + id
                        : "no such subscription on " + id);
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List subscriptions (of one task, or all).")
    public static final class ListSubs extends BoardCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "ID")
        String id;

        @Override
        int execute() {
            List<NotifySubscription> subs = board().notifySubscriptions().list(id);
            if (json()) {
                printJson(Views.list(subs, Views::subscription));
                return 0;
            }
            if (subs.isEmpty()) {
                out().println("no subscriptions");
                return 0;
            }
            Table table = new Table("TASK", "PLATFORM", "CHAT", "THREAD", "USER", "LAST EVENT");
            subs.forEach(s -> table.row(s.taskId(), s.platform(), s.chatId(), s.threadId(), s.userId(),
                    s.lastEventId()));
            table.print(out());
            return 0;
        }
    }
}
