package io.kanban.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kanban.core.Board;
import io.kanban.core.wire.WireFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The registry an agent runtime imports: the ten kanban tools, gated on {@code HERMES_KANBAN_TASK}.
 *
 * <pre>{@code
 * KanbanTools tools = KanbanTools.standard();
 * for (ToolDefinition d : tools.definitions(System.getenv())) {   // empty outside a kanban worker
 *     runtime.register(d.name(), d.description(), d.inputSchema());
 * }
 * try (ToolSession session = tools.session(System.getenv())) {
 *     ObjectNode result = session.call("kanban_show", "{}");       // never throws: ok or an error object
 * }
 * }</pre>
 */
public final class KanbanTools {
    private final Map<String, KanbanTool> tools;
    private final List<String> order;
    private final ArgumentValidator arguments;
    private final Function<String, Board> opener;
    private final ObjectMapper json;

    private KanbanTools(List<KanbanTool> list, ArgumentValidator arguments, Function<String, Board> opener,
            ObjectMapper json) {
        Map<String, KanbanTool> byName = new LinkedHashMap<>();
        list.forEach(t -> byName.put(t.name(), t));
        this.tools = Map.copyOf(byName);
        this.order = List.copyOf(byName.keySet());
        this.arguments = arguments;
        this.opener = opener;
        this.json = json;
    }

    /** The ten tools, in the reference's order, opening the board named by the environment with {@link Board#open(String)} (a file or a database URL). */
    public static KanbanTools standard() {
        List<KanbanTool> list = List.of(new ShowTool(), new CompleteTool(), new BlockTool(), new ScheduleTool(),
                new RequestReviewTool(), new RequestChangesTool(), new HeartbeatTool(), new CommentTool(),
                new CreateTool(), new LinkTool());
        return new KanbanTools(list, new ArgumentValidator(list), Board::open, WireFormat.newMapper());
    }

    /** The same tools, opening boards another way (a test clock, custom options). */
    public KanbanTools withBoardOpener(Function<String, Board> value) {
        return new KanbanTools(order.stream().map(tools::get).toList(), arguments, Objects.requireNonNull(value),
                json);
    }

    /** The availability check: true only inside a worker started for a task. */
    public boolean available(Map<String, String> env) {
        return ToolEnvironment.active(env);
    }

    /** The tools to show a model in this environment: all ten for a worker, none otherwise. */
    public List<ToolDefinition> definitions(Map<String, String> env) {
        return available(env) ? allDefinitions() : List.of();
    }

    /** Every tool regardless of the gate (for documentation and tests). */
    public List<ToolDefinition> allDefinitions() {
        return order.stream().map(n -> ToolDefinition.of(tools.get(n))).toList();
    }

    public List<String> names() {
        return order;
    }

    /** The worker's system-prompt guidance, present exactly when the tools are. */
    public Optional<String> guidance(Map<String, String> env) {
        return WorkerGuidance.forEnvironment(env);
    }

    /** A session that opens the environment's board on its first call and closes it with the session. */
    public ToolSession session(Map<String, String> env) {
        return new ToolSession(this, ToolEnvironment.from(env), null);
    }

    /** A session over a board the caller opened and keeps (closing the session leaves it open). */
    public ToolSession session(Map<String, String> env, Board board) {
        return new ToolSession(this, ToolEnvironment.from(env), Objects.requireNonNull(board));
    }

    /** One call in a fresh session: opens the board, runs the tool, closes the board. */
    public ObjectNode call(String name, JsonNode arguments, Map<String, String> env) {
        try (ToolSession session = session(env)) {
            return session.call(name, arguments);
        }
    }

    public String call(String name, String argumentsJson, Map<String, String> env) {
        try (ToolSession session = session(env)) {
            return session.call(name, argumentsJson);
        }
    }

    KanbanTool tool(String name) {
        return name == null ? null : tools.get(name);
    }

    ArgumentValidator arguments() {
        return arguments;
    }

    Function<String, Board> opener() {
        return opener;
    }

    ObjectMapper json() {
        return json;
    }
}
