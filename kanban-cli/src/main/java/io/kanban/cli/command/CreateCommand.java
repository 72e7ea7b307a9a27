package io.kanban.cli.command;

import io.kanban.core.Tasks;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Workspace;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code kanban create} command: Create a task. It starts ready, or todo while a parent is unfinished, or
 * triage with --triage.
 */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Create a task. It starts ready, or todo while a parent is unfinished, or triage with --triage.",
                "The body comes from --body, or from stdin when it is piped (--body - forces stdin)."})
public final class CreateCommand extends BoardCommand {
    @Parameters(index = "0", paramLabel = "TITLE", description = "One line saying what to do.")
    String title;

    @Option(names = "--body", paramLabel = "TEXT", description = "Details for the worker; '-' reads stdin.")
    String body;

    @Option(names = "--assignee", paramLabel = "PROFILE", description = "The worker profile that will run it.")
    String assignee;

    @Option(names = "--parent", paramLabel = "ID", description = "A task this one waits for (repeatable).")
    List<String> parents = new ArrayList<>();

    @Option(names = "--priority", paramLabel = "N", defaultValue = "0", description = "Higher runs first (default 0).")
    int priority;

    @Option(names = "--triage", description = "Park it in triage until someone moves it on.")
    boolean triage;

    @Option(names = "--initial-status", paramLabel = "STATUS",
            description = "running (default: the usual path) or blocked (start blocked until someone unblocks it).")
    String initialStatus;

    @Option(names = "--skill", paramLabel = "NAME", description = "A skill the worker loads (repeatable).")
    List<String> skills = new ArrayList<>();

    @Option(names = "--idempotency-key", paramLabel = "KEY",
            description = "Return the existing task with this key instead of creating another.")
    String idempotencyKey;

    @Option(names = "--max-runtime", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop the worker after this long: 300, 90s, 30m, 2h, 1d.")
    Duration maxRuntime;

    @Option(names = "--max-retries", paramLabel = "N",
            description = "Failed attempts in a row before the breaker blocks this card (beats kanban.failure_limit).")
    Integer maxRetries;

    @Option(names = "--model", paramLabel = "MODEL",
            description = "The model this card's workers run with instead of their profile's (see set-model).")
    String model;

    @Option(names = "--provider", paramLabel = "NAME", description = "The provider of --model; needs --model.")
    String provider;

    @Option(names = "--workspace", paramLabel = "KIND", defaultValue = "scratch",
            description = "scratch (default), worktree, worktree:/abs/path or dir:/abs/path.")
    String workspace;

    @Option(names = "--created-by", paramLabel = "NAME", description = "Who asked for it (default: user).")
    String createdBy = "user";

    @Override
    int execute() throws IOException {
        NewTask request = NewTask.titled(title)
                .body(body())
                .assignee(Unassigned.means(assignee) ? null : assignee)
                .tenant(root().tenant())
                .priority(priority)
                .parents(parents)
                .triage(triage)
                .initialStatus(initialStatus)
                .idempotencyKey(idempotencyKey)
                .maxRuntime(maxRuntime)
                .maxRetries(maxRetries)
                .model(model)
                .provider(provider)
                .skills(skills)
                .workspace(Workspace.parse(workspace))
                .createdBy(createdBy)
                .build();
        Tasks.Created created = board().tasks().create(request);
        if (json()) {
            Map<String, Object> doc = about(created.task());
            doc.put("existing", created.existing());
            printJson(doc);
        } else if (created.existing()) {
            out().println("exists  " + created.task().id() + " (" + created.task().status().wire()
                    + ", same idempotency key)  " + created.task().title());
        } else {
            out().println("created " + created.task().id() + " (" + created.task().status().wire() + ")  "
                    + created.task().title());
        }
        return 0;
    }

    private String body() throws IOException {
        InputStream in = root().stdin();
        boolean piped = body == null && System.console() == null && in.available() > 0;
        if ("-".equals(body) || piped) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.isBlank() ? null : text.stripTrailing();
        }
        return body;
    }
}
