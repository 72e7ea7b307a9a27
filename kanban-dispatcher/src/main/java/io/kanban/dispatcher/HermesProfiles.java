package io.kanban.dispatcher;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Which Hermes profiles this host has: a named profile lives in {@code $HERMES_HOME/profiles/<name>/}, the
 * default one is {@code $HERMES_HOME} itself. {@code hermes -p <name>} with a missing profile only fails, so the
 * dispatcher asks here first and leaves such tasks waiting (reported as stuck) instead of failing them.
 */
final class HermesProfiles {
    static final String DEFAULT_PROFILE = "default";

    private final Path hermesHome;

    HermesProfiles(Path hermesHome) {
        this.hermesHome = hermesHome;
    }

    /** Why {@code profile} cannot run here, or empty when its profile exists. */
    Optional<String> problem(String profile) {
        if (DEFAULT_PROFILE.equals(profile)) {
            return Optional.empty();
        }
        Path dir;
        try {
            dir = hermesHome.resolve("profiles").resolve(profile).normalize();
        } catch (InvalidPathException e) {
            dir = null;
        }
        if (dir == null || profile.startsWith(".") || !hermesHome.resolve("profiles").equals(dir.getParent())) {
            return Optional.of("'" + profile + "' cannot name a Hermes profile (it is not a plain directory name)");
        }
        if (Files.isDirectory(dir)) {
            return Optional.empty();
        }
        return Optional.of("no Hermes profile '" + profile + "': " + dir + " does not exist (create it with: hermes -p "
                + profile + " setup)");
    }

    static boolean runsHermes(List<String> workerCommand) {
        if (workerCommand.isEmpty()) {
            return false;
        }
        String first = workerCommand.get(0);
        if (first.equals(CommandTemplate.HERMES)) {
            return true;
        }
        int slash = first.lastIndexOf('/');
        return first.substring(slash + 1).equals("hermes");
    }
}
