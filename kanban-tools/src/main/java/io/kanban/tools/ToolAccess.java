package io.kanban.tools;

/**
 * Which tools a session serves, beside what its environment says. Inside a worker ({@code HERMES_KANBAN_TASK} set)
 * every mode serves at most the worker's tools, never the orchestrator-only {@code kanban_list} and
 * {@code kanban_unblock}, and every change is scoped to the worker's own card.
 */
public enum ToolAccess {
    /** The default: the worker's thirteen tools inside a worker, nothing outside one. */
    WORKER,
    /**
     * A profile that turned the kanban toolset on (the reference's {@code toolsets: [kanban]}): the worker's tools
     * inside a worker, all fifteen outside one.
     */
    TOOLSET,
    /**
     * An orchestrator with no card in scope ({@code kanban mcp --orchestrator}): kanban_show, kanban_list,
     * kanban_comment, kanban_create, kanban_unblock and kanban_link. Inside a worker the orchestrator-only two are
     * left out.
     */
    ORCHESTRATOR
}
