package io.kanban.core.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A request to create a task; build one with {@link #titled(String)}. Validation happens in the board. */
public record NewTask(
        String title,
        String body,
        String assignee,
        String tenant,
        int priority,
        List<String> parents,
        boolean triage,
        String idempotencyKey,
        Duration maxRuntime,
        List<String> skills,
        Workspace workspace,
        String createdBy,
        Integer maxRetries,
        String model,
        String provider,
        boolean blocked) {

    public NewTask {
        parents = parents == null ? List.of() : List.copyOf(parents);
        skills = skills == null ? List.of() : List.copyOf(skills);
        workspace = workspace == null ? Workspace.SCRATCH : workspace;
    }

    public static Builder titled(String title) {
        return new Builder(title);
    }

    public static final class Builder {
        private final String title;
        private String body;
        private String assignee;
        private String tenant;
        private int priority;
        private final List<String> parents = new ArrayList<>();
        private boolean triage;
        private String idempotencyKey;
        private Duration maxRuntime;
        private Integer maxRetries;
        private final List<String> skills = new ArrayList<>();
        private Workspace workspace = Workspace.SCRATCH;
        private String createdBy;
        private String model;
        private String provider;
        private boolean blocked;

        private Builder(String title) {
            this.title = title;
        }

        public Builder body(String value) {
            this.body = value;
            return this;
        }

        public Builder assignee(String value) {
            this.assignee = value;
            return this;
        }

        public Builder tenant(String value) {
            this.tenant = value;
            return this;
        }

        public Builder priority(int value) {
            this.priority = value;
            return this;
        }

        public Builder parent(String taskId) {
            this.parents.add(taskId);
            return this;
        }

        public Builder parents(List<String> taskIds) {
            this.parents.addAll(taskIds);
            return this;
        }

        public Builder triage(boolean value) {
            this.triage = value;
            return this;
        }

        public Builder idempotencyKey(String value) {
            this.idempotencyKey = value;
            return this;
        }

        public Builder maxRuntime(Duration value) {
            this.maxRuntime = value;
            return this;
        }

        /** Failed attempts in a row before the breaker blocks this card; beats the dispatcher's failure limit. */
        public Builder maxRetries(Integer value) {
            this.maxRetries = value;
            return this;
        }

        public Builder skill(String name) {
            this.skills.add(name);
            return this;
        }

        public Builder skills(List<String> names) {
            this.skills.addAll(names);
            return this;
        }

        public Builder workspace(Workspace value) {
            this.workspace = value;
            return this;
        }

        public Builder createdBy(String value) {
            this.createdBy = value;
            return this;
        }

        /** The model this card's workers run with instead of their profile's (the reference's model_override). */
        public Builder model(String value) {
            this.model = value;
            return this;
        }

        /** The provider of {@link #model(String)}; refused without a model. */
        public Builder provider(String value) {
            this.provider = value;
            return this;
        }

        /**
         * Start the card blocked (the reference's {@code initial_status: blocked}), for work that needs a person
         * before any worker may start; it beats triage and waiting parents, and a {@code blocked} event with reason
         * {@code initial_status} goes on record. Unblocking releases it as any block.
         */
        public Builder blocked(boolean value) {
            this.blocked = value;
            return this;
        }

        /**
         * The reference's {@code initial_status}: {@code running} (or null) is the usual path, {@code blocked} is
         * {@link #blocked(boolean)}; anything else is refused naming {@code initial_status}.
         */
        public Builder initialStatus(String value) {
            if (value == null || value.strip().equals("running")) {
                this.blocked = false;
            } else if (value.strip().equals("blocked")) {
                this.blocked = true;
            } else {
                throw new io.kanban.core.error.ValidationError("initial_status",
                        "must be running or blocked, got '" + value + "'");
            }
            return this;
        }

        public NewTask build() {
            return new NewTask(title, body, assignee, tenant, priority, parents, triage, idempotencyKey,
                    maxRuntime, skills, workspace, createdBy, maxRetries, model, provider, blocked);
        }
    }
}
