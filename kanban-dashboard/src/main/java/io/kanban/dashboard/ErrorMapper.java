package io.kanban.dashboard;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.kanban.core.error.AttachmentNotFound;
import io.kanban.core.error.AttachmentTooLarge;
import io.kanban.core.error.BoardNotFound;
import io.kanban.core.error.ClaimLost;
import io.kanban.core.error.CycleDetected;
import io.kanban.core.error.IllegalTransition;
import io.kanban.core.error.KanbanException;
import io.kanban.core.error.OversizeText;
import io.kanban.core.error.StorageFailure;
import io.kanban.core.error.TaskNotFound;
import io.kanban.core.error.TenantMismatch;
import io.kanban.core.error.UnfinishedParents;
import io.kanban.core.error.ValidationError;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every error becomes {@code {"error": message, "code": code, ...}} with one status, decided here once. */
final class ErrorMapper {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    private ErrorMapper() {
    }

    static void register(RoutesConfig routes) {
        routes.exception(KanbanException.class, (e, ctx) -> write(ctx, status(e), body(e)));
        routes.exception(ApiError.class, (e, ctx) -> write(ctx, e.status(), body(e)));
        routes.exception(HttpResponseException.class, (e, ctx) -> write(ctx, e.getStatus(),
                error(e.getMessage(), codeFor(e.getStatus()))));
        routes.exception(Exception.class, ErrorMapper::internal);
    }

    /**
     * A bug, not bad input: the stack trace goes to the log under an incident id, and the client gets only that
     * id, never the exception's class, message or trace (they can name files, SQL or other internals).
     */
    static void internal(Exception e, Context ctx) {
        String incident = incident();
        if (ctx.res().isCommitted()) {
            // Part of the answer is already out (typically the client went away mid-body): nothing to replace.
            LOG.warn("incident {}: {} {} failed after its answer began: {}", incident, ctx.method(), ctx.path(),
                    e.toString());
            return;
        }
        LOG.error("incident {}: unexpected error on {} {}", incident, ctx.method(), ctx.path(), e);
        Map<String, Object> body = error("internal error (incident " + incident
                + "); the dashboard's log has the details", "internal");
        body.put("incident", incident);
        write(ctx, 500, body);
    }

    static int status(KanbanException e) {
        if (e instanceof TaskNotFound || e instanceof AttachmentNotFound || e instanceof BoardNotFound) {
            return 404;
        }
        if (e instanceof OversizeText || e instanceof AttachmentTooLarge) {
            return 413;
        }
        if (e instanceof ValidationError || e instanceof io.kanban.core.error.BadArchive) {
            return 400;
        }
        if (e instanceof IllegalTransition || e instanceof UnfinishedParents || e instanceof ClaimLost
                || e instanceof CycleDetected || e instanceof TenantMismatch) {
            return 409;
        }
        if (e instanceof StorageFailure) {
            return 503;
        }
        return 409;
    }

    static Map<String, Object> body(KanbanException e) {
        if (e instanceof StorageFailure) {
            // Its message quotes the failing SQL and the driver's text: logged, not sent.
            String incident = incident();
            LOG.warn("incident {}: {}", incident, e.getMessage(), e);
            Map<String, Object> out = error("the board's storage failed or is busy (incident " + incident
                    + "); the dashboard's log has the details", e.code());
            out.put("incident", incident);
            return out;
        }
        Map<String, Object> out = error(e.getMessage(), e.code());
        if (e instanceof ValidationError v) {
            out.put("field", v.field());
        }
        if (e instanceof UnfinishedParents u) {
            out.put("task_id", u.taskId());
            out.put("parents", u.parentIds());
        }
        if (e instanceof CycleDetected c) {
            out.put("parent_id", c.parentId());
            out.put("child_id", c.childId());
        }
        if (e instanceof IllegalTransition t) {
            // The rule that refused it: the verb, and where the task stood (the message says from where it may).
            out.put("task_id", t.taskId());
            out.put("from", t.from().wire());
            out.put("rule", t.action());
        }
        if (e instanceof TaskNotFound t) {
            out.put("task_id", t.taskId());
        }
        return out;
    }

    /** A short id printed in the log and in the answer, so a report can be matched to its stack trace. */
    private static String incident() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    static Map<String, Object> body(ApiError e) {
        Map<String, Object> out = error(e.getMessage(), e.code());
        out.putAll(e.extra());
        return out;
    }

    static Map<String, Object> error(String message, String code) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("error", message == null || message.isBlank() ? "request failed" : message);
        out.put("code", code);
        return out;
    }

    private static String codeFor(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "too_large";
            default -> "http_" + status;
        };
    }

    private static void write(Context ctx, int status, Map<String, Object> body) {
        ctx.status(status).json(body);
    }
}
