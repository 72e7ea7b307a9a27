package io.kanban.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.kanban.core.Board;
import io.kanban.core.model.Comment;
import java.util.Map;
import java.util.Set;

/** A task's comment thread. */
final class CommentHandler {
    static final Set<String> FIELDS = Set.of("body", "author");

    private final Board board;
    private final ObjectMapper mapper;

    CommentHandler(Board board, ObjectMapper mapper) {
        this.board = board;
        this.mapper = mapper;
    }

    void list(Context ctx) {
        ctx.json(Map.of("comments", board.comments().list(ctx.pathParam("id"))));
    }

    void add(Context ctx) {
        JsonBody in = JsonBody.of(ctx, mapper, FIELDS);
        Comment c = board.comments().add(ctx.pathParam("id"), in.text("author"), in.text("body"));
        ctx.status(201).json(c);
    }
}
