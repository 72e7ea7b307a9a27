package io.kanban.cli;

import io.kanban.core.error.KanbanException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into one stderr line and an exit code: 1 for a refused operation or an error, 2 for a
 * usage error. Users never see a stack trace.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IExitCodeExceptionMapper, IParameterExceptionHandler {
    static final int REFUSED = 1;
    static final int USAGE = 2;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        cmd.getErr().println("kanban: " + message(ex));
        cmd.getErr().flush();
        return getExitCode(ex);
    }

    @Override
    public int getExitCode(Throwable ex) {
        if (ex instanceof UsageFailure) {
            return USAGE;
        }
        return REFUSED;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        cmd.getErr().println("kanban: " + ex.getMessage());
        cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        cmd.getErr().flush();
        return USAGE;
    }

    static String message(Throwable ex) {
        if (ex instanceof KanbanException || ex instanceof CliFailure || ex instanceof UsageFailure) {
            return ex.getMessage();
        }
        String text = ex.getMessage();
        String kind = ex.getClass().getSimpleName();
        return text == null || text.isBlank() ? "unexpected " + kind : text + " (" + kind + ")";
    }
}
