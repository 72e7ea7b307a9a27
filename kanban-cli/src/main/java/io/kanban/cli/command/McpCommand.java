package io.kanban.cli.command;

import io.kanban.core.spi.ToolServerProvider;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Command;

@Command(name = "mcp", mixinStandardHelpOptions = true,
        description = "Serve the kanban agent tools over the Model Context Protocol on stdin/stdout.")
public final class McpCommand extends BoardCommand {
    @Override
    int execute() {
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
        return tools.serveStdio(root().stdin(), new FileOutputStream(FileDescriptor.out), env);
    }
}
