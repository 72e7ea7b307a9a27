package io.kanban.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The browser libraries copied into the page (public/vendor): each file is the one its note names (version and
 * sha256), its licence text ships beside it, the page loads it before markdown.js, and the dashboard serves it
 * under the page's Content-Security-Policy.
 */
class VendoredScriptsTest {

    /** One row of the table in public/vendor/README.md. */
    private record Vendored(String file, String name, String version, String sha256) {
    }

    private static String resource(String path) {
        return new String(bytes(path), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String path) {
        try (InputStream in = VendoredScriptsTest.class.getResourceAsStream(path)) {
            assertNotNull(in, path + " is on the class path");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Vendored> vendored() {
        List<Vendored> rows = resource("/public/vendor/README.md").lines()
                .filter(l -> l.startsWith("| `"))
                .map(l -> l.split("\\|"))
                .map(c -> new Vendored(c[1].strip().replace("`", ""), c[2].replaceAll(".*\\[(.+)].*", "$1").strip(),
                        c[3].strip(), c[6].strip().replace("`", "")))
                .toList();
        assertEquals(List.of("markdown-it.umd.min.js", "purify.min.js"), rows.stream().map(Vendored::file).toList());
        return rows;
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void each_vendored_file_is_the_one_its_note_names_and_its_licence_ships_beside_it() {
        for (Vendored v : vendored()) {
            assertEquals(v.sha256(), sha256(bytes("/public/vendor/" + v.file())), v.file() + " matches its note");
            String licence = resource("/public/vendor/LICENSE-" + v.name().toLowerCase(Locale.ROOT) + ".txt");
            assertTrue(licence.startsWith(v.name() + " " + v.version()), v.file() + ": licence names " + v.version());
        }
        String markdownIt = resource("/public/vendor/LICENSE-markdown-it.txt");
        for (String bundled : List.of("entities 8.1.0 (BSD-2-Clause)", "linkify-it 6.1.0 (MIT)", "mdurl 2.1.0 (MIT)",
                "punycode.js 2.3.1 (MIT)", "uc.micro 3.0.0 (MIT)")) {
            assertTrue(markdownIt.contains(bundled), "the licence of the bundled " + bundled);
        }
        assertTrue(resource("/public/vendor/LICENSE-dompurify.txt").contains("Apache License"));
    }

    @Test
    void the_page_loads_the_libraries_before_markdown_js() {
        // The drawer loads them on demand (app.js MARKDOWN_SCRIPTS, in order), not the page's head.
        String app = resource("/public/app.js");
        int list = app.indexOf("const MARKDOWN_SCRIPTS = [");
        assertTrue(list > 0, "app.js names the scripts it loads for Markdown");
        String names = app.substring(list, app.indexOf("];", list));
        int renderer = names.indexOf("\"/markdown.js\"");
        assertTrue(renderer > 0, "markdown.js is loaded");
        for (Vendored v : vendored()) {
            int at = names.indexOf("\"/vendor/" + v.file() + "\"");
            assertTrue(at > 0 && at < renderer, v.file() + " is loaded before markdown.js");
        }
        assertFalse(resource("/public/index.html").contains("<script>"), "no inline script");
    }

    @Test
    void the_dashboard_serves_them_as_scripts_under_the_pages_csp() {
        try (Dashboard d = new Dashboard()) {
            for (Vendored v : vendored()) {
                Dashboard.Reply r = d.get("/vendor/" + v.file()).expect(200);
                assertEquals(v.sha256(), sha256(r.text().getBytes(StandardCharsets.UTF_8)));
                assertTrue(r.raw().headers().firstValue("Content-Type").orElse("").contains("javascript"));
                assertEquals("nosniff", r.raw().headers().firstValue("X-Content-Type-Options").orElse(""));
                assertTrue(r.raw().headers().firstValue("Content-Security-Policy").orElse("")
                        .contains("script-src 'self'"));
            }
        }
    }
}
