package io.kanban.cli.command;

import io.kanban.cli.KanbanCommand;
import io.kanban.cli.UsageFailure;
import io.kanban.cli.render.JsonPrinter;
import io.kanban.core.model.Task;
import io.kanban.core.Board;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every subcommand shares: the root's options and board, and the writers picocli was given. A subclass
 * parses, calls the board, renders.
 */
abstract class BoardCommand implements Callable<Integer> {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;

    KanbanCommand root() {
        return (KanbanCommand) spec.root().userObject();
    }

    Board board() {
        return root().board();
    }

    boolean json() {
        return root().json();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    void printJson(Object document) {
        JsonPrinter.print(out(), document);
    }

    /** {@code {"task": …}}: the document of every command about one task, to which a command adds its fields. */
    static Map<String, Object> about(Task t) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("task", t);
        return doc;
    }

    /**
     * The run a dispatcher-started worker holds ({@code HERMES_KANBAN_RUN_ID}), sent as the expected run as the
     * reference's CLI does: the board then knows the caller is the live worker, and refuses the call if that run
     * was taken back. Null outside a worker.
     */
    Long workerRunId() {
        String text = root().env().get(RUN_ID);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new UsageFailure(RUN_ID + " is '" + text + "', not a run number; the dispatcher sets it");
        }
    }

    static final String RUN_ID = "HERMES_KANBAN_RUN_ID";

    /** Input the core finds malformed (a block kind, a time, a reviewer that is not a profile) is a usage error. */
    static <T> T usage(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (io.kanban.core.error.ValidationError e) {
            throw new UsageFailure(e.getMessage());
        }
    }

    static String time(Instant t) {
        return t == null ? "-" : TIME.format(t);
    }

    @Override
    public final Integer call() throws Exception {
        int code = execute();
        out().flush();
        return code;
    }

    abstract int execute() throws Exception;
}
