package io.kanban.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** kanban_link: makes one task wait for another. */
final class LinkTool implements KanbanTool {

    @Override
    public String name() {
        return "kanban_link";
    }

    @Override
    public String description() {
        return "Make a kanban task depend on another: the child waits (status todo) until the parent is done, and"
                + " then becomes ready. Parent first, child second. Links that would make a loop are refused, and a"
                + " task a worker is already running cannot gain a parent. A worker may link its own card or a card its profile"
                + " created as the child, never someone else's.";
    }

    @Override
    public ObjectNode inputSchema() {
        return Schema.object()
                .string("parent_id", "The task that must finish first.", 64)
                .string("child_id", "The task that waits for it.", 64)
                .required("parent_id", "child_id")
                .build();
    }

    @Override
    public ObjectNode call(ToolContext ctx, ObjectNode args) {
        String parent = ToolContext.text(args, "parent_id");
        String child = ToolContext.text(args, "child_id");
        ctx.mayLinkAsChild(child);
        boolean created = ctx.board().links().link(parent, child);
        ObjectNode out = ctx.ok();
        out.put("parent_id", parent);
        out.put("child_id", child);
        out.put("created", created);
        return out;
    }
}
