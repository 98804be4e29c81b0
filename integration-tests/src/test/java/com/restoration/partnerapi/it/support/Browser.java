package com.restoration.partnerapi.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.ChromiumDriverLogLevel;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A person's browser for the pages of the stack: Debian's Chromium, headless, driven through its ChromeDriver.
 * Both are named explicitly (-Dit.chromium, -Dit.chromedriver), so Selenium Manager never runs and nothing is
 * downloaded. Each session has a new, empty profile (no cookies, no storage) under target/, removed on close.
 * Every wait is a {@link WebDriverWait} on what the page shows, never a fixed sleep.
 */
public final class Browser implements AutoCloseable {

    /** How long a page may take to show what a test waits for (a login is two redirects and a token request). */
    public static final Duration WAIT = Duration.ofSeconds(20);

    /**
     * As root in a container without a sandbox, without a GPU or a big /dev/shm; and nothing of its own on the
     * network (this machine's closed network refuses Chromium's background connections, many at a time).
     */
    private static final List<String> FLAGS = List.of("--headless=new", "--no-sandbox", "--disable-gpu",
            "--disable-dev-shm-usage", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--window-size=1280,900");

    /**
     * At every start Selenium looks for a DevTools binding matching Chromium's version, and warns when there is none:
     * these tests use WebDriver only, so none is on the classpath. (Held here: an unreferenced logger is collected.)
     */
    private static final Logger CDP_VERSION_FINDER = quiet("org.openqa.selenium.devtools.CdpVersionFinder");

    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final Path profile;
    private final Thread cleanupAtExit;
    private boolean closed;

    private Browser(ChromeDriverService service, ChromeDriver driver, Path profile) {
        this.service = service;
        this.driver = driver;
        this.profile = profile;
        // A run that is interrupted must not leave a browser behind.
        this.cleanupAtExit = new Thread(this::close);
        Runtime.getRuntime().addShutdownHook(cleanupAtExit);
    }

    /** A new browser with an empty profile and a 1280×900 window. */
    public static Browser start() {
        Path chromium = installed("it.chromium", "/usr/bin/chromium");
        Path chromedriver = installed("it.chromedriver", "/usr/bin/chromedriver");
        Path profile = newProfile();
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .withLogFile(profile.resolveSibling(profile.getFileName() + "-chromedriver.log").toFile())
                .withLogLevel(ChromiumDriverLogLevel.WARNING)
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments(FLAGS);
        options.addArguments("--user-data-dir=" + profile);
        try {
            return new Browser(service, new ChromeDriver(service, options), profile);
        } catch (RuntimeException e) {
            service.stop();
            killLeftovers(profile);
            delete(profile);
            throw e;
        }
    }

    public void open(String url) {
        driver.get(url);
    }

    public String currentUrl() {
        return driver.getCurrentUrl();
    }

    /** Waits until {@code condition} gives something other than null or false, and returns it. */
    public <T> T await(String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT)
                .ignoring(StaleElementReferenceException.class)
                .withMessage(() -> "waiting for " + what + ", the browser at " + driver.getCurrentUrl())
                .until(condition);
    }

    /** The element, once it is shown. */
    public WebElement visible(By locator) {
        return await(locator + " to be shown", ExpectedConditions.visibilityOfElementLocated(locator));
    }

    /** The one element among those {@code locator} finds that is shown (others may be hidden), once there is one. */
    public WebElement visibleAmong(By locator) {
        return await(locator + " to be shown", d -> d.findElements(locator).stream()
                .filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    /** Clicks the element once it is shown and enabled. */
    public void click(By locator) {
        await(locator + " to be clickable", ExpectedConditions.elementToBeClickable(locator)).click();
    }

    public void type(By locator, String text) {
        WebElement field = visible(locator);
        field.clear();
        field.sendKeys(text);
    }

    /** The text of the element as shown, once it is shown. */
    public String text(By locator) {
        return visible(locator).getText().strip();
    }

    /** Waits until the element's shown text satisfies {@code condition}, and returns it. */
    public String awaitText(By locator, String what, Predicate<String> condition) {
        return await(locator + " to show " + what, d -> {
            List<WebElement> found = d.findElements(locator);
            if (found.isEmpty() || !found.get(0).isDisplayed()) {
                return null;
            }
            String text = found.get(0).getText().strip();
            return condition.test(text) ? text : null;
        });
    }

    public String awaitUrlStartingWith(String prefix) {
        return await("an address starting with " + prefix, d -> {
            String url = d.getCurrentUrl();
            return url != null && url.startsWith(prefix) ? url : null;
        });
    }

    /** The elements {@code locator} finds now (no wait: for asserting what is, or is not, on a loaded page). */
    public List<WebElement> all(By locator) {
        return driver.findElements(locator);
    }

    /** Resizes the window, and waits until the page is laid out at that width (a phone's: 360×800). */
    public void windowSize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
        await("the page to be " + width + " px wide",
                d -> ((Number) script("return window.innerWidth")).intValue() == width);
    }

    /** How many CSS pixels the page is wider than the window: more than 0 means sideways scrolling. */
    public long horizontalOverflow() {
        // clientWidth, not innerWidth: the window's width counts a vertical scrollbar, the page's content does not.
        return ((Number) script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")).longValue();
    }

    public Object script(String javascript) {
        return ((JavascriptExecutor) driver).executeScript(javascript);
    }

    /**
     * Saves what the window shows as {@code name}.png in target/screenshots/ and, when the run regenerates the docs'
     * images (-Dit.update.screenshots=true), in docs/screenshots/ too.
     */
    public Path screenshot(String name) {
        byte[] png = driver.getScreenshotAs(OutputType.BYTES);
        Path saved = write(Settings.screenshotsDir().resolve(name + ".png"), png);
        Path docs = Settings.docsScreenshotsDir();
        if (docs != null) {
            write(docs.resolve(name + ".png"), png);
        }
        return saved;
    }

    /** After a failed test: what the window showed and the page's HTML, in target/screenshots/failed/. */
    void keepForFailure(String name) {
        Path failed = Settings.screenshotsDir().resolve("failed");
        write(failed.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        String page = driver.getCurrentUrl() + "\n" + driver.getPageSource();
        write(failed.resolve(name + ".html"), page.getBytes(StandardCharsets.UTF_8));
    }

    public WebDriver driver() {
        return driver;
    }

    /** Ends the session, ChromeDriver and Chromium, whatever state they are in, and removes the profile. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            driver.quit();
        } catch (RuntimeException alreadyGone) {
            // ChromeDriver or Chromium died: what is left is stopped below.
        } finally {
            service.stop();
            killLeftovers(profile);
            delete(profile);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanupAtExit);
            } catch (IllegalStateException exiting) {
                // closed by the hook itself
            }
        }
    }

    private static Logger quiet(String name) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.SEVERE);
        return logger;
    }

    private static Path installed(String setting, String standardPath) {
        Path path = Path.of(Settings.optional(setting, standardPath));
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException("The browser tests need Chromium and ChromeDriver, and " + path
                    + " is not there: apt-get install chromium chromium-driver (Debian, Ubuntu), or name yours with "
                    + "-Dit.chromium=/path/to/chromium -Dit.chromedriver=/path/to/chromedriver");
        }
        return path;
    }

    private static Path newProfile() {
        try {
            Path sessions = Settings.logsDir().resolveSibling("it-browser");
            Files.createDirectories(sessions);
            return Files.createTempDirectory(sessions, "profile-");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a browser profile", e);
        }
    }

    /** Chromium processes of this session's profile that outlived ChromeDriver (it hung, or was killed). */
    private static void killLeftovers(Path profile) {
        String flag = "--user-data-dir=" + profile;
        ProcessHandle.allProcesses()
                .filter(process -> process.info().commandLine().map(line -> line.contains(flag)).orElse(false))
                .forEach(process -> {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                });
    }

    private static void delete(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Chromium may still be writing as it dies; target/ is removed by the next clean build anyway.
        }
    }

    private static Path write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file, e);
        }
    }
}
