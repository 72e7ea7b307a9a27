package io.kanban.core;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.type.TypeReference;
import io.kanban.core.model.ClaimedTask;
import io.kanban.core.model.Completion;
import io.kanban.core.model.Task;
import io.kanban.core.store.TxWork;
import java.util.Optional;

/**
 * A write another process on this host asks the host's writer process to run ({@link HostWrites}): the hot
 * writes of a worker fleet, which are the claim, the completion and the heartbeat. Each is the transaction of the
 * public method of the same name and no more: the caller checks its arguments before it asks and does what
 * follows the commit (metrics, the prose scan) itself, so both processes run the same rules, from one copy.
 *
 * @param <T> what the write answers
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "op")
@JsonSubTypes({
    @JsonSubTypes.Type(HostRequest.Claim.class),
    @JsonSubTypes.Type(HostRequest.ClaimNext.class),
    @JsonSubTypes.Type(HostRequest.Complete.class),
    @JsonSubTypes.Type(HostRequest.Heartbeat.class)
})
sealed interface HostRequest<T> {
    /** @return the tenant the caller's handle is scoped to, or null */
    String tenant();

    /** @return this operation's name on the wire ({@code "op"}), for messages */
    default String name() {
        return getClass().getAnnotation(JsonTypeName.class).value();
    }

    /** @return the answer's type, for decoding it */
    TypeReference<T> answerType();

    /**
     * The write's transaction, for this process to run on the claims of the handle scoped to {@link #tenant()}.
     *
     * @param claims where it runs
     * @return its transaction
     */
    TxWork<T> work(Claims claims);

    /** {@link Claims#claim(String, Claims.Claimant)}. */
    @JsonTypeName("claim")
    record Claim(String tenant, String taskId, Claims.Claimant who) implements HostRequest<Optional<ClaimedTask>> {
        @Override
        public TypeReference<Optional<ClaimedTask>> answerType() {
            return new TypeReference<>() { };
        }

        @Override
        public TxWork<Optional<ClaimedTask>> work(Claims claims) {
            return claims.claimWork(taskId, who);
        }
    }

    /** {@link Claims#claimNext(String, Claims.Claimant)}. */
    @JsonTypeName("claim_next")
    record ClaimNext(String tenant, String assignee, Claims.Claimant who)
            implements HostRequest<Optional<ClaimedTask>> {
        @Override
        public TypeReference<Optional<ClaimedTask>> answerType() {
            return new TypeReference<>() { };
        }

        @Override
        public TxWork<Optional<ClaimedTask>> work(Claims claims) {
            return claims.claimNextWork(assignee, who);
        }
    }

    /** The transaction of {@link Claims#complete(String, Completion)}, without artifacts: the completion is checked. */
    @JsonTypeName("complete")
    record Complete(String tenant, String taskId, Completion checked) implements HostRequest<Task> {
        @Override
        public TypeReference<Task> answerType() {
            return new TypeReference<>() { };
        }

        @Override
        public TxWork<Task> work(Claims claims) {
            return claims.completeWork(taskId, checked);
        }
    }

    /** {@link Claims#heartbeat(String, String, Long)}, its note checked. */
    @JsonTypeName("heartbeat")
    record Heartbeat(String tenant, String taskId, String note, Long expectedRunId) implements HostRequest<Task> {
        @Override
        public TypeReference<Task> answerType() {
            return new TypeReference<>() { };
        }

        @Override
        public TxWork<Task> work(Claims claims) {
            return claims.heartbeatWork(taskId, note, expectedRunId);
        }
    }
}
