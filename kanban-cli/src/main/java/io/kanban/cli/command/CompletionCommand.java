package io.kanban.cli.command;

import picocli.AutoComplete;
import picocli.CommandLine.Command;

/** The {@code kanban completion} command: Print a bash/zsh completion script. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a bash/zsh completion script.", "Install with:",
                "  source <(kanban completion)    or    kanban completion > /etc/bash_completion.d/kanban"})
public final class CompletionCommand extends BoardCommand {
    @Override
    int execute() {
        out().print(AutoComplete.bash("kanban", spec.root().commandLine()));
        return 0;
    }
}
