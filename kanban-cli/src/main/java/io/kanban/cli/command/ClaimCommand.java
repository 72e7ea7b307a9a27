package io.kanban.cli.command;

import io.kanban.cli.CliFailure;
import io.kanban.cli.UsageFailure;
import io.kanban.core.Claims;
import io.kanban.core.model.ClaimedTask;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code kanban claim} command: Claim a ready task (claim ID), or the next ready task for a profile (claim
 * --assignee NAME).
 */
@Command(name = "claim", mixinStandardHelpOptions = true,
        description = {"Claim a ready task (claim ID), or the next ready task for a profile (claim --assignee NAME).",
                "Exits 1 when another worker won it or nothing is ready."})
public final class ClaimCommand extends BoardCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "ID")
    String id;

    @Option(names = "--assignee", paramLabel = "PROFILE", description = "Claim the next ready task of this profile.")
    String assignee;

    @Option(names = "--ttl", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long the claim lives without a heartbeat (default 900s).")
    Duration ttl;

    @Override
    int execute() {
        if ((id == null) == (assignee == null)) {
            throw new UsageFailure("claim takes either a task ID or --assignee PROFILE");
        }
        Claims claims = board().claims();
        Claims.Claimant base = claims.defaultClaimant();
        Claims.Claimant who = new Claims.Claimant(base.lock(), base.workerPid(), ttl == null ? base.ttl() : ttl);
        Optional<ClaimedTask> won = id != null ? claims.claim(id, who) : claims.claimNext(assignee, who);
        if (won.isEmpty()) {
            throw new CliFailure(id != null ? "task " + id + " is already claimed by another worker"
                    : "no ready task for " + assignee);
        }
        ClaimedTask c = won.get();
        if (json()) {
            Map<String, Object> doc = about(c.task());
            doc.put("run", c.run());
            printJson(doc);
        } else {
            out().println("claimed " + c.task().id() + " (run " + c.run().id() + ", until "
                    + time(c.run().claimExpires()) + ")  " + c.task().title());
        }
        return 0;
    }
}
