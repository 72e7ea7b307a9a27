package io.kanban.dispatcher.notify;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One request to a target, ready to send: where, the JSON body and the extra headers. */
record HttpMessage(URI uri, byte[] body, Map<String, String> headers) {
    public HttpMessage {
        headers = Map.copyOf(headers);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
