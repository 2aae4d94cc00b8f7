package dev.edgesite.core.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesite.core.settings.StackSettings;
import dev.edgesite.core.sync.CacheControlRules;
import dev.edgesite.testbed.RecordingLog;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** serve over HTTP: the real authorizer in node, the local login, the site's files. */
class SiteServerTest {
    static final LocalUser ANA = new LocalUser("ana", "ana-password-1", "ana@example.com", List.of("staff"));
    static final LocalUser BOB = new LocalUser("bob", "bob-password-1", "bob@example.com", List.of("visitors"));
    /** The authorizer's session cookies (the DESIGN's cookie contract). */
    static final String ID_TOKEN_COOKIE = "__Host-edgesite_id_token";
    static final String REFRESH_TOKEN_COOKIE = "__Host-edgesite_refresh_token";
    static final StackSettings.Auth STAFF_ONLY = new StackSettings.Auth(null, false, List.of("staff"), List.of(),
            List.of("/public/*"), false);

    @TempDir
    static Path parent;

    static Path site;
    static final RecordingLog log = new RecordingLog();
    static SiteServer server;

    @BeforeAll
    static void start() throws IOException {
        site = Files.createDirectory(parent.resolve("site"));
        write("index.html", "<h1>home</h1>");
        write("guide/index.html", "<h1>guide</h1>");
        write("guide/getting-started.html", "<h1>getting started</h1>");
        write("css/site.css", "body{}");
        write("public/info.html", "<p>for everyone</p>");
        write("404.html", "<h1>not here</h1>");
        Files.writeString(parent.resolve("secret.txt"), "TOP SECRET");
        server = SiteServer.start(options(site, 0, List.of(ANA, BOB), STAFF_ONLY), log);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static ServeOptions options(Path site, int port, List<LocalUser> users, StackSettings.Auth access) {
        return new ServeOptions(site, port, "node", new ServeOptions.LocalUsers(users), access,
                CacheControlRules.defaults());
    }

    static void write(String key, String content) throws IOException {
        Path file = site.resolve(key);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private TestBrowser browser() {
        return new TestBrowser(server.url());
    }

    @Test
    void servesOnLocalhost() {
        assertEquals("http://localhost:" + server.port() + "/", server.url().toString());
        assertEquals(List.of(ANA, BOB), server.localUsers().orElseThrow());
    }

    @Test
    void anAnonymousPageLoadIsSentToTheLocalSignInPage() throws Exception {
        TestBrowser browser = browser();
        HttpResponse<String> start = browser.get("/");
        assertEquals(302, start.statusCode());
        URI authorize = URI.create(TestBrowser.location(start));
        assertEquals(server.url().resolve("/_edgesite/idp/oauth2/authorize"), authorize.resolve(authorize.getRawPath()));
        assertTrue(authorize.getRawQuery().contains("redirect_uri=" + java.net.URLEncoder.encode(
                server.url().resolve("/_edgesite/callback").toString(), java.nio.charset.StandardCharsets.UTF_8)),
                authorize.toString());
        assertTrue(authorize.getRawQuery().contains("code_challenge_method=S256"));

        HttpResponse<String> page = browser.get(authorize.toString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<form method=\"post\" action=\"/_edgesite/idp/login\">"), page.body());
        assertEquals("no-store", page.headers().firstValue("Cache-Control").orElseThrow());
    }

    @Test
    void signingInLeadsToTheDeepLinkTheUserOpened() throws Exception {
        HttpResponse<String> page = browser().signIn("/guide/getting-started.html", "ana", "ana-password-1");
        assertEquals(200, page.statusCode());
        assertEquals("<h1>getting started</h1>", page.body());
    }

    @Test
    void theSessionCookiesAreTheAuthorizers() throws Exception {
        TestBrowser browser = browser();
        browser.signIn("/", "ana", "ana-password-1");
        assertTrue(browser.has(ID_TOKEN_COOKIE));
        assertTrue(browser.has(REFRESH_TOKEN_COOKIE));
        assertTrue(browser.has(LoginEndpoints.SESSION_COOKIE));
    }

    @Test
    void aWrongPasswordShowsTheFormAgain() throws Exception {
        TestBrowser browser = browser();
        HttpResponse<String> form = browser.get(TestBrowser.location(browser.get("/")));
        Map<String, String> fields = TestBrowser.hiddenFields(form.body());
        fields.put("username", "ana");
        fields.put("password", "wrong");
        HttpResponse<String> again = browser.post("/_edgesite/idp/login", fields);
        assertEquals(200, again.statusCode());
        assertTrue(again.body().contains("Incorrect username or password."));
        assertFalse(browser.has(LoginEndpoints.SESSION_COOKIE));

        Map<String, String> retry = TestBrowser.hiddenFields(again.body());
        assertNotEquals(fields.get(LoginEndpoints.FORM_TOKEN), retry.get(LoginEndpoints.FORM_TOKEN), "a new form token");
        retry.put("username", "ana");
        retry.put("password", "ana-password-1");
        assertEquals(302, browser.post("/_edgesite/idp/login", retry).statusCode());
    }

    @Test
    void theSignInFormCarriesAFreshUnguessableToken() throws Exception {
        TestBrowser browser = browser();
        String authorize = TestBrowser.location(browser.get("/"));
        String first = TestBrowser.hiddenFields(browser.get(authorize).body()).get(LoginEndpoints.FORM_TOKEN);
        String second = TestBrowser.hiddenFields(browser.get(authorize).body()).get(LoginEndpoints.FORM_TOKEN);
        assertNotNull(first, "a hidden " + LoginEndpoints.FORM_TOKEN + " field");
        assertTrue(first.matches("[A-Za-z0-9_-]{43}"), first);
        assertNotEquals(first, second);
    }

    @Test
    void aSignInPostWithoutItsFormsOwnTokenIsRefused() throws Exception {
        TestBrowser browser = browser();
        Map<String, String> fields = TestBrowser.hiddenFields(browser.get(TestBrowser.location(browser.get("/"))).body());
        fields.put("username", "ana");
        fields.put("password", "ana-password-1");
        String otherPagesToken = TestBrowser.hiddenFields(browser.get(TestBrowser.location(browser.get("/guide/"))).body())
                .get(LoginEndpoints.FORM_TOKEN);
        Map<String, String> without = new java.util.LinkedHashMap<>(fields);
        without.remove(LoginEndpoints.FORM_TOKEN);
        Map<String, String> wrong = new java.util.LinkedHashMap<>(fields);
        wrong.put(LoginEndpoints.FORM_TOKEN, "A".repeat(43));
        Map<String, String> otherPages = new java.util.LinkedHashMap<>(fields);
        otherPages.put(LoginEndpoints.FORM_TOKEN, otherPagesToken);
        for (Map<String, String> refused : List.of(without, wrong, otherPages)) {
            HttpResponse<String> post = browser.post("/_edgesite/idp/login", refused);
            assertEquals(403, post.statusCode(), refused.toString());
            assertTrue(post.headers().firstValue("Location").isEmpty(), "no code: " + refused);
            assertFalse(browser.has(LoginEndpoints.SESSION_COOKIE));
        }

        HttpResponse<String> signedIn = browser.post("/_edgesite/idp/login", fields);
        assertEquals(302, signedIn.statusCode(), "the form's own token, once");
        assertTrue(TestBrowser.location(signedIn).contains("code="));
        browser.forget(LoginEndpoints.SESSION_COOKIE);
        HttpResponse<String> replayed = browser.post("/_edgesite/idp/login", fields);
        assertEquals(403, replayed.statusCode(), "a token already used");
        assertTrue(replayed.headers().firstValue("Location").isEmpty());
    }

    @Test
    void signedInRequestsGetTheFilesAsTheDistributionServesThem() throws Exception {
        TestBrowser browser = browser();
        browser.signIn("/", "ana", "ana-password-1");

        HttpResponse<String> folder = browser.get("/guide/");
        assertEquals(200, folder.statusCode());
        assertEquals("<h1>guide</h1>", folder.body());
        assertEquals("text/html; charset=utf-8", folder.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("no-cache", folder.headers().firstValue("Cache-Control").orElseThrow());

        HttpResponse<String> css = browser.get("/css/site.css");
        assertEquals("text/css; charset=utf-8", css.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("max-age=300", css.headers().firstValue("Cache-Control").orElseThrow());
        assertEquals("nosniff", css.headers().firstValue("X-Content-Type-Options").orElseThrow());

        HttpResponse<String> withoutSlash = browser.get("/guide");
        assertEquals(404, withoutSlash.statusCode());
        assertEquals("<h1>not here</h1>", withoutSlash.body());
        assertEquals(404, browser.get("/no-such-page.html").statusCode());

        HttpResponse<String> head = browser.head("/guide/getting-started.html");
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        assertEquals("24", head.headers().firstValue("Content-Length").orElseThrow());
    }

    @Test
    void editsShowOnTheNextLoad() throws Exception {
        TestBrowser browser = browser();
        browser.signIn("/", "ana", "ana-password-1");
        write("changing.html", "<p>first</p>");
        assertEquals("<p>first</p>", browser.get("/changing.html").body());
        write("changing.html", "<p>second, longer</p>");
        assertEquals("<p>second, longer</p>", browser.get("/changing.html").body());
        write("added.html", "<p>new</p>");
        assertEquals("<p>new</p>", browser.get("/added.html").body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../secret.txt", "/%2e%2e/secret.txt", "/guide/%2e%2e/%2e%2e/secret.txt",
        "/..%2fsecret.txt", "/guide/..%5c..%5csecret.txt", "/%2e%2e%2f%2e%2e%2fsecret.txt"})
    void traversalThroughTheWholeStackNeverLeavesTheSite(String target) throws Exception {
        TestBrowser browser = browser();
        browser.signIn("/", "ana", "ana-password-1");
        TestBrowser.RawResponse response = browser.raw(target);
        assertFalse(response.body().contains("TOP SECRET"), target);
        assertTrue(response.status() == 404 || response.status() == 400, target + " answered " + response.status());
    }

    @Test
    void publicPathsNeedNoSignIn() throws Exception {
        HttpResponse<String> page = browser().get("/public/info.html");
        assertEquals(200, page.statusCode());
        assertEquals("<p>for everyone</p>", page.body());
    }

    @Test
    void aUserOutsideTheAllowedGroupsGetsAccessDenied() throws Exception {
        HttpResponse<String> page = browser().signIn("/", "bob", "bob-password-1");
        assertEquals(403, page.statusCode());
        assertTrue(page.body().contains("Access denied"), page.body());
    }

    @Test
    void signingOutEndsBothSessionsAndReturnsToTheSite() throws Exception {
        TestBrowser browser = browser();
        browser.signIn("/", "ana", "ana-password-1");
        assertTrue(browser.has(ID_TOKEN_COOKIE) && browser.has(REFRESH_TOKEN_COOKIE), "signed in");

        HttpResponse<String> signOut = browser.get("/_edgesite/signout");
        assertEquals(302, signOut.statusCode());
        assertFalse(browser.has(ID_TOKEN_COOKIE));
        assertFalse(browser.has(REFRESH_TOKEN_COOKIE));
        HttpResponse<String> logout = browser.get(TestBrowser.location(signOut));
        assertEquals(302, logout.statusCode());
        assertEquals(server.url().toString(), TestBrowser.location(logout));
        assertFalse(browser.has(LoginEndpoints.SESSION_COOKIE));

        HttpResponse<String> form = browser.get(TestBrowser.location(browser.get("/")));
        assertEquals(200, form.statusCode(), "the sign-in form again, not a silent sign-in");
        assertTrue(form.body().contains("id=\"password\""));
    }

    @Test
    void signingOutRevokesTheRefreshTokenAtTheLocalLogin() throws Exception {
        TestBrowser browser = browser();
        browser.signIn("/", "ana", "ana-password-1");
        String refreshToken = browser.value(REFRESH_TOKEN_COOKIE);
        Map<String, String> refresh = Map.of("grant_type", "refresh_token", "client_id", SiteServer.LOCAL_CLIENT_ID,
                "refresh_token", refreshToken);
        assertEquals(200, browser.post("/_edgesite/idp/oauth2/token", refresh).statusCode());

        assertEquals(302, browser.get("/_edgesite/signout").statusCode());
        HttpResponse<String> after = browser.post("/_edgesite/idp/oauth2/token", refresh);
        assertEquals(400, after.statusCode(), "the authorizer revoked it at /oauth2/revoke on sign-out");
        assertTrue(after.body().contains("\"invalid_grant\""), after.body());
    }

    @Test
    void theLoginSessionSignsInAgainWithoutTheForm() throws Exception {
        TestBrowser browser = browser();
        browser.signIn("/", "ana", "ana-password-1");
        browser.forget(ID_TOKEN_COOKIE);
        browser.forget(REFRESH_TOKEN_COOKIE);

        HttpResponse<String> authorize = browser.get(TestBrowser.location(browser.get("/guide/")));
        assertEquals(302, authorize.statusCode(), "no form while the login session lasts");
        HttpResponse<String> callback = browser.get(TestBrowser.location(authorize));
        assertEquals("/guide/", TestBrowser.location(callback));
        assertEquals("<h1>guide</h1>", browser.get("/guide/").body());
    }

    @Test
    void theRefreshTokenRenewsAnExpiredSession() throws Exception {
        // The browser signs in now, then its ID token is swapped for one the local login issued two hours ago
        // with the same refresh token (expired an hour ago: the authorizer renews only a validly signed, merely
        // expired one), while the refresh token stays good.
        Instant now = Instant.now();
        AtomicReference<Instant> time = new AtomicReference<>(now);
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return time.get();
            }
        };
        try (SiteServer server = SiteServer.start(options(site, 0, List.of(ANA, BOB), STAFF_ONLY), log, clock)) {
            TestBrowser browser = new TestBrowser(server.url());
            browser.signIn("/", "ana", "ana-password-1");
            time.set(now.minus(Duration.ofHours(2)));
            HttpResponse<String> tokens = browser.post("/_edgesite/idp/oauth2/token", Map.of("grant_type",
                    "refresh_token", "client_id", SiteServer.LOCAL_CLIENT_ID, "refresh_token",
                    browser.value(REFRESH_TOKEN_COOKIE)));
            assertEquals(200, tokens.statusCode(), tokens.body());
            String expired = String.valueOf(com.nimbusds.jose.util.JSONObjectUtils.parse(tokens.body()).get("id_token"));
            browser.set(ID_TOKEN_COOKIE, expired);
            time.set(now);
            assertTrue(com.nimbusds.jwt.SignedJWT.parse(expired).getJWTClaimsSet().getExpirationTime().toInstant()
                    .isBefore(now.minus(Duration.ofMinutes(30))), "the swapped ID token has expired");

            HttpResponse<String> renewed = browser.get("/guide/");

            assertEquals(307, renewed.statusCode(), "the authorizer refreshed at the local token endpoint");
            assertTrue(!expired.equals(browser.value(ID_TOKEN_COOKIE)), "a new ID token");
            assertEquals("<h1>guide</h1>", browser.get("/guide/").body());
        }
    }

    @Test
    void onlyGetAndHeadReachTheSite() throws Exception {
        HttpResponse<String> post = browser().post("/", Map.of("a", "b"));
        assertEquals(403, post.statusCode());
    }

    @Test
    void otherHostNamesAreSentToLocalhostFirst() throws Exception {
        URI direct = URI.create("http://127.0.0.1:" + server.port() + "/");
        HttpResponse<String> response = new TestBrowser(direct).get("/guide/?tab=2");
        assertEquals(308, response.statusCode());
        assertEquals(server.url().resolve("/guide/?tab=2").toString(), TestBrowser.location(response));
    }

    /** One request to each path of the local login, as a page would make it: valid, so only the Host is wrong. */
    private List<String[]> loginRequests() throws Exception {
        TestBrowser browser = browser();
        URI authorize = URI.create(TestBrowser.location(browser.get("/")));
        Map<String, String> fields = TestBrowser.hiddenFields(browser.get(authorize.toString()).body());
        fields.put("username", "ana");
        fields.put("password", "ana-password-1");
        String client = "client_id=" + SiteServer.LOCAL_CLIENT_ID;
        return List.of(
                new String[] {"GET", authorize.getRawPath() + "?" + authorize.getRawQuery(), null},
                new String[] {"POST", "/_edgesite/idp/login", TestBrowser.encode(fields)},
                new String[] {"POST", "/_edgesite/idp/oauth2/token", client + "&grant_type=refresh_token&refresh_token=r"},
                new String[] {"GET", "/_edgesite/idp/.well-known/jwks.json", null},
                new String[] {"GET", "/_edgesite/idp/logout?" + client + "&logout_uri="
                        + java.net.URLEncoder.encode(server.url().toString(), java.nio.charset.StandardCharsets.UTF_8), null},
                new String[] {"POST", "/_edgesite/idp/oauth2/revoke", client + "&token=r"});
    }

    @Test
    void theLocalLoginAnswersNoOtherHostName() throws Exception {
        TestBrowser browser = browser();
        for (String host : List.of("evil.example:" + server.port(), "evil.example", "localhost.evil.example:"
                + server.port(), "")) {
            for (String[] request : loginRequests()) {
                String what = request[0] + " " + request[1] + " with Host: " + host;
                TestBrowser.RawResponse response = browser.raw(request[0], request[1], host, request[2]);
                assertEquals(421, response.status(), what + "\n" + response.head() + "\n" + response.body());
                assertFalse(response.hasHeader("Location"), what);
                assertFalse(response.hasHeader("Set-Cookie"), what);
                assertFalse(response.body().contains("<form") || response.body().contains("\"kty\"")
                        || response.body().contains("token"), what + ": " + response.body());
            }
        }
        assertTrue(log.count("421") > 0, "the refusal is logged");
    }

    @Test
    void theLoginStillAnswersTheNamesServeGivesOut() throws Exception {
        TestBrowser browser = browser();
        String localhost = server.url().getAuthority();
        String direct = "127.0.0.1:" + server.port();
        List<String[]> requests = loginRequests();
        assertEquals(200, browser.raw("GET", requests.get(0)[1], localhost, null).status(), "the sign-in page");
        assertEquals(200, browser.raw("GET", requests.get(3)[1], localhost, null).status(), "the keys");
        for (String host : List.of(localhost, direct)) {
            TestBrowser.RawResponse token = browser.raw("POST", requests.get(2)[1], host, requests.get(2)[2]);
            assertEquals(400, token.status(), "node reaches the token endpoint as " + host);
            assertTrue(token.body().contains("invalid_grant"), token.body());
        }
    }

    @Test
    void siteRequestsForAnotherHostNameAreStillSentToLocalhost() throws Exception {
        TestBrowser.RawResponse response = browser().raw("GET", "/guide/?tab=2", "evil.example:" + server.port(), null);
        assertEquals(308, response.status());
        assertTrue(response.head().contains("Location: " + server.url().resolve("/guide/?tab=2")), response.head());
    }

    /** A refresh token of ana's, from the code flow driven by hand as the authorizer drives it. */
    private static String refreshToken(TestBrowser browser) throws Exception {
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);
        String verifier = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String callback = server.url().resolve("/_edgesite/callback").toString();
        HttpResponse<String> page = browser.get("/_edgesite/idp/oauth2/authorize?response_type=code&client_id="
                + SiteServer.LOCAL_CLIENT_ID + "&scope=openid&code_challenge_method=S256&code_challenge="
                + LocalLogin.s256(verifier) + "&state=s&redirect_uri=" + java.net.URLEncoder.encode(callback,
                        java.nio.charset.StandardCharsets.UTF_8));
        Map<String, String> fields = TestBrowser.hiddenFields(page.body());
        fields.put("username", "ana");
        fields.put("password", "ana-password-1");
        String location = TestBrowser.location(browser.post("/_edgesite/idp/login", fields));
        String code = location.replaceAll(".*[?&]code=([^&]+).*", "$1");
        HttpResponse<String> tokens = browser.post("/_edgesite/idp/oauth2/token", Map.of("grant_type",
                "authorization_code", "client_id", SiteServer.LOCAL_CLIENT_ID, "code", code, "redirect_uri", callback,
                "code_verifier", verifier));
        assertEquals(200, tokens.statusCode(), tokens.body());
        return String.valueOf(com.nimbusds.jose.util.JSONObjectUtils.parse(tokens.body()).get("refresh_token"));
    }

    @Test
    void theLoginRevokesARefreshTokenAtOauth2RevokeAsCognitoDoes() throws Exception {
        TestBrowser browser = browser();
        String refreshToken = refreshToken(browser);
        String refresh = TestBrowser.encode(Map.of("grant_type", "refresh_token", "client_id", SiteServer.LOCAL_CLIENT_ID,
                "refresh_token", refreshToken));
        String direct = "127.0.0.1:" + server.port();
        assertEquals(200, browser.raw("POST", "/_edgesite/idp/oauth2/token", direct, refresh).status(),
                "the refresh token works before");
        assertEquals(405, browser.raw("GET", "/_edgesite/idp/oauth2/revoke", direct, null).status(), "POST only");

        TestBrowser.RawResponse revoked = browser.raw("POST", "/_edgesite/idp/oauth2/revoke", direct,
                TestBrowser.encode(Map.of("token", refreshToken, "client_id", SiteServer.LOCAL_CLIENT_ID)));
        assertEquals(200, revoked.status(), revoked.head());
        assertEquals("", revoked.body());

        TestBrowser.RawResponse after = browser.raw("POST", "/_edgesite/idp/oauth2/token", direct, refresh);
        assertEquals(400, after.status());
        assertTrue(after.body().contains("\"invalid_grant\""), after.body());
        assertEquals(0, log.count(refreshToken), "no token in the log");
    }

    @Test
    void theRevokeEndpointRefusesAnotherClientAndAMissingToken() throws Exception {
        TestBrowser browser = browser();
        String refreshToken = refreshToken(browser);
        HttpResponse<String> otherClient = browser.post("/_edgesite/idp/oauth2/revoke",
                Map.of("token", refreshToken, "client_id", "someone-else"));
        assertEquals(401, otherClient.statusCode());
        assertEquals("{\"error\":\"invalid_client\"}", otherClient.body());
        HttpResponse<String> noToken = browser.post("/_edgesite/idp/oauth2/revoke",
                Map.of("client_id", SiteServer.LOCAL_CLIENT_ID));
        assertEquals(400, noToken.statusCode());
        assertEquals("{\"error\":\"invalid_request\"}", noToken.body());
        assertEquals(200, browser.post("/_edgesite/idp/oauth2/token", Map.of("grant_type", "refresh_token",
                "client_id", SiteServer.LOCAL_CLIENT_ID, "refresh_token", refreshToken)).statusCode());
    }

    @Test
    void theLoginPublishesItsKeys() throws Exception {
        HttpResponse<String> jwks = browser().get("/_edgesite/idp/.well-known/jwks.json");
        assertEquals(200, jwks.statusCode());
        assertTrue(jwks.body().contains("\"kty\":\"RSA\""), jwks.body());
        assertFalse(jwks.body().contains("\"d\":"), "no private key part");
    }

    @Test
    void aTakenPortIsReportedWithTheNumber() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            PortInUseException e = assertThrows(PortInUseException.class,
                    () -> SiteServer.start(options(site, taken.getLocalPort(), List.of(ANA), STAFF_ONLY), log));
            assertEquals(taken.getLocalPort(), e.port());
        }
    }

    @Test
    void aMissingSiteDirectoryIsReported() {
        Path missing = parent.resolve("not-built");
        SiteDirectoryMissingException e = assertThrows(SiteDirectoryMissingException.class,
                () -> SiteServer.start(options(missing, 0, List.of(ANA), STAFF_ONLY), log));
        assertEquals(missing, e.directory());
    }

    @Test
    void withoutUsersADemoUserThatTheRulesLetInSignsIn() throws Exception {
        StackSettings.Auth rules = new StackSettings.Auth(null, false, List.of("staff"), List.of("example.org"),
                List.of(), false);
        try (SiteServer demoServer = SiteServer.start(options(site, 0, List.of(), rules), log)) {
            LocalUser demo = demoServer.localUsers().orElseThrow().get(0);
            assertEquals("demo", demo.username());
            assertEquals(List.of("staff"), demo.groups());
            assertEquals("demo@example.org", demo.email());
            assertTrue(demo.password().length() >= 16);
            HttpResponse<String> page = new TestBrowser(demoServer.url()).signIn("/", "demo", demo.password());
            assertEquals(200, page.statusCode());
            assertEquals("<h1>home</h1>", page.body());
        }
    }

    @Test
    void closeStopsTheServerAndFreesThePort() throws Exception {
        SiteServer other = SiteServer.start(options(site, 0, List.of(ANA), STAFF_ONLY), log);
        int port = other.port();
        other.close();
        other.awaitStop();
        assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close());
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertEquals(port, again.getLocalPort());
        }
    }
}
