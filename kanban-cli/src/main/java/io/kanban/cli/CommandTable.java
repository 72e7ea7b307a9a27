package io.kanban.cli;

import io.kanban.cli.command.ArchiveCommand;
import io.kanban.cli.command.AssignCommand;
import io.kanban.cli.command.AssigneesCommand;
import io.kanban.cli.command.AttachCommand;
import io.kanban.cli.command.AttachGetCommand;
import io.kanban.cli.command.AttachRmCommand;
import io.kanban.cli.command.AttachmentsCommand;
import io.kanban.cli.command.BenchCommand;
import io.kanban.cli.command.BlockCommand;
import io.kanban.cli.command.BoardsCommand;
import io.kanban.cli.command.ClaimCommand;
import io.kanban.cli.command.CommentCommand;
import io.kanban.cli.command.CompleteCommand;
import io.kanban.cli.command.CompletionCommand;
import io.kanban.cli.command.ContextCommand;
import io.kanban.cli.command.CreateCommand;
import io.kanban.cli.command.DaemonCommand;
import io.kanban.cli.command.DiagnosticsCommand;
import io.kanban.cli.command.DispatchCommand;
import io.kanban.cli.command.EditCommand;
import io.kanban.cli.command.GcCommand;
import io.kanban.cli.command.HeartbeatCommand;
import io.kanban.cli.command.InitCommand;
import io.kanban.cli.command.LinkCommand;
import io.kanban.cli.command.ListCommand;
import io.kanban.cli.command.LogCommand;
import io.kanban.cli.command.McpCommand;
import io.kanban.cli.command.NotifyCommand;
import io.kanban.cli.command.PromoteCommand;
import io.kanban.cli.command.ReassignCommand;
import io.kanban.cli.command.ReclaimCommand;
import io.kanban.cli.command.ReopenReviewCommand;
import io.kanban.cli.command.RequestChangesCommand;
import io.kanban.cli.command.RequestReviewCommand;
import io.kanban.cli.command.RunsCommand;
import io.kanban.cli.command.ScheduleCommand;
import io.kanban.cli.command.SetModelCommand;
import io.kanban.cli.command.SetReasoningCommand;
import io.kanban.cli.command.ShowCommand;
import io.kanban.cli.command.StatsCommand;
import io.kanban.cli.command.TailCommand;
import io.kanban.cli.command.UnblockCommand;
import io.kanban.cli.command.UnlinkCommand;
import io.kanban.cli.command.WatchCommand;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;

/**
 * The subcommand table. Building a picocli model costs reflection per command, so a command line that names one
 * subcommand gets only that one; help, completion and unknown names get the whole tree.
 */
final class CommandTable {
    /** Root options that take a value, so the scan for the subcommand name skips their values. */
    private static final Set<String> VALUED_ROOT_OPTIONS = Set.of("--db", "--board", "--tenant");
    /** Commands that describe the whole tree. */
    private static final Set<String> NEEDS_ALL = Set.of("completion");

    /** Every subcommand, in help order. */
    private static final List<String> COMMANDS = List.of("init", "create", "list", "show", "assign", "link",
            "unlink", "claim", "comment", "attach", "attachments", "attach-get", "attach-rm", "complete", "block",
            "unblock", "schedule", "request-review", "request-changes", "reopen-review", "promote", "reclaim", "reassign",
            "set-model", "set-reasoning", "edit", "archive", "tail", "dispatch", "context", "gc", "watch", "stats", "diagnostics", "notify", "log",
            "heartbeat", "runs", "assignees", "boards", "mcp", "daemon", "bench",
            "completion");

    /** The reference's flat spellings of the notify verbs, kept for Hermes users' scripts; hidden from help. */
    private static final List<String> FLAT_ALIASES = List.of("notify-subscribe", "notify-unsubscribe", "notify-list");

    private CommandTable() {
    }

    static List<String> names() {
        return COMMANDS;
    }

    /**
     * A new instance of the named command. A switch rather than a table of constructor references: each
     * reference would be linked when the table loads, about a fifth of a millisecond apiece on every call.
     */
    private static Object create(String name) {
        return switch (name) {
            case "init" -> new InitCommand();
            case "create" -> new CreateCommand();
            case "list" -> new ListCommand();
            case "show" -> new ShowCommand();
            case "assign" -> new AssignCommand();
            case "link" -> new LinkCommand();
            case "unlink" -> new UnlinkCommand();
            case "claim" -> new ClaimCommand();
            case "comment" -> new CommentCommand();
            case "attach" -> new AttachCommand();
            case "attachments" -> new AttachmentsCommand();
            case "attach-get" -> new AttachGetCommand();
            case "attach-rm" -> new AttachRmCommand();
            case "complete" -> new CompleteCommand();
            case "block" -> new BlockCommand();
            case "unblock" -> new UnblockCommand();
            case "schedule" -> new ScheduleCommand();
            case "request-review" -> new RequestReviewCommand();
            case "request-changes" -> new RequestChangesCommand();
            case "reopen-review" -> new ReopenReviewCommand();
            case "promote" -> new PromoteCommand();
            case "reclaim" -> new ReclaimCommand();
            case "reassign" -> new ReassignCommand();
            case "set-model" -> new SetModelCommand();
            case "set-reasoning" -> new SetReasoningCommand();
            case "edit" -> new EditCommand();
            case "archive" -> new ArchiveCommand();
            case "tail" -> new TailCommand();
            case "dispatch" -> new DispatchCommand();
            case "context" -> new ContextCommand();
            case "gc" -> new GcCommand();
            case "watch" -> new WatchCommand();
            case "stats" -> new StatsCommand();
            case "diagnostics" -> new DiagnosticsCommand();
            case "notify" -> new NotifyCommand();
            case "log" -> new LogCommand();
            case "heartbeat" -> new HeartbeatCommand();
            case "runs" -> new RunsCommand();
            case "assignees" -> new AssigneesCommand();
            case "boards" -> new BoardsCommand();
            case "mcp" -> new McpCommand();
            case "daemon" -> new DaemonCommand();
            case "bench" -> new BenchCommand();
            case "completion" -> new CompletionCommand();
            case "notify-subscribe" -> new NotifyCommand.Subscribe();
            case "notify-unsubscribe" -> new NotifyCommand.Unsubscribe();
            case "notify-list" -> new NotifyCommand.ListSubs();
            default -> throw new IllegalArgumentException("no command " + name);
        };
    }

    /** Adds the subcommands {@code args} can reach. */
    static void register(CommandLine root, String[] args) {
        String named = subcommandName(args);
        if (named != null && named.equals("ls")) {
            named = "list";
        }
        if (named != null && COMMANDS.contains(named) && !NEEDS_ALL.contains(named)) {
            root.addSubcommand(create(named));
            return;
        }
        if (named != null && FLAT_ALIASES.contains(named)) {
            addAlias(root, named);
            return;
        }
        COMMANDS.forEach(name -> root.addSubcommand(create(name)));
        FLAT_ALIASES.forEach(name -> addAlias(root, name));
    }

    private static void addAlias(CommandLine root, String name) {
        CommandLine sub = new CommandLine(create(name));
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
