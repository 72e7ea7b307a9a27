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
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.kanban.core.Board;
import io.kanban.core.boards.BoardSlug;
import io.kanban.core.boards.Boards;
import io.kanban.core.spi.NotifierProvider;
import io.kanban.core.wire.WireFormat;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The dashboard as a Javalin app: one route table, handlers holding the board, the access guard in front of
 * /api and /metrics, errors mapped once. {@link #app()} is not started; call {@code start(host, port)} on it.
 */
public final class DashboardApp implements AutoCloseable {
    /** Large enough for a full 65,536-character body as escaped JSON; more is a 413. */
    static final long MAX_REQUEST_BYTES = 2L * 1024 * 1024;
    /** The WebSocket path of the live event stream. */
    public static final String LIVE_PATH = "/api/live";
    /** The query parameter naming the board a request works on; absent: the board the dashboard started on. */
    public static final String BOARD_PARAM = "board";
    private static final String SCOPE_ATTRIBUTE = "kanban.board-scope";
    /** Room above the attachment cap for multipart framing. */
    static final long MULTIPART_SLACK_BYTES = 64 * 1024;

    private final Javalin app;
    private final BoardScopes scopes;
    private final DispatchHost dispatch;

    /**
     * A dashboard on one board, without a dispatcher, with this process's environment.
     *
     * @param board the board served
     * @param clock the clock the dashboard judges times by
     * @param token the session token every request must carry; not empty
     */
    public DashboardApp(Board board, Clock clock, String token) {
        this(board, clock, token, DispatchHost.none("no dispatcher in this dashboard"));
    }

    /**
     * A dashboard on one board, with this process's environment and the notifier provider on the class path.
     *
     * @param board the board served
     * @param clock the clock the dashboard judges times by
     * @param token the session token every request must carry; not empty
     * @param dispatch the dispatcher it hosts, if any
     */
    public DashboardApp(Board board, Clock clock, String token, DispatchHost dispatch) {
        this(board, clock, token, dispatch, System.getenv(), NotifierProvider.find());
    }

    /**
     * A dashboard on one board named directly ({@code --db}): {@code ?board=} is refused and the boards routes list
     * just this board. {@code env} names the config file ({@code HERMES_HOME}) the notify targets come from.
     *
     * @param board the board served
     * @param clock the clock the dashboard judges times by
     * @param token the session token every request must carry; not empty
     * @param dispatch the dispatcher it hosts, if any
     * @param env the environment
     * @param notifier the notifier provider, if any
     */
    public DashboardApp(Board board, Clock clock, String token, DispatchHost dispatch, Map<String, String> env,
                        Optional<NotifierProvider> notifier) {
        this(null, null, board, clock, token, dispatch, env, notifier);
    }

    /**
     * A dashboard on the boards of a Hermes home: {@code board} is the open board {@code slug} of {@code boards}
     * (served without {@code ?board=}; its caller closes it), the others are opened on their first request with
     * {@code env}'s settings and closed by {@link #close()}.
     *
     * @param boards the home's boards
     * @param slug the slug of {@code board}
     * @param board the board served without {@code ?board=}
     * @param clock the clock the dashboard judges times by
     * @param token the session token every request must carry; not empty
     * @param dispatch the dispatcher it hosts, if any
     * @param env the environment
     * @param notifier the notifier provider, if any
     * @return the dashboard
     */
    public static DashboardApp onHome(Boards boards, BoardSlug slug, Board board, Clock clock, String token,
                                      DispatchHost dispatch, Map<String, String> env,
                                      Optional<NotifierProvider> notifier) {
        return new DashboardApp(boards, slug, board, clock, token, dispatch, env, notifier);
    }

    private DashboardApp(Boards boards, BoardSlug slug, Board board, Clock clock, String token, DispatchHost dispatch,
                         Map<String, String> env, Optional<NotifierProvider> notifier) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("token must not be empty");
        }
        ObjectMapper mapper = WireFormat.newMapper();
        this.dispatch = dispatch;
        BoardScope first = new BoardScope(slug == null ? null : slug.value(), board, false, clock, mapper, env,
                notifier);
        first.metrics(); // the dashboard's own board is metered from the start
        this.scopes = boards == null ? BoardScopes.single(first) : BoardScopes.home(boards, first,
                BoardScopes.opener(boards, o -> o.withEnvironment(env).withClock(clock)),
                (s, b) -> new BoardScope(s.value(), b, true, clock, mapper, env, notifier));
        AccessGuard guard = new AccessGuard(token);
        BoardsHandler boardsHandler = new BoardsHandler(scopes, mapper, clock);
        DispatchHandler dispatcher = new DispatchHandler(dispatch.handle(), dispatch.whyAbsent());
        OpenApiHandler openApi = new OpenApiHandler();

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
                scopes.resolve(ctx.queryParam(BOARD_PARAM));
            });
            config.routes.apiBuilder(() -> path("/metrics", () -> {
                beforeMatched(guard::check);
                beforeMatched(this::checkBoard);
                get(on(s -> s.metrics()::get));
            }));
            config.routes.apiBuilder(() -> path("/api", () -> {
                beforeMatched(guard::check);
                beforeMatched(this::checkBoard);
                get("/openapi.json", openApi::get);
                path("/boards", () -> {
                    get(boardsHandler::list);
                    post(boardsHandler::create);
                    post("/import", boardsHandler::importBoard);
                    path("/{slug}", () -> {
                        patch(boardsHandler::patch);
                        delete(boardsHandler::archive);
                        post("/switch", boardsHandler::switchTo);
                        post("/export", boardsHandler::export);
                    });
                });
                get("/board", on(s -> s.boardHandler::get));
                get("/board/columns/{status}", on(s -> s.boardHandler::column));
                get("/lifecycle", on(s -> s.reports::lifecycle));
                get("/stats", on(s -> s.reports::stats));
                get("/fleet", on(s -> s.fleet::get));
                get("/assignees", on(s -> s.reports::assignees));
                get("/warnings", on(s -> s.reports::warnings));
                get("/diagnostics", on(s -> s.reports::diagnostics));
                path("/tasks", () -> {
                    post(on(s -> s.tasks::create));
                    post("/bulk", on(s -> s.bulk::apply));
                    path("/{id}", () -> {
                        get(on(s -> s.tasks::detail));
                        patch(on(s -> s.tasks::patch));
                        delete(on(s -> s.tasks::archive));
                        get("/events", on(s -> s.tasks::events));
                        get("/comments", on(s -> s.comments::list));
                        post("/comments", on(s -> s.comments::add));
                        post("/parents", on(s -> s.links::add));
                        delete("/parents/{parentId}", on(s -> s.links::remove));
                        get("/runs", on(s -> s.runs::list));
                        get("/attachments", on(s -> s.attachments::list));
                        post("/attachments", on(s -> s.attachments::upload));
                        post("/reclaim", on(s -> s.verbs::reclaim));
                        post("/reassign", on(s -> s.verbs::reassign));
                        post("/unblock", on(s -> s.verbs::unblock));
                        post("/promote", on(s -> s.verbs::promote));
                        post("/schedule", on(s -> s.verbs::schedule));
                        post("/request-review", on(s -> s.verbs::requestReview));
                        post("/request-changes", on(s -> s.verbs::requestChanges));
                        get("/reopen-impact", on(s -> s.verbs::reopenImpact));
                    });
                });
                get("/runs/{runId}/log", on(s -> s.runs::log));
                get("/runs/{runId}/inspect", on(s -> s.workers::inspect));
                post("/runs/{runId}/terminate", on(s -> s.workers::terminate));
                get("/workers/active", on(s -> s.workers::active));
                path("/attachments/{attachmentId}", () -> {
                    get(on(s -> s.attachments::download));
                    delete(on(s -> s.attachments::delete));
                });
                path("/dispatch", () -> {
                    get(dispatcher::status);
                    post("/nudge", dispatcher::nudge);
                });
                path("/notify", () -> {
                    get("/targets", on(s -> s.notify::targets));
                    post("/targets/{name}/test", on(s -> s.notify::test));
                    get("/subscriptions", on(s -> s.notify::list));
                    post("/subscriptions", on(s -> s.notify::subscribe));
                    delete("/subscriptions/{subId}", on(s -> s.notify::unsubscribe));
                });
                ws("/live", ws -> {
                    ws.onConnect(ctx -> scopes.resolve(ctx.queryParam(BOARD_PARAM)).stream.connect(ctx));
                    ws.onClose(ctx -> scopes.all().forEach(s -> s.stream.drop(ctx)));
                    ws.onError(ctx -> scopes.all().forEach(s -> s.stream.drop(ctx)));
                    ws.onMessage(ctx -> { }); // the stream is one-way; a client's keep-alive text is ignored
                });
            }));
            ErrorMapper.register(config.routes);
        });
    }

    /**
     * @return the Javalin app, not started
     */
    public Javalin app() {
        return app;
    }

    /** Checks {@code ?board=} on every route before the handler runs: a bad slug 400, an unknown board 404. */
    private void checkBoard(Context ctx) {
        ctx.attribute(SCOPE_ATTRIBUTE, scopes.resolve(ctx.queryParam(BOARD_PARAM)));
    }

    /** The slug of the board the request works on (checked before the handler ran); null for a --db board. */
    static String scopeSlug(Context ctx) {
        BoardScope scope = ctx.attribute(SCOPE_ATTRIBUTE);
        return scope == null ? null : scope.slug;
    }

    /** The handler {@code pick} chooses among the handlers of the board {@code ?board=} names. */
    private Handler on(Function<BoardScope, Handler> pick) {
        return ctx -> {
            BoardScope scope = ctx.attribute(SCOPE_ATTRIBUTE);
            pick.apply(scope != null ? scope : scopes.resolve(ctx.queryParam(BOARD_PARAM))).handle(ctx);
        };
    }

    @Override
    public void close() {
        scopes.all().forEach(s -> s.stream.close()); // clients hear "dashboard stopping" before the server goes
        app.stop();
        scopes.close();
        dispatch.close();
    }
}
