package io.kanban.dashboard;

import static io.javalin.apibuilder.ApiBuilder.beforeMatched;
import static io.javalin.apibuilder.ApiBuilder.delete;
import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.patch;
import static io.javalin.apibuilder.ApiBuilder.path;
import static io.javalin.apibuilder.ApiBuilder.post;
import static io.javalin.apibuilder.ApiBuilder.ws;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.kanban.core.Board;
import io.kanban.core.dispatch.DispatchPolicy;
import io.kanban.core.spi.DispatcherProvider;
import io.kanban.core.spi.NotifierProvider;
import io.kanban.core.wire.WireFormat;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard as a Javalin app: one route table, handlers holding the board, the access guard in front of
 * /api and /metrics, errors mapped once. {@link #app()} is not started; call {@code start(host, port)} on it.
 */
public final class DashboardApp implements AutoCloseable {
    /** Large enough for a full 65,536-character body as escaped JSON; more is a 413. */
    static final long MAX_REQUEST_BYTES = 2L * 1024 * 1024;
    public static final String LIVE_PATH = "/api/live";
    /** Room above the attachment cap for multipart framing. */
    static final long MULTIPART_SLACK_BYTES = 64 * 1024;

    private final Javalin app;
    private final EventStream stream;
    private final DispatchHost dispatch;
    private final MetricsHandler metrics;

    public DashboardApp(Board board, Clock clock, String token) {
        this(board, clock, token, DispatchHost.none("no dispatcher in this dashboard"));
    }

    public DashboardApp(Board board, Clock clock, String token, DispatchHost dispatch) {
        this(board, clock, token, dispatch, System.getenv(), NotifierProvider.find());
    }

    /** {@code env} names the config file ({@code HERMES_HOME}) the notify targets come from. */
    public DashboardApp(Board board, Clock clock, String token, DispatchHost dispatch, Map<String, String> env,
                        Optional<NotifierProvider> notifier) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("token must not be empty");
        }
        ObjectMapper mapper = WireFormat.newMapper();
        this.dispatch = dispatch;
        this.stream = new EventStream(board, mapper);
        AccessGuard guard = new AccessGuard(token);
        BoardHandler boardHandler = new BoardHandler(board, clock, mapper, new BoardCache(BoardCache.DEFAULT_ENTRIES));
        VerbHandler verbs = new VerbHandler(board, mapper, clock);
        TaskHandler tasks = new TaskHandler(board, mapper, verbs);
        BulkHandler bulk = new BulkHandler(board, mapper);
        CommentHandler comments = new CommentHandler(board, mapper);
        AttachmentHandler attachments = new AttachmentHandler(board);
        LinkHandler links = new LinkHandler(board, mapper);
        RunHandler runs = new RunHandler(board);
        WorkerHandler workers = new WorkerHandler(board, DispatcherProvider.find(), env);
        NotifyHandler notify = new NotifyHandler(board, mapper, notifier, env);
        ReportHandler reports = new ReportHandler(board, notify::troubles, DispatcherProvider.find()
                .map(p -> p.configuredPolicy(env).failureLimit()).orElse(DispatchPolicy.DEFAULT_FAILURE_LIMIT));
        DispatchHandler dispatcher = new DispatchHandler(dispatch.handle(), dispatch.whyAbsent());
        OpenApiHandler openApi = new OpenApiHandler();
        FleetHandler fleet = new FleetHandler(board);
        MetricsHandler metrics = new MetricsHandler(board);
        this.metrics = metrics;

        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            // Uploads: a little over the board's cap, so the core refuses one byte more with its own message;
            // parts over 1 MB spool to disk instead of memory.
            long cap = board.attachments().maxBytes();
            config.jetty.multipartConfig.maxFileSize(cap + MULTIPART_SLACK_BYTES, SizeUnit.BYTES);
            config.jetty.multipartConfig.maxTotalRequestSize(cap + 2 * MULTIPART_SLACK_BYTES, SizeUnit.BYTES);
            config.jetty.multipartConfig.maxInMemoryFileSize(1024 * 1024, SizeUnit.BYTES);
            config.jsonMapper(new JavalinJackson(mapper, false));
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/public";
                files.location = Location.CLASSPATH;
                files.headers = Map.of("Cache-Control", "no-cache", "X-Content-Type-Options", "nosniff",
                        "Content-Security-Policy", "default-src 'self'; connect-src 'self' ws: wss:; "
                                + "img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'");
            });
            config.routes.wsBeforeUpgrade(LIVE_PATH, ctx -> {
                guard.checkUpgrade(ctx);
                EventStream.checkCursor(ctx.queryParam("cursor"));
            });
            config.routes.apiBuilder(() -> path("/metrics", () -> {
                beforeMatched(guard::check);
                get(metrics::get);
            }));
            config.routes.apiBuilder(() -> path("/api", () -> {
                beforeMatched(guard::check);
                get("/openapi.json", openApi::get);
                get("/board", boardHandler::get);
                get("/board/columns/{status}", boardHandler::column);
                get("/lifecycle", reports::lifecycle);
                get("/stats", reports::stats);
                get("/fleet", fleet::get);
                get("/assignees", reports::assignees);
                get("/warnings", reports::warnings);
                get("/diagnostics", reports::diagnostics);
                path("/tasks", () -> {
                    post(tasks::create);
                    post("/bulk", bulk::apply);
                    path("/{id}", () -> {
                        get(tasks::detail);
                        patch(tasks::patch);
                        delete(tasks::archive);
                        get("/events", tasks::events);
                        get("/comments", comments::list);
                        post("/comments", comments::add);
                        post("/parents", links::add);
                        delete("/parents/{parentId}", links::remove);
                        get("/runs", runs::list);
                        get("/attachments", attachments::list);
                        post("/attachments", attachments::upload);
                        post("/reclaim", verbs::reclaim);
                        post("/reassign", verbs::reassign);
                        post("/unblock", verbs::unblock);
                        post("/promote", verbs::promote);
                        post("/schedule", verbs::schedule);
                        post("/request-review", verbs::requestReview);
                        post("/request-changes", verbs::requestChanges);
                        get("/reopen-impact", verbs::reopenImpact);
                    });
                });
                get("/runs/{runId}/log", runs::log);
                get("/runs/{runId}/inspect", workers::inspect);
                post("/runs/{runId}/terminate", workers::terminate);
                get("/workers/active", workers::active);
                path("/attachments/{attachmentId}", () -> {
                    get(attachments::download);
                    delete(attachments::delete);
                });
                path("/dispatch", () -> {
                    get(dispatcher::status);
                    post("/nudge", dispatcher::nudge);
                });
                path("/notify", () -> {
                    get("/targets", notify::targets);
                    post("/targets/{name}/test", notify::test);
                    get("/subscriptions", notify::list);
                    post("/subscriptions", notify::subscribe);
                    delete("/subscriptions/{subId}", notify::unsubscribe);
                });
                ws("/live", stream::configure);
            }));
            ErrorMapper.register(config.routes);
        });
    }

    public Javalin app() {
        return app;
    }

    @Override
    public void close() {
        stream.close();
        app.stop();
        dispatch.close();
        metrics.close();
    }
}
