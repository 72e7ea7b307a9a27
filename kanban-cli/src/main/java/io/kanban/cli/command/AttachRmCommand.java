package io.kanban.cli.command;

import io.kanban.core.model.Attachment;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code kanban attach-rm} command: Remove an attachment from its task; its file goes once nothing else points
 * at it.
 */
@Command(name = "attach-rm", mixinStandardHelpOptions = true,
        description = "Remove an attachment from its task; its file goes once nothing else points at it.")
public final class AttachRmCommand extends BoardCommand {
    @Parameters(index = "0", paramLabel = "ATTACHMENT_ID")
    long attachmentId;

    @Option(names = "--author", paramLabel = "NAME", description = "Who removes it (default: $HERMES_PROFILE, else user).")
    String author;

    @Override
    int execute() {
        String who = author != null ? author : root().env().getOrDefault("HERMES_PROFILE", "user");
        Attachment a = board().attachments().remove(attachmentId, who);
        if (json()) {
            Map<String, Object> doc = new java.util.LinkedHashMap<>();
            doc.put("removed", a);
            printJson(doc);
        } else {
            out().println("removed attachment " + a.id() + " (" + a.filename() + ") from " + a.taskId());
        }
        return 0;
    }
}
