package io.kanban.cli.command;

import io.kanban.cli.render.Table;
import io.kanban.core.model.Attachment;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** The {@code kanban attachments} command: List a task's attachments. */
@Command(name = "attachments", mixinStandardHelpOptions = true, description = "List a task's attachments.")
public final class AttachmentsCommand extends BoardCommand {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Override
    int execute() {
        List<Attachment> all = board().attachments().list(id);
        if (json()) {
            printJson(all);
            return 0;
        }
        if (all.isEmpty()) {
            out().println("no attachments on " + id);
            return 0;
        }
        Table table = new Table("ID", "NAME", "SIZE", "TYPE", "BY", "WHEN");
        for (Attachment a : all) {
            table.row(a.id(), a.filename(), size(a.size()), a.contentType(), a.uploadedBy(), time(a.createdAt()));
        }
        table.print(out());
        return 0;
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(java.util.Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }
}
