package io.kanban.cli.docs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares what a document shows a command printing with what it printed now. Values that differ on every run
 * are masked on both sides (times, process ids, claim locks, tick durations, event numbers) and runs of blanks are
 * squeezed, so table widths do not matter. Task ids are not masked: the document's ids are bound to the ids of
 * this run, one to one, the first time they line up; after that each must stay the same, and commands later in the
 * document are rewritten with the bound ids.
 */
final class OutputMatcher {
    static final Pattern TASK_ID = Pattern.compile("t_[0-9a-f]{12}");

    private static final List<Map.Entry<Pattern, String>> MASKS = List.of(
            Map.entry(Pattern.compile("\\d{4}-\\d\\d-\\d\\d[ T]\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z?"), "<time>"),
            Map.entry(Pattern.compile("tick took \\d+ ms"), "tick took <n> ms"),
            Map.entry(Pattern.compile("\\bpid \\d+"), "pid <pid>"),
            Map.entry(Pattern.compile("\"pid\":\\d+"), "\"pid\":<pid>"),
            Map.entry(Pattern.compile("\"lock\":\"[^\"]*\""), "\"lock\":<lock>"),
            Map.entry(Pattern.compile("\"expires\":\\d+"), "\"expires\":<time>"),
            Map.entry(Pattern.compile("waiting: \\d+\\S*( \\d+\\S*)*"), "waiting: <age>"),
            Map.entry(Pattern.compile("(^|\\s)#\\d+(?=\\s)"), "$1#<event>"));

    /** Document id -> id in this run, and the reverse, so the binding stays one to one. */
    private final Map<String, String> bound = new HashMap<>();
    private final Map<String, String> boundBack = new HashMap<>();

    static String mask(String line) {
        String s = line;
        for (Map.Entry<Pattern, String> m : MASKS) {
            s = m.getKey().matcher(s).replaceAll(m.getValue());
        }
        return s.strip().replaceAll("\\s+", " ");
    }

    /** The command with every document id this run has already met replaced by its counterpart. */
    String rewrite(String command) {
        Matcher m = TASK_ID.matcher(command);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String actual = bound.get(m.group());
            if (actual == null) {
                throw new AssertionError("the command uses " + m.group()
                        + " before any output showed it, so there is no way to know its id in this run: " + command);
            }
            m.appendReplacement(sb, actual);
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /**
     * Empty when {@code actual} is what {@code expected} shows, line for line; when the lines are all there but in
     * another order (lists sorted by random ids), that counts too. Otherwise a description of the first difference.
     * Bindings are only kept when the outputs match.
     */
    Optional<String> compare(List<String> expected, List<String> actual) {
        List<String> exp = expected.stream().map(OutputMatcher::mask).filter(s -> !s.isEmpty()).toList();
        List<String> act = actual.stream().map(OutputMatcher::mask).filter(s -> !s.isEmpty()).toList();
        if (exp.size() != act.size()) {
            return Optional.of("expected " + exp.size() + " lines, got " + act.size());
        }
        Map<String, String> inOrder = new HashMap<>(bound);
        Map<String, String> inOrderBack = new HashMap<>(boundBack);
        String firstDifference = null;
        for (int i = 0; i < exp.size(); i++) {
            if (!matchLine(exp.get(i), act.get(i), inOrder, inOrderBack)) {
                firstDifference = "line " + (i + 1) + ":\n  expected: " + exp.get(i) + "\n  actual:   " + act.get(i);
                break;
            }
        }
        if (firstDifference == null) {
            keep(inOrder, inOrderBack);
            return Optional.empty();
        }
        Map<String, String> anyOrder = new HashMap<>(bound);
        Map<String, String> anyOrderBack = new HashMap<>(boundBack);
        if (matchAnyOrder(exp, act, new boolean[act.size()], 0, anyOrder, anyOrderBack)) {
            keep(anyOrder, anyOrderBack);
            return Optional.empty();
        }
        return Optional.of(firstDifference);
    }

    private void keep(Map<String, String> forward, Map<String, String> back) {
        bound.putAll(forward);
        boundBack.putAll(back);
    }

    private static boolean matchAnyOrder(List<String> exp, List<String> act, boolean[] used, int i,
                                         Map<String, String> forward, Map<String, String> back) {
        if (i == exp.size()) {
            return true;
        }
        for (int j = 0; j < act.size(); j++) {
            if (used[j]) {
                continue;
            }
            Map<String, String> f = new HashMap<>(forward);
            Map<String, String> b = new HashMap<>(back);
            if (matchLine(exp.get(i), act.get(j), f, b)) {
                used[j] = true;
                if (matchAnyOrder(exp, act, used, i + 1, f, b)) {
                    forward.putAll(f);
                    back.putAll(b);
                    return true;
                }
                used[j] = false;
            }
        }
        return false;
    }

    /** Whether the lines are equal once ids are bound; new bindings go into the maps. */
    private static boolean matchLine(String expected, String actual, Map<String, String> forward,
                                     Map<String, String> back) {
        Matcher ids = TASK_ID.matcher(expected);
        StringBuilder regex = new StringBuilder();
        List<String> docIds = new ArrayList<>();
        int last = 0;
        while (ids.find()) {
            regex.append(Pattern.quote(expected.substring(last, ids.start()))).append("(t_[0-9a-f]{12})");
            docIds.add(ids.group());
            last = ids.end();
        }
        regex.append(Pattern.quote(expected.substring(last)));
        Matcher m = Pattern.compile(regex.toString()).matcher(actual);
        if (!m.matches()) {
            return false;
        }
        Map<String, String> f = new HashMap<>(forward);
        Map<String, String> b = new HashMap<>(back);
        for (int k = 0; k < docIds.size(); k++) {
            String doc = docIds.get(k);
            String now = m.group(k + 1);
            if (!now.equals(f.getOrDefault(doc, now)) || !doc.equals(b.getOrDefault(now, doc))) {
                return false;
            }
            f.put(doc, now);
            b.put(now, doc);
        }
        forward.putAll(f);
        back.putAll(b);
        return true;
    }
}
