package io.kanban.dashboard;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.kanban.core.Board;
import io.kanban.core.Limits;
import io.kanban.core.model.BoardVersion;
import io.kanban.core.model.CardList;
import io.kanban.core.model.Event;
import io.kanban.core.model.Status;
import io.kanban.core.model.TaskCard;
import io.kanban.core.model.TaskFilter;
import io.kanban.core.wire.BoardColumns;
import io.kanban.core.wire.CardWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * GET /api/board: {@code {"columns": [{"status", "count", "cards"}...], "total", "latest_event_id", "filters",
 * "now"}}. The cards come from the core's card projection and are streamed with Jackson's generator into bytes
 * kept in a {@link BoardCache} until a card changes; only {@code now} is written per request.
 */
final class BoardHandler {
    /** Roughly one card's JSON: sizes the buffer so a large board is not copied while it grows. */
    private static final int BYTES_PER_CARD = 320;
    /** Past this many events since a render, reading the board again is cheaper than checking them. */
    static final int MAX_EVENTS_TO_EXCUSE = 200;

    private final Board board;
    private final Clock clock;
    private final ObjectMapper mapper;
    private final BoardCache cache;

    BoardHandler(Board board, Clock clock, ObjectMapper mapper, BoardCache cache) {
        this.board = board;
        this.clock = clock;
        this.mapper = mapper;
        this.cache = cache;
    }

    void get(Context ctx) throws IOException {
        String tenant = Limits.label("tenant", blankToNull(ctx.queryParam("tenant")));
        String assignee = Limits.profile("assignee", blankToNull(ctx.queryParam("assignee")));
        BoardCache.Filter filter = new BoardCache.Filter(tenant, assignee, flag(ctx, "archived"));
        byte[] json = cached(filter, board.tasks().version());
        if (json == null) {
            // Cards and latest_event_id come from one snapshot: an event after it is replayed by the live stream.
            CardList read = board.tasks().cards(TaskFilter.all().withTenant(tenant).withAssignee(assignee)
                    .withArchived(filter.archived()));
            json = render(read, filter);
            cache.put(filter, read.version(), json);
        }
        ctx.contentType(ContentType.APPLICATION_JSON);
        OutputStream out = ctx.outputStream();
        out.write(json);
        // The page tints stale cards against the server's clock, so "now" is fresh even when the board is cached.
        out.write((",\"now\":" + clock.instant().getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The cached render if it is still exact at {@code current}: read at that version, or older by only events
     * that leave cards alone (a running fleet's heartbeats). Such an entry keeps its own latest_event_id, so the
     * page's live stream replays those events, which is harmless; it is filed under {@code current} so the next
     * read skips the check.
     */
    byte[] cached(BoardCache.Filter filter, BoardVersion current) {
        BoardCache.Entry entry = cache.get(filter);
        if (entry == null) {
            return null;
        }
        BoardVersion seen = entry.version();
        if (seen.equals(current)) {
            return entry.json();
        }
        // A changed task count means a task appeared or vanished (gc writes no event): read again.
        if (seen.taskCount() != current.taskCount() || current.latestEventId() <= seen.latestEventId()) {
            return null;
        }
        // Counted in events, not ids: ids are sparse on PostgreSQL (docs/design/event-log.md).
        List<Event> since = board.events().since(seen.latestEventId(), MAX_EVENTS_TO_EXCUSE + 1);
        int between = 0;
        for (Event e : since) {
            if (e.id() > current.latestEventId()) {
                break;
            }
            if (++between > MAX_EVENTS_TO_EXCUSE || !TaskCard.unchangedBy(e.kind())) {
                return null;
            }
        }
        cache.put(filter, current, entry.json());
        return entry.json();
    }

    /** The body up to, not including, its last field and closing brace. */
    private byte[] render(CardList read, BoardCache.Filter filter) {
        Map<Status, List<TaskCard>> byStatus = new EnumMap<>(Status.class);
        for (TaskCard c : read.cards()) {
            byStatus.computeIfAbsent(c.status(), s -> new ArrayList<>()).add(c);
        }
        List<Status> shown = new ArrayList<>(BoardColumns.COLUMNS);
        if (filter.archived()) {
            shown.add(Status.ARCHIVED);
        }
        // Statuses newer kernels write (scheduled, review) still show, after ours, in board order.
        BoardColumns.ORDER.stream().filter(s -> byStatus.containsKey(s) && !shown.contains(s)).forEach(shown::add);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024 + BYTES_PER_CARD * read.cards().size());
        try (JsonGenerator g = mapper.getFactory().createGenerator(buffer, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT); // the request closes the object
            g.writeStartObject();
            g.writeArrayFieldStart("columns");
            for (Status s : shown) {
                List<TaskCard> cards = byStatus.getOrDefault(s, List.of());
                g.writeStartObject();
                g.writeStringField("status", s.wire());
                g.writeNumberField("count", cards.size());
                g.writeArrayFieldStart("cards");
                for (TaskCard c : cards) {
                    CardWriter.write(c, g);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeNumberField("total", read.cards().size());
            g.writeNumberField("latest_event_id", read.version().latestEventId());
            g.writeObjectFieldStart("filters");
            g.writeStringField("tenant", filter.tenant());
            g.writeStringField("assignee", filter.assignee());
            g.writeBooleanField("archived", filter.archived());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("rendering the board into memory", e);
        }
        return buffer.toByteArray();
    }

    static boolean flag(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty() || v.equals("false") || v.equals("0")) {
            return false;
        }
        if (v.equals("true") || v.equals("1")) {
            return true;
        }
        throw ApiError.badRequest(name, "must be true or false, got '" + v + "'");
    }

    static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v;
    }
}
