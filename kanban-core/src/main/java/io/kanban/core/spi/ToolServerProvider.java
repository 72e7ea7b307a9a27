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

    /** Serves until {@code in} ends; returns the process exit code. Logs go to stderr, never to {@code out}. */
    int serveStdio(InputStream in, OutputStream out, Map<String, String> env);

    static Optional<ToolServerProvider> find() {
        return ServiceLoader.load(ToolServerProvider.class).findFirst();
    }
}
