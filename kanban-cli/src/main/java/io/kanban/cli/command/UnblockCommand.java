package io.kanban.cli.command;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The {@code kanban unblock} command: Put blocked tasks back in the queue (ready, or todo while parents are
 * unfinished).
 */
@Command(name = "unblock", mixinStandardHelpOptions = true,
        description = "Put blocked tasks back in the queue (ready, or todo while parents are unfinished).")
public final class UnblockCommand extends BoardCommand {
    @Parameters(arity = "1..*", paramLabel = "ID")
    List<String> ids;

    @Override
    int execute() {
        return Bulk.apply(this, ids, "unblocked", id -> board().claims().unblock(id));
    }
}
