package io.kanban.cli.command;

import io.kanban.core.error.KanbanException;
import io.kanban.core.model.Task;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One verb over several ids: each id is tried, failures are reported one line each, and any failure makes the
 * exit code 1. One id renders as {@code {"task": …}}; several as {@code {"tasks": […], "failed": […]}}.
 */
final class Bulk {
    private Bulk() {
    }

    static int apply(BoardCommand cmd, List<String> ids, String verb, Function<String, Task> action) {
        if (ids.size() == 1) {
            Task t = action.apply(ids.get(0));
            if (cmd.json()) {
                cmd.printJson(BoardCommand.about(t));
            } else {
                cmd.out().println(verb + " " + t.id() + " (" + t.status().wire() + ")");
            }
            return 0;
        }
        List<Object> done = new ArrayList<>();
        List<Object> failed = new ArrayList<>();
        PrintWriter err = cmd.err();
        for (String id : ids) {
            try {
                Task t = action.apply(id);
                done.add(t);
                if (!cmd.json()) {
                    cmd.out().println(verb + " " + t.id() + " (" + t.status().wire() + ")");
                }
            } catch (KanbanException e) {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("task_id", id);
                f.put("code", e.code());
                f.put("error", e.getMessage());
                failed.add(f);
                err.println("kanban: " + e.getMessage());
            }
        }
        if (cmd.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("tasks", done);
            doc.put("failed", failed);
            cmd.printJson(doc);
        }
        err.flush();
        return failed.isEmpty() ? 0 : 1;
    }
}
