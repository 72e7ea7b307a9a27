package io.kanban.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import io.kanban.core.Board;
import io.kanban.core.error.TaskNotFound;
import io.kanban.core.model.Event;
import io.kanban.core.model.Task;
import io.kanban.core.model.TaskCard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live stream: every {@link #POLL} the event log is read after each client's cursor and the new events are
 * sent with the current card of every task they touch, so the page patches those cards. Polling the file (not
 * a hook in this process) is what lets changes by the CLI, workers and other dispatchers show up too.
 *
 * <p>Messages: {@code {"type":"events","events":[...],"cards":[...],"removed":[ids],"facts":[...],"cursor":n}}; a client
 * connects with {@code ?cursor=<latest_event_id from /api/board>} and after a reconnect with the last cursor it
 * got. All sends happen on the one poller thread, so each client sees events in order.
 */
final class EventStream implements AutoCloseable {
    static final Duration POLL = Duration.ofMillis(250);
    static final int PAGE = 500;
    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);

    private final Board board;
    private final ObjectMapper mapper;
    private final Map<WsContext, long[]> clients = new ConcurrentHashMap<>();
    private final String name;
    private ScheduledExecutorService poller;
    private boolean closed;

    EventStream(Board board, ObjectMapper mapper) {
        this(board, mapper, "kanban-dashboard-events");
    }

    /** The poller thread (named {@code threadName}) starts with the first client, so an idle board costs none. */
    EventStream(Board board, ObjectMapper mapper, String threadName) {
        this.board = board;
        this.mapper = mapper;
        this.name = threadName;
    }

    private synchronized boolean startPoller() {
        if (closed) {
            return false;
        }
        if (poller == null) {
            poller = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
            poller.execute(this::follow);
        }
        return true;
    }

    /**
     * Sends what is new, then waits for the next event: on PostgreSQL a NOTIFY wakes the wait at once, on SQLite
     * the log is looked at several times per {@link #POLL}; either way a change by another process reaches the
     * page well within a second.
     */
    private void follow() {
        long seen = 0;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                seen = pollSafely(seen);
                board.events().awaitAfter(seen, POLL);
            } catch (InterruptedException stop) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("live stream wait failed: {}", e.getMessage());
                sleepQuietly();
            }
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException stop) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Before the upgrade, so a bad cursor is a plain 400 with a JSON error rather than a socket that opens and
     * closes. Absent means "from now on".
     */
    static void checkCursor(String given) {
        if (given != null && parseCursor(given) < 0) {
            throw ApiError.badRequest("cursor", "must be a non-negative event id, got '" + given + "'");
        }
    }

    private static long parseCursor(String given) {
        try {
            return Long.parseLong(given);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    void configure(WsConfig ws) {
        ws.onConnect(this::connect);
        ws.onClose(this::drop);
        ws.onError(this::drop);
        ws.onMessage(ctx -> { }); // the stream is one-way; a client's keep-alive text is ignored
    }

    /** Greets a new client and follows the log for it from its cursor on. */
    void connect(WsContext ctx) throws JsonProcessingException {
        String given = ctx.queryParam("cursor");
        long cursor = given == null ? board.events().latestId() : parseCursor(given);
        if (cursor < 0) { // checked before the upgrade too; kept for callers that skip that hook
            ctx.closeSession(1008, "cursor must be a non-negative event id");
            return;
        }
        if (!startPoller()) {
            ctx.closeSession(1001, "board closed");
            return;
        }
        ctx.enableAutomaticPings(15, TimeUnit.SECONDS);
        ctx.send(mapper.writeValueAsString(Map.of("type", "hello", "cursor", cursor)));
        clients.put(ctx, new long[] {cursor}); // from here on only the poller thread sends to it
    }

    void drop(WsContext ctx) {
        clients.remove(ctx);
    }

    int clientCount() {
        return clients.size();
    }

    /** @return the newest event id the clients were brought up to, or {@code seen} when the poll failed */
    private long pollSafely(long seen) {
        try {
            return poll();
        } catch (RuntimeException e) {
            // A busy or briefly unreadable board must not end the stream: the next poll tries again.
            LOG.warn("live stream poll failed: {}", e.getMessage());
            sleepQuietly();
            return seen;
        }
    }

    long poll() {
        long latest = board.events().latestId();
        if (clients.isEmpty()) {
            return latest;
        }
        for (Map.Entry<WsContext, long[]> client : clients.entrySet()) {
            long[] cursor = client.getValue();
            while (cursor[0] < latest) {
                List<Event> events = board.events().since(cursor[0], PAGE);
                if (events.isEmpty()) {
                    cursor[0] = latest;
                    break;
                }
                long next = events.get(events.size() - 1).id();
                if (!send(client.getKey(), events, next)) {
                    break;
                }
                cursor[0] = next;
            }
        }
        return latest;
    }

    private boolean send(WsContext ctx, List<Event> events, long cursor) {
        Set<String> touched = new LinkedHashSet<>();
        events.forEach(e -> touched.add(e.taskId()));
        List<TaskCard> cards = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (String id : touched) {
            try {
                Task t = board.tasks().get(id);
                cards.add(TaskCard.of(t));
            } catch (TaskNotFound e) {
                removed.add(id);
            }
        }
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("type", "events");
        msg.put("events", events);
        msg.put("cards", cards);
        msg.put("removed", removed);
        msg.put("facts", board.cardPages().facts(cards.stream().map(TaskCard::id).toList()).values());
        msg.put("cursor", cursor);
        try {
            if (!ctx.session.isOpen()) {
                clients.remove(ctx);
                return false;
            }
            ctx.send(mapper.writeValueAsString(msg));
            return true;
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.debug("dropping live client: {}", e.getMessage());
            clients.remove(ctx);
            return false;
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (poller != null) {
                poller.shutdownNow();
            }
        }
        clients.keySet().forEach(c -> {
            try {
                c.closeSession(1001, "dashboard stopping");
            } catch (RuntimeException ignored) {
                // already gone
            }
        });
        clients.clear();
    }
}
