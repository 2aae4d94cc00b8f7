package dev.edgesite.authorizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.edgesite.core.authorizer.NodeAuthorizer;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.testbed.CognitoLocalExtension;
import dev.edgesite.testbed.CognitoLocalServer;
import dev.edgesite.testbed.RecordingLog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OAuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TimeUnitsType;

/**
 * The whole sign-in over HTTP: the packaged handler in node sends the browser to cognito-local's login
 * form, takes the code on its callback and redeems it (with the PKCE verifier) at cognito-local's token
 * endpoint, then lets the signed-in browser through.
 */
@ExtendWith(CognitoLocalExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CognitoLocalLoginTest {
    private static final String CALLBACK = "https://" + ViewerRequest.HOST + "/_edgesite/callback";
    private static final String USER = "alice@example.com";
    private static final String PASSWORD = "Login-Test-Passw0rd!";
    private static final Pattern HIDDEN_INPUT = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"");
    private static final Pattern FORM_ACTION = Pattern.compile("<form method=\"POST\" action=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final RecordingLog log = new RecordingLog();
    private CognitoLocalServer server;
    private AwsClients aws;
    private String poolId;
    private String clientId;
    private NodeAuthorizer authorizer;

    @BeforeAll
    void start(CognitoLocalServer server) throws Exception {
        this.server = server;
        aws = server.clients();
        CognitoIdentityProviderClient cognito = aws.cognito();
        poolId = cognito.createUserPool(r -> r.poolName("docs")).userPool().id();
        clientId = cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName("docs-site")
                .generateSecret(false)
                .allowedOAuthFlowsUserPoolClient(true)
                .allowedOAuthFlows(OAuthFlowType.CODE)
                .allowedOAuthScopes("openid", "email", "profile")
                .callbackURLs(CALLBACK)).userPoolClient().clientId();
        cognito.adminCreateUser(r -> r.userPoolId(poolId).username(USER)
                .messageAction(MessageActionType.SUPPRESS)
                .userAttributes(a -> a.name("email").value(USER)));
        cognito.adminSetUserPassword(r -> r.userPoolId(poolId).username(USER).password(PASSWORD).permanent(true));

        Map<String, Object> jwks = JSONObjectUtils.parse(get(server.endpoint().resolve(
                "/" + poolId + "/.well-known/jwks.json")).body());
        authorizer = NodeAuthorizer.start(
                TestConfig.of(server.issuer(poolId), clientId, jwks, server.endpoint().toString()), "node", log);
    }

    @AfterAll
    void stop() {
        authorizer.close();
        aws.close();
    }

    @Test
    void signInWithCodeAndPkceThenThePageLoads() throws Exception {
        EdgeResult login = handle(ViewerRequest.get("/guide/page.html").query("x=1").navigation());

        login.assertStatus(302);
        URI authorize = login.location();
        assertEquals(server.endpoint().resolve("/oauth2/authorize"), withoutQuery(authorize));
        Map<String, String> params = QueryString.of(authorize);
        assertEquals("code", params.get("response_type"));
        assertEquals(clientId, params.get("client_id"));
        assertEquals(CALLBACK, params.get("redirect_uri"));
        assertEquals("openid email profile", params.get("scope"));
        assertEquals("S256", params.get("code_challenge_method"));
        assertTrue(params.get("code_challenge").matches("[A-Za-z0-9_-]{43}"), params.get("code_challenge"));
        assertTrue(params.get("state").matches("[A-Za-z0-9_-]{16,}"), params.get("state"));
        assertCookie(login.setCookies().get("__Host-edgesite_state"), "/", false);

        URI callback = hostedLogin(authorize);
        assertEquals(CALLBACK, withoutQuery(callback).toString());
        assertEquals(params.get("state"), QueryString.of(callback).get("state"));

        EdgeResult signedIn = handle(callbackRequest(callback, "__Host-edgesite_state=" + login.cookie("__Host-edgesite_state")));

        signedIn.assertStatus(302);
        assertEquals("/guide/page.html?x=1", signedIn.header("location"));
        assertCookie(signedIn.setCookies().get("__Host-edgesite_id_token"), "/", false);
        assertCookie(signedIn.setCookies().get("__Host-edgesite_refresh_token"), "/", false);
        assertCookie(signedIn.setCookies().get("__Host-edgesite_state"), "/", true);
        String idToken = signedIn.cookie("__Host-edgesite_id_token");
        String refreshToken = signedIn.cookie("__Host-edgesite_refresh_token");
        JWTClaimsSet claims = SignedJWT.parse(idToken).getJWTClaimsSet();
        assertEquals(server.issuer(poolId), claims.getIssuer());
        assertEquals(USER, claims.getStringClaim("email"));

        EdgeResult page = handle(ViewerRequest.get("/guide/page.html").query("x=1").navigation()
                .cookies("lang=en; __Host-edgesite_id_token=" + idToken + "; __Host-edgesite_refresh_token=" + refreshToken));

        page.assertForwarded();
        assertEquals("/guide/page.html", page.uri());
        assertEquals("x=1", page.querystring());
        assertEquals("lang=en", page.header("cookie"));
        log.assertNoneContains("the ID token", idToken);
        log.assertNoneContains("the refresh token", refreshToken);
    }

    @Test
    void callbackWithoutItsStateCookieIsRefusedAndTheCodeStaysUnspent() throws Exception {
        EdgeResult login = handle(ViewerRequest.get("/guide/").navigation());
        String stateCookie = login.cookie("__Host-edgesite_state");
        URI callback = hostedLogin(login.location());
        String otherLoginsCookie = handle(ViewerRequest.get("/guide/").navigation()).cookie("__Host-edgesite_state");
        List<String> refused = List.of(
                "__Host-edgesite_state=" + redirectedElsewhere(stateCookie),
                "__Host-edgesite_state=" + otherLoginsCookie,
                "__Host-edgesite_state=",
                "theme=dark");

        for (String cookies : refused) {
            EdgeResult result = handle(callbackRequest(callback, cookies));
            result.assertStatus(400);
            assertTrue(result.setCookies().get("__Host-edgesite_state").contains("Max-Age=0"), cookies);
        }
        URI wrongState = URI.create(CALLBACK + "?code=" + QueryString.of(callback).get("code") + "&state=forged");
        handle(callbackRequest(wrongState, "__Host-edgesite_state=" + stateCookie)).assertStatus(400);

        EdgeResult signedIn = handle(callbackRequest(callback, "__Host-edgesite_state=" + stateCookie));
        signedIn.assertStatus(302);
        assertEquals("/guide/", signedIn.header("location"));
        signedIn.cookie("__Host-edgesite_id_token");

        handle(callbackRequest(callback, "__Host-edgesite_state=" + stateCookie)).assertStatus(400);
        log.awaitLine("token endpoint (authorization_code) answered HTTP 400");
    }

    @Test
    void signOutFromAnotherSiteChangesNothing() {
        for (String site : List.of("cross-site", "same-site")) {
            EdgeResult result = handle(ViewerRequest.get("/_edgesite/signout").navigation().header("Sec-Fetch-Site", site)
                    .cookies("__Host-edgesite_id_token=a.b.c; __Host-edgesite_refresh_token=r"));

            result.assertStatus(403);
            assertTrue(result.setCookies().isEmpty(), site);
        }
    }

    @Test
    void signOutClearsTheSessionAndGoesToTheLogoutUrl() {
        EdgeResult result = handle(ViewerRequest.get("/_edgesite/signout").navigation()
                .cookies("__Host-edgesite_id_token=a.b.c; __Host-edgesite_refresh_token=r"));

        result.assertStatus(302);
        assertEquals(server.endpoint().resolve("/logout"), withoutQuery(result.location()));
        assertEquals(Map.of("client_id", clientId, "logout_uri", "https://" + ViewerRequest.HOST + "/"),
                QueryString.of(result.location()));
        assertCookie(result.setCookies().get("__Host-edgesite_id_token"), "/", true);
        assertCookie(result.setCookies().get("__Host-edgesite_refresh_token"), "/", true);
        assertCookie(result.setCookies().get("__Host-edgesite_state"), "/", true);
    }

    @Test
    void signOutOfARealSessionRevokesItsRefreshTokenAndSignsOutWhateverTheRevokeAnswers() throws Exception {
        Session session = signIn("/guide/");

        EdgeResult result = handle(ViewerRequest.get("/_edgesite/signout").navigation().header("Sec-Fetch-Site", "same-origin")
                .cookies("__Host-edgesite_id_token=" + session.idToken() + "; __Host-edgesite_refresh_token=" + session.refreshToken()));

        result.assertStatus(302);
        assertEquals(server.endpoint().resolve("/logout"), withoutQuery(result.location()));
        assertCookie(result.setCookies().get("__Host-edgesite_id_token"), "/", true);
        assertCookie(result.setCookies().get("__Host-edgesite_refresh_token"), "/", true);
        log.assertNoneContains("the refresh token", session.refreshToken());
    }

    @Test
    void expiredIdTokenIsRenewedWithTheRefreshToken() throws Exception {
        Session session = signIn("/guide/");
        String expired = expiredIdToken(session.refreshToken());
        Instant exp = SignedJWT.parse(expired).getJWTClaimsSet().getExpirationTime().toInstant();
        assertTrue(exp.isBefore(Instant.now().minusSeconds(60)), "expired beyond the clock skew: " + exp);

        EdgeResult renewed = handle(ViewerRequest.get("/guide/page.html").query("x=1").navigation()
                .cookies("__Host-edgesite_id_token=" + expired + "; __Host-edgesite_refresh_token=" + session.refreshToken()));

        renewed.assertStatus(307);
        assertEquals("/guide/page.html?x=1", renewed.header("location"));
        String idToken = renewed.cookie("__Host-edgesite_id_token");
        assertNotEquals(expired, idToken);
        assertFalse(renewed.setCookies().containsKey("__Host-edgesite_refresh_token"), "the refresh token is kept");
        handle(ViewerRequest.get("/guide/page.html").query("x=1").navigation()
                .cookies("__Host-edgesite_id_token=" + idToken + "; __Host-edgesite_refresh_token=" + session.refreshToken()))
                .assertForwarded();
        log.assertNoneContains("the refresh token", session.refreshToken());
    }

    @Test
    void aRefreshTokenWithoutAnExpiredSessionNeverReachesTheTokenEndpoint() {
        EdgeResult result = handle(ViewerRequest.get("/guide/").navigation()
                .cookies("__Host-edgesite_id_token=a.b.c; __Host-edgesite_refresh_token=forged-refresh-token"));

        result.assertStatus(302);
        assertEquals(server.endpoint().resolve("/oauth2/authorize"), withoutQuery(result.location()));
        assertTrue(result.setCookies().get("__Host-edgesite_refresh_token").contains("Max-Age=0"));
        // the JS suite counts the token endpoint calls (none); here the log is shared by the whole class
    }

    @Test
    void unknownRefreshTokenSendsTheBrowserToSignIn() throws Exception {
        String expired = expiredIdToken(signIn("/guide/").refreshToken());
        EdgeResult result = handle(ViewerRequest.get("/guide/").navigation()
                .cookies("__Host-edgesite_id_token=" + expired + "; __Host-edgesite_refresh_token=forged-refresh-token"));

        result.assertStatus(302);
        assertEquals(server.endpoint().resolve("/oauth2/authorize"), withoutQuery(result.location()));
        assertTrue(result.setCookies().get("__Host-edgesite_refresh_token").contains("Max-Age=0"));
        log.awaitLine("token endpoint (refresh_token) answered HTTP 400");
        log.assertNoneContains("the refresh token", "forged-refresh-token");
    }

    private record Session(String idToken, String refreshToken) {}

    private Session signIn(String uri) throws Exception {
        EdgeResult login = handle(ViewerRequest.get(uri).navigation());
        EdgeResult signedIn = handle(callbackRequest(hostedLogin(login.location()),
                "__Host-edgesite_state=" + login.cookie("__Host-edgesite_state")));
        signedIn.assertStatus(302);
        return new Session(signedIn.cookie("__Host-edgesite_id_token"), signedIn.cookie("__Host-edgesite_refresh_token"));
    }

    /** What the browser does at cognito-local: loads the login form, posts it with alice's password. */
    private URI hostedLogin(URI authorize) throws Exception {
        HttpResponse<String> page = get(authorize);
        Map<String, String> fields = new LinkedHashMap<>();
        for (Matcher m = HIDDEN_INPUT.matcher(page.body()); m.find(); ) {
            fields.put(m.group(1), m.group(2));
        }
        fields.put("username", USER);
        fields.put("password", PASSWORD);
        Matcher action = FORM_ACTION.matcher(page.body());
        assertTrue(action.find(), page.body());

        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(authorize.resolve(action.group(1)))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(QueryString.encode(fields))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, posted.statusCode(), posted.body());
        return URI.create(posted.headers().firstValue("location").orElseThrow());
    }

    /**
     * An ID token cognito-local signed that expired two minutes ago: the client is set to issue ID
     * tokens valid for -2 minutes, which AWS would refuse (DEVIATIONS.md), for one refresh.
     */
    private String expiredIdToken(String refreshToken) throws Exception {
        CognitoIdentityProviderClient cognito = aws.cognito();
        cognito.updateUserPoolClient(r -> r.userPoolId(poolId).clientId(clientId)
                .idTokenValidity(-2).tokenValidityUnits(u -> u.idToken(TimeUnitsType.MINUTES)));
        try {
            HttpResponse<String> refreshed = http.send(HttpRequest.newBuilder(server.endpoint().resolve("/oauth2/token"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(QueryString.encode(Map.of(
                            "grant_type", "refresh_token", "client_id", clientId, "refresh_token", refreshToken))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, refreshed.statusCode(), refreshed.body());
            return (String) JSONObjectUtils.parse(refreshed.body()).get("id_token");
        } finally {
            cognito.updateUserPoolClient(r -> r.userPoolId(poolId).clientId(clientId)
                    .idTokenValidity(60).tokenValidityUnits(u -> u.idToken(TimeUnitsType.MINUTES)));
        }
    }

    /** The state cookie with its return path changed and its MAC kept. */
    private static String redirectedElsewhere(String stateCookie) throws Exception {
        String[] sealed = stateCookie.split("\\.");
        Map<String, Object> state = JSONObjectUtils.parse(new Base64URL(sealed[0]).decodeToString());
        state.put("p", "//evil.example/");
        return Base64URL.encode(JSONObjectUtils.toJSONString(state)) + "." + sealed[1];
    }

    private static ViewerRequest callbackRequest(URI callback, String cookies) {
        return ViewerRequest.get(callback.getRawPath()).query(callback.getRawQuery()).navigation().cookies(cookies);
    }

    private static void assertCookie(String setCookie, String path, boolean cleared) {
        assertTrue(setCookie != null, "missing Set-Cookie");
        assertTrue(setCookie.contains("; Path=" + path + ";"), setCookie);
        assertTrue(setCookie.contains("; HttpOnly; Secure; SameSite=Lax"), setCookie);
        assertEquals(cleared, setCookie.contains("Max-Age=0;"), setCookie);
    }

    private static URI withoutQuery(URI uri) {
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath());
    }

    private EdgeResult handle(ViewerRequest request) {
        return new EdgeResult(authorizer.handle(request.request()));
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r;
    }
}
