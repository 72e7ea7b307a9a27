package io.kanban.cli.command;

import io.kanban.core.spi.ToolServerProvider;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.util.HashMap;
import java.util.Map;
import io.kanban.cli.CliFailure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code kanban mcp} command: Serve the kanban agent tools over the Model Context Protocol on stdin/stdout. */
@Command(name = "mcp", mixinStandardHelpOptions = true,
        description = "Serve the kanban agent tools over the Model Context Protocol on stdin/stdout.")
public final class McpCommand extends BoardCommand {
    @Option(names = "--orchestrator", description = "Serve the orchestrator's tools with no card in scope"
            + " (kanban_show, kanban_list, kanban_comment, kanban_create, kanban_unblock, kanban_link);"
            + " refused inside a worker.")
    boolean orchestrator;

    @Override
    int execute() {
        if (orchestrator && root().env().get("HERMES_KANBAN_TASK") != null
                && !root().env().get("HERMES_KANBAN_TASK").isBlank()) {
            throw new CliFailure("mcp --orchestrator: refused inside a worker (HERMES_KANBAN_TASK is set); a worker"
                    + " serves its own card with plain 'kanban mcp'");
        }
        ToolServerProvider tools = Providers.tools();
        Map<String, String> env = new HashMap<>(root().env());
        // The tools open the board themselves; tell them which one this invocation means.
        env.put("KANBAN_DB", root().boardLocation());
        env.put("HERMES_KANBAN_DB", root().boardLocation());
        if (root().tenant() != null) {
            env.put("HERMES_TENANT", root().tenant());
        }
        out().flush();
        // stdout carries only JSON-RPC: the raw descriptor, not picocli's writer.
        return tools.serveStdio(root().stdin(), new FileOutputStream(FileDescriptor.out), env, orchestrator);
    }
}
