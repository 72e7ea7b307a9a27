package io.kanban.cli;

import io.kanban.cli.command.ArchiveCommand;
import io.kanban.cli.command.AssignCommand;
import io.kanban.cli.command.AssigneesCommand;
import io.kanban.cli.command.BenchCommand;
import io.kanban.cli.command.BlockCommand;
import io.kanban.cli.command.ClaimCommand;
import io.kanban.cli.command.CommentCommand;
import io.kanban.cli.command.CompleteCommand;
import io.kanban.cli.command.CompletionCommand;
import io.kanban.cli.command.ContextCommand;
import io.kanban.cli.command.CreateCommand;
import io.kanban.cli.command.DaemonCommand;
import io.kanban.cli.command.DispatchCommand;
import io.kanban.cli.command.GcCommand;
import io.kanban.cli.command.HeartbeatCommand;
import io.kanban.cli.command.InitCommand;
import io.kanban.cli.command.LinkCommand;
import io.kanban.cli.command.ListCommand;
import io.kanban.cli.command.LogCommand;
import io.kanban.cli.command.McpCommand;
import io.kanban.cli.command.NotifyCommand;
import io.kanban.cli.command.RunsCommand;
import io.kanban.cli.command.ShowCommand;
import io.kanban.cli.command.StatsCommand;
import io.kanban.cli.command.TailCommand;
import io.kanban.cli.command.UnblockCommand;
import io.kanban.cli.command.UnlinkCommand;
import io.kanban.cli.command.WatchCommand;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * The subcommand table. Building a picocli model costs reflection per command, so a command line that names one
 * subcommand gets only that one; help, completion and unknown names get the whole tree.
 */
final class CommandTable {
    /** Root options that take a value, so the scan for the subcommand name skips their values. */
    private static final Set<String> VALUED_ROOT_OPTIONS = Set.of("--db", "--tenant");
    /** Commands that describe the whole tree. */
    private static final Set<String> NEEDS_ALL = Set.of("completion");

    private static final Map<String, Supplier<Object>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("init", InitCommand::new);
        COMMANDS.put("create", CreateCommand::new);
        COMMANDS.put("list", ListCommand::new);
        COMMANDS.put("show", ShowCommand::new);
        COMMANDS.put("assign", AssignCommand::new);
        COMMANDS.put("link", LinkCommand::new);
        COMMANDS.put("unlink", UnlinkCommand::new);
        COMMANDS.put("claim", ClaimCommand::new);
        COMMANDS.put("comment", CommentCommand::new);
        COMMANDS.put("complete", CompleteCommand::new);
        COMMANDS.put("block", BlockCommand::new);
        COMMANDS.put("unblock", UnblockCommand::new);
        COMMANDS.put("archive", ArchiveCommand::new);
        COMMANDS.put("tail", TailCommand::new);
        COMMANDS.put("dispatch", DispatchCommand::new);
        COMMANDS.put("context", ContextCommand::new);
        COMMANDS.put("gc", GcCommand::new);
        COMMANDS.put("watch", WatchCommand::new);
        COMMANDS.put("stats", StatsCommand::new);
        COMMANDS.put("notify", NotifyCommand::new);
        COMMANDS.put("log", LogCommand::new);
        COMMANDS.put("heartbeat", HeartbeatCommand::new);
        COMMANDS.put("runs", RunsCommand::new);
        COMMANDS.put("assignees", AssigneesCommand::new);
        COMMANDS.put("mcp", McpCommand::new);
        COMMANDS.put("daemon", DaemonCommand::new);
        COMMANDS.put("bench", BenchCommand::new);
        COMMANDS.put("completion", CompletionCommand::new);
    }

    /** The reference's flat spellings of the notify verbs, kept for Hermes users' scripts; hidden from help. */
    private static final Map<String, Supplier<Object>> FLAT_ALIASES = new LinkedHashMap<>();

    static {
        FLAT_ALIASES.put("notify-subscribe", NotifyCommand.Subscribe::new);
        FLAT_ALIASES.put("notify-unsubscribe", NotifyCommand.Unsubscribe::new);
        FLAT_ALIASES.put("notify-list", NotifyCommand.ListSubs::new);
    }

    private CommandTable() {
    }

    static List<String> names() {
        return List.copyOf(COMMANDS.keySet());
    }

    /** Adds the subcommands {@code args} can reach. */
    static void register(CommandLine root, String[] args) {
        String named = subcommandName(args);
        if (named != null && named.equals("ls")) {
            named = "list";
        }
        if (named != null && COMMANDS.containsKey(named) && !NEEDS_ALL.contains(named)) {
            root.addSubcommand(COMMANDS.get(named).get());
            return;
        }
        if (named != null && FLAT_ALIASES.containsKey(named)) {
            addAlias(root, named);
            return;
        }
        COMMANDS.values().forEach(c -> root.addSubcommand(c.get()));
        FLAT_ALIASES.keySet().forEach(name -> addAlias(root, name));
    }

    private static void addAlias(CommandLine root, String name) {
        CommandLine sub = new CommandLine(FLAT_ALIASES.get(name).get());
        sub.getCommandSpec().usageMessage().hidden(true);
        root.addSubcommand(name, sub);
    }

    /** The first argument that is neither a root option nor such an option's value. */
    static String subcommandName(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (VALUED_ROOT_OPTIONS.contains(a)) {
                i++;
            } else if (!a.startsWith("-")) {
                return a;
            }
        }
        return null;
    }
}
