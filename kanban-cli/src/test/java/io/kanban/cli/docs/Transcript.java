package io.kanban.cli.docs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shell sessions written in a markdown file: every fenced {@code console} block, grouped by the
 * {@code ## } section it sits in. In a block, a line starting with {@code $ } is a command (a heredoc it opens
 * runs on to its terminator); the lines up to the next command are what the command printed.
 */
final class Transcript {
    /** One command and the output the document shows for it. */
    record Step(String command, List<String> output, int line) {
    }

    private static final Pattern HEREDOC = Pattern.compile("<<-?\\s*['\"]?([A-Za-z_]+)['\"]?");

    private Transcript() {
    }

    /** Sections (by heading text, in document order) that hold at least one console block. */
    static Map<String, List<Step>> sections(String markdown) {
        Map<String, List<Step>> sections = new LinkedHashMap<>();
        String section = "(top)";
        List<String> lines = markdown.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("## ")) {
                section = line.substring(3).strip();
            } else if (line.strip().equals("```console")) {
                int start = i + 1;
                int end = start;
                while (end < lines.size() && !lines.get(end).strip().equals("```")) {
                    end++;
                }
                if (end == lines.size()) {
                    throw new IllegalArgumentException("console block at line " + (i + 1) + " is not closed");
                }
                sections.computeIfAbsent(section, s -> new ArrayList<>()).addAll(steps(lines.subList(start, end), start));
                i = end;
            }
        }
        return sections;
    }

    private static List<Step> steps(List<String> block, int firstLine) {
        List<Step> steps = new ArrayList<>();
        int i = 0;
        while (i < block.size()) {
            String line = block.get(i);
            if (!line.startsWith("$ ")) {
                throw new IllegalArgumentException("line " + (firstLine + i + 1)
                        + ": a console block must start each step with '$ ', got: " + line);
            }
            int at = firstLine + i + 1;
            StringBuilder command = new StringBuilder(line.substring(2));
            i++;
            Matcher heredoc = HEREDOC.matcher(line);
            if (heredoc.find()) {
                String end = heredoc.group(1);
                while (i < block.size() && !block.get(i).equals(end)) {
                    command.append('\n').append(block.get(i++));
                }
                if (i == block.size()) {
                    throw new IllegalArgumentException("line " + at + ": heredoc " + end + " is not closed");
                }
                command.append('\n').append(block.get(i++));
            }
            List<String> output = new ArrayList<>();
            while (i < block.size() && !block.get(i).startsWith("$ ")) {
                output.add(block.get(i++));
            }
            steps.add(new Step(command.toString(), output, at));
        }
        return steps;
    }
}
