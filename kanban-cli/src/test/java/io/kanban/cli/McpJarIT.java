package io.kanban.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kanban.core.Board;
import io.kanban.core.model.NewTask;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kanban mcp} from the packaged jar (after {@code package}, under failsafe): the shaded jar finds the tool
 * server through ServiceLoader and validates arguments against the tools' schemas with the bundled JSON Schema
 * library, answering bad calls with the tools' error object and leaving the board alone.
 */
class McpJarIT {
    private static final Path JAR = Path.of("target", "kanban-cli.jar").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void the_jar_serves_the_tools_and_refuses_bad_arguments_with_an_error_object() throws Exception {
        Path file = dir.resolve("kanban.db");
        String taskId;
        try (Board board = Board.open(file)) {
            taskId = board.tasks().create(NewTask.titled("served").assignee("coder").build()).task().id();
        }
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString(), "--db", file.toString(), "mcp");
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("KANBAN_") || k.startsWith("HERMES_"));
        env.put("HERMES_KANBAN_TASK", taskId);
        pb.redirectError(dir.resolve("stderr.txt").toFile());
        Process mcp = pb.start();
        try (var in = new BufferedReader(new InputStreamReader(mcp.getInputStream(), StandardCharsets.UTF_8));
             var out = new PrintWriter(new OutputStreamWriter(mcp.getOutputStream(), StandardCharsets.UTF_8), true)) {
            out.println("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                    + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}");
            assertEquals(1, JSON.readTree(in.readLine()).get("id").asInt());
            out.println("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");

            JsonNode unknown = call(in, out, 2, "{\"body\":\"hi\",\"author\":\"boss\"}");
            assertTrue(unknown.get("isError").asBoolean(), unknown.toString());
            JsonNode error = unknown.get("structuredContent");
            assertEquals("unknown_field", error.get("code").asText());
            assertEquals("author", error.get("field").asText());
            assertEquals("author: is not an argument of this tool; known arguments: task_id, body, board. Nothing changed.",
                    error.get("error").asText());

            JsonNode wrongType = call(in, out, 3, "{\"body\":5}").get("structuredContent");
            assertEquals("invalid_argument", wrongType.get("code").asText());
            assertEquals("body: expected a string, got an integer", wrongType.get("error").asText());

            JsonNode ok = call(in, out, 4, "{\"body\":\"checked by the bundled validator\"}");
            assertFalse(ok.get("isError").asBoolean(), ok.toString());
        }
        assertTrue(mcp.waitFor(60, TimeUnit.SECONDS), "mcp exits when stdin closes");
        assertEquals(0, mcp.exitValue());
        try (Board board = Board.open(file)) {
            assertEquals(1, board.comments().list(taskId).size(), "only the valid call wrote");
            assertEquals("checked by the bundled validator", board.comments().list(taskId).get(0).body());
        }
    }

    private static JsonNode call(BufferedReader in, PrintWriter out, int id, String arguments) throws Exception {
        out.println("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":"
                + "\"kanban_comment\",\"arguments\":" + arguments + "}}");
        JsonNode reply = JSON.readTree(in.readLine());
        assertEquals(id, reply.get("id").asInt(), reply.toString());
        return reply.get("result");
    }
}
