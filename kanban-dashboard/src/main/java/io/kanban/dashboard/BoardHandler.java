package io.kanban.dashboard;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.kanban.core.Board;
import io.kanban.core.Limits;
import io.kanban.core.model.BoardPage;
import io.kanban.core.model.BoardVersion;
import io.kanban.core.model.CardFacts;
import io.kanban.core.model.CardQuery;
import io.kanban.core.model.ColumnPage;
import io.kanban.core.model.Event;
import io.kanban.core.model.EventKind;
import io.kanban.core.model.Status;
import io.kanban.core.model.TaskCard;
import io.kanban.core.wire.CardWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * GET /api/board: {@code {"columns": [{"status", "count", "offset", "has_more", "cards"}...], "total",
 * "latest_event_id", "filters", "now"}}, bounded in size whatever the board's size: each column carries its count
 * and only its first {@code limit} cards (default {@value #DEFAULT_LIMIT}); {@code q} searches and the filters
 * run in the database ({@code CardPages}). GET /api/board/columns/{status} pages one column further. The board's
 * bytes are kept in a {@link BoardCache} until a card changes; only {@code now} is written per request.
 */
final class BoardHandler {
    /** Cards per column unless the request asks for another number. */
    static final int DEFAULT_LIMIT = 50;
    /** The longest search text accepted. */
    static final int MAX_SEARCH = 200;
    /** Roughly one card's JSON: sizes the buffer so a large board is not copied while it grows. */
    private static final int BYTES_PER_CARD = 320;
    /** Past this many events since a render, reading the board again is cheaper than checking them. */
    static final int MAX_EVENTS_TO_EXCUSE = 200;
    /**
     * Event kinds that change neither a card nor its facts: the core's {@link TaskCard#UNCHANGED_BY} but comments,
     * which a rich card counts.
     */
    private static final Set<String> LEAVES_CARDS = TaskCard.UNCHANGED_BY.stream()
            .filter(k -> k != EventKind.COMMENTED).map(EventKind::wire).collect(Collectors.toUnmodifiableSet());

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
        BoardCache.Filter filter = new BoardCache.Filter(tenant(ctx), assignee(ctx), flag(ctx, "archived"),
                search(ctx), intParam(ctx, "limit", DEFAULT_LIMIT));
        byte[] json = cached(filter, board.tasks().version());
        if (json == null) {
            // Cards and latest_event_id come from one snapshot: an event after it is replayed by the live stream.
            BoardPage read = board.cardPages().board(new CardQuery(filter.tenant(), filter.assignee(),
                    filter.search(), filter.archived()), filter.limit());
            json = render(read, filter);
            cache.put(filter, read.version(), json);
        }
        ctx.contentType(ContentType.APPLICATION_JSON);
        OutputStream out = ctx.outputStream();
        out.write(json);
        // The page tints stale cards against the server's clock, so "now" is fresh even when the board is cached.
        out.write((",\"now\":" + clock.instant().getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8));
    }

    /** GET /api/board/columns/{status}?offset&limit: one column's cards a slice further, under the same filters. */
    void column(Context ctx) throws IOException {
        Status status = Status.parse(ctx.pathParam("status"));
        CardQuery query = new CardQuery(tenant(ctx), assignee(ctx), search(ctx), flag(ctx, "archived"));
        ColumnPage page = board.cardPages().column(query, status, intParam(ctx, "offset", 0),
                intParam(ctx, "limit", DEFAULT_LIMIT));
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(256 + BYTES_PER_CARD * page.cards().size());
        try (JsonGenerator g = mapper.getFactory().createGenerator(buffer, JsonEncoding.UTF8)) {
            writeColumn(page, g);
        }
        ctx.contentType(ContentType.APPLICATION_JSON);
        ctx.result(buffer.toByteArray());
    }

    private static String tenant(Context ctx) {
        return Limits.label("tenant", blankToNull(ctx.queryParam("tenant")));
    }

    private static String assignee(Context ctx) {
        return Limits.profile("assignee", blankToNull(ctx.queryParam("assignee")));
    }

    private static String search(Context ctx) {
        String q = blankToNull(ctx.queryParam("q"));
        if (q != null && q.length() > MAX_SEARCH) {
            throw ApiError.badRequest("q", "must be at most " + MAX_SEARCH + " characters, got " + q.length());
        }
        return q == null ? null : q.strip();
    }

    static int intParam(Context ctx, String name, int absent) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return absent;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(name, "must be a whole number, got '" + v + "'");
        }
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
            if (++between > MAX_EVENTS_TO_EXCUSE || !LEAVES_CARDS.contains(e.kind())) {
                return null;
            }
        }
        cache.put(filter, current, entry.json());
        return entry.json();
    }

    /** The body up to, not including, its last field and closing brace. */
    private byte[] render(BoardPage read, BoardCache.Filter filter) {
        int shown = read.columns().stream().mapToInt(c -> c.cards().size()).sum();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024 + BYTES_PER_CARD * shown);
        try (JsonGenerator g = mapper.getFactory().createGenerator(buffer, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT); // the request closes the object
            g.writeStartObject();
            g.writeArrayFieldStart("columns");
            for (ColumnPage c : read.columns()) {
                writeColumn(c, g);
            }
            g.writeEndArray();
            g.writeNumberField("total", read.total());
            g.writeNumberField("latest_event_id", read.version().latestEventId());
            g.writeObjectFieldStart("filters");
            g.writeStringField("tenant", filter.tenant());
            g.writeStringField("assignee", filter.assignee());
            g.writeBooleanField("archived", filter.archived());
            g.writeStringField("q", filter.search());
            g.writeNumberField("limit", filter.limit());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("rendering the board into memory", e);
        }
        return buffer.toByteArray();
    }

    private void writeColumn(ColumnPage c, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("status", c.status().wire());
        g.writeNumberField("count", c.count());
        g.writeNumberField("offset", c.offset());
        g.writeBooleanField("has_more", c.hasMore());
        g.writeArrayFieldStart("cards");
        for (TaskCard card : c.cards()) {
            CardWriter.write(card, g);
        }
        g.writeEndArray();
        // One query per family of facts for the whole slice (CardPages.facts), never one per card.
        g.writeArrayFieldStart("facts");
        for (CardFacts f : board.cardPages().facts(c.cards().stream().map(TaskCard::id).toList()).values()) {
            mapper.writeValue(g, f);
        }
        g.writeEndArray();
        g.writeEndObject();
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
