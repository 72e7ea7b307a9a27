package io.kanban.core.notify;

import io.kanban.core.model.NotifyScope;
import io.kanban.core.model.TargetType;
import java.util.List;

/**
 * A subscription to a configured target, as a front end asks for it. Build one with {@link #task}, {@link #board}
 * or {@link #tenant} and adjust it with the {@code with…} methods; {@code NotifySubscriptions.subscribe} checks it.
 */
public record NotifyRequest(
        NotifyScope scope,
        String taskId,
        String tenant,
        TargetType targetType,
        String targetName,
        String threadId,
        String userId,
        List<String> kinds,
        boolean descendants) {

    /**
     * A subscription to one task's events.
     *
     * @param taskId the task's id
     * @param type the target's type
     * @param target the target's name
     * @return the request
     */
    public static NotifyRequest task(String taskId, TargetType type, String target) {
        return new NotifyRequest(NotifyScope.TASK, taskId, null, type, target, "", null, List.of(), false);
    }

    /**
     * A subscription to every task's events.
     *
     * @param type the target's type
     * @param target the target's name
     * @return the request
     */
    public static NotifyRequest board(TargetType type, String target) {
        return new NotifyRequest(NotifyScope.BOARD, null, null, type, target, "", null, List.of(), false);
    }

    /**
     * A subscription to one tenant's events.
     *
     * @param tenant the tenant
     * @param type the target's type
     * @param target the target's name
     * @return the request
     */
    public static NotifyRequest tenant(String tenant, TargetType type, String target) {
        return new NotifyRequest(NotifyScope.TENANT, null, tenant, type, target, "", null, List.of(), false);
    }

    /**
     * @param value the wanted event kinds; empty for the default
     * @return a copy with them
     */
    public NotifyRequest withKinds(List<String> value) {
        return new NotifyRequest(scope, taskId, tenant, targetType, targetName, threadId, userId,
                value == null ? List.of() : value, descendants);
    }

    /**
     * @param value whether a task subscription also covers the tasks below it
     * @return a copy with it
     */
    public NotifyRequest withDescendants(boolean value) {
        return new NotifyRequest(scope, taskId, tenant, targetType, targetName, threadId, userId, kinds, value);
    }

    /**
     * @param value the thread, or null for none
     * @return a copy with it
     */
    public NotifyRequest withThread(String value) {
        return new NotifyRequest(scope, taskId, tenant, targetType, targetName, value == null ? "" : value, userId,
                kinds, descendants);
    }

    /**
     * @param value the user to mention, or null
     * @return a copy with it
     */
    public NotifyRequest withUser(String value) {
        return new NotifyRequest(scope, taskId, tenant, targetType, targetName, threadId, value, kinds, descendants);
    }
}
