package io.kanban.dispatcher.notify;

import io.kanban.core.notify.NotifyTarget;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Sends requests with the JDK's HTTP client: bounded connect and request time-outs, no redirects (a signed
 * request must not wander to another host). The answer is reduced to the status and the start of the body, with
 * the target's URL and secret masked, since it may end up in logs, the database and the CLI.
 */
final class TargetClient {
    static final int ANSWER_MAX = 200;

    /**
     * The outcome of one request.
     *
     * @param status the HTTP status, 0 when none came
     * @param detail start of the answer body, or what went wrong
     */
    public record Answer(int status, String detail) {
        public boolean accepted() {
            return status >= 200 && status < 300;
        }

        /** A one-line description for logs and {@code last_error}. */
        public String describe() {
            return status == 0 ? detail : "HTTP " + status + (detail.isEmpty() ? "" : ": " + detail);
        }
    }

    private final HttpClient http;
    private final Duration requestTimeout;

    public TargetClient(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
        Duration connect = requestTimeout.compareTo(Duration.ofSeconds(5)) < 0 ? requestTimeout : Duration.ofSeconds(5);
        this.http = HttpClient.newBuilder()
                .connectTimeout(connect)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    public Answer send(NotifyTarget target, HttpMessage message) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(message.uri())
                .timeout(requestTimeout)
                .header("User-Agent", "kanban-notifier")
                .POST(HttpRequest.BodyPublishers.ofByteArray(message.body()));
        message.headers().forEach(request::header);
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), clean(target, new String(response.body(), StandardCharsets.UTF_8)));
        } catch (HttpTimeoutException e) {
            return new Answer(0, "no answer within " + requestTimeout.toSeconds() + " s");
        } catch (ConnectException e) {
            return new Answer(0, "cannot connect to " + target.maskedUrl()
                    + (e.getMessage() == null ? "" : ": " + clean(target, e.getMessage())));
        } catch (IOException e) {
            return new Answer(0, "request failed: " + clean(target, String.valueOf(e.getMessage())));
        } catch (IllegalArgumentException e) {
            return new Answer(0, "request refused: " + clean(target, String.valueOf(e.getMessage())));
        }
    }

    static String clean(NotifyTarget target, String text) {
        String one = target.redact(text).replaceAll("\\s+", " ").strip();
        return one.length() <= ANSWER_MAX ? one : one.substring(0, ANSWER_MAX - 1) + "…";
    }
}
