package io.kanban.cli.command;

import picocli.CommandLine.Command;

/**
 * The {@code kanban unlink} command: Remove the dependency (a todo child whose other parents are done becomes
 * ready).
 */
@Command(name = "unlink", mixinStandardHelpOptions = true, description = "Remove the dependency (a todo child whose other parents are done becomes ready).")
public final class UnlinkCommand extends EdgeCommand {
    @Override
    int execute() {
        return report(board().links().unlink(parent, child), "unlinked", "no such link");
    }
}
