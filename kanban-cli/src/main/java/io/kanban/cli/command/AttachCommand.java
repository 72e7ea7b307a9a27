package io.kanban.cli.command;

import io.kanban.cli.CliFailure;
import io.kanban.core.model.Attachment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code kanban attach} command: Attach a file to a task (at most 25 MB unless KANBAN_ATTACHMENT_MAX_BYTES says
 * otherwise).
 */
@Command(name = "attach", mixinStandardHelpOptions = true,
        description = "Attach a file to a task (at most 25 MB unless KANBAN_ATTACHMENT_MAX_BYTES says otherwise).")
public final class AttachCommand extends BoardCommand {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Parameters(index = "1", paramLabel = "PATH", description = "The file to attach; - reads standard input.")
    String path;

    @Option(names = "--name", paramLabel = "NAME", description = "The name on the card (default: the file's name).")
    String name;

    @Option(names = "--content-type", paramLabel = "TYPE",
            description = "Its media type, as in image/png (default: guessed from the name).")
    String contentType;

    @Option(names = "--author", paramLabel = "NAME",
            description = "Who uploads it (default: $HERMES_PROFILE, else user).")
    String author;

    @Override
    int execute() {
        String who = author != null ? author : root().env().getOrDefault("HERMES_PROFILE", "user");
        Attachment a;
        if (path.equals("-")) {
            a = board().attachments().add(id, name == null ? "stdin" : name, contentType, who, root().stdin());
        } else {
            Path file = Path.of(path);
            if (!Files.isRegularFile(file)) {
                throw new CliFailure("no file at " + path);
            }
            try (InputStream in = Files.newInputStream(file)) {
                a = board().attachments().add(id, name == null ? file.getFileName().toString() : name, contentType,
                        who, in);
            } catch (IOException e) {
                throw new CliFailure("cannot read " + path + ": " + e.getMessage());
            }
        }
        if (json()) {
            Map<String, Object> doc = about(board().tasks().get(id));
            doc.put("attachment", a);
            printJson(doc);
        } else {
            out().println("attached " + a.filename() + " to " + id + " (attachment " + a.id() + ", "
                    + AttachmentsCommand.size(a.size()) + ", " + a.contentType() + ")");
        }
        return 0;
    }
}
