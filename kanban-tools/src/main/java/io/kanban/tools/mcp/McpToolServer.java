package io.kanban.tools.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kanban.core.spi.ToolServerProvider;
import io.kanban.tools.KanbanTools;
import io.kanban.tools.ToolAccess;
import io.kanban.tools.ToolDefinition;
import io.kanban.tools.ToolEnvironment;
import io.kanban.tools.ToolSession;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kanban tools over the Model Context Protocol on stdio, with the official MCP Java SDK. Same gate and
 * environment as the registry: outside a worker ({@code HERMES_KANBAN_TASK} unset) it serves zero tools, unless
 * started as an orchestrator, which serves {@link KanbanTools#ORCHESTRATOR_SET} with no card in scope. The worker
 * (or orchestrator) guidance goes out as the server's instructions when the tools are live. Found by {@code kanban mcp}
 * through {@link ToolServerProvider}.
 */
public final class McpToolServer implements ToolServerProvider {
    /** The name the server gives in the MCP handshake. */
    public static final String SERVER_NAME = "kanban-tools";
    private static final Logger LOG = LoggerFactory.getLogger(McpToolServer.class);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    /** After the client hangs up, how long the server may keep answering requests it already read. */
    static final Duration DRAIN_MAX = Duration.ofSeconds(60);

    private final KanbanTools tools;

    /** Used by {@link java.util.ServiceLoader}. */
    public McpToolServer() {
        this(KanbanTools.standard());
    }

    /**
     * A server for {@code tools}.
     *
     * @param tools the tool registry to serve
     */
    public McpToolServer(KanbanTools tools) {
        this.tools = tools;
    }

    @Override
    public int serveStdio(InputStream in, OutputStream out, Map<String, String> env) {
        return serveStdio(in, out, env, false);
    }

    /**
     * With {@code orchestrator}, serves {@link KanbanTools#ORCHESTRATOR_SET} with no card in scope, and refuses to
     * start (exit 2, one line on stderr) inside a worker, whose environment names its card.
     */
    @Override
    public int serveStdio(InputStream in, OutputStream out, Map<String, String> env, boolean orchestrator) {
        if (orchestrator && ToolEnvironment.active(env)) {
            System.err.println("kanban mcp --orchestrator: refused inside a worker (" + ToolEnvironment.TASK
                    + " is set); a worker serves its own card without --orchestrator");
            return 2;
        }
        ToolAccess access = orchestrator ? ToolAccess.ORCHESTRATOR : ToolAccess.WORKER;
        // jOOQ's banner and tips would go to the log; keep them out of a protocol process altogether.
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        ObjectMapper json = new ObjectMapper();
        McpJsonMapper mapper = new JacksonMcpJsonMapper(json);
        StdioGuard stdio = new StdioGuard(in, out, json, DRAIN_MAX);
        StdioServerTransportProvider transport =
                new StdioServerTransportProvider(mapper, stdio.input(), stdio.output());
        try (ToolSession session = tools.session(env, access)) {
            List<SyncToolSpecification> specs = session.definitions().stream()
                    .map(d -> specification(d, session, json)).toList();
            var builder = McpServer.sync(transport)
                    .serverInfo(SERVER_NAME, version())
                    .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                    .jsonMapper(mapper)
                    .jsonSchemaValidator(new DefaultJsonSchemaValidator(json))
                    // Our own check runs first and answers with an error object that names the argument.
                    .validateToolInputs(false)
                    .tools(specs);
            tools.guidance(env, access).ifPresent(builder::instructions);
            McpSyncServer server = builder.build();
            LOG.info("kanban MCP server up with {} tools ({})", specs.size(),
                    orchestrator ? "orchestrator" : "worker");
            stdio.awaitEnd();
            server.closeGracefully();
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static SyncToolSpecification specification(ToolDefinition d, ToolSession session, ObjectMapper json) {
        McpSchema.Tool tool = McpSchema.Tool.builder(d.name(), json.convertValue(d.inputSchema(), MAP))
                .description(d.description())
                .build();
        return SyncToolSpecification.builder()
                .tool(tool)
                .callHandler((exchange, request) -> {
                    JsonNode args = request.arguments() == null ? null : json.valueToTree(request.arguments());
                    ObjectNode result = session.call(d.name(), args);
                    return McpSchema.CallToolResult.builder()
                            .addTextContent(text(json, result))
                            .structuredContent(json.convertValue(result, MAP))
                            .isError(!result.path("ok").asBoolean(false))
                            .build();
                })
                .build();
    }

    private static String text(ObjectMapper json, ObjectNode result) {
        try {
            return json.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tool result could not be written as JSON", e);
        }
    }

    static String version() {
        String v = McpToolServer.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
