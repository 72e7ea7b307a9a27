package io.kanban.tools;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Fetches a URL for {@code kanban_attach_url} without letting a worker reach what it should not: http(s) only;
 * every hop's host resolved and refused when any of its addresses is loopback, link-local (which holds the cloud
 * metadata address 169.254.169.254), private, unique-local, CGNAT, multicast or unspecified; redirects followed by
 * hand, each checked, at most {@value #MAX_REDIRECTS}; the body capped in bytes and the whole fetch in time.
 *
 * <p>The check resolves the host, then the HTTP client connects by name; the JVM's address cache (30 s by default)
 * gives the client the addresses that were checked, which narrows, but does not close, a DNS-rebinding window.
 */
final class UrlFetcher {
    static final int MAX_REDIRECTS = 5;
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final Set<String> REFUSED_NAMES = Set.of("localhost", "metadata.google.internal", "metadata");

    /** Which resolved addresses a fetch may connect to. */
    @FunctionalInterface
    interface AddressPolicy {
        /** Null when allowed, else why not (a few words). */
        String refusal(InetAddress address, int port);
    }

    /** The production rule: public unicast addresses only. */
    static final AddressPolicy PUBLIC_ONLY = (address, port) -> UrlFetcher.nonPublic(address);

    /** What came back: the final URL, the bytes, the type the server declared. */
    record Fetched(URI finalUri, byte[] bytes, String contentType) {
    }

    private final AddressPolicy policy;
    private final Duration timeout;
    private final HttpClient client;

    UrlFetcher(AddressPolicy policy, Duration timeout) {
        this.policy = policy;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout).proxy(java.net.ProxySelector.of(null)).build();
    }

    static UrlFetcher standard() {
        return new UrlFetcher(PUBLIC_ONLY, DEFAULT_TIMEOUT);
    }

    Fetched fetch(String url, long maxBytes) {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI uri = parse(url);
        for (int hop = 0; ; hop++) {
            check(uri);
            HttpResponse<InputStream> response = send(uri, deadline);
            int status = response.statusCode();
            if (status >= 300 && status < 400 && status != 304) {
                closeQuietly(response.body());
                if (hop == MAX_REDIRECTS) {
                    throw refused("more than " + MAX_REDIRECTS + " redirects");
                }
                String location = response.headers().firstValue("Location")
                        .orElseThrow(() -> refused("a redirect (" + status + ") without a Location"));
                uri = parse(uri.resolve(location.strip()).toString());
                continue;
            }
            if (status < 200 || status >= 300) {
                closeQuietly(response.body());
                throw refused("the server answered HTTP " + status);
            }
            Optional<String> length = response.headers().firstValue("Content-Length");
            if (length.isPresent() && parseLong(length.get()) > maxBytes) {
                closeQuietly(response.body());
                throw new io.kanban.core.error.AttachmentTooLarge("url", maxBytes);
            }
            byte[] bytes = readCapped(response.body(), maxBytes, deadline);
            return new Fetched(uri, bytes, response.headers().firstValue("Content-Type").orElse(null));
        }
    }

    private static URI parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw refused("'" + abbreviate(url) + "' is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw refused("only http and https URLs are fetched, not '" + abbreviate(url) + "'");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw refused("'" + abbreviate(url) + "' names no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw refused("a URL with a user name or password is not fetched");
        }
        return uri;
    }

    private void check(URI uri) {
        String host = uri.getHost();
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        String name = bare.toLowerCase(Locale.ROOT);
        if (REFUSED_NAMES.contains(name) || name.endsWith(".localhost") || name.endsWith(".internal")) {
            throw refused(host + " is a local or metadata name");
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(bare);
        } catch (UnknownHostException e) {
            throw refused("cannot resolve " + host);
        }
        for (InetAddress a : addresses) {
            String why = policy.refusal(a, port);
            if (why != null) {
                throw refused(host + " resolves to " + a.getHostAddress() + ", " + why);
            }
        }
    }

    /** Why {@code a} is not a public unicast address, or null when it is. */
    static String nonPublic(InetAddress a) {
        if (a instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return nonPublic(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)));
                } catch (UnknownHostException e) {
                    return "an unreadable address";
                }
            }
            if ((b[0] & 0xfe) == 0xfc) {
                return "a unique-local (private) address";
            }
        }
        if (a.isLoopbackAddress()) {
            return "a loopback address";
        }
        if (a.isLinkLocalAddress()) {
            return "a link-local address (cloud metadata lives there)";
        }
        if (a.isSiteLocalAddress()) {
            return "a private address";
        }
        if (a.isAnyLocalAddress()) {
            return "the unspecified address";
        }
        if (a.isMulticastAddress()) {
            return "a multicast address";
        }
        if (a instanceof Inet4Address) {
            byte[] b = a.getAddress();
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0) {
                return "a 'this network' address";
            }
            if (first == 100 && second >= 64 && second < 128) {
                return "a shared (CGNAT) address";
            }
            if (first >= 240) {
                return "a reserved address";
            }
            if (first == 192 && second == 0 && (b[2] & 0xff) == 0) {
                return "an IETF protocol address";
            }
            if (first == 198 && (second == 18 || second == 19)) {
                return "a benchmarking address";
            }
        }
        return null;
    }

    private HttpResponse<InputStream> send(URI uri, long deadline) {
        Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(left).GET()
                .header("User-Agent", "kanban-attach-url").build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (java.net.http.HttpTimeoutException e) {
            throw refused("no answer within " + limit());
        } catch (IOException e) {
            throw refused("cannot fetch " + uri + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw refused("interrupted");
        }
    }

    /** Reads at most {@code max} bytes before the deadline; a slow body is cut off by closing its stream. */
    private byte[] readCapped(InputStream body, long max, long deadline) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "attach-url-deadline");
            t.setDaemon(true);
            return t;
        });
        boolean[] expired = new boolean[1];
        ScheduledFuture<?> cut = timer.schedule(() -> {
            expired[0] = true;
            closeQuietly(body);
        }, Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        try (InputStream in = body) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
                if (total > max) {
                    throw new io.kanban.core.error.AttachmentTooLarge("url", max);
                }
                out.write(buffer, 0, n);
            }
            if (expired[0]) {
                throw refused("the download took longer than " + limit());
            }
            return out.toByteArray();
        } catch (IOException e) {
            if (expired[0]) {
                throw refused("the download took longer than " + limit());
            }
            throw refused("the download failed: " + e.getMessage());
        } finally {
            cut.cancel(false);
            timer.shutdownNow();
        }
    }

    private String limit() {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // nothing more to read from it either way
        }
    }

    static ToolFailure refused(String why) {
        return new ToolFailure(ToolError.URL_REFUSED, "url: " + why, "url");
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
