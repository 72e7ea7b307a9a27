package io.kanban.cli.command;

import io.kanban.cli.CliFailure;
import io.kanban.core.model.AttachmentContent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code kanban attach-get} command: Save an attachment's content to a file, or write it to standard output. */
@Command(name = "attach-get", mixinStandardHelpOptions = true,
        description = "Save an attachment's content to a file, or write it to standard output.")
public final class AttachGetCommand extends BoardCommand {
    @Parameters(index = "0", paramLabel = "ATTACHMENT_ID")
    long attachmentId;

    @Option(names = {"-o", "--output"}, paramLabel = "PATH",
            description = "Where to save it; a folder gets the attachment's name; - or absent: standard output.")
    String output;

    @Option(names = "--force", description = "Overwrite an existing file.")
    boolean force;

    @Override
    int execute() {
        AttachmentContent c = board().attachments().read(attachmentId);
        if (output == null || output.equals("-")) {
            if (json()) {
                throw new CliFailure("--json describes a saved file; give --output PATH");
            }
            try {
                OutputStream raw = root().bytesOut();
                raw.write(c.bytes());
                raw.flush();
            } catch (IOException e) {
                throw new CliFailure("cannot write to standard output: " + e.getMessage());
            }
            return 0;
        }
        Path target = Path.of(output);
        if (Files.isDirectory(target)) {
            target = target.resolve(c.attachment().filename());
        }
        try {
            if (force) {
                Files.write(target, c.bytes());
            } else {
                Files.write(target, c.bytes(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            }
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new CliFailure(target + " exists; pass --force to overwrite it");
        } catch (IOException e) {
            throw new CliFailure("cannot write " + target + ": " + e.getMessage());
        }
        if (json()) {
            Map<String, Object> doc = new java.util.LinkedHashMap<>();
            doc.put("attachment", c.attachment());
            doc.put("saved_to", target.toAbsolutePath().toString());
            printJson(doc);
        } else {
            out().println("saved " + c.attachment().filename() + " (" + AttachmentsCommand.size(c.attachment().size())
                    + ") to " + target);
        }
        return 0;
    }
}
