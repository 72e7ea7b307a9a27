package io.kanban.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kanban.core.boards.BoardSlug;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code /api/boards} and {@code ?board=} on a dashboard serving a Hermes home, and on one started with --db. */
class BoardsRoutesTest {
    /** The board record of io.kanban.core.wire.BoardSummary, as {@code kanban boards list --json} starts too. */
    static final List<String> BOARD_FIELDS = List.of("slug", "name", "description", "icon", "color",
            "default_workdir", "project_id", "created_at", "archived", "is_current", "is_default", "counts", "total");

    private static List<String> fields(JsonNode record) {
        List<String> out = new ArrayList<>();
        record.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static List<String> slugs(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.get("boards").forEach(b -> out.add(b.get("slug").asText()));
        return out;
    }

    private static List<String> titles(Dashboard d, String board) {
        List<String> out = new ArrayList<>();
        d.get("/api/board?board=" + board).expect(200).json().get("columns")
                .forEach(c -> c.get("cards").forEach(card -> out.add(card.get("title").asText())));
        return out;
    }

    @Test
    void boards_are_created_listed_with_counts_and_each_request_works_on_the_board_it_names() {
        try (Dashboard d = Dashboard.onHome()) {
            d.create("on the default board");
            JsonNode made = d.post("/api/boards", Dashboard.json(Map.of("slug", "alpha", "name", "Alpha project",
                    "icon", "A", "color", "#ff0000"))).expect(201).json().get("board");
            assertEquals("alpha", made.get("slug").asText());
            assertEquals("Alpha project", made.get("name").asText());
            assertEquals(0, made.get("total").asLong());
            d.post("/api/boards", Dashboard.json(Map.of("slug", "beta"))).expect(201);
            assertTrue(Files.isRegularFile(d.boards.layout().db(BoardSlug.of("beta"))));

            d.post("/api/tasks?board=alpha", Dashboard.json(Map.of("title", "alpha one"))).expect(201);
            d.post("/api/tasks?board=alpha", Dashboard.json(Map.of("title", "alpha two"))).expect(201);
            String betaTask = d.post("/api/tasks?board=beta", Dashboard.json(Map.of("title", "beta one")))
                    .expect(201).json().at("/task/id").asText();

            assertEquals(List.of("alpha one", "alpha two"), titles(d, "alpha").stream().sorted().toList());
            assertEquals(List.of("beta one"), titles(d, "beta"));
            assertEquals(List.of("on the default board"), titles(d, "default"));
            d.get("/api/board").expect(200); // absent: the board the dashboard started on
            d.get("/api/tasks/" + betaTask + "?board=beta").expect(200);
            d.get("/api/tasks/" + betaTask + "?board=alpha").expect(404);
            d.get("/api/tasks/" + betaTask).expect(404);

            JsonNode list = d.get("/api/boards").expect(200).json();
            assertEquals("home", list.get("mode").asText());
            assertEquals("default", list.get("dashboard_board").asText());
            assertEquals("default", list.get("current").asText());
            assertEquals(List.of("default", "alpha", "beta"), slugs(list));
            JsonNode first = list.get("boards").get(0);
            assertTrue(first.get("is_default").asBoolean());
            assertTrue(first.get("is_current").asBoolean());
            assertEquals(1, first.get("total").asLong());
            JsonNode alpha = list.get("boards").get(1);
            assertEquals(2, alpha.get("total").asLong());
            assertEquals(2, alpha.at("/counts/ready").asLong());
            assertEquals("#ff0000", alpha.get("color").asText());
            assertFalse(alpha.get("is_default").asBoolean());
            assertEquals(BOARD_FIELDS, fields(alpha));
            assertTrue(alpha.get("project_id").isNull(), alpha.toString());
            assertFalse(alpha.get("archived").asBoolean());
            assertEquals(BOARD_FIELDS, fields(made), "a created board is written as the list writes it");

            JsonNode renamed = d.patch("/api/boards/alpha", Dashboard.json(Map.of("name", "Alpha 2",
                    "default_workdir", "/srv/alpha"))).expect(200).json().get("board");
            assertEquals("Alpha 2", renamed.get("name").asText());
            assertEquals("/srv/alpha", renamed.get("default_workdir").asText());
            assertEquals("A", renamed.get("icon").asText());
            assertEquals("Alpha 2", d.boards.meta(BoardSlug.of("alpha")).name());

            assertEquals("beta", d.post("/api/boards/beta/switch", "").expect(200).json().get("current").asText());
            assertEquals("beta", d.boards.current().value());
            assertEquals("beta", d.get("/api/boards").expect(200).json().get("current").asText());
            d.post("/api/boards/nope/switch", "").expect(404);
            d.delete("/api/boards/beta").expect(200);
            assertEquals("default", d.boards.current().value(), "archiving the active board clears kanban/current");
            assertFalse(d.boards.exists(BoardSlug.of("beta")));
            assertEquals(List.of("default", "alpha"), slugs(d.get("/api/boards").expect(200).json()));
            assertEquals("board_not_found", d.get("/api/board?board=beta").expect(404).json().get("code").asText());
        }
    }

    @Test
    void bad_input_is_a_4xx_json_error_and_changes_nothing() throws Exception {
        try (Dashboard d = Dashboard.onHome()) {
            d.post("/api/boards", Dashboard.json(Map.of("slug", "alpha"))).expect(201);
            String before = Files.readString(d.boards.layout().metaFile(BoardSlug.of("alpha")));

            JsonNode bad = d.get("/api/board?board=Not%20A%20Slug!").expect(400).json();
            assertEquals("board", bad.get("field").asText());
            assertTrue(bad.get("error").asText().contains("not a board slug"), bad.toString());
            assertTrue(d.get("/api/board?board=nope").expect(404).json().get("error").asText().contains("nope"));
            d.get("/api/stats?board=nope").expect(404);
            d.post("/api/tasks?board=nope", Dashboard.json(Map.of("title", "lost"))).expect(404);
            assertEquals(0, d.board.tasks().stats().byStatus().values().stream().mapToLong(Long::longValue).sum());

            d.post("/api/boards", Dashboard.json(Map.of("slug", "alpha"))).expect(409);
            d.post("/api/boards", Dashboard.json(Map.of("slug", "../etc"))).expect(400);
            d.post("/api/boards", Dashboard.json(Map.of("name", "no slug"))).expect(400);
            d.post("/api/boards", Dashboard.json(Map.of("slug", "gamma", "default_workdir", "relative/path")))
                    .expect(400);
            assertFalse(Files.exists(d.boards.layout().dir(BoardSlug.of("gamma"))));
            d.post("/api/boards", Dashboard.json(Map.of("slug", "gamma", "owner", "x"))).expect(400);
            d.post("/api/boards", "not json").expect(400);

            d.patch("/api/boards/nope", Dashboard.json(Map.of("name", "x"))).expect(404);
            d.patch("/api/boards/alpha", Dashboard.json(Map.of("name", "  ", "icon", "Z"))).expect(400);
            d.patch("/api/boards/alpha", Dashboard.json(Map.of("icon", "Z", "default_workdir", "rel"))).expect(400);
            assertEquals(before, Files.readString(d.boards.layout().metaFile(BoardSlug.of("alpha"))));

            JsonNode refused = d.delete("/api/boards/default").expect(400).json();
            assertTrue(refused.get("error").asText().contains("default board cannot be removed"), refused.toString());
            d.delete("/api/boards/nope").expect(404);
            d.delete("/api/boards/BAD!").expect(400);

            // Mutations follow the token and Origin rules of every other mutation.
            HttpRequest.Builder noToken = HttpRequest.newBuilder(URI.create(d.base() + "/api/boards"))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Dashboard.json(Map.of("slug", "sneaky"))));
            d.send(noToken).expect(401);
            d.send(d.request("/api/boards").header("Origin", "http://evil.example")
                    .POST(HttpRequest.BodyPublishers.ofString(Dashboard.json(Map.of("slug", "sneaky"))))).expect(403);
            d.send(d.request("/api/boards/alpha").header("Origin", "http://evil.example").DELETE()).expect(403);
            assertFalse(d.boards.exists(BoardSlug.of("sneaky")));
            assertTrue(d.boards.exists(BoardSlug.of("alpha")));
        }
    }

    @Test
    void the_board_the_dashboard_was_started_on_is_not_archived_under_it() {
        try (Dashboard d = Dashboard.onHome()) {
            d.post("/api/boards", Dashboard.json(Map.of("slug", "alpha"))).expect(201);
            io.kanban.core.Board alpha = d.open(d.boards.layout().db(BoardSlug.of("alpha")));
            try (DashboardApp app = DashboardApp.onHome(d.boards, BoardSlug.of("alpha"), alpha, d.clock,
                         Dashboard.TOKEN, DispatchHost.none("test"), d.env(), java.util.Optional.empty())) {
                app.app().start("127.0.0.1", 0);
                HttpRequest.Builder del = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.app().port()
                        + "/api/boards/alpha")).header("Authorization", "Bearer " + Dashboard.TOKEN).DELETE();
                Dashboard.Reply r = d.send(del);
                assertEquals(409, r.status(), r.text());
                assertEquals("board_in_use", r.json().get("code").asText());
                assertTrue(d.boards.exists(BoardSlug.of("alpha")));
            }
        }
    }

    @Test
    void metrics_are_per_board_too() {
        try (Dashboard d = Dashboard.onHome()) {
            d.post("/api/boards", Dashboard.json(Map.of("slug", "alpha"))).expect(201);
            d.post("/api/tasks?board=alpha", Dashboard.json(Map.of("title", "one"))).expect(201);
            d.post("/api/tasks?board=alpha", Dashboard.json(Map.of("title", "two"))).expect(201);
            assertTrue(d.get("/metrics?board=alpha").expect(200).text().contains("kanban_cards{status=\"ready\"} 2.0"));
            assertTrue(d.get("/metrics").expect(200).text().contains("kanban_cards{status=\"ready\"} 0.0"));
            d.get("/metrics?board=nope").expect(404);
        }
    }

    @Test
    void a_board_archived_by_another_process_answers_404_from_then_on() {
        try (Dashboard d = Dashboard.onHome()) {
            d.post("/api/boards", Dashboard.json(Map.of("slug", "alpha"))).expect(201);
            d.post("/api/tasks?board=alpha", Dashboard.json(Map.of("title", "kept"))).expect(201);
            d.get("/api/board?board=alpha").expect(200); // open in the dashboard now
            d.boards.remove(BoardSlug.of("alpha"), false); // what 'kanban boards rm alpha' does
            assertEquals("board_not_found", d.get("/api/board?board=alpha").expect(404).json().get("code").asText());
            d.post("/api/tasks?board=alpha", Dashboard.json(Map.of("title", "lost"))).expect(404);
            assertFalse(Files.exists(d.boards.layout().db(BoardSlug.of("alpha"))), "no new database at the old slug");
            assertEquals(List.of("default"), slugs(d.get("/api/boards").expect(200).json()));
        }
    }

    @Test
    void a_dashboard_on_one_board_named_by_db_lists_it_alone_and_refuses_board_choices() {
        try (Dashboard d = new Dashboard()) {
            d.create("only");
            JsonNode list = d.get("/api/boards").expect(200).json();
            assertEquals("single", list.get("mode").asText());
            assertEquals(1, list.get("boards").size());
            assertTrue(list.at("/boards/0/slug").isNull());
            assertEquals(1, list.at("/boards/0/total").asLong());
            assertEquals(BOARD_FIELDS, fields(list.at("/boards/0")), "the one board is a board record like any");
            assertTrue(list.at("/boards/0/is_default").asBoolean());
            assertFalse(list.at("/boards/0/archived").asBoolean());
            JsonNode refused = d.get("/api/board?board=default").expect(400).json();
            assertTrue(refused.get("error").asText().contains("--db"), refused.toString());
            assertEquals("single_board", d.post("/api/boards", Dashboard.json(Map.of("slug", "x"))).expect(409)
                    .json().get("code").asText());
            d.patch("/api/boards/x", Dashboard.json(Map.of("name", "x"))).expect(409);
            d.delete("/api/boards/x").expect(409);
        }
    }

    @Test
    void the_live_stream_follows_the_board_it_was_opened_for() throws Exception {
        try (Dashboard d = Dashboard.onHome()) {
            d.post("/api/boards", Dashboard.json(Map.of("slug", "alpha"))).expect(201);
            long cursor = d.get("/api/board?board=alpha").expect(200).json().get("latest_event_id").asLong();
            LiveStreamTest.Inbox inbox = new LiveStreamTest.Inbox();
            WebSocket ws = d.http.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + d.port() + DashboardApp.LIVE_PATH + "?token="
                            + Dashboard.TOKEN + "&cursor=" + cursor + "&board=alpha"), inbox)
                    .orTimeout(20, TimeUnit.SECONDS).join();
            String onDefault = d.create("default card");
            String onAlpha = d.post("/api/tasks?board=alpha", Dashboard.json(Map.of("title", "alpha card")))
                    .expect(201).json().at("/task/id").asText();
            JsonNode msg = inbox.awaitEventFor(onAlpha, "created");
            assertEquals("alpha card", msg.at("/cards/0/title").asText());
            for (JsonNode m : inbox.messages) {
                if (m.has("events")) {
                    m.get("events").forEach(e -> assertFalse(e.get("task_id").asText().equals(onDefault)));
                }
            }
            ws.abort();

            // A bad or unknown board is refused before the upgrade.
            for (String board : List.of("nope", "BAD!")) {
                Dashboard.Reply r = d.get(DashboardApp.LIVE_PATH + "?cursor=0&board=" + board);
                assertTrue(r.status() == 404 || r.status() == 400, r.status() + " " + r.text());
                assertTrue(r.json().has("error"));
            }
        }
    }

    /** The open file handles of this process on the databases of the home's non-default boards. */
    private static long openBoardFiles(Dashboard d) throws java.io.IOException {
        java.nio.file.Path boardsDir = d.boards.layout().boardsDir().toAbsolutePath();
        try (java.util.stream.Stream<java.nio.file.Path> fds = Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
            return fds.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd);
                } catch (java.io.IOException | UnsupportedOperationException e) {
                    return null; // closed meanwhile
                }
            }).filter(t -> t != null && t.startsWith(boardsDir)).count();
        }
    }

    @Test
    void listing_a_home_of_many_boards_counts_each_and_leaves_none_open() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(java.nio.file.Path.of("/proc/self/fd")),
                "needs /proc to see open files");
        try (Dashboard d = Dashboard.onHome()) {
            for (int i = 0; i < 24; i++) {
                d.boards.create(BoardSlug.of(String.format("p%02d", i)),
                        io.kanban.core.boards.Boards.NewBoard.defaults());
            }
            try (io.kanban.core.Board p07 = d.open(d.boards.layout().db(BoardSlug.of("p07")))) {
                p07.tasks().create(io.kanban.core.model.NewTask.titled("one").build());
                p07.tasks().create(io.kanban.core.model.NewTask.titled("two").build());
            } // closed now: the list below must open no board itself
            assertEquals(0, openBoardFiles(d), "no board of the home is open before the list");
            for (int round = 0; round < 3; round++) {
                JsonNode list = d.get("/api/boards").expect(200).json();
                assertEquals(25, list.get("boards").size());
                JsonNode p07 = list.get("boards").get(8);
                assertEquals("p07", p07.get("slug").asText());
                assertEquals(2, p07.get("total").asLong());
                assertEquals(2, p07.at("/counts/ready").asLong());
                assertEquals(0, list.get("boards").get(1).get("total").asLong());
            }
            assertEquals(0, openBoardFiles(d), "listing opened each board only to count it");
            // A board the page works on stays open, and is counted through its open handle.
            d.post("/api/tasks?board=p03", Dashboard.json(Map.of("title", "shown"))).expect(201);
            assertTrue(openBoardFiles(d) > 0, "the board shown is open");
            assertEquals(1, d.get("/api/boards").expect(200).json().get("boards").get(4).get("total").asLong());
        }
    }

    private static java.net.http.HttpResponse<byte[]> export(Dashboard d, String query) throws Exception {
        return d.http.send(d.request("/api/boards/alpha/export" + query).POST(HttpRequest.BodyPublishers.noBody())
                .build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    }

    private static Dashboard.Reply upload(Dashboard d, String query, byte[] archive) {
        return d.send(d.request("/api/boards/import" + query).setHeader("Content-Type", "application/gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(archive)));
    }

    @Test
    void a_board_is_exported_as_a_download_and_imported_back_as_a_new_board() throws Exception {
        try (Dashboard d = Dashboard.onHome()) {
            d.post("/api/boards", Dashboard.json(Map.of("slug", "alpha", "name", "Alpha project"))).expect(201);
            String id = d.post("/api/tasks?board=alpha", Dashboard.json(Map.of("title", "keep me",
                    "assignee", "coder"))).expect(201).json().at("/task/id").asText();
            d.post("/api/tasks/" + id + "/comments?board=alpha", Dashboard.json(Map.of("body", "a note")))
                    .expect(201);
            // Larger than the 2 MB cap on JSON bodies: the upload streams.
            byte[] big = new byte[3 * 1024 * 1024];
            new java.util.Random(7).nextBytes(big);
            try (io.kanban.core.Board alpha = d.open(d.boards.layout().db(BoardSlug.of("alpha")))) {
                alpha.attachments().add(id, "big.bin", "application/octet-stream", "test", big);
            }

            java.net.http.HttpResponse<byte[]> download = export(d, "");
            assertEquals(200, download.statusCode(), new String(download.body()));
            assertEquals("application/gzip", download.headers().firstValue("Content-Type").orElse(""));
            String disposition = download.headers().firstValue("Content-Disposition").orElse("");
            assertTrue(disposition.matches("attachment; filename=\"alpha-\\d{8}-\\d{6}\\.tar\\.gz\""),
                    disposition);
            byte[] archive = download.body();
            assertEquals((byte) 0x1f, archive[0]);
            assertEquals((byte) 0x8b, archive[1]);

            JsonNode made = upload(d, "?as=beta", archive).expect(201).json();
            assertEquals("beta", made.at("/board/slug").asText());
            assertEquals("Alpha project", made.at("/board/name").asText());
            assertEquals(1, made.at("/board/total").asLong());
            assertEquals(1, made.at("/rows/tasks").asInt());
            assertEquals("keep me", d.get("/api/tasks/" + id + "?board=beta").expect(200).json()
                    .at("/task/title").asText(), "the card keeps its id on the new board");
            assertEquals("a note", d.get("/api/tasks/" + id + "/comments?board=beta").expect(200).json()
                    .at("/comments/0/body").asText());
            JsonNode files = d.get("/api/tasks/" + id + "/attachments?board=beta").expect(200).json();
            assertEquals(big.length, files.at("/attachments/0/size").asLong());
            java.net.http.HttpResponse<byte[]> bytes = d.http.send(d.request("/api/attachments/"
                    + files.at("/attachments/0/id").asLong() + "?board=beta").GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertTrue(java.util.Arrays.equals(big, bytes.body()), "the attachment's bytes came along");

            // No slug given: the exported one, with a suffix as it is taken; --switch makes it the active board.
            JsonNode again = upload(d, "?switch=true", archive).expect(201).json();
            assertEquals("alpha-2", again.at("/board/slug").asText());
            assertTrue(again.at("/board/is_current").asBoolean());
            assertEquals("alpha-2", d.boards.current().value());

            java.net.http.HttpResponse<byte[]> lean = export(d, "?attachments=false");
            assertEquals(200, lean.statusCode());
            assertTrue(lean.body().length < big.length, "no attachment bytes: " + lean.body().length);
            upload(d, "?as=gamma", lean.body()).expect(201);
            assertEquals(0, d.get("/api/tasks/" + id + "/attachments?board=gamma").expect(200).json()
                    .get("attachments").size());
            assertEquals(List.of("default", "alpha", "alpha-2", "beta", "gamma"),
                    slugs(d.get("/api/boards").expect(200).json()));
        }
    }

    @Test
    void a_bad_export_or_import_is_a_4xx_and_leaves_no_board_behind() throws Exception {
        try (Dashboard d = Dashboard.onHome()) {
            d.post("/api/boards", Dashboard.json(Map.of("slug", "alpha"))).expect(201);
            assertEquals("board_not_found", d.post("/api/boards/nope/export", "").expect(404).json().get("code")
                    .asText());
            d.post("/api/boards/Not%20A%20Slug/export", "").expect(400);
            d.post("/api/boards/alpha/export?attachments=maybe", "").expect(400);

            Dashboard.Reply garbage = upload(d, "",
                    "not a tar.gz at all".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            garbage.expect(400);
            assertEquals("bad_archive", garbage.json().get("code").asText(), garbage.text());
            upload(d, "", new byte[0]).expect(400);
            byte[] archive = export(d, "").body();
            byte[] truncated = java.util.Arrays.copyOf(archive, archive.length / 2);
            upload(d, "?as=cut", truncated).expect(400);
            upload(d, "?as=Bad%20Slug", archive).expect(400);
            assertEquals(List.of("default", "alpha"), slugs(d.get("/api/boards").expect(200).json()));
            try (java.util.stream.Stream<java.nio.file.Path> left = Files.list(d.boards.layout().boardsDir())) {
                assertEquals(List.of("alpha"), left.map(p -> p.getFileName().toString()).sorted().toList(),
                        "no half-made board nor staging folder is left behind");
            }
        }
        try (Dashboard single = new Dashboard()) {
            assertEquals("single_board", single.post("/api/boards/default/export", "").expect(409).json()
                    .get("code").asText());
            upload(single, "", new byte[] {1, 2, 3}).expect(409);
        }
    }
}
