package io.kanban.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kanban.core.Board;
import io.kanban.core.dispatch.DispatchPolicy;
import io.kanban.core.spi.DispatcherProvider;
import io.kanban.core.spi.NotifierProvider;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The handlers of one open board: what a request with {@code ?board=SLUG} (or without it, the dashboard's own
 * board) is served by. The live stream's poller and the metrics registry start on first use, so a board that is
 * only counted in the switcher costs an open database and nothing more.
 */
final class BoardScope implements AutoCloseable {
    final String slug;
    final Board board;
    final BoardHandler boardHandler;
    final VerbHandler verbs;
    final TaskHandler tasks;
    final BulkHandler bulk;
    final CommentHandler comments;
    final AttachmentHandler attachments;
    final LinkHandler links;
    final RunHandler runs;
    final WorkerHandler workers;
    final NotifyHandler notify;
    final ReportHandler reports;
    final FleetHandler fleet;
    final EventStream stream;
    private final boolean owned;
    private MetricsHandler metrics;

    /**
     * @param slug the board's slug, null for a board named by {@code --db}
     * @param owned whether closing this scope closes the board too (boards the dashboard opened itself)
     */
    BoardScope(String slug, Board board, boolean owned, Clock clock, ObjectMapper mapper, Map<String, String> env,
               Optional<NotifierProvider> notifier) {
        this.slug = slug;
        this.board = board;
        this.owned = owned;
        this.boardHandler = new BoardHandler(board, clock, mapper, new BoardCache(BoardCache.DEFAULT_ENTRIES));
        this.verbs = new VerbHandler(board, mapper, clock);
        this.tasks = new TaskHandler(board, mapper, verbs);
        this.bulk = new BulkHandler(board, mapper);
        this.comments = new CommentHandler(board, mapper);
        this.attachments = new AttachmentHandler(board);
        this.links = new LinkHandler(board, mapper);
        this.runs = new RunHandler(board);
        this.workers = new WorkerHandler(board, DispatcherProvider.find(), env);
        this.notify = new NotifyHandler(board, mapper, notifier, env);
        this.reports = new ReportHandler(board, notify::troubles, DispatcherProvider.find()
                .map(p -> p.configuredPolicy(env).failureLimit()).orElse(DispatchPolicy.DEFAULT_FAILURE_LIMIT));
        this.fleet = new FleetHandler(board);
        this.stream = new EventStream(board, mapper, slug == null ? "kanban-dashboard-events"
                : "kanban-dashboard-events-" + slug);
    }

    synchronized MetricsHandler metrics() {
        if (metrics == null) {
            metrics = new MetricsHandler(board);
        }
        return metrics;
    }

    @Override
    public void close() {
        stream.close();
        synchronized (this) {
            if (metrics != null) {
                metrics.close();
            }
        }
        if (owned) {
            board.close();
        }
    }
}
