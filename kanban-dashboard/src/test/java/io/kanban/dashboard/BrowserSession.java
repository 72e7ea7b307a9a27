package io.kanban.dashboard;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The set-up every Chromium test shares: skip the class where the browser is not installed (fail where
 * {@value HeadlessBrowser#REQUIRE_VARIABLE} is set), start a dashboard and a headless browser, hand them to the
 * test, stop both afterwards. Register it on a static field:
 * <pre>{@code @RegisterExtension static final BrowserSession web = BrowserSession.withDashboard();}</pre>
 * The test declares the instance fields it uses, by type, and finds them set before its {@code @BeforeAll} (per-class
 * test instances) and before each test: {@code Dashboard d}, {@code HeadlessBrowser chromium},
 * {@code ChromeDriver browser}, {@code WebDriverWait wait}. A field the test set itself (a per-test
 * {@code @RegisterExtension final Dashboard d}) is left alone.
 */
final class BrowserSession implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    private final Supplier<Dashboard> dashboards;
    private final boolean perTest;
    private final int width;
    private final int height;
    private final String[] flags;
    private Dashboard dashboard;
    private HeadlessBrowser chromium;

    private BrowserSession(Supplier<Dashboard> dashboards, boolean perTest, int width, int height, String... flags) {
        this.dashboards = dashboards;
        this.perTest = perTest;
        this.width = width;
        this.height = height;
        this.flags = flags;
    }

    /** One dashboard (a plain board, as {@code --db}) and one 1280x900 browser for all the class's tests. */
    static BrowserSession withDashboard() {
        return withDashboard(Dashboard::new);
    }

    /** One dashboard made by {@code dashboards} (say {@link Dashboard#onHome()}) and one browser for the class. */
    static BrowserSession withDashboard(Supplier<Dashboard> dashboards) {
        return new BrowserSession(dashboards, false, 1280, 900);
    }

    /** The browser only, for a class whose tests each register their own {@link Dashboard}. */
    static BrowserSession browserOnly() {
        return new BrowserSession(null, false, 1280, 900);
    }

    /** The same, a browser per test with this window and these Chromium flags (screenshots want a fresh one). */
    BrowserSession perTest(int windowWidth, int windowHeight, String... extraFlags) {
        return new BrowserSession(dashboards, true, windowWidth, windowHeight, extraFlags);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        HeadlessBrowser.assumeInstalled(context.getRequiredTestClass());
        if (dashboards != null) {
            dashboard = dashboards.get();
        }
        if (!perTest) {
            chromium = HeadlessBrowser.start(width, height, flags);
        }
        // A per-class test instance exists already: its @BeforeAll methods may use the fields.
        context.getTestInstance().ifPresent(this::inject);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (perTest) {
            chromium = HeadlessBrowser.start(width, height, flags);
        }
        inject(context.getRequiredTestInstance());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (perTest) {
            closeBrowser();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            closeBrowser();
        } finally {
            if (dashboard != null) {
                dashboard.close();
                dashboard = null;
            }
        }
    }

    private void closeBrowser() {
        if (chromium != null) {
            chromium.close();
            chromium = null;
        }
    }

    /** Sets the test's null instance fields of the four types this session holds. */
    private void inject(Object test) {
        for (Class<?> c = test.getClass(); c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                Object value = valueFor(f.getType());
                if (value == null || Modifier.isStatic(f.getModifiers()) || Modifier.isFinal(f.getModifiers())) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    if (f.getType() != Dashboard.class || f.get(test) == null) {
                        f.set(test, value);
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot set " + f, e);
                }
            }
        }
    }

    private Object valueFor(Class<?> type) {
        if (type == Dashboard.class) {
            return dashboard;
        }
        if (chromium == null) {
            return null;
        }
        if (type == HeadlessBrowser.class) {
            return chromium;
        }
        if (type == ChromeDriver.class) {
            return chromium.driver();
        }
        if (type == WebDriverWait.class) {
            return chromium.waiting();
        }
        return null;
    }
}
