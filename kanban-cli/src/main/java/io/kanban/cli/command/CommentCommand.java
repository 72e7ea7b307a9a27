package io.kanban.cli.command;

import io.kanban.core.model.Comment;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code kanban comment} command: Add a comment to a task's thread. */
@Command(name = "comment", mixinStandardHelpOptions = true, description = "Add a comment to a task's thread.")
public final class CommentCommand extends BoardCommand {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "TEXT", description = "The comment; words are joined.")
    List<String> words;

    @Option(names = "--author", paramLabel = "NAME", description = "Who says it (default: $HERMES_PROFILE, else user).")
    String author;

    @Override
    int execute() {
        String who = author != null ? author : root().env().get("HERMES_PROFILE");
        Comment c = board().comments().add(id, who, String.join(" ", words));
        if (json()) {
            Map<String, Object> doc = about(board().tasks().get(id));
            doc.put("comment", c);
            printJson(doc);
        } else {
            out().println("commented on " + id + " (comment " + c.id() + " by " + c.author() + ")");
        }
        return 0;
    }
}
