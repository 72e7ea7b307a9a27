package io.kanban.dispatcher;

import java.util.List;

/** Whether to check Hermes profiles before spawning: {@code kanban.check_profiles}. */
public enum ProfileCheck {
    /** Check only when the worker command runs {@code hermes}, whose {@code -p} needs an existing profile. */
    AUTO,
    /** Always check. */
    ON,
    /** Never check. */
    OFF;

    boolean appliesTo(List<String> workerCommand) {
        return switch (this) {
            case ON -> true;
            case OFF -> false;
            case AUTO -> HermesProfiles.runsHermes(workerCommand);
        };
    }
}
