package io.kanban.cli.command;

import picocli.CommandLine.Command;

/** The {@code kanban link} command: Make CHILD wait for PARENT (a ready child goes back to todo). */
@Command(name = "link", mixinStandardHelpOptions = true, description = "Make CHILD wait for PARENT (a ready child goes back to todo).")
public final class LinkCommand extends EdgeCommand {
    @Override
    int execute() {
        return report(board().links().link(parent, child), "linked", "already linked");
    }
}
