package io.kanban.dashboard;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;

/**
 * Where the browser tests put their screenshots: {@code docs/img/} at the repository root, where the user guide and
 * the tutorial link them (the system property {@code kanban.screenshots} names another directory).
 */
final class Screenshots {
    private Screenshots() {
    }

    static Path dir() {
        String override = System.getProperty("kanban.screenshots");
        Path dir = override != null && !override.isBlank() ? Path.of(override) : repoRoot().resolve("docs/img");
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Saves what the browser shows as {@code <name>.png}. */
    static void save(TakesScreenshot browser, String name) {
        File f = browser.getScreenshotAs(OutputType.FILE);
        try {
            Files.copy(f.toPath(), dir().resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The nearest directory, from the working directory up, whose pom.xml lists modules. */
    static Path repoRoot() {
        Path start = Path.of("").toAbsolutePath();
        for (Path d = start; d != null; d = d.getParent()) {
            Path pom = d.resolve("pom.xml");
            try {
                if (Files.isRegularFile(pom) && Files.readString(pom).contains("<modules>")) {
                    return d;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no parent pom.xml with <modules> above " + start);
    }
}
