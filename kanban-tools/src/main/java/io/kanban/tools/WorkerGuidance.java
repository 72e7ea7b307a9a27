package io.kanban.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The system-prompt text a worker agent gets while the kanban tools are active, and only then. The text lives in
 * the classpath resource {@value #RESOURCE} so runtimes that read prompts from files can use it unchanged;
 * {@link #TEXT} holds the same text.
 */
public final class WorkerGuidance {
    /** The classpath resource holding the worker's guidance. */
    public static final String RESOURCE = "io/kanban/tools/worker-guidance.md";
    /** The worker's guidance, read from {@link #RESOURCE}. */
    public static final String TEXT = load(RESOURCE);
    /** The orchestrator's guidance ({@code kanban mcp --orchestrator}), a classpath resource beside the worker's. */
    public static final String ORCHESTRATOR_RESOURCE = "io/kanban/tools/orchestrator-guidance.md";
    /** The orchestrator's guidance, read from {@link #ORCHESTRATOR_RESOURCE}. */
    public static final String ORCHESTRATOR_TEXT = load(ORCHESTRATOR_RESOURCE);

    private WorkerGuidance() {
    }

    /**
     * The guidance for this environment followed by the worker's own coordinates, or empty when the tools are
     * not active (no {@code HERMES_KANBAN_TASK}): a normal agent session carries none of it.
     *
     * @param env the process environment
     * @return the guidance, or empty
     */
    public static Optional<String> forEnvironment(Map<String, String> env) {
        if (!ToolEnvironment.active(env)) {
            return Optional.empty();
        }
        ToolEnvironment e = ToolEnvironment.from(env);
        StringBuilder text = new StringBuilder(TEXT.strip()).append("\n\n## Your assignment\n")
                .append("- Task: ").append(e.taskId()).append('\n')
                .append("- Profile: ").append(e.identity()).append('\n');
        if (e.workspace() != null) {
            text.append("- Workspace: ").append(e.workspace()).append('\n');
        }
        if (e.tenant() != null) {
            text.append("- Tenant: ").append(e.tenant()).append(" (tasks you create stay in it)\n");
        }
        return Optional.of(text.toString());
    }

    private static String load(String resource) {
        try (InputStream in = WorkerGuidance.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from the kanban-tools jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
