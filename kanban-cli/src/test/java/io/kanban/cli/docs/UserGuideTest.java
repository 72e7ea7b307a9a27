package io.kanban.cli.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.cli.BoardOpener;
import io.kanban.cli.KanbanCli;
import io.kanban.cli.KanbanCommand;
import io.kanban.dispatcher.ConfigFile;
import io.kanban.dispatcher.DispatcherConfig;
import io.kanban.dispatcher.notify.NotifyConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * docs/user-guide/kanban.md covers the whole surface: every command of the CLI's picocli tree with each of its
 * options, every key the dispatcher reads from config.yaml with its real default, and every {@code kanban.notify}
 * setting and target field with its real default.
 */
class UserGuideTest {
    static final Path GUIDE = Path.of("docs", "user-guide", "kanban.md");

    @TempDir
    Path dir;

    static String guide() throws IOException {
        return Files.readString(RepoRoot.find().resolve(GUIDE));
    }

    /** Every command reachable from the root, by its full name ("notify subscribe"), hidden ones included. */
    static Map<String, CommandLine> commands() {
        StringWriter sink = new StringWriter();
        KanbanCommand root = new KanbanCommand(BoardOpener.DEFAULT, Map.of(), InputStream.nullInputStream());
        CommandLine cli = KanbanCli.commandLine(root, new String[0], new PrintWriter(sink), new PrintWriter(sink));
        Map<String, CommandLine> all = new LinkedHashMap<>();
        collect(cli, "", all);
        return all;
    }

    private static void collect(CommandLine parent, String prefix, Map<String, CommandLine> into) {
        parent.getSubcommands().forEach((name, sub) -> {
            String full = prefix + name;
            into.put(full, sub);
            collect(sub, full + " ", into);
        });
    }

    private static boolean mentions(String text, String command) {
        return Pattern.compile("kanban\\s+" + Pattern.quote(command).replace(" ", "\\E\\s+\\Q") + "(?![\\w-])")
                .matcher(text).find();
    }

    @Test
    void every_cli_command_is_in_the_guide() throws IOException {
        Map<String, CommandLine> commands = commands();
        assertTrue(commands.keySet().containsAll(List.of("create", "dispatch", "notify subscribe", "ls")),
                "the command tree was read: " + commands.keySet());
        String guide = guide();
        List<String> missing = commands.keySet().stream().filter(c -> !mentions(guide, c)).toList();
        assertEquals(List.of(), missing, "commands the user guide never names as `kanban <command>`");
    }

    @Test
    void every_option_is_on_a_line_that_names_its_command() throws IOException {
        List<String> lines = guide().lines().toList();
        List<String> missing = new ArrayList<>();
        commands().forEach((name, cli) -> {
            if (cli.getCommandSpec().usageMessage().hidden()) {
                return;
            }
            for (OptionSpec option : cli.getCommandSpec().options()) {
                if (option.usageHelp() || option.versionHelp() || option.inherited()) {
                    continue;
                }
                String flag = option.longestName();
                boolean documented = lines.stream().anyMatch(l -> mentions(l, name)
                        && Pattern.compile(Pattern.quote(flag) + "(?![\\w-])").matcher(l).find());
                if (!documented) {
                    missing.add("kanban " + name + " " + flag);
                }
            }
        });
        assertEquals(List.of(), missing, "options the user guide does not show next to their command");
        String guide = guide();
        CommandLine root = KanbanCli.commandLine(new KanbanCommand(BoardOpener.DEFAULT, Map.of(),
                InputStream.nullInputStream()), new String[0], new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()));
        for (OptionSpec shared : root.getCommandSpec().options()) {
            if (!shared.usageHelp() && !shared.versionHelp()) {
                assertTrue(guide.contains(shared.longestName()), "shared option " + shared.longestName());
            }
        }
    }

    /** The keys ConfigFile reads: each one is a typed read such as {@code s.integer("failure_limit")}. */
    static Set<String> configKeys() throws IOException {
        String source = Files.readString(RepoRoot.find()
                .resolve("kanban-dispatcher/src/main/java/io/kanban/dispatcher/ConfigFile.java"));
        Matcher m = Pattern.compile("\\bs\\.\\w+\\(\"([a-z_]+)\"\\)").matcher(source);
        Set<String> keys = new LinkedHashSet<>();
        while (m.find()) {
            keys.add(m.group(1));
        }
        return keys;
    }

    /**
     * The table in the guide's "Configuration" chapter: key -> the default column, from rows shaped
     * {@code | `key` | default | …}.
     */
    static Map<String, String> documentedKeys(String guide) {
        int start = guide.indexOf("\n## Configuration");
        assertTrue(start >= 0, "the guide has a Configuration chapter");
        int end = guide.indexOf("\n## ", start + 1);
        String chapter = guide.substring(start, end < 0 ? guide.length() : end);
        Map<String, String> rows = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^\\|\\s*`([a-z_]+)`\\s*\\|\\s*([^|]+?)\\s*\\|").matcher(chapter);
        while (m.find()) {
            rows.put(m.group(1), m.group(2));
        }
        return rows;
    }

    @Test
    void every_config_key_is_in_the_guide_with_its_real_default() throws IOException {
        Set<String> keys = configKeys();
        assertTrue(keys.size() >= 10 && keys.contains("failure_limit") && keys.contains("worker_command"),
                "ConfigFile was read: " + keys);
        Map<String, String> documented = documentedKeys(guide());
        assertEquals(new TreeSet<>(keys), new TreeSet<>(documented.keySet()),
                "keys in the guide's configuration table vs the keys ConfigFile reads");
        assertTrue(guide().contains(ConfigFile.GATEWAY_ENV), ConfigFile.GATEWAY_ENV);
        for (Map.Entry<String, String> row : documented.entrySet()) {
            String shown = row.getValue().strip();
            if (shown.equals("none")) {
                continue;
            }
            assertTrue(shown.startsWith("`") && shown.endsWith("`"), row.getKey() + ": default in backticks: " + shown);
            String value = shown.substring(1, shown.length() - 1);
            Path file = dir.resolve(row.getKey() + ".yaml");
            Files.writeString(file, "kanban:\n  " + row.getKey() + ": " + value + "\n");
            assertEquals(DispatcherConfig.defaults(), ConfigFile.read(file, Map.of()),
                    "setting " + row.getKey() + " to the documented default " + value + " changes nothing");
        }
    }

    /** The names in a {@code static final Set<String> NAME = Set.of("a", "b", ...);} of NotifyConfig's source. */
    static Set<String> notifySourceKeys(String constant) throws IOException {
        String source = Files.readString(RepoRoot.find()
                .resolve("kanban-dispatcher/src/main/java/io/kanban/dispatcher/notify/NotifyConfig.java"));
        Matcher set = Pattern.compile("\\b" + constant + "\\s*=\\s*Set\\.of\\(([^;]*)\\);").matcher(source);
        assertTrue(set.find(), "NotifyConfig declares " + constant);
        Matcher name = Pattern.compile("\"([a-z_]+)\"").matcher(set.group(1));
        Set<String> keys = new LinkedHashSet<>();
        while (name.find()) {
            keys.add(name.group(1));
        }
        return keys;
    }

    /** Rows {@code | `key` | default | …} of the table under the guide's "Notification settings" heading. */
    static Map<String, String> documentedNotifyKeys(String guide) {
        int start = guide.indexOf("\n### Notification settings");
        assertTrue(start >= 0, "the guide has a Notification settings section");
        int end = guide.indexOf("\n#", start + 1);
        String section = guide.substring(start, end < 0 ? guide.length() : end);
        Map<String, String> rows = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^\\|\\s*`([a-z_]+)`\\s*\\|\\s*([^|]+?)\\s*\\|").matcher(section);
        while (m.find()) {
            rows.put(m.group(1), m.group(2));
        }
        return rows;
    }

    @Test
    void every_notify_setting_is_in_the_guide_with_its_real_default() throws IOException {
        Set<String> settings = notifySourceKeys("KEYS");
        Set<String> targetFields = notifySourceKeys("TARGET_KEYS");
        assertTrue(settings.contains("lease_seconds") && settings.contains("targets")
                && targetFields.equals(Set.of("type", "url", "secret")), "NotifyConfig was read: " + settings + " "
                + targetFields);
        Set<String> expected = new TreeSet<>(settings);
        expected.addAll(targetFields);
        Map<String, String> documented = documentedNotifyKeys(guide());
        assertEquals(expected, new TreeSet<>(documented.keySet()),
                "keys in the guide's kanban.notify table vs the keys NotifyConfig reads");
        for (String field : targetFields) {
            String shown = documented.get(field);
            assertTrue(shown.equals("required") || shown.equals("none"), field + " of a target has no default: " + shown);
        }
        for (String key : settings) {
            String shown = documented.get(key).strip();
            if (shown.equals("none")) {
                continue;
            }
            assertTrue(shown.startsWith("`") && shown.endsWith("`"), key + ": default in backticks: " + shown);
            String value = shown.substring(1, shown.length() - 1);
            Path file = dir.resolve("notify-" + key + ".yaml");
            Files.writeString(file, "kanban:\n  notify:\n    " + key + ": " + value + "\n");
            assertEquals(NotifyConfig.none(), NotifyConfig.read(file),
                    "setting kanban.notify." + key + " to the documented default " + value + " changes nothing");
        }
    }

    @Test
    void the_guide_links_the_tutorial_and_the_rest_api() throws IOException {
        String guide = guide();
        assertTrue(guide.contains("(../kanban-tutorial.md)") && guide.contains("(../rest-api.md)"));
    }
}
