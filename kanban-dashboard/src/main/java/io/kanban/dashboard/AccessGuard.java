package io.kanban.dashboard;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

/**
 * The session token and the same-origin rule. Every /api route but the OpenAPI document needs the token
 * ({@code Authorization: Bearer <token>}; the WebSocket, which browsers cannot give headers, takes
 * {@code ?token=}). A request carrying an {@code Origin} must come from this dashboard's own origin, which stops
 * other web pages from driving the board through the user's browser.
 */
final class AccessGuard {
    static final Set<String> PUBLIC_PATHS = Set.of("/api/openapi.json");
    /** Attachment downloads: read-only, and the only routes besides the live stream that take the token in the URL. */
    static final String DOWNLOAD_PREFIX = "/api/attachments/";
    private static final Set<HandlerType> SAFE = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

    private final byte[] token;

    AccessGuard(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    /** beforeMatched on /api/*. */
    void check(Context ctx) {
        if (PUBLIC_PATHS.contains(ctx.path())) {
            return;
        }
        String presented = bearer(ctx.header("Authorization"));
        if (presented == null && ctx.method() == HandlerType.GET && ctx.path().startsWith(DOWNLOAD_PREFIX)) {
            // A download opened as a link or an <img> cannot carry a header; like the live stream, it may take ?token=.
            presented = ctx.queryParam("token");
        }
        requireToken(presented);
        if (!SAFE.contains(ctx.method())) {
            requireSameOrigin(ctx.header("Origin"), ctx.header("Host"));
        }
    }

    /** wsBeforeUpgrade on the live stream: refused with 401/403 before any frame is sent. */
    void checkUpgrade(Context ctx) {
        String presented = ctx.queryParam("token");
        if (presented == null) {
            presented = bearer(ctx.header("Authorization"));
        }
        requireToken(presented);
        requireSameOrigin(ctx.header("Origin"), ctx.header("Host"));
    }

    private void requireToken(String presented) {
        if (presented == null || presented.isEmpty()) {
            throw new ApiError(401, "unauthorized",
                    "this dashboard needs its session token: send 'Authorization: Bearer <token>' "
                            + "(the token is in the URL the dashboard printed at start)");
        }
        if (!MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiError(401, "unauthorized", "wrong session token");
        }
    }

    static void requireSameOrigin(String origin, String host) {
        if (origin == null) {
            return; // not a browser (curl, scripts): the token alone decides
        }
        if (host == null || !sameOrigin(origin, host)) {
            throw new ApiError(403, "forbidden_origin", "requests from origin '" + origin
                    + "' are refused: only this dashboard's own page may change the board");
        }
    }

    static boolean sameOrigin(String origin, String host) {
        try {
            URI uri = URI.create(origin);
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                return false;
            }
            String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String bearer(String header) {
        if (header == null) {
            return null;
        }
        String prefix = "Bearer ";
        return header.regionMatches(true, 0, prefix, 0, prefix.length()) ? header.substring(prefix.length()).trim()
                : null;
    }
}
