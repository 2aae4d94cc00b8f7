package dev.edgesite.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.edgesite.core.aws.AwsClients;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OAuthFlowType;

/** cognito-local's hosted login over HTTP: authorize with PKCE, sign in, code for tokens, refresh. */
@ExtendWith(CognitoLocalExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CognitoLocalSmokeTest {
    private static final String CALLBACK = "https://docs.example.com/_edgesite/callback";
    private static final String PASSWORD = "Sm0ke-Test-Passw0rd!";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private CognitoLocalServer server;
    private String poolId;
    private String clientId;

    @BeforeAll
    void pool(CognitoLocalServer server) {
        this.server = server;
        try (AwsClients aws = server.clients()) {
            var cognito = aws.cognito();
            poolId = cognito.createUserPool(r -> r.poolName("smoke-pool")).userPool().id();
            clientId = cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName("smoke-site")
                    .generateSecret(false)
                    .allowedOAuthFlowsUserPoolClient(true)
                    .allowedOAuthFlows(OAuthFlowType.CODE)
                    .allowedOAuthScopes("openid", "email", "profile")
                    .callbackURLs(CALLBACK)).userPoolClient().clientId();
            cognito.adminCreateUser(r -> r.userPoolId(poolId).username("alice@example.com")
                    .messageAction(MessageActionType.SUPPRESS)
                    .userAttributes(a -> a.name("email").value("alice@example.com")));
            cognito.adminSetUserPassword(r -> r.userPoolId(poolId).username("alice@example.com").password(PASSWORD)
                    .permanent(true));
        }
    }

    @Test
    void authorizationCodeWithPkceThenRefresh() throws Exception {
        String verifier = randomUrlSafe(32);
        String challenge = s256(verifier);

        HttpResponse<String> page = send(HttpRequest.newBuilder(authorizeUri(challenge, "st4te")).GET());
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("name=\"password\""), "a login form");

        String code = signIn(challenge, "st4te");

        HttpResponse<String> wrongVerifier = token(Map.of("grant_type", "authorization_code", "client_id", clientId,
                "code", signIn(challenge, "st4te"), "redirect_uri", CALLBACK, "code_verifier", randomUrlSafe(32)));
        assertEquals(400, wrongVerifier.statusCode(), "a code must not be redeemed without its verifier");

        HttpResponse<String> tokens = token(Map.of("grant_type", "authorization_code", "client_id", clientId,
                "code", code, "redirect_uri", CALLBACK, "code_verifier", verifier));
        assertEquals(200, tokens.statusCode(), tokens.body());
        Map<String, Object> json = JSONObjectUtils.parse(tokens.body());
        JWTClaimsSet claims = verify((String) json.get("id_token"));
        assertEquals("alice@example.com", claims.getStringClaim("email"));

        HttpResponse<String> replay = token(Map.of("grant_type", "authorization_code", "client_id", clientId,
                "code", code, "redirect_uri", CALLBACK, "code_verifier", verifier));
        assertEquals(400, replay.statusCode(), "a code is single-use");

        HttpResponse<String> refreshed = token(Map.of("grant_type", "refresh_token", "client_id", clientId,
                "refresh_token", (String) json.get("refresh_token")));
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        verify((String) JSONObjectUtils.parse(refreshed.body()).get("id_token"));
    }

    @Test
    void unregisteredRedirectUriIsRefused() throws Exception {
        URI uri = server.endpoint().resolve("/oauth2/authorize?" + form(Map.of("response_type", "code",
                "client_id", clientId, "redirect_uri", "https://evil.example/cb", "code_challenge", s256("x"),
                "code_challenge_method", "S256", "state", "s")));
        assertEquals(400, send(HttpRequest.newBuilder(uri).GET()).statusCode());
    }

    @Test
    void wrongPasswordGetsTheFormAgainAndNoCode() throws Exception {
        HttpResponse<String> r = postLogin(s256("v"), "s", "not-the-password");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("Incorrect username or password"), r.body());
        assertTrue(r.headers().firstValue("location").isEmpty());
    }

    private String signIn(String challenge, String state) throws Exception {
        HttpResponse<String> r = postLogin(challenge, state, PASSWORD);
        assertEquals(302, r.statusCode(), r.body());
        URI location = URI.create(r.headers().firstValue("location").orElseThrow());
        assertEquals(CALLBACK, location.getScheme() + "://" + location.getHost() + location.getPath());
        Map<String, String> query = parseQuery(location.getRawQuery());
        assertEquals(state, query.get("state"));
        return query.get("code");
    }

    private HttpResponse<String> postLogin(String challenge, String state, String password) throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("client_id", clientId);
        fields.put("redirect_uri", CALLBACK);
        fields.put("response_type", "code");
        fields.put("code_challenge", challenge);
        fields.put("code_challenge_method", "S256");
        fields.put("scope", "openid email profile");
        fields.put("state", state);
        fields.put("username", "alice@example.com");
        fields.put("password", password);
        return send(HttpRequest.newBuilder(server.endpoint().resolve("/oauth2/authorize"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields))));
    }

    private HttpResponse<String> token(Map<String, String> fields) throws Exception {
        return send(HttpRequest.newBuilder(server.endpoint().resolve("/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields))));
    }

    private URI authorizeUri(String challenge, String state) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("response_type", "code");
        q.put("client_id", clientId);
        q.put("redirect_uri", CALLBACK);
        q.put("scope", "openid email profile");
        q.put("state", state);
        q.put("code_challenge", challenge);
        q.put("code_challenge_method", "S256");
        return server.endpoint().resolve("/oauth2/authorize?" + form(q));
    }

    private JWTClaimsSet verify(String idToken) throws Exception {
        JWKSet jwks = JWKSet.parse(send(HttpRequest.newBuilder(
                server.endpoint().resolve("/" + poolId + "/.well-known/jwks.json")).GET()).body());
        SignedJWT jwt = SignedJWT.parse(idToken);
        RSAKey key = (RSAKey) jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertTrue(jwt.verify(new RSASSAVerifier(key)), "signature");
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertEquals(server.issuer(poolId), claims.getIssuer());
        assertEquals(List.of(clientId), claims.getAudience());
        assertEquals("id", claims.getStringClaim("token_use"));
        return claims;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    static Map<String, String> parseQuery(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    static String randomUrlSafe(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String s256(String verifier) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }
}
