package io.kanban.cli.command;

import io.kanban.cli.KanbanCommand;
import io.kanban.cli.render.Json;
import io.kanban.core.Board;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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
        Json.print(out(), document);
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
