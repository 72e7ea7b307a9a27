package io.kanban.core.spi;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The agent tools served over the Model Context Protocol on stdio. kanban-tools registers an implementation;
 * {@code kanban mcp} finds it with {@link #find()} so the CLI does not compile against the tools.
 */
public interface ToolServerProvider {

    /**
     * Serves until {@code in} ends. Logs go to stderr, never to {@code out}.
     *
     * @param in the client's requests
     * @param out the server's answers (JSON-RPC only)
     * @param env the worker's environment (board, task, tenant)
     * @return the process exit code
     */
    int serveStdio(InputStream in, OutputStream out, Map<String, String> env);

    /**
     * Serves as {@link #serveStdio(InputStream, OutputStream, Map)}; with {@code orchestrator}, the orchestrator's
     * tools with no card in scope ({@code kanban mcp --orchestrator}).
     *
     * @param in the client's requests
     * @param out the server's answers (JSON-RPC only)
     * @param env the environment (board, tenant, profile; no task for an orchestrator)
     * @param orchestrator serve the orchestrator's set instead of a worker's
     * @return the process exit code
     */
    default int serveStdio(InputStream in, OutputStream out, Map<String, String> env, boolean orchestrator) {
        if (orchestrator) {
            throw new UnsupportedOperationException("this tool server has no orchestrator mode");
        }
        return serveStdio(in, out, env);
    }

    /** @return the provider on the class path (kanban-tools), if any */
    static Optional<ToolServerProvider> find() {
        return ServiceLoader.load(ToolServerProvider.class).findFirst();
    }
}
