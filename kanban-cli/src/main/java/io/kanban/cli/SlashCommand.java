package io.kanban.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A chat host's {@code /kanban <args>} line, run in-process through the same command tree as the shell.
 * Arguments split like a shell would: spaces separate, single and double quotes group, backslash escapes.
 *
 * <pre>{@code
 * SlashCommand slash = new SlashCommand(BoardOpener.DEFAULT, System.getenv());
 * SlashCommand.Reply reply = slash.run("/kanban create \"write the spec\" --assignee pm");
 * }</pre>
 */
public final class SlashCommand {
    /** The optional first word of a slash command. */
    public static final String PREFIX = "/kanban";

    /** What the command printed, its error lines, and its exit code (0 ok, 1 refused, 2 usage). */
    public record Reply(int exitCode, String output, String error) {
        /**
         * The text a chat shows: the output, or the error when there is no output.
         *
         * @return the text
         */
        public String text() {
            return output.isBlank() ? error.strip() : output.strip();
        }
    }

    private final BoardOpener opener;
    private final Map<String, String> env;

    /**
     * A slash-command runner.
     *
     * @param opener opens the board
     * @param env the environment
     */
    public SlashCommand(BoardOpener opener, Map<String, String> env) {
        this.opener = opener;
        this.env = Map.copyOf(env);
    }

    /**
     * Runs one line as the CLI would run its words ({@value #PREFIX} first is optional).
     *
     * @param line the line typed in the chat
     * @return what it printed and its exit code
     */
    public Reply run(String line) {
        List<String> args;
        try {
            args = split(line);
        } catch (IllegalArgumentException e) {
            return new Reply(ErrorHandler.USAGE, "", "kanban: " + e.getMessage() + "\n");
        }
        if (!args.isEmpty() && args.get(0).equals(PREFIX)) {
            args = args.subList(1, args.size());
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = KanbanCli.run(args.toArray(String[]::new), opener, env, new ByteArrayInputStream(new byte[0]),
                new PrintWriter(out), new PrintWriter(err));
        return new Reply(code, out.toString(), err.toString());
    }

    static List<String> split(String line) {
        List<String> args = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < line.length()) {
                    cur.append(line.charAt(++i));
                } else {
                    cur.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                cur.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    args.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
            } else {
                cur.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unclosed " + quote + " quote");
        }
        if (inWord) {
            args.add(cur.toString());
        }
        return args;
    }
}
