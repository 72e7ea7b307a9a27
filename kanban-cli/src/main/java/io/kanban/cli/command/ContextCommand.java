package io.kanban.cli.command;

import io.kanban.core.model.Attachment;
import io.kanban.core.model.Comment;
import io.kanban.core.model.Run;
import io.kanban.core.model.Task;
import io.kanban.core.model.TaskDetail;
import io.kanban.core.wire.ParentOutput;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The {@code kanban context} command: Everything a worker should read first: the task, what its parents produced,
 * comments, earlier runs.
 */
@Command(name = "context", mixinStandardHelpOptions = true,
        description = "Everything a worker should read first: the task, what its parents produced, comments, earlier runs.")
public final class ContextCommand extends BoardCommand {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Override
    int execute() {
        TaskDetail d = board().tasks().detail(id);
        List<Attachment> attachments = board().attachments().list(id);
        List<ParentOutput> parents = new ArrayList<>();
        for (Task p : d.parents()) {
            parents.add(ParentOutput.of(p, board().runs().of(p.id())));
        }
        if (json()) {
            Map<String, Object> doc = about(d.task());
            doc.put("parents", parents);
            doc.put("comments", d.comments());
            doc.put("runs", d.runs());
            doc.put("attachments", attachments);
            printJson(doc);
            return 0;
        }
        PrintWriter out = out();
        Task t = d.task();
        out.println("# Task " + t.id() + ": " + t.title());
        out.println("status: " + t.status().wire() + "   assignee: " + (t.assignee() == null ? "-" : t.assignee())
                + "   workspace: " + t.workspace() + (t.skills().isEmpty() ? "" : "   skills: " + String.join(", ",
                t.skills())));
        if (t.body() != null) {
            out.println();
            out.println(t.body());
        }
        if (!parents.isEmpty()) {
            out.println();
            out.println("## What the parent tasks produced");
            for (ParentOutput po : parents) {
                out.println();
                out.println("### " + po.task().id() + " (" + po.task().status().wire() + "): " + po.task().title());
                if (po.summary() != null) {
                    out.println("summary: " + po.summary());
                }
                out.println(po.task().result() == null ? "(no result recorded)" : po.task().result());
            }
        }
        if (!attachments.isEmpty()) {
            out.println();
            out.println("## Attachments");
            for (Attachment a : attachments) {
                out.println("- " + a.filename() + " (" + AttachmentsCommand.size(a.size()) + ", " + a.contentType()
                        + ", attachment " + a.id() + " by " + (a.uploadedBy() == null ? "-" : a.uploadedBy()) + "): "
                        + a.storedPath());
            }
        }
        if (!d.comments().isEmpty()) {
            out.println();
            out.println("## Comments");
            for (Comment c : d.comments()) {
                out.println("- " + c.author() + " (" + time(c.createdAt()) + "): " + c.body());
            }
        }
        if (!d.runs().isEmpty()) {
            out.println();
            out.println("## Earlier attempts");
            for (Run r : d.runs()) {
                out.println("- run " + r.id() + " by " + (r.profile() == null ? "-" : r.profile()) + ": "
                        + (r.outcome() == null ? r.status() : r.outcome().wire())
                        + (r.summary() == null ? "" : "; summary: " + r.summary())
                        + (r.error() == null ? "" : "; error: " + r.error()));
            }
        }
        return 0;
    }
}
