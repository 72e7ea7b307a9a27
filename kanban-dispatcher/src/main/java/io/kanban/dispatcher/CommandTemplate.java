package io.kanban.dispatcher;

import io.kanban.core.error.ValidationError;
import io.kanban.core.model.Run;
import io.kanban.core.model.Task;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The worker argv template. Tokens may hold {@code {assignee}}, {@code {task_id}}, {@code {run_id}},
 * {@code {workspace}} and {@code {tenant}}; a token that is exactly {@code {skills}} becomes the
 * {@code --skills <name>} pairs: {@code kanban-worker} first, then the task's skills in order, never twice.
 * The default is the argv Hermes parses, its global {@code --skills} options before the {@code chat} subcommand.
 */
public record CommandTemplate(List<String> tokens) {
    public static final String WORKER_SKILL = "kanban-worker";
    public static final String SKILLS = "{skills}";
    public static final List<String> DEFAULT =
            List.of("hermes", "-p", "{assignee}", SKILLS, "chat", "-q", "work kanban task {task_id}");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");
    private static final Set<String> NAMES = Set.of("assignee", "task_id", "run_id", "workspace", "tenant");

    public CommandTemplate {
        tokens = List.copyOf(tokens);
    }

    /** Checks a template read from configuration; errors name {@code key}. */
    public static CommandTemplate validate(String key, List<String> tokens) {
        if (tokens == null || tokens.isEmpty()) {
            throw new ValidationError(key, "must be a non-empty list of strings");
        }
        for (String token : tokens) {
            if (token == null) {
                throw new ValidationError(key, "must not contain empty entries");
            }
            if (token.equals(SKILLS)) {
                continue;
            }
            Matcher m = PLACEHOLDER.matcher(token);
            while (m.find()) {
                if (!NAMES.contains(m.group(1))) {
                    throw new ValidationError(key, "unknown placeholder {" + m.group(1) + "} in '" + token
                            + "'; known: {assignee} {task_id} {run_id} {workspace} {tenant} {skills}");
                }
            }
        }
        if (tokens.get(0).isBlank() || tokens.get(0).contains("{")) {
            throw new ValidationError(key, "the first entry must name the worker executable, got '"
                    + tokens.get(0) + "'");
        }
        return new CommandTemplate(tokens);
    }

    /** The argv for one run of {@code task} working in {@code workspace}. */
    public List<String> expand(Task task, Run run, Path workspace) {
        return expand(task, run, workspace, null);
    }

    /**
     * The argv for one run; a reviewer run ({@code reviewSkill} set) loads that skill right after
     * {@code kanban-worker}, before the task's own skills.
     */
    public List<String> expand(Task task, Run run, Path workspace, String reviewSkill) {
        List<String> argv = new ArrayList<>();
        for (String token : tokens) {
            if (token.equals(SKILLS)) {
                List<String> skills = new ArrayList<>();
                if (reviewSkill != null) {
                    skills.add(reviewSkill);
                }
                skills.addAll(task.skills());
                argv.addAll(skillArgs(skills));
                continue;
            }
            argv.add(token
                    .replace("{assignee}", nullToEmpty(task.assignee()))
                    .replace("{task_id}", task.id())
                    .replace("{run_id}", Long.toString(run.id()))
                    .replace("{workspace}", workspace.toString())
                    .replace("{tenant}", nullToEmpty(task.tenant())));
        }
        return argv;
    }

    static List<String> skillArgs(List<String> skills) {
        List<String> args = new ArrayList<>(List.of("--skills", WORKER_SKILL));
        List<String> seen = new ArrayList<>(List.of(WORKER_SKILL));
        for (String skill : skills) {
            if (!seen.contains(skill)) {
                seen.add(skill);
                args.add("--skills");
                args.add(skill);
            }
        }
        return args;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
