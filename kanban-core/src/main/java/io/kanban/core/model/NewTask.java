package io.kanban.core.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A request to create a task; build one with {@link #titled(String)}. Validation happens in the board.
 *
 * @param title the title (required)
 * @param body the description, or null
 * @param assignee the profile that should work on it, or null
 * @param tenant the tenant, or null (a tenant handle sets its own)
 * @param priority higher is claimed first
 * @param parents tasks that must be done before it becomes ready
 * @param triage whether it starts in triage
 * @param idempotencyKey a key that makes a repeated create return the first task, or null
 * @param maxRuntime how long one worker may run on it, or null for the default
 * @param skills the skills its worker loads
 * @param workspace where its worker runs; null means scratch
 * @param createdBy who creates it, or null
 * @param maxRetries failed attempts in a row before the breaker blocks it, or null
 * @param model the model its workers run with instead of their profile's, or null
 * @param provider the provider of {@code model}, or null
 * @param blocked whether it starts blocked (the reference's {@code initial_status: blocked})
 */
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

    /**
     * Copies the lists; a null workspace means a fresh scratch directory.
     *
     * @param title the title (required)
     * @param body the description, or null
     * @param assignee the profile that should work on it, or null
     * @param tenant the tenant, or null (a tenant handle sets its own)
     * @param priority higher is claimed first
     * @param parents tasks that must be done before it becomes ready
     * @param triage whether it starts in triage
     * @param idempotencyKey a key that makes a repeated create return the first task, or null
     * @param maxRuntime how long one worker may run on it, or null for the default
     * @param skills the skills its worker loads
     * @param workspace where its worker runs; null means scratch
     * @param createdBy who creates it, or null
     * @param maxRetries failed attempts in a row before the breaker blocks it, or null
     * @param model the model its workers run with instead of their profile's, or null
     * @param provider the provider of {@code model}, or null
     * @param blocked whether it starts blocked (the reference's {@code initial_status: blocked})
     */
    public NewTask {
        parents = parents == null ? List.of() : List.copyOf(parents);
        skills = skills == null ? List.of() : List.copyOf(skills);
        workspace = workspace == null ? Workspace.SCRATCH : workspace;
    }

    /**
     * Starts a request for a task with this title.
     *
     * @param title the task's title (required; the board refuses a blank one)
     * @return a builder with every other field at its default
     */
    public static Builder titled(String title) {
        return new Builder(title);
    }

    /** Builds a {@link NewTask}; every setter returns this builder. */
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

        /**
         * @param value the task's description, or null
         * @return this builder
         */
        public Builder body(String value) {
            this.body = value;
            return this;
        }

        /**
         * @param value the profile that should work on it, or null for unassigned
         * @return this builder
         */
        public Builder assignee(String value) {
            this.assignee = value;
            return this;
        }

        /**
         * @param value the tenant the task belongs to, or null (a tenant handle sets its own)
         * @return this builder
         */
        public Builder tenant(String value) {
            this.tenant = value;
            return this;
        }

        /**
         * @param value the priority; higher is claimed first
         * @return this builder
         */
        public Builder priority(int value) {
            this.priority = value;
            return this;
        }

        /**
         * Adds a parent: the task stays in todo until the parent is done.
         *
         * @param taskId the parent's id
         * @return this builder
         */
        public Builder parent(String taskId) {
            this.parents.add(taskId);
            return this;
        }

        /**
         * Adds parents, as {@link #parent(String)} does.
         *
         * @param taskIds the parents' ids
         * @return this builder
         */
        public Builder parents(List<String> taskIds) {
            this.parents.addAll(taskIds);
            return this;
        }

        /**
         * @param value true to create the task in triage, for a person to specify first
         * @return this builder
         */
        public Builder triage(boolean value) {
            this.triage = value;
            return this;
        }

        /**
         * @param value a key that makes a repeated create return the task made the first time, or null
         * @return this builder
         */
        public Builder idempotencyKey(String value) {
            this.idempotencyKey = value;
            return this;
        }

        /**
         * @param value how long one worker may run on the task before it is stopped, or null for the default
         * @return this builder
         */
        public Builder maxRuntime(Duration value) {
            this.maxRuntime = value;
            return this;
        }

        /**
         * Failed attempts in a row before the breaker blocks this card; beats the dispatcher's failure limit.
         *
         * @param value the limit, or null for the dispatcher's
         * @return this builder
         */
        public Builder maxRetries(Integer value) {
            this.maxRetries = value;
            return this;
        }

        /**
         * Adds a skill the worker should load.
         *
         * @param name the skill's name
         * @return this builder
         */
        public Builder skill(String name) {
            this.skills.add(name);
            return this;
        }

        /**
         * Adds skills, as {@link #skill(String)} does.
         *
         * @param names the skills' names
         * @return this builder
         */
        public Builder skills(List<String> names) {
            this.skills.addAll(names);
            return this;
        }

        /**
         * @param value where the worker runs; the default is a fresh scratch directory
         * @return this builder
         */
        public Builder workspace(Workspace value) {
            this.workspace = value;
            return this;
        }

        /**
         * @param value who creates the task (a profile or a person), for the record, or null
         * @return this builder
         */
        public Builder createdBy(String value) {
            this.createdBy = value;
            return this;
        }

        /**
         * The model this card's workers run with instead of their profile's (the reference's model_override).
         *
         * @param value the model's name, or null
         * @return this builder
         */
        public Builder model(String value) {
            this.model = value;
            return this;
        }

        /**
         * The provider of {@link #model(String)}; refused without a model.
         *
         * @param value the provider's name, or null
         * @return this builder
         */
        public Builder provider(String value) {
            this.provider = value;
            return this;
        }

        /**
         * Start the card blocked (the reference's {@code initial_status: blocked}), for work that needs a person
         * before any worker may start; it beats triage and waiting parents, and a {@code blocked} event with reason
         * {@code initial_status} goes on record. Unblocking releases it as any block.
         *
         * @param value whether the card starts blocked
         * @return this builder
         */
        public Builder blocked(boolean value) {
            this.blocked = value;
            return this;
        }

        /**
         * The reference's {@code initial_status}: {@code running} (or null) is the usual path, {@code blocked} is
         * {@link #blocked(boolean)}; anything else is refused naming {@code initial_status}.
         *
         * @param value {@code running}, {@code blocked}, or null
         * @return this builder
         * @throws io.kanban.core.error.ValidationError if the value is neither {@code running} nor {@code blocked}
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

         /**
         * Makes the request; the board validates it when it creates the task.
         *
         * @return the request
         */
        public NewTask build() {
            return new NewTask(title, body, assignee, tenant, priority, parents, triage, idempotencyKey,
                    maxRuntime, skills, workspace, createdBy, maxRetries, model, provider, blocked);
        }
    }
}
