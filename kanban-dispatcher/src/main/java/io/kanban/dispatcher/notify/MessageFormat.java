package io.kanban.dispatcher.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kanban.core.model.NotifyMessage;
import io.kanban.core.notify.NotifyTarget;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a message into the request each target type expects. Text is escaped for the target's markup: Slack's
 * mrkdwn ({@code & < >} as entities), Discord's markdown (backslash before markup characters, no pings), and JSON
 * by Jackson. Every request carries the event id so a receiver can drop a redelivery.
 */
final class MessageFormat {
    public static final String EVENT_ID_HEADER = "X-Kanban-Event-Id";
    static final int DISCORD_MAX = 2000;
    static final int SLACK_MAX = 3000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private MessageFormat() {
    }

    /**
     * @param thread the subscription's thread ("" for none): Slack {@code thread_ts}, Discord {@code thread_id}
     * @param link   the dashboard link to the task, or null
     */
    public static HttpMessage render(NotifyTarget target, String subscriptionId, String thread, NotifyMessage m,
                                     String link) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json; charset=utf-8");
        headers.put(EVENT_ID_HEADER, Long.toString(m.eventId()));
        URI uri = target.url();
        ObjectNode body = JSON.createObjectNode();
        switch (target.type()) {
            case WEBHOOK -> {
                body.put("event_id", m.eventId());
                body.put("kind", m.kind());
                body.put("at", m.at() == null ? null : m.at().toString());
                ObjectNode task = body.putObject("task");
                task.put("id", m.taskId());
                task.put("title", m.title());
                task.put("status", m.status());
                task.put("assignee", m.assignee());
                task.put("tenant", m.tenant());
                body.put("detail", m.detail());
                body.put("text", plainLine(m));
                body.put("url", link);
                body.put("subscription", subscriptionId);
                if (thread != null && !thread.isEmpty()) {
                    body.put("thread", thread);
                }
            }
            case SLACK -> {
                body.put("text", limit(slackText(m, link), SLACK_MAX));
                if (thread != null && !thread.isEmpty()) {
                    body.put("thread_ts", thread);
                }
                body.put("unfurl_links", false);
            }
            case DISCORD -> {
                body.put("content", limit(discordText(m, link), DISCORD_MAX));
                body.putObject("allowed_mentions").putArray("parse");
                if (thread != null && !thread.isEmpty()) {
                    uri = withQuery(uri, "thread_id=" + URLEncoder.encode(thread, StandardCharsets.UTF_8));
                }
            }
            default -> throw new IllegalStateException("unknown target type " + target.type());
        }
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a notification as JSON", e);
        }
        if (target.signed()) {
            headers.put(Signature.HEADER, Signature.sign(target.secret(), bytes));
        }
        return new HttpMessage(uri, bytes, headers);
    }

    /** "t_ab12 "Ship it" completed (@worker): shipped v2 [event 42]". */
    static String plainLine(NotifyMessage m) {
        StringBuilder s = new StringBuilder();
        s.append(m.taskId()).append(" \"").append(m.title()).append("\" ").append(m.verb());
        if (m.assignee() != null) {
            s.append(" (@").append(m.assignee()).append(')');
        }
        if (m.detail() != null) {
            s.append(": ").append(m.detail());
        }
        return s.toString();
    }

    static String slackText(NotifyMessage m, String link) {
        String title = slackEscape(m.title());
        StringBuilder s = new StringBuilder();
        s.append(link == null ? "*" + title + "*" : "*<" + slackEscape(link) + "|" + title + ">*");
        s.append(" `").append(slackEscape(m.taskId())).append("` ").append(slackEscape(m.verb()));
        if (m.assignee() != null) {
            s.append(" (").append(slackEscape(m.assignee())).append(')');
        }
        if (m.detail() != null) {
            s.append("\n>").append(slackEscape(m.detail()).replace("\n", "\n>"));
        }
        s.append("\n_event ").append(m.eventId()).append('_');
        return s.toString();
    }

    static String discordText(NotifyMessage m, String link) {
        StringBuilder s = new StringBuilder();
        s.append("**").append(discordEscape(m.title())).append("** ");
        s.append(discordEscape(m.taskId())).append(' ').append(discordEscape(m.verb()));
        if (m.assignee() != null) {
            s.append(" (").append(discordEscape(m.assignee())).append(')');
        }
        if (m.detail() != null) {
            s.append("\n> ").append(discordEscape(m.detail()).replace("\n", "\n> "));
        }
        if (link != null) {
            s.append("\n<").append(link).append('>');
        }
        s.append("\n-# event ").append(m.eventId());
        return s.toString();
    }

    /** Slack mrkdwn: only these three are control characters; everything else shows as typed. */
    static String slackEscape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Discord markdown: a backslash before each markup character keeps it literal. */
    static String discordEscape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ("\\*_~`|>#-[]()<@:".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    private static String limit(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static URI withQuery(URI uri, String query) {
        String s = uri.toString();
        return URI.create(s + (uri.getRawQuery() == null ? "?" : "&") + query);
    }
}
