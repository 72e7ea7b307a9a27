package io.kanban.tools;

import io.kanban.core.BoardLocation;
import io.kanban.core.boards.BoardLayout;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the dispatcher tells a worker through its environment. Only {@code HERMES_KANBAN_TASK} switches the tools
 * on; the rest is optional.
 *
 * @param taskId the worker's own task ({@code HERMES_KANBAN_TASK}), null outside a worker
 * @param board where the board is ({@code HERMES_KANBAN_DB}: a file, {@code jdbc:sqlite:PATH} or a PostgreSQL URL;
 *              else the default location)
 * @param tenant {@code HERMES_TENANT}: when set, every call is scoped to that tenant
 * @param runIdText {@code HERMES_KANBAN_RUN_ID} as given: the run the worker holds
 * @param profile {@code HERMES_PROFILE}, the worker's name on comments and created tasks
 * @param workspace {@code HERMES_KANBAN_WORKSPACE}, shown back to the worker by {@code kanban_show}
 * @param boards the boards of the Hermes home ({@code HERMES_KANBAN_HOME}, else {@code HERMES_HOME}), which the
 *               tools' {@code board} argument names by slug
 * @param chat the chat this session talks to, which {@code kanban_create} subscribes to the new card; null when
 *             there is none (a worker, a script, an MCP client without a chat)
 */
public record ToolEnvironment(String taskId, String board, String tenant, String runIdText, String profile,
                              String workspace, BoardLayout boards, ChatSession chat) {

    /** The variable naming the worker's task; set, it switches the tools on. */
    public static final String TASK = "HERMES_KANBAN_TASK";
    /** The variable naming the board. */
    public static final String DB = "HERMES_KANBAN_DB";
    /** The variable naming the tenant every call is scoped to. */
    public static final String TENANT = "HERMES_TENANT";
    /** The variable naming the run the worker holds. */
    public static final String RUN_ID = "HERMES_KANBAN_RUN_ID";
    /** The variable naming the worker's profile. */
    public static final String PROFILE = "HERMES_PROFILE";
    /** The variable naming the worker's workspace directory. */
    public static final String WORKSPACE = "HERMES_KANBAN_WORKSPACE";
    // The reference's session variables: a gateway chat (platform and chat id), else a TUI session key.
    /** The variable naming a gateway chat's platform. */
    public static final String SESSION_PLATFORM = "HERMES_SESSION_PLATFORM";
    /** The variable naming a gateway chat's id on its platform. */
    public static final String SESSION_CHAT_ID = "HERMES_SESSION_CHAT_ID";
    /** The variable naming the thread within a gateway chat, when it has one. */
    public static final String SESSION_THREAD_ID = "HERMES_SESSION_THREAD_ID";
    /** The variable naming the user in a gateway chat, when given. */
    public static final String SESSION_USER_ID = "HERMES_SESSION_USER_ID";
    /** The variable naming a TUI session, used when there is no gateway chat. */
    public static final String SESSION_KEY = "HERMES_SESSION_KEY";
    /** Author of comments and creator of tasks when {@code HERMES_PROFILE} is unset. */
    public static final String DEFAULT_IDENTITY = "worker";

    /**
     * Reads the environment; without {@value #DB} the board is where {@code BoardLocation.resolveLocation} puts it.
     *
     * @param env the process environment
     * @return what it says
     */
    public static ToolEnvironment from(Map<String, String> env) {
        String db = value(env, DB);
        return new ToolEnvironment(value(env, TASK), db != null ? db : BoardLocation.resolveLocation(null, env),
                value(env, TENANT), value(env, RUN_ID), value(env, PROFILE), value(env, WORKSPACE),
                BoardLayout.of(env), ChatSession.of(env));
    }

    /**
     * The chat a session belongs to, as the reference finds it: a gateway chat ({@value #SESSION_PLATFORM} and
     * {@value #SESSION_CHAT_ID}, with the thread and user when given), else a TUI session ({@value #SESSION_KEY},
     * platform {@code tui}). {@code HERMES_SESSION_ID} is deliberately not used: every CLI run has one, and
     * subscribing those is what the reference reverted.
     */
    public record ChatSession(String platform, String chatId, String threadId, String userId) {
        static ChatSession of(Map<String, String> env) {
            String platform = value(env, SESSION_PLATFORM);
            String chat = value(env, SESSION_CHAT_ID);
            if (platform != null && chat != null) {
                return new ChatSession(platform, chat, value(env, SESSION_THREAD_ID), value(env, SESSION_USER_ID));
            }
            String key = value(env, SESSION_KEY);
            return key == null ? null : new ChatSession("tui", key, null, null);
        }
    }

    /**
     * The gate: the tools exist only inside a worker the dispatcher started for a task.
     *
     * @param env the process environment
     * @return whether {@value #TASK} is set
     */
    public static boolean active(Map<String, String> env) {
        return value(env, TASK) != null;
    }

    /** The board file, or null when the board is on a database server. */
    Path boardFile() {
        return BoardLocation.file(board).orElse(null);
    }

    /**
     * @return whether a task is in scope (the tools are on)
     */
    public boolean active() {
        return taskId != null;
    }

    /**
     * @return the worker's profile, or {@value #DEFAULT_IDENTITY}
     */
    public String identity() {
        return profile != null ? profile : DEFAULT_IDENTITY;
    }

    /** The run the worker holds, or null when no dispatcher pinned one; a garbled value fails the call. */
    Long runId() {
        if (runIdText == null) {
            return null;
        }
        try {
            return Long.parseLong(runIdText.strip());
        } catch (NumberFormatException e) {
            throw new ToolFailure(ToolError.BAD_ENVIRONMENT,
                    RUN_ID + " is '" + runIdText + "', not a run number; the dispatcher sets it, do not edit it", null);
        }
    }

    private static String value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.strip();
    }
}
