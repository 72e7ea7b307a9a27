package io.kanban.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kanban.core.model.ClaimedTask;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A worker with HERMES_TENANT sees and changes only its tenant's tasks, and its new tasks stay in it. */
class TenantIsolationTest {
    @RegisterExtension
    final Fixture f = new Fixture();
    ClaimedTask mine;
    Task foreign;
    Map<String, String> env;

    @BeforeEach
    void setUp() {
        Task own = f.task("acme work", "acme");
        mine = f.board.claims().claim(own.id()).orElseThrow();
        foreign = f.task("globex secret", "globex");
        env = f.worker(mine);
        env.put(ToolEnvironment.TENANT, "acme");
    }

    private static void assertWrongTenant(ObjectNode result) {
        assertFalse(result.get("ok").asBoolean(), result.toString());
        assertEquals("wrong_tenant", result.get("code").asText(), result.toString());
    }

    @Test
    void another_tenants_task_cannot_be_read_commented_completed_blocked_or_linked() {
        String id = foreign.id();
        assertWrongTenant(f.call(env, "kanban_show", "{'task_id': '" + id + "'}"));
        assertWrongTenant(f.call(env, "kanban_comment", "{'task_id': '" + id + "', 'body': 'hi'}"));
        // A worker may change only its own card anyway; an orchestrator scoped to acme meets the tenant wall.
        assertEquals("not_your_task", f.call(env, "kanban_complete", "{'task_id': '" + id + "', 'summary': 'x'}")
                .get("code").asText());
        Map<String, String> lead = f.lead();
        lead.put(ToolEnvironment.TENANT, "acme");
        assertWrongTenant(f.call(lead, ToolAccess.TOOLSET, "kanban_complete", "{'task_id': '" + id + "', 'summary': 'x'}"));
        assertWrongTenant(f.call(lead, ToolAccess.TOOLSET, "kanban_block", "{'task_id': '" + id + "', 'reason': 'x'}"));
        assertWrongTenant(f.call(lead, ToolAccess.TOOLSET, "kanban_unblock", "{'task_id': '" + id + "'}"));
        assertWrongTenant(f.call(env, "kanban_link",
                "{'parent_id': '" + mine.task().id() + "', 'child_id': '" + id + "'}"));

        assertEquals(Status.READY, f.board.tasks().get(id).status());
        assertTrue(f.board.comments().list(id).isEmpty());
        assertTrue(f.board.links().parents(id).isEmpty());
    }

    @Test
    void the_workers_own_tenant_works_normally() {
        ObjectNode shown = f.call(env, "kanban_show", "{}");
        assertTrue(shown.get("ok").asBoolean(), shown.toString());
        assertEquals("acme", shown.at("/task/tenant").asText());
    }

    @Test
    void created_tasks_inherit_the_tenant_and_cannot_be_moved_to_another() {
        ObjectNode created = f.call(env, "kanban_create", "{'title': 'sub', 'assignee': 'writer'}");
        assertEquals("acme", f.board.tasks().get(created.get("task_id").asText()).tenant());

        ObjectNode elsewhere = f.call(env, "kanban_create", "{'title': 'sub', 'assignee': 'writer', 'tenant': 'globex'}");
        assertFalse(elsewhere.get("ok").asBoolean(), elsewhere.toString());
        assertEquals("tenant", elsewhere.get("field").asText());

        assertWrongTenant(f.call(env, "kanban_create",
                "{'title': 'sub', 'assignee': 'writer', 'parents': ['" + foreign.id() + "']}"));
    }

    @Test
    void without_hermes_tenant_the_tenant_argument_is_passed_on() {
        env.remove(ToolEnvironment.TENANT);
        ObjectNode created = f.call(env, "kanban_create", "{'title': 'sub', 'assignee': 'writer', 'tenant': 'acme'}");
        assertEquals("acme", f.board.tasks().get(created.get("task_id").asText()).tenant());
    }
}
