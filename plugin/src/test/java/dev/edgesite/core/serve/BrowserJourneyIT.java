package dev.edgesite.core.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.edgesite.core.settings.AccessRule;
import dev.edgesite.core.settings.IdentityProvider;
import dev.edgesite.core.settings.StackSettings;
import dev.edgesite.core.sync.CacheControlRules;
import dev.edgesite.testbed.RecordingLog;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * .ci/run installs) against serve with the local login. An integration test, run by failsafe. Chromium or
 * ChromeDriver missing fails it, naming what is missing: the journey is what serve is for. Other paths
 * with {@code -Dedgesite.it.chromium=...} and {@code -Dedgesite.it.chromedriver=...}.
 */
class BrowserJourneyIT {
    private static final Path CHROMIUM = Path.of(System.getProperty("edgesite.it.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("edgesite.it.chromedriver",
            "/usr/bin/chromedriver"));
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    static Path parent;

    @TempDir
    Path profile;

    private static SiteServer server;
    /** A site whose people sign in at the company's provider only, with pages for some groups. */
    private static SiteServer federated;
    /** The first site, also served as preview pr-7 at http://pr-7.preview.localhost:<port>/. */
    private static SiteServer withPreview;
    private static final RecordingLog PREVIEW_LOG = new RecordingLog();
    private ChromeDriverService service;
    private WebDriver browser;

    @BeforeAll
    static void browserPresent() {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(CHROMIUM)) {
            missing.add("Chromium at " + CHROMIUM + " (-Dedgesite.it.chromium)");
        }
        if (!Files.isExecutable(CHROMEDRIVER)) {
            missing.add("ChromeDriver at " + CHROMEDRIVER + " (-Dedgesite.it.chromedriver)");
        }
        if (!missing.isEmpty()) {
            fail("The browser journey cannot run: missing " + String.join(" and ", missing) + ". Install"
                    + " Debian's Chromium and ChromeDriver (apt-get install chromium chromium-driver, as .ci/run"
                    + " does), or point the property at yours.");
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
        withPreview = SiteServer.start(new ServeOptions(site, 0, "node", new ServeOptions.LocalUsers(List.of(
                SiteServerTest.ANA, SiteServerTest.BOB)), staffOnly, CacheControlRules.defaults(), "pr-7"),
                PREVIEW_LOG);
    }

    @BeforeAll
    static void serveFederated() throws IOException {
        Path site = Files.createDirectory(parent.resolve("federated"));
        Files.writeString(site.resolve("index.html"), "<!doctype html><title>Intranet</title><h1>intranet</h1>");
        Files.writeString(site.resolve("403.html"), "<!doctype html><title>No access</title>"
                + "<h1>This page is for another team</h1><a href=\"/_edgesite/signout\">Sign out</a>");
        Files.createDirectory(site.resolve("finance"));
        Files.writeString(site.resolve("finance/q3.html"), "<!doctype html><title>Q3</title><h1>q3</h1>");
        Files.createDirectory(site.resolve("eng"));
        Files.writeString(site.resolve("eng/plan.html"), "<!doctype html><title>Plan</title><h1>plan</h1>");
        IdentityProvider corp = new IdentityProvider("corp", IdentityProvider.Type.OIDC,
                URI.create("https://login.example.com/tenant/v2.0"), "client", null, List.of("openid"), "groups", null,
                null, null);
        StackSettings.Auth rules = new StackSettings.Auth(null, false, List.of(), List.of(), List.of(), false, false,
                List.of(corp), false, List.of(new AccessRule("/finance/*", List.of("finance")),
                        new AccessRule("/eng/*", List.of("eng"))), "/403.html");
        federated = SiteServer.start(new ServeOptions(site, 0, "node", new ServeOptions.LocalUsers(List.of(
                new LocalUser("ed", "ed-password-1", "ed@corp.example", List.of("eng"), "corp", "OIDC"),
                new LocalUser("fay", "fay-password-1", "fay@corp.example", List.of("finance"), "corp", "OIDC"))),
                rules, CacheControlRules.defaults()), new RecordingLog());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (federated != null) {
            federated.close();
        }
        if (withPreview != null) {
            withPreview.close();
        }
    }

    @BeforeEach
    void startChromium() {
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
    void aFederatedUserSignsInAtTheirProviderAndMeetsTheSitesForbiddenPageOnAnotherGroupsPath() {
        String finance = federated.url().resolve("/finance/q3.html").toString();
        browser.get(finance);
        awaitTitle("Sign in");
        assertTrue(browser.getCurrentUrl().contains("identity_provider=corp"),
                "one provider and no Cognito login: straight to the provider, " + browser.getCurrentUrl());

        signIn("ed", "ed-password-1");
        awaitTitle("No access");
        assertEquals(finance, browser.getCurrentUrl(), "the page's own URL, answered with the site's 403 page");
        assertEquals("This page is for another team", browser.findElement(By.tagName("h1")).getText());

        browser.get(federated.url().resolve("/eng/plan.html").toString());
        awaitTitle("Plan");
        assertEquals("plan", browser.findElement(By.tagName("h1")).getText());

        browser.get(finance);
        awaitTitle("No access");
        browser.findElement(By.linkText("Sign out")).click();
        awaitTitle("Sign in");
        signIn("fay", "fay-password-1");
        awaitTitle("Intranet");
        browser.get(finance);
        awaitTitle("Q3");
        assertEquals("q3", browser.findElement(By.tagName("h1")).getText());
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

    @Test
    void oneSignInOnTheMainSiteServesAPreviewWhichGetsItsOwnSessionThroughTheHandoff() {
        String preview = withPreview.previewUrl().orElseThrow().resolve("/guide/getting-started.html?tab=2").toString();
        assertEquals("http://pr-7.preview.localhost:" + withPreview.port() + "/guide/getting-started.html?tab=2",
                preview);
        browser.get(preview);
        awaitTitle("Sign in");
        String main = withPreview.url().toString();
        assertTrue(browser.getCurrentUrl().startsWith(main + "_edgesite/idp/oauth2/authorize?"),
                "the preview sends the browser to the main site's sign-in: " + browser.getCurrentUrl());

        signIn("ana", "ana-password-1");
        awaitTitle("Getting started");
        assertEquals(preview, browser.getCurrentUrl(), "back on the preview's deep link, handed over");
        Cookie previewSession = browser.manage().getCookieNamed(SiteServerTest.ID_TOKEN_COOKIE);
        assertNotNull(previewSession, "the preview host has its own __Host- session cookie");
        assertNull(browser.manage().getCookieNamed(SiteServerTest.REFRESH_TOKEN_COOKIE),
                "a preview is never handed the refresh token");
        assertNull(browser.manage().getCookieNamed("__Host-edgesite_handoff"), "the handoff binding is used up");

        browser.get(main);
        awaitTitle("Home");
        assertEquals(main, browser.getCurrentUrl(), "the main site, signed in already, without a second sign-in");
        assertNotNull(browser.manage().getCookieNamed(SiteServerTest.REFRESH_TOKEN_COOKIE));

        browser.get(main + "_previews/pr-7/index.html");
        awaitTitle("Not found");
        assertEquals(main + "_previews/pr-7/index.html", browser.getCurrentUrl(),
                "the main site never serves a preview key, and does not send the browser anywhere either");

        browser.get(withPreview.previewUrl().orElseThrow().toString());
        awaitTitle("Home");
        assertEquals(withPreview.previewUrl().orElseThrow().toString(), browser.getCurrentUrl());
    }
}
