package io.kanban.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kanban.core.Board;
import io.kanban.core.BoardLocation;
import io.kanban.core.boards.BoardSlug;
import io.kanban.core.boards.Boards;
import io.kanban.core.error.BoardNotFound;
import io.kanban.core.error.HallucinatedCards;
import io.kanban.core.error.KanbanException;
import io.kanban.core.error.ValidationError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tools bound to one worker environment and one board handle. Calls never throw: each returns either
 * {@code {"ok": true, ...}} or an error object (see {@link ToolError}). Arguments are checked against the tool's
 * schema before the board is opened or touched. Safe to share between threads.
 */
public final class ToolSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ToolSession.class);

    private final KanbanTools registry;
    private final ToolEnvironment env;
    private final Board borrowed;
    private final ToolAccess access;
    private final ToolSettings settings;
    private Board owned;
    private Board handle;
    /** Boards named by a {@code board} argument (an orchestrator's), by slug; closed with the session. */
    private final Map<String, Board> named = new LinkedHashMap<>();
    private final Map<String, Board> namedHandles = new LinkedHashMap<>();

    ToolSession(KanbanTools registry, ToolEnvironment env, Board borrowed, ToolAccess access,
                ToolSettings settings) {
        this.registry = registry;
        this.env = env;
        this.borrowed = borrowed;
        this.access = access;
        this.settings = settings;
    }

    /** @return true when this session serves any tool: inside a worker, or outside one with a wider access */
    public boolean active() {
        return !served().isEmpty();
    }

    /** @return what this session serves outside a worker */
    public ToolAccess access() {
        return access;
    }

    /** @return the worker environment this session reads: board, task, run, tenant, profile */
    public ToolEnvironment environment() {
        return env;
    }

    /** @return the tools to show the model, in the reference's order (see {@link ToolAccess}) */
    public List<ToolDefinition> definitions() {
        return served().stream().map(n -> registry.definition(n)).toList();
    }

    private List<String> served() {
        return registry.visible(env.active(), access);
    }

    /**
     * Calls a tool with arguments given as JSON text (empty or null means no arguments).
     *
     * @param name the tool, e.g. {@code kanban_complete}
     * @param argumentsJson the arguments as a JSON object
     * @return the result or an error object, as JSON text
     */
    public String call(String name, String argumentsJson) {
        JsonNode args;
        try {
            args = argumentsJson == null || argumentsJson.isBlank()
                    ? null : registry.json().readTree(argumentsJson);
        } catch (JsonProcessingException e) {
            return write(new ToolError(ToolError.INVALID_ARGUMENT,
                    "arguments: not valid JSON (" + e.getOriginalMessage() + ")", null).toJson());
        }
        return write(call(name, args));
    }

    /**
     * Calls a tool; null arguments mean none.
     *
     * @param name the tool
     * @param arguments the arguments, checked against the tool's JSON Schema
     * @return {@code {"ok": true, ...}} or an error object
     */
    public ObjectNode call(String name, JsonNode arguments) {
        try {
            return run(name, arguments);
        } catch (ToolFailure f) {
            return f.error().toJson();
        } catch (KanbanException e) {
            String field = e instanceof ValidationError v ? v.field() : null;
            ObjectNode error = new ToolError(e.code(), e.getMessage(), field).toJson();
            if (e instanceof HallucinatedCards h) {
                error.set("phantom", registry.json().valueToTree(h.phantom()));
                error.put("retryable", true);
            }
            return error;
        } catch (RuntimeException e) {
            // A bug, not bad input: keep the trace in the log (stderr), give the caller one line.
            LOG.error("kanban tool {} failed", name, e);
            return ToolError.of(ToolError.INTERNAL, name + " failed unexpectedly: " + e).toJson();
        }
    }

    private ObjectNode run(String name, JsonNode arguments) {
        List<String> served = served();
        if (served.isEmpty()) {
            throw new ToolFailure(ToolError.TOOLS_UNAVAILABLE, "the kanban tools are only available to a worker"
                    + " started for a task (" + ToolEnvironment.TASK + " is not set)", null);
        }
        KanbanTool tool = registry.tool(name);
        if (tool == null) {
            throw new ToolFailure(ToolError.UNKNOWN_TOOL, "no tool named '" + name + "'; the kanban tools here are "
                    + String.join(", ", served), null);
        }
        if (!served.contains(name)) {
            if (env.active() && KanbanTools.ORCHESTRATOR_ONLY.contains(name)) {
                throw ToolContext.orchestratorOnly(name);
            }
            throw new ToolFailure(ToolError.TOOL_NOT_SERVED, name + " is not served here; the kanban tools here are "
                    + String.join(", ", served), null);
        }
        ObjectNode args;
        if (arguments == null || arguments.isNull() || arguments.isMissingNode()) {
            args = registry.json().createObjectNode();
        } else if (arguments.isObject()) {
            args = (ObjectNode) arguments.deepCopy();
        } else {
            throw new ToolFailure(ToolError.INVALID_ARGUMENT, "arguments: expected a JSON object of named"
                    + " arguments, got " + arguments.getNodeType().name().toLowerCase(java.util.Locale.ROOT), null);
        }
        registry.arguments().check(name, args);
        return tool.call(new ToolContext(board(ToolContext.text(args, "board")), env, registry.json(), settings),
                args);
    }

    /**
     * The board a call's {@code board} argument names (a slug of the Hermes home), else the session's own. A
     * worker stays on the board of its card: naming any other is refused before anything is read or changed. The
     * reference silently lets {@code HERMES_KANBAN_DB} win over the argument; refusing instead means a call never
     * lands on a board other than the one it names.
     */
    private synchronized Board board(String slugArgument) {
        if (slugArgument == null) {
            return board();
        }
        BoardSlug slug = BoardSlug.of(slugArgument);
        Path target = env.boards().db(slug);
        Path own = env.boardFile() == null ? null : env.boardFile().toAbsolutePath().normalize();
        if (target.equals(own)) {
            return board();
        }
        if (env.active()) {
            throw new ToolFailure(ToolError.BOARD_PINNED, "board: this worker is pinned to the board of its card ("
                    + BoardLocation.shown(env.board()) + "); refusing board '" + slug.value() + "'. Leave board out"
                    + " to work on your own board. Nothing changed.", "board");
        }
        Board cached = namedHandles.get(slug.value());
        if (cached != null) {
            return cached;
        }
        if (!new Boards(env.boards()).exists(slug)) {
            throw new ToolFailure(ToolError.BOARD_NOT_FOUND, "board: " + new BoardNotFound(slug.value()).getMessage()
                    + " in " + env.boards().root() + ". Nothing changed.", "board");
        }
        Board base = registry.opener().apply(target.toString());
        named.put(slug.value(), base);
        Board scoped = env.tenant() == null ? base : base.forTenant(env.tenant());
        namedHandles.put(slug.value(), scoped);
        return scoped;
    }

    private synchronized Board board() {
        if (handle != null) {
            return handle;
        }
        Board base = borrowed;
        if (base == null) {
            if (owned == null) {
                // A worker must find the board its dispatcher uses, never start an empty one of its own.
                if (env.boardFile() != null && !Files.isRegularFile(env.boardFile())) {
                    throw new ToolFailure(ToolError.BOARD_NOT_FOUND, "no kanban board at " + env.board()
                            + " (set by " + ToolEnvironment.DB + " or the default location)", null);
                }
                owned = registry.opener().apply(env.board());
            }
            base = owned;
        }
        handle = env.tenant() == null ? base : base.forTenant(env.tenant());
        return handle;
    }

    private String write(ObjectNode node) {
        try {
            return registry.json().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tool result could not be written as JSON", e);
        }
    }

    @Override
    public synchronized void close() {
        if (owned != null) {
            owned.close();
            owned = null;
        }
        handle = null;
        named.values().forEach(Board::close);
        named.clear();
        namedHandles.clear();
    }
}
