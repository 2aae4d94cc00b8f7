package dev.edgesite.core.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesite.core.settings.StackSettings;
import dev.edgesite.core.sync.CacheControlRules;
import dev.edgesite.testbed.RecordingLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The README's promise in a real browser: headless Chromium (Debian's chromium and chromium-driver, which
 * .ci/run installs) against serve with the local login. Chromium missing fails the build: the journey is
 * what serve is for.
 */
class BrowserJourneyTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    static Path parent;

    @TempDir
    Path profile;

    private static SiteServer server;
    private ChromeDriverService service;
    private WebDriver browser;

    /** Like the test bed's moto fallback: a machine without Chromium gets Debian's, where apt-get may run. */
    @BeforeAll
    static void installChromiumWhenMissing() throws IOException, InterruptedException {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (present || !Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            return;
        }
        Path log = Files.createTempFile("chromium-install", ".log");
        Process install = new ProcessBuilder("sh", "-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive"
                + " apt-get install -y -qq chromium chromium-driver")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!install.waitFor(10, TimeUnit.MINUTES)) {
            install.destroyForcibly();
        }
    }

    @BeforeAll
    static void serve() throws IOException {
        Path site = Files.createDirectory(parent.resolve("site"));
        Files.writeString(site.resolve("index.html"), "<!doctype html><title>Home</title><h1>home</h1>"
                + "<a id=\"sign-out\" href=\"/_edgesite/signout\">Sign out</a>");
        Files.createDirectory(site.resolve("guide"));
        Files.writeString(site.resolve("guide/getting-started.html"),
                "<!doctype html><title>Getting started</title><h1>getting started</h1>");
        StackSettings.Auth staffOnly = new StackSettings.Auth(null, false, List.of("staff"), List.of(), List.of(), false);
        server = SiteServer.start(new ServeOptions(site, 0, "node", new ServeOptions.LocalUsers(List.of(
                SiteServerTest.ANA, SiteServerTest.BOB)), staffOnly, CacheControlRules.defaults()),
                new RecordingLog());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void startChromium() {
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER), "The browser journey needs"
                + " Debian's Chromium and ChromeDriver at " + CHROMIUM + " and " + CHROMEDRIVER + ": apt-get install"
                + " chromium chromium-driver (the test tries that itself when it may run apt-get)");
        // An explicit driver and browser, so Selenium Manager never looks for (or downloads) either.
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                "--user-data-dir=" + profile);
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(WAIT);
    }

    @AfterEach
    void stopChromium() {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.stop();
        }
    }

    private String url(String path) {
        return server.url().resolve(path).toString();
    }

    private void awaitTitle(String title) {
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.titleIs(title));
    }

    private void assertSignInPage() {
        awaitTitle("Sign in");
        assertTrue(browser.getCurrentUrl().startsWith(url("/_edgesite/idp/oauth2/authorize?")), browser.getCurrentUrl());
    }

    private void signIn(String username, String password) {
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("sign-in")).click();
    }

    @Test
    void signInSeeThePageFollowADeepLinkAndSignOut() {
        browser.get(url("/"));
        assertSignInPage();

        signIn("ana", "ana-password-1");
        awaitTitle("Home");
        assertEquals(url("/"), browser.getCurrentUrl());
        assertEquals("home", browser.findElement(By.tagName("h1")).getText());
        Cookie session = browser.manage().getCookieNamed(SiteServerTest.ID_TOKEN_COOKIE);
        assertNotNull(session, "Chromium keeps the authorizer's __Host- Secure cookie on http://localhost: "
                + browser.manage().getCookies().stream().map(Cookie::getName).toList());
        assertTrue(session.isSecure() && session.isHttpOnly(), session.toString());
        assertEquals("/", session.getPath(), session.toString());
        assertEquals("Lax", session.getSameSite(), session.toString());
        assertNotNull(browser.manage().getCookieNamed(SiteServerTest.REFRESH_TOKEN_COOKIE));

        browser.findElement(By.id("sign-out")).click();
        assertSignInPage();
        assertNull(browser.manage().getCookieNamed(SiteServerTest.ID_TOKEN_COOKIE));
        assertNull(browser.manage().getCookieNamed(SiteServerTest.REFRESH_TOKEN_COOKIE));

        browser.get(url("/guide/getting-started.html?tab=2"));
        assertSignInPage();
        signIn("ana@example.com", "ana-password-1");
        awaitTitle("Getting started");
        assertEquals(url("/guide/getting-started.html?tab=2"), browser.getCurrentUrl(), "the deep link survived");
        assertEquals("getting started", browser.findElement(By.tagName("h1")).getText());
    }

    @Test
    void aUserOutsideTheAllowedGroupsGetsTheAccessDeniedPage() {
        browser.get(url("/guide/getting-started.html"));
        assertSignInPage();
        signIn("bob", "bob-password-1");
        awaitTitle("Access denied");
        assertEquals("Your account is not allowed to access this site.",
                browser.findElement(By.tagName("p")).getText());

        browser.findElement(By.linkText("Sign out")).click();
        assertSignInPage();
    }

    @Test
    void aWrongPasswordKeepsTheUserOnTheSignInPage() {
        browser.get(url("/"));
        assertSignInPage();
        signIn("ana", "not-the-password");
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[role=alert]")));
        assertEquals("Incorrect username or password.", browser.findElement(By.cssSelector("[role=alert]")).getText());
        signIn("ana", "ana-password-1");
        awaitTitle("Home");
    }
}
