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

    public static NotifyRequest task(String taskId, TargetType type, String target) {
        return new NotifyRequest(NotifyScope.TASK, taskId, null, type, target, "", null, List.of(), false);
    }

    public static NotifyRequest board(TargetType type, String target) {
        return new NotifyRequest(NotifyScope.BOARD, null, null, type, target, "", null, List.of(), false);
    }

    public static NotifyRequest tenant(String tenant, TargetType type, String target) {
        return new NotifyRequest(NotifyScope.TENANT, null, tenant, type, target, "", null, List.of(), false);
    }

    public NotifyRequest withKinds(List<String> value) {
        return new NotifyRequest(scope, taskId, tenant, targetType, targetName, threadId, userId,
                value == null ? List.of() : value, descendants);
    }

    public NotifyRequest withDescendants(boolean value) {
        return new NotifyRequest(scope, taskId, tenant, targetType, targetName, threadId, userId, kinds, value);
    }

    public NotifyRequest withThread(String value) {
        return new NotifyRequest(scope, taskId, tenant, targetType, targetName, value == null ? "" : value, userId,
                kinds, descendants);
    }

    public NotifyRequest withUser(String value) {
        return new NotifyRequest(scope, taskId, tenant, targetType, targetName, threadId, value, kinds, descendants);
    }
}
