package io.kanban.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven by Selenium through Debian's chromedriver (nothing is downloaded), with a fresh
 * profile that is deleted on close. The flags keep the browser off the network except for the page it is sent to.
 * System properties {@code kanban.chromium} and {@code kanban.chromedriver} say where the two are.
 */
public final class HeadlessBrowser implements AutoCloseable {
    public static final Path CHROMIUM = Path.of(System.getProperty("kanban.chromium", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER =
            Path.of(System.getProperty("kanban.chromedriver", "/usr/bin/chromedriver"));
    /** Set where the browser is installed (CI), so that a skipped browser test cannot hide a broken dashboard. */
    static final String REQUIRE_VARIABLE = "KANBAN_REQUIRE_BROWSER";

    private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-extensions", "--disable-dev-shm-usage");

    private final ChromeDriver driver;
    private final Path profile;

    private HeadlessBrowser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    public static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** Why the browser cannot run here, for skip messages. */
    public static String missing() {
        return CHROMIUM + " or " + CHROMEDRIVER + " is missing (apt-get install -y chromium chromium-driver)";
    }

    /**
     * Skips the calling test, saying so on stderr, where the browser is not installed; fails instead where
     * {@value #REQUIRE_VARIABLE} is set.
     */
    static void assumeInstalled(Class<?> test) {
        if (installed()) {
            return;
        }
        if (System.getenv(REQUIRE_VARIABLE) != null) {
            throw new IllegalStateException(test.getSimpleName() + " cannot run: " + missing());
        }
        System.err.println(test.getSimpleName() + " SKIPPED: " + missing());
        Assumptions.abort("browser tests need Debian's chromium and chromium-driver");
    }

    /** Starts the browser with a {@code width} x {@code height} window and any {@code extraFlags}. */
    public static HeadlessBrowser start(int width, int height, String... extraFlags) throws IOException {
        Path profile = Files.createTempDirectory("kanban-chromium");
        List<String> flags = new ArrayList<>(FLAGS);
        flags.add("--window-size=" + width + "," + height);
        flags.add("--user-data-dir=" + profile);
        flags.addAll(List.of(extraFlags));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(flags);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        try {
            return new HeadlessBrowser(new ChromeDriver(service, options), profile);
        } catch (RuntimeException e) {
            deleteTree(profile);
            throw e;
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    /**
     * A wait of up to 20 s for the page; live updates re-render cards at any time, so an element gone stale is
     * looked up again, not a failure.
     */
    public WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }
}
