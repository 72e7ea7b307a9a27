package io.kanban.dashboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** REST on attachments: list, multipart upload, download with its security headers, delete; the cap is a 413. */
class AttachmentRoutesTest {
    @RegisterExtension
    final Dashboard d = new Dashboard();

    static final String BOUNDARY = "----kanban-test-boundary-7d1e";

    /** A multipart body with a 'file' part and optional text fields. */
    static byte[] multipart(String filename, String type, byte[] content, String... fields) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i + 1 < fields.length; i += 2) {
            out.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + fields[i] + "\"\r\n\r\n"
                    + fields[i + 1] + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        out.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(content);
        out.write(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    Dashboard.Reply upload(String taskId, String filename, String type, byte[] content, String... fields)
            throws IOException {
        return d.send(HttpRequest.newBuilder(URI.create(d.base() + "/api/tasks/" + taskId + "/attachments"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + Dashboard.TOKEN)
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(filename, type, content, fields))));
    }

    HttpResponse<byte[]> download(String path) throws Exception {
        return d.http.send(HttpRequest.newBuilder(URI.create(d.base() + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + Dashboard.TOKEN).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void a_binary_upload_lists_and_downloads_byte_for_byte() throws Exception {
        String id = d.create("chart");
        byte[] bytes = new byte[200_000];
        new Random(9).nextBytes(bytes);
        JsonNode a = upload(id, "chart.png", "image/png", bytes, "uploaded_by", "analyst").expect(201).json();
        assertEquals("chart.png", a.get("filename").asText());
        assertEquals("image/png", a.get("content_type").asText());
        assertEquals(200_000, a.get("size").asLong());
        assertEquals("analyst", a.get("uploaded_by").asText());

        JsonNode list = d.get("/api/tasks/" + id + "/attachments").expect(200).json();
        assertEquals(1, list.get("attachments").size());
        assertEquals(25L * 1024 * 1024, list.get("max_bytes").asLong());

        HttpResponse<byte[]> got = download("/api/attachments/" + a.get("id").asLong());
        assertEquals(200, got.statusCode());
        assertArrayEquals(bytes, got.body());
        assertEquals("image/png", got.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(got.headers().firstValue("Content-Disposition").orElseThrow().startsWith("inline;"));
        assertEquals("nosniff", got.headers().firstValue("X-Content-Type-Options").orElseThrow());
        assertTrue(got.headers().firstValue("Content-Security-Policy").orElseThrow().contains("sandbox"));
    }

    @Test
    void a_worker_completes_with_a_report_and_a_chart_and_a_person_opens_both_from_the_card() throws Exception {
        io.kanban.core.model.Task task = d.board.tasks().create(io.kanban.core.model.NewTask.titled("quarterly numbers")
                .assignee("analyst").build()).task();
        long run = d.board.claims().claim(task.id()).orElseThrow().run().id();
        Path ws = Files.createDirectories(d.board.options().scratchWorkspaces().resolve(task.id()));
        byte[] report = "# Q3\nRevenue up.\n".getBytes(StandardCharsets.UTF_8);
        byte[] chart = new byte[3_000];
        new Random(4).nextBytes(chart);
        Files.write(ws.resolve("report.md"), report);
        Files.write(ws.resolve("chart.png"), chart);
        d.board.claims().complete(task.id(), io.kanban.core.model.Completion.withSummary("numbers in").forRun(run),
                java.util.List.of("report.md", "chart.png"));

        JsonNode card = d.get("/api/tasks/" + task.id() + "/attachments").expect(200).json().get("attachments");
        assertEquals(2, card.size());
        HttpResponse<byte[]> first = download("/api/attachments/" + card.get(0).get("id").asLong());
        assertArrayEquals(report, first.body());
        assertTrue(first.headers().firstValue("Content-Disposition").orElseThrow().startsWith("attachment;"));
        HttpResponse<byte[]> second = download("/api/attachments/" + card.get(1).get("id").asLong());
        assertArrayEquals(chart, second.body());
        assertTrue(second.headers().firstValue("Content-Disposition").orElseThrow().startsWith("inline;"));
        assertEquals("done", d.get("/api/tasks/" + task.id()).json().at("/task/status").asText());
    }

    @Test
    void html_and_svg_are_downloads_never_inline() throws Exception {
        String id = d.create("xss");
        for (String[] c : new String[][] {{"page.html", "text/html"}, {"pic.svg", "image/svg+xml"},
                {"notes.txt", "text/plain"}}) {
            long aid = upload(id, c[0], c[1], "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8))
                    .expect(201).json().get("id").asLong();
            HttpResponse<byte[]> got = download("/api/attachments/" + aid);
            String disposition = got.headers().firstValue("Content-Disposition").orElseThrow();
            assertTrue(disposition.startsWith("attachment;"), disposition);
            assertTrue(disposition.contains("filename=\"" + c[0] + "\""), disposition);
            assertEquals("nosniff", got.headers().firstValue("X-Content-Type-Options").orElseThrow());
            assertEquals(AttachmentHandler.DOWNLOAD_CSP,
                    got.headers().firstValue("Content-Security-Policy").orElseThrow());
        }
    }

    @Test
    void twenty_five_mib_is_taken_and_one_byte_more_is_a_413_storing_nothing() throws Exception {
        String id = d.create("big");
        upload(id, "exact.bin", "application/octet-stream", new byte[25 * 1024 * 1024]).expect(201);
        Dashboard.Reply over = upload(id, "over.bin", "application/octet-stream", new byte[25 * 1024 * 1024 + 1]);
        over.expect(413);
        assertEquals("file: attachment exceeds 25 MB limit", over.json().get("error").asText());
        assertEquals("attachment_too_large", over.json().get("code").asText());
        assertEquals(1, d.get("/api/tasks/" + id + "/attachments").json().get("attachments").size());
        Path root = d.board.options().attachmentsDirectory();
        try (Stream<Path> files = Files.walk(root)) {
            assertEquals(1, files.filter(Files::isRegularFile).count());
        }
    }

    @Test
    void a_file_far_over_the_cap_is_refused_by_the_multipart_limit_as_a_413_too() throws Exception {
        String id = d.create("huge");
        Dashboard.Reply over = upload(id, "huge.bin", "application/octet-stream", new byte[27 * 1024 * 1024]);
        over.expect(413);
        assertEquals("attachment_too_large", over.json().get("code").asText());
        assertEquals(0, d.get("/api/tasks/" + id + "/attachments").json().get("attachments").size());
    }

    @Test
    void unsafe_names_are_cleaned_and_delete_removes_row_and_file() throws Exception {
        String id = d.create("names");
        JsonNode a = upload(id, "../../../etc/passwd", "text/plain", "x".getBytes(StandardCharsets.UTF_8))
                .expect(201).json();
        assertEquals("passwd", a.get("filename").asText());
        Path file = Path.of(a.get("stored_path").asText());
        assertTrue(file.startsWith(d.board.options().attachmentsDirectory()));
        assertTrue(Files.exists(file));
        d.delete("/api/attachments/" + a.get("id").asLong()).expect(200);
        assertFalse(Files.exists(file));
        d.get("/api/attachments/" + a.get("id").asLong()).expect(404);
        d.delete("/api/attachments/" + a.get("id").asLong()).expect(404);
    }

    @Test
    void bad_requests_are_4xx_json() throws Exception {
        String id = d.create("bad");
        Dashboard.Reply notMultipart = d.post("/api/tasks/" + id + "/attachments", "{}");
        notMultipart.expect(400);
        assertEquals("file", notMultipart.json().get("field").asText());
        upload("t_missing", "a.txt", "text/plain", new byte[] {1}).expect(404);
        d.get("/api/attachments/abc").expect(400);
        d.get("/api/tasks/t_missing/attachments").expect(404);
    }

    @Test
    void downloads_need_the_token_in_a_header_or_the_url_and_other_routes_only_in_the_header() throws Exception {
        String id = d.create("token");
        long aid = upload(id, "a.txt", "text/plain", new byte[] {'a'}).expect(201).json().get("id").asLong();
        HttpResponse<String> noToken = d.http.send(HttpRequest.newBuilder(
                URI.create(d.base() + "/api/attachments/" + aid)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, noToken.statusCode());
        HttpResponse<String> urlToken = d.http.send(HttpRequest.newBuilder(URI.create(d.base() + "/api/attachments/"
                + aid + "?token=" + Dashboard.TOKEN)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, urlToken.statusCode());
        assertEquals("a", urlToken.body());
        HttpResponse<String> listWithUrlToken = d.http.send(HttpRequest.newBuilder(URI.create(d.base() + "/api/tasks/"
                + id + "/attachments?token=" + Dashboard.TOKEN)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, listWithUrlToken.statusCode());
        HttpResponse<String> deleteWithUrlToken = d.http.send(HttpRequest.newBuilder(URI.create(d.base()
                + "/api/attachments/" + aid + "?token=" + Dashboard.TOKEN)).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, deleteWithUrlToken.statusCode());
    }

    @Test
    void a_non_ascii_name_survives_in_content_disposition() throws Exception {
        String id = d.create("unicode");
        long aid = upload(id, "r\u00e9sum\u00e9.pdf", "application/pdf", new byte[] {1}).expect(201).json()
                .get("id").asLong();
        String disposition = download("/api/attachments/" + aid).headers().firstValue("Content-Disposition")
                .orElseThrow();
        assertTrue(disposition.contains("filename*=UTF-8''r%C3%A9sum%C3%A9.pdf"), disposition);
    }
}
