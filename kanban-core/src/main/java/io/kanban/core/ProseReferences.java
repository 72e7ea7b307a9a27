package io.kanban.core;

import io.kanban.core.model.EventKind;
import io.kanban.core.model.Run;
import io.kanban.core.model.RunOutcome;
import io.kanban.core.store.RunStore;
import io.kanban.core.store.TaskStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference's prose scan after a completion: card ids ({@code t_} and hex, as the reference matches them) that
 * a summary or result mentions but that do not exist on this board (for a tenant-scoped handle: in its tenant) are
 * put on record as {@code suspected_hallucinated_references} ({@code phantom_refs}, {@code source}). Advisory only:
 * the completion is already committed, so a failure here is logged and never undoes or fails it.
 */
final class ProseReferences {
    /** The reference's pattern for a card id in free text. */
    static final Pattern CARD_ID = Pattern.compile("\\bt_[a-f0-9]{8,}\\b");
    static final String SOURCE = "completion_summary";
    private static final Logger LOG = LoggerFactory.getLogger(ProseReferences.class);

    private final BoardContext ctx;

    ProseReferences(BoardContext ctx) {
        this.ctx = ctx;
    }

    /** The card ids {@code texts} mention, each once, in order of first mention. */
    static List<String> mentioned(String... texts) {
        Set<String> ids = new LinkedHashSet<>();
        for (String text : texts) {
            if (text != null) {
                Matcher m = CARD_ID.matcher(text);
                while (m.find()) {
                    ids.add(m.group());
                }
            }
        }
        return List.copyOf(ids);
    }

    /**
     * Scans what the completion of {@code taskId} said and records the ids that resolve to no card. Ids the worker
     * listed in {@code createdCards} passed the created_cards gate already and are left out.
     *
     * @return the unresolved ids, empty when there are none (or the scan failed)
     */
    List<String> record(String taskId, String summary, String result, List<String> createdCards) {
        List<String> mentioned = mentioned(summary, result);
        if (mentioned.isEmpty()) {
            return List.of();
        }
        try {
            return ctx.db.write(tx -> {
                List<String> phantom = new ArrayList<>();
                for (String id : mentioned) {
                    boolean known = (createdCards != null && createdCards.contains(id)) || TaskStore.find(tx, id)
                            .filter(t -> ctx.tenant == null || ctx.tenant.equals(t.tenant())).isPresent();
                    if (!known) {
                        phantom.add(id);
                    }
                }
                if (!phantom.isEmpty()) {
                    Map<String, Object> payload = new LinkedHashMap<>();
                    payload.put("phantom_refs", phantom);
                    payload.put("source", SOURCE);
                    ctx.event(tx, taskId, completedRun(RunStore.forTask(tx, taskId)),
                            EventKind.SUSPECTED_HALLUCINATED_REFERENCES, payload, ctx.now());
                }
                return phantom;
            });
        } catch (RuntimeException e) {
            LOG.warn("prose scan after completing {} failed; the completion stands", taskId, e);
            return List.of();
        }
    }

    /** The run the completion closed: the newest, when it completed (a card finished by hand closes none). */
    private static Long completedRun(List<Run> runs) {
        Run last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
        return last != null && last.outcome() == RunOutcome.COMPLETED ? last.id() : null;
    }
}
