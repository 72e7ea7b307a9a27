package io.kanban.tools.mcp;

import java.io.PrintStream;

/**
 * Starts the kanban MCP server on this process's stdin/stdout: {@code java -cp kanban-tools.jar:... }
 * {@code io.kanban.tools.mcp.McpMain}. Configuration comes from the environment (HERMES_KANBAN_TASK,
 * HERMES_KANBAN_DB, HERMES_TENANT, HERMES_KANBAN_RUN_ID, HERMES_PROFILE).
 */
public final class McpMain {
    private McpMain() {
    }

    /**
     * Serves until the client hangs up, then exits with the server's status.
     *
     * @param args none, {@code --orchestrator}, or {@code --help}
     */
    public static void main(String[] args) {
        boolean orchestrator = args.length == 1 && args[0].equals("--orchestrator");
        if (args.length > 0 && !orchestrator) {
            boolean help = args[0].equals("--help") || args[0].equals("-h");
            System.err.println(help ? usage() : "unknown argument '" + args[0] + "'\n" + usage());
            System.exit(help ? 0 : 2);
        }
        // stdout carries JSON-RPC only: silence jOOQ's banner and send anything a library prints to stderr.
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        PrintStream protocol = System.out;
        System.setOut(System.err);
        int code = new McpToolServer().serveStdio(System.in, protocol, System.getenv(), orchestrator);
        protocol.flush();
        System.exit(code);
    }

    private static String usage() {
        return "usage: kanban-tools MCP server [--orchestrator]; speaks the Model Context Protocol on stdin/stdout.\n"
                + "Worker tools are served only when HERMES_KANBAN_TASK is set; --orchestrator serves kanban_show,\n"
                + "kanban_list, kanban_comment, kanban_create, kanban_unblock and kanban_link with no card in scope\n"
                + "(refused when HERMES_KANBAN_TASK is set). The board is HERMES_KANBAN_DB (else $KANBAN_DB, else\n"
                + "$HERMES_HOME/kanban.db), the tenant HERMES_TENANT, the author HERMES_PROFILE. Every tool takes an\n"
                + "optional board (a slug of the Hermes home's boards); a worker may name only its own card's board.";
    }
}
