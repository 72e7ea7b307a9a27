package io.kanban.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kanban.core.Board;
import io.kanban.core.model.ClaimedTask;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Task;
import io.kanban.core.testing.ScratchBoard;
import io.kanban.core.testing.SettableClock;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real board file for each test, a clock the test moves, and helpers to call the tools as a worker. Register it
 * on a field ({@code @RegisterExtension final Fixture f = new Fixture();}): the board is closed after each test.
 */
final class Fixture implements AfterEachCallback, AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final ScratchBoard scratch = ScratchBoard.onSqlite();
    final SettableClock clock = scratch.clock();
    final Board board = scratch.board();
    final Path file = scratch.file();
    /** The Hermes home the tools read (config.yaml, the boards of the board argument): never the user's own. */
    final Path home = file.toAbsolutePath().getParent().resolve("hermes-home");
    final KanbanTools tools = KanbanTools.standard().withBoardOpener(location -> open(Path.of(location)));

    /** Another board, at {@code path}, on this fixture's clock; closed after the test. */
    Board open(Path path) {
        return scratch.openAt(path.toString());
    }

    Task task(String title) {
        return board.tasks().create(NewTask.titled(title).assignee("coder").build()).task();
    }

    Task task(String title, String tenant) {
        return board.tasks().create(NewTask.titled(title).assignee("coder").tenant(tenant).build()).task();
    }

    ClaimedTask claimed(String title) {
        return board.claims().claim(task(title).id()).orElseThrow();
    }

    /** The environment the dispatcher gives a worker for {@code claim}. */
    Map<String, String> worker(ClaimedTask claim) {
        Map<String, String> env = worker(claim.task().id());
        env.put(ToolEnvironment.RUN_ID, Long.toString(claim.run().id()));
        return env;
    }

    Map<String, String> worker(String taskId) {
        Map<String, String> env = new HashMap<>();
        env.put(ToolEnvironment.TASK, taskId);
        env.put(ToolEnvironment.DB, file.toString());
        env.put(ToolEnvironment.PROFILE, "coder");
        env.put("HERMES_HOME", home.toString());
        return env;
    }

    /** An orchestrator's environment: the board and a profile, no card in scope. */
    Map<String, String> lead() {
        Map<String, String> env = new HashMap<>();
        env.put(ToolEnvironment.DB, file.toString());
        env.put(ToolEnvironment.PROFILE, "lead");
        env.put("HERMES_HOME", home.toString());
        return env;
    }

    /** Calls a tool through a session serving {@code access}. */
    ObjectNode call(Map<String, String> env, ToolAccess access, String tool, String args) {
        try (ToolSession session = tools.session(env, board, access)) {
            return session.call(tool, json(args));
        }
    }

    /** Calls a tool through a session on this fixture's board; {@code args} may use ' for ". */
    ObjectNode call(Map<String, String> env, String tool, String args) {
        try (ToolSession session = tools.session(env, board)) {
            return session.call(tool, json(args));
        }
    }

    static ObjectNode json(String text) {
        return parse(text.replace('\'', '"'));
    }

    /** Real JSON text, as a tool returns it. */
    static ObjectNode parse(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        scratch.close();
    }
}
