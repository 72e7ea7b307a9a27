package io.kanban.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kanban.core.Board;
import io.kanban.core.BoardOptions;
import io.kanban.core.wire.WireFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The registry an agent runtime imports: the reference's fifteen kanban tools. A worker ({@code HERMES_KANBAN_TASK}
 * set) sees thirteen: never the orchestrator-only {@code kanban_list} and {@code kanban_unblock}, which also refuse at
 * run time inside a worker; outside a worker a session serves what its {@link ToolAccess} says. Tools never
 * throw for bad input or board errors: a call answers a JSON object, either the result or an error object
 * ({@code {"ok": false, "error": ..., "code": ...}}). The example below is compiled and run by the tests
 * ({@code KanbanToolsJavadocTest}).
 *
 * <pre>{@code
 * KanbanTools tools = KanbanTools.standard();
 * for (ToolDefinition d : tools.definitions(env)) {              // empty outside a kanban worker
 *     runtime.register(d.name(), d.description(), d.inputSchema());
 * }
 * try (ToolSession session = tools.session(env)) {
 *     String result = session.call("kanban_show", "{}");         // JSON: the task, or an error object
 * }
 * }</pre>
 */
public final class KanbanTools {
    /** The reference's orchestrator-only tools (†). */
    public static final List<String> ORCHESTRATOR_ONLY = List.of("kanban_list", "kanban_unblock");
    /** What {@code kanban mcp --orchestrator} serves: planning a project with no card in scope. */
    public static final List<String> ORCHESTRATOR_SET = List.of("kanban_show", "kanban_list", "kanban_comment",
            "kanban_create", "kanban_unblock", "kanban_link");

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

    /**
     * The fifteen tools, opening the board named by the environment ({@code HERMES_KANBAN_DB}, else the default
     * location): a file or a database URL, with the attachment settings of the environment.
     *
     * @return the registry
     */
    public static KanbanTools standard() {
        return withFetcher(UrlFetcher.standard()).withBoardOpener(
                location -> Board.open(BoardOptions.at(location).withEnvironment(System.getenv())));
    }

    /** The tools with {@code kanban_attach_url} fetching through {@code fetcher} (tests: a local server). */
    static KanbanTools withFetcher(UrlFetcher fetcher) {
        // The reference's order (HERMES-UPSTREAM section 4).
        List<KanbanTool> list = List.of(new ShowTool(), new ListTool(), new CompleteTool(), new BlockTool(),
                new ScheduleTool(), new RequestReviewTool(), new RequestChangesTool(), new HeartbeatTool(),
                new CommentTool(), new AttachTool(), new AttachUrlTool(fetcher), new AttachmentsTool(),
                new CreateTool(), new UnblockTool(), new LinkTool());
        return new KanbanTools(list, new ArgumentValidator(list), Board::open, argumentMapper());
    }

    /**
     * The wire format's mapper, reading argument strings up to kanban_attach's bound: a 25 MB file is about 35
     * million characters of base64, past Jackson's default 20 million.
     */
    private static ObjectMapper argumentMapper() {
        ObjectMapper mapper = WireFormat.newMapper();
        mapper.getFactory().setStreamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                .maxStringLength(AttachTool.BASE64_MAX_CHARS + 1024).build());
        return mapper;
    }

    /**
     * The same tools, opening boards another way (a test clock, custom options).
     *
     * @param value turns a board location into an open board
     * @return a new registry; this one is unchanged
     */
    public KanbanTools withBoardOpener(Function<String, Board> value) {
        return new KanbanTools(order.stream().map(tools::get).toList(), arguments, Objects.requireNonNull(value),
                json);
    }

    /**
     * The default availability check: true only inside a worker started for a task.
     *
     * @param env the worker's environment
     * @return whether {@code env} names the task this worker runs ({@code HERMES_KANBAN_TASK})
     */
    public boolean available(Map<String, String> env) {
        return ToolEnvironment.active(env);
    }

    /**
     * The tools to show a model in this environment by default ({@link ToolAccess#WORKER}): the thirteen worker
     * tools inside a worker, none otherwise.
     *
     * @param env the worker's environment
     * @return name, description and JSON Schema of each tool
     */
    public List<ToolDefinition> definitions(Map<String, String> env) {
        return definitions(env, ToolAccess.WORKER);
    }

    /**
     * The tools a session with {@code access} shows a model in this environment, in the reference's order.
     *
     * @param env the session's environment
     * @param access what the session serves outside a worker
     * @return name, description and JSON Schema of each tool
     */
    public List<ToolDefinition> definitions(Map<String, String> env, ToolAccess access) {
        return visible(ToolEnvironment.active(env), access).stream().map(n -> ToolDefinition.of(tools.get(n)))
                .toList();
    }

    /** @return all fifteen tools regardless of the gate, in the reference's order (for documentation and tests) */
    public List<ToolDefinition> allDefinitions() {
        return order.stream().map(n -> ToolDefinition.of(tools.get(n))).toList();
    }

    /** The names a session serves: never an orchestrator-only tool inside a worker. */
    List<String> visible(boolean worker, ToolAccess access) {
        return order.stream().filter(n -> switch (access) {
            case WORKER -> worker && !ORCHESTRATOR_ONLY.contains(n);
            case TOOLSET -> !worker || !ORCHESTRATOR_ONLY.contains(n);
            case ORCHESTRATOR -> ORCHESTRATOR_SET.contains(n) && (!worker || !ORCHESTRATOR_ONLY.contains(n));
        }).toList();
    }

    /** @return the tool names, in the order the definitions list them */
    public List<String> names() {
        return order;
    }

    /**
     * The worker's system-prompt guidance, present exactly when the tools are.
     *
     * @param env the worker's environment
     * @return the text to add to the worker's system prompt, or empty outside a worker
     */
    public Optional<String> guidance(Map<String, String> env) {
        return WorkerGuidance.forEnvironment(env);
    }

    /**
     * The system-prompt guidance for a session with {@code access}: the worker's inside a worker, the orchestrator's
     * ({@link WorkerGuidance#ORCHESTRATOR_TEXT}) for an orchestrator session outside one, else none.
     *
     * @param env the session's environment
     * @param access what the session serves
     * @return the text to add to the system prompt, or empty
     */
    public Optional<String> guidance(Map<String, String> env, ToolAccess access) {
        if (!ToolEnvironment.active(env) && access == ToolAccess.ORCHESTRATOR) {
            return Optional.of(WorkerGuidance.ORCHESTRATOR_TEXT.strip());
        }
        return WorkerGuidance.forEnvironment(env);
    }

    /**
     * A session that opens the environment's board on its first call and closes it with the session.
     *
     * @param env the worker's environment: the board, the task, the tenant
     * @return the session; close it when the agent is done
     */
    public ToolSession session(Map<String, String> env) {
        return session(env, ToolAccess.WORKER);
    }

    /**
     * A session serving what {@code access} allows, opening the environment's board on its first call.
     *
     * @param env the session's environment: the board, the task (if a worker), the tenant, the profile
     * @param access what the session serves outside a worker
     * @return the session; close it when the agent is done
     */
    public ToolSession session(Map<String, String> env, ToolAccess access) {
        return new ToolSession(this, ToolEnvironment.from(env), null, Objects.requireNonNull(access),
                ToolSettings.load(env));
    }

    /**
     * A session over a board the caller opened and keeps (closing the session leaves it open).
     *
     * @param env the worker's environment: the task, the tenant
     * @param board the board the tools act on
     * @return the session
     */
    public ToolSession session(Map<String, String> env, Board board) {
        return session(env, board, ToolAccess.WORKER);
    }

    /**
     * A session over a board the caller opened and keeps, serving what {@code access} allows.
     *
     * @param env the session's environment
     * @param board the board the tools act on
     * @param access what the session serves outside a worker
     * @return the session
     */
    public ToolSession session(Map<String, String> env, Board board, ToolAccess access) {
        return new ToolSession(this, ToolEnvironment.from(env), Objects.requireNonNull(board),
                Objects.requireNonNull(access), ToolSettings.load(env));
    }

    /**
     * One call in a fresh session: opens the board, runs the tool, closes the board.
     *
     * @param name the tool, e.g. {@code kanban_complete}
     * @param arguments the tool's arguments, checked against its JSON Schema
     * @param env the worker's environment
     * @return the result, or an error object
     */
    public ObjectNode call(String name, JsonNode arguments, Map<String, String> env) {
        try (ToolSession session = session(env)) {
            return session.call(name, arguments);
        }
    }

    /**
     * As {@link #call(String, JsonNode, Map)}, with arguments and result as JSON text.
     *
     * @param name the tool
     * @param argumentsJson the arguments as a JSON object
     * @param env the worker's environment
     * @return the result, or an error object, as JSON text
     */
    public String call(String name, String argumentsJson, Map<String, String> env) {
        try (ToolSession session = session(env)) {
            return session.call(name, argumentsJson);
        }
    }

    ToolDefinition definition(String name) {
        return ToolDefinition.of(tools.get(name));
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
