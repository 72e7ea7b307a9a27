package io.kanban.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.error.TenantMismatch;
import io.kanban.core.error.ValidationError;
import io.kanban.core.model.Completion;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Task;
import io.kanban.core.model.TaskFilter;
import io.kanban.core.testing.OnEachBackend;
import io.kanban.core.testing.ScratchBoard;
import java.util.List;
import org.junit.jupiter.api.Test;

@OnEachBackend
class TenantIsolationTest {
    final Board board;

    TenantIsolationTest(ScratchBoard scratch) {
        board = scratch.board();
    }

    @Test
    void a_tenant_scoped_handle_never_sees_or_changes_another_tenants_tasks() {
        Board acme = board.forTenant("acme");
        Board globex = board.forTenant("globex");
        Task mine = acme.tasks().create(NewTask.titled("acme work").assignee("w").build()).task();
        Task theirs = globex.tasks().create(NewTask.titled("globex work").assignee("w").build()).task();

        assertEquals("acme", mine.tenant());
        assertEquals(List.of(mine.id()), acme.tasks().list(TaskFilter.all()).stream().map(Task::id).toList());
        assertEquals(List.of(), acme.tasks().list(TaskFilter.all().withTenant("globex")));
        assertThrows(TenantMismatch.class, () -> acme.tasks().get(theirs.id()));
        assertThrows(TenantMismatch.class, () -> acme.claims().claim(theirs.id()));
        assertThrows(TenantMismatch.class, () -> acme.claims().complete(theirs.id(), Completion.withSummary("x")));
        assertThrows(TenantMismatch.class, () -> acme.comments().add(theirs.id(), "me", "hi"));
        assertThrows(TenantMismatch.class, () -> acme.links().link(mine.id(), theirs.id()));
        assertThrows(TenantMismatch.class, () -> acme.tasks().archive(theirs.id()));
        assertThrows(ValidationError.class,
                () -> acme.tasks().create(NewTask.titled("sneaky").tenant("globex").build()));
        assertEquals(mine.id(), acme.claims().claimNext("w").orElseThrow().task().id());
        assertTrue(acme.claims().claimNext("w").isEmpty(), "globex's task is not offered to acme");
        assertTrue(acme.events().since(0, 100).stream().allMatch(e -> e.taskId().equals(mine.id())));
        assertEquals(1L, acme.tasks().stats().byStatus().get("running"));
        // The cheap count a board switcher and the multi-board dispatcher read says the same, tenant by tenant.
        assertEquals(acme.tasks().stats().byStatus(), acme.tasks().countByStatus());
        assertEquals(java.util.Map.of("running", 1L), acme.tasks().countByStatus());
        assertEquals(board.tasks().stats().byStatus(), board.tasks().countByStatus());
        assertEquals(2L, board.tasks().countByStatus().values().stream().mapToLong(Long::longValue).sum());
        assertEquals(2, board.tasks().list(TaskFilter.all()).size(), "the unscoped board sees both");
    }
}
