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
 * {@code {workspace}} and {@code {tenant}}. A token that is exactly {@code {task_skills}} becomes one
 * {@code --skills <name>} pair per skill of the task (a reviewer run's skill first); exactly {@code {skills}} does
 * the same with {@code kanban-worker} first, never twice, as Hermes versions before the reference dropped it need.
 * A token that is exactly {@code {model_args}} becomes the card's model override as the reference passes it,
 * {@code -m <model>} and, when the card names a provider, {@code --provider <provider>}, then the card's reasoning
 * level as {@code --reasoning <level>}; nothing when the card has no override (the profile's own model and level). A first token that is exactly {@code {hermes}} is the Hermes executable: {@code $HERMES_BIN}, else {@code hermes}
 * on the worker's PATH. The default is the reference's current argv:
 * {@code <hermes> -p <assignee> --cli --accept-hooks [--skills S]... [-m M [--provider X]] [--reasoning L] chat -q "work kanban task <id>"};
 * {@link #LEGACY} is the one older Hermes versions parse (without model overrides: add {@code {model_args}} to a
 * custom template for a Hermes that reads {@code -m}).
 */
public record CommandTemplate(List<String> tokens) {
    /** The skill every worker loads. */
    public static final String WORKER_SKILL = "kanban-worker";
    /** The placeholder for {@code kanban-worker} and the task's skills, one {@code --skills} pair each. */
    public static final String SKILLS = "{skills}";
    /** The placeholder for the task's own skills only. */
    public static final String TASK_SKILLS = "{task_skills}";
    /** The placeholder for the Hermes executable. */
    public static final String HERMES = "{hermes}";
    /** The card's model override: {@code -m M [--provider X]}, or nothing. */
    public static final String MODEL_ARGS = "{model_args}";
    /** The environment variable naming the Hermes executable (the reference's). */
    public static final String HERMES_BIN = "HERMES_BIN";
    /** The reference's worker command. */
    public static final List<String> DEFAULT = List.of(HERMES, "-p", "{assignee}", "--cli", "--accept-hooks",
            TASK_SKILLS, MODEL_ARGS, "chat", "-q", "work kanban task {task_id}");
    /** The argv of Hermes versions before {@code --cli --accept-hooks}, which load {@code kanban-worker} by hand. */
    public static final List<String> LEGACY =
            List.of("hermes", "-p", "{assignee}", SKILLS, "chat", "-q", "work kanban task {task_id}");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");
    private static final Set<String> NAMES = Set.of("assignee", "task_id", "run_id", "workspace", "tenant");

    /**
     * Copies the tokens.
     *
     * @param tokens the argv template
     */
    public CommandTemplate {
        tokens = List.copyOf(tokens);
    }

    /**
     * Checks a template read from configuration; errors name {@code key}.
     *
     * @param key the configuration key, for errors
     * @param tokens the tokens
     * @return the template
     * @throws io.kanban.core.error.ValidationError naming {@code key}
     */
    public static CommandTemplate validate(String key, List<String> tokens) {
        if (tokens == null || tokens.isEmpty()) {
            throw new ValidationError(key, "must be a non-empty list of strings");
        }
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (token == null) {
                throw new ValidationError(key, "must not contain empty entries");
            }
            if (token.equals(SKILLS) || token.equals(TASK_SKILLS) || token.equals(MODEL_ARGS)
                    || (i == 0 && token.equals(HERMES))) {
                continue;
            }
            Matcher m = PLACEHOLDER.matcher(token);
            while (m.find()) {
                if (!NAMES.contains(m.group(1))) {
                    throw new ValidationError(key, "unknown placeholder {" + m.group(1) + "} in '" + token
                            + "'; known: {assignee} {task_id} {run_id} {workspace} {tenant} {skills} {task_skills}"
                            + " {model_args} and {hermes} as the first entry");
                }
            }
        }
        if (tokens.get(0).isBlank() || (tokens.get(0).contains("{") && !tokens.get(0).equals(HERMES))) {
            throw new ValidationError(key, "the first entry must name the worker executable, got '"
                    + tokens.get(0) + "'");
        }
        return new CommandTemplate(tokens);
    }

    /**
     * The argv for one run of {@code task} working in {@code workspace}.
     *
     * @param task the claimed task
     * @param run its run
     * @param workspace the worker's directory
     * @return the argv
     */
    public List<String> expand(Task task, Run run, Path workspace) {
        return expand(task, run, workspace, null);
    }

    /**
     * The argv for one run; a reviewer run ({@code reviewSkill} set) loads that skill right after
     * {@code kanban-worker}, before the task's own skills.
     *
     * @param task the claimed task
     * @param run its run
     * @param workspace the worker's directory
     * @param reviewSkill the reviewer skill for a review run, else null
     * @return the argv
     */
    public List<String> expand(Task task, Run run, Path workspace, String reviewSkill) {
        return expand(task, run, workspace, reviewSkill, "hermes");
    }

    /**
     * The argv for one run, {@code {hermes}} standing for {@code hermes} (an executable name or path).
     *
     * @param task the claimed task
     * @param run its run
     * @param workspace the worker's directory
     * @param reviewSkill the reviewer skill for a review run, else null
     * @param hermes the Hermes executable
     * @return the argv
     */
    public List<String> expand(Task task, Run run, Path workspace, String reviewSkill, String hermes) {
        List<String> argv = new ArrayList<>();
        for (String token : tokens) {
            if (token.equals(SKILLS) || token.equals(TASK_SKILLS)) {
                List<String> skills = new ArrayList<>();
                if (reviewSkill != null) {
                    skills.add(reviewSkill);
                }
                skills.addAll(task.skills());
                argv.addAll(token.equals(SKILLS) ? skillArgs(skills) : taskSkillArgs(skills));
                continue;
            }
            if (token.equals(MODEL_ARGS)) {
                argv.addAll(modelArgs(task));
                continue;
            }
            if (argv.isEmpty() && token.equals(HERMES)) {
                argv.add(hermes);
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

    /**
     * The Hermes executable for a worker environment: {@code $HERMES_BIN} when set, else {@code hermes}.
     *
     * @param env the environment
     * @return the executable
     */
    public static String hermesExecutable(java.util.Map<String, String> env) {
        String bin = env.get(HERMES_BIN);
        return bin == null || bin.isBlank() ? "hermes" : bin.strip();
    }

    /**
     * The reference's model flags for a card, in its order: {@code [-m M [--provider X]] [--reasoning L]}; none
     * without overrides.
     */
    static List<String> modelArgs(Task task) {
        List<String> args = new ArrayList<>();
        if (task.modelOverride() != null && !task.modelOverride().isBlank()) {
            args.addAll(List.of("-m", task.modelOverride()));
            if (task.providerOverride() != null && !task.providerOverride().isBlank()) {
                args.add("--provider");
                args.add(task.providerOverride());
            }
        }
        if (task.reasoningEffort() != null && !task.reasoningEffort().isBlank()) {
            args.add("--reasoning");
            args.add(task.reasoningEffort());
        }
        return args;
    }

    /** {@code --skills <name>} per skill, in order, each once. */
    static List<String> taskSkillArgs(List<String> skills) {
        List<String> args = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (String skill : skills) {
            if (!seen.contains(skill)) {
                seen.add(skill);
                args.add("--skills");
                args.add(skill);
            }
        }
        return args;
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
