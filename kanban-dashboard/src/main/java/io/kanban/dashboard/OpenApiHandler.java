package io.kanban.dashboard;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** GET /api/openapi.json: the hand-written OpenAPI 3 document shipped in the jar (a test checks it covers every route). */
final class OpenApiHandler {
    static final String RESOURCE = "/openapi.json";

    private final String document;

    OpenApiHandler() {
        try (InputStream in = OpenApiHandler.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar");
            }
            this.document = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void get(Context ctx) {
        if (!admitsJson(ctx.header("Accept"))) {
            throw new ApiError(406, "not_acceptable", "the document is JSON: send 'Accept: application/json' (or none)");
        }
        ctx.contentType("application/json").result(document);
    }

    /** Whether an Accept header (absent: anything) admits application/json. */
    static boolean admitsJson(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        for (String range : accept.split(",")) {
            String type = range.split(";")[0].strip().toLowerCase(java.util.Locale.ROOT);
            if (type.equals("*/*") || type.equals("application/*") || type.equals("application/json")
                    || type.endsWith("+json")) {
                return true;
            }
        }
        return false;
    }
}
