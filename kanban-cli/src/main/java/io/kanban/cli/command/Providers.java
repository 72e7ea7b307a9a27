package io.kanban.cli.command;

import io.kanban.cli.CliFailure;
import io.kanban.core.spi.DispatcherProvider;
import io.kanban.core.spi.ToolServerProvider;

/** The modules the CLI finds at run time (ServiceLoader), with a clear error when the jar lacks them. */
final class Providers {
    private Providers() {
    }

    static DispatcherProvider dispatcher(String command) {
        return DispatcherProvider.find().orElseThrow(() -> new CliFailure("'kanban " + command
                + "' needs the kanban-dispatcher module, which is not on the class path of this build"));
    }

    static ToolServerProvider tools() {
        return ToolServerProvider.find().orElseThrow(() -> new CliFailure(
                "'kanban mcp' needs the kanban-tools module, which is not on the class path of this build"));
    }
}
