package dev.edgesite.authorizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.edgesite.core.authorizer.NodeAuthorizer;
import dev.edgesite.testbed.RecordingLog;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The packaged handler, run in node, against ID tokens minted here: what passes and what is turned away. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenContractTest {
    private static final String ISSUER = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Cont4ct";
    private static final String CLIENT_ID = "3n4bl3dcl13nt";

    private final TestTokens tokens = new TestTokens(TestTokens.newKey("site-key"), ISSUER, CLIENT_ID);
    private final RSAKey attacker = TestTokens.newKey("site-key");
    private final RecordingLog log = new RecordingLog();
    private NodeAuthorizer authorizer;

    @BeforeAll
    void start() {
        authorizer = NodeAuthorizer.start(
                TestConfig.of(ISSUER, CLIENT_ID, TestTokens.jwks(tokens.key()), TestConfig.AUTH), "node", log);
    }

    @AfterAll
    void stop() {
        authorizer.close();
    }

    @Test
    void validTokenPassesWithIndexHtmlAppendedAndOnlyOurCookiesStripped() {
        String cookies = "theme=dark; __Host-edgesite_id_token=" + tokens.valid()
                + "; __Host-edgesite_refresh_token=opaque-refresh; _ga=GA1.2.3; __Host-edgesite_state=abc.def";

        EdgeResult result = handle(ViewerRequest.get("/docs/").query("v=2").navigation().cookies(cookies));

        result.assertForwarded();
        assertEquals("/docs/index.html", result.uri());
        assertEquals("v=2", result.querystring());
        assertEquals("theme=dark; _ga=GA1.2.3", result.header("cookie"));
    }

    @Test
    void validTokenAloneLeavesNoCookieHeaderAndFilesKeepTheirPath() {
        EdgeResult result = handle(ViewerRequest.get("/docs/guide.html").fetchJson()
                .cookies("__Host-edgesite_id_token=" + tokens.valid()));

        result.assertForwarded();
        assertEquals("/docs/guide.html", result.uri());
        assertEquals(null, result.header("cookie"));
    }

    @Test
    void tokenExpiredWithinTheClockSkewStillPasses() {
        Instant now = Instant.now();
        String token = tokens.sign(tokens.claims().expirationTime(Date.from(now.minusSeconds(30))).build());

        handle(ViewerRequest.get("/docs/").navigation().cookies("__Host-edgesite_id_token=" + token)).assertForwarded();
    }

    @Test
    void publicPathsPassWithoutAToken() {
        handle(ViewerRequest.get("/public/logo.png").fetchJson()).assertForwarded();
        handle(ViewerRequest.get("/publicity.html").fetchJson()).assertStatus(401);
    }

    @Test
    void aFormPostWithoutASessionGetsA401NotARedirectThatWouldDropItsBody() {
        handle(ViewerRequest.post("/docs/comments").header("Accept", "text/html").header("Sec-Fetch-Mode", "navigate"))
                .assertStatus(401);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTokens")
    void badTokenSendsANavigationToSignInAndClearsTheCookie(String token) {
        EdgeResult result = handle(ViewerRequest.get("/docs/").navigation()
                .cookies("theme=dark; __Host-edgesite_id_token=" + token));

        result.assertStatus(302);
        assertTrue(result.location().toString().startsWith(TestConfig.AUTH + "/oauth2/authorize?"),
                result.location()::toString);
        assertTrue(result.setCookies().get("__Host-edgesite_id_token").contains("Max-Age=0"), "stale cookie cleared");
        assertTrue(result.setCookies().containsKey("__Host-edgesite_state"), "login state set");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTokens")
    void badTokenGetsA401ForAScriptRequest(String token) {
        EdgeResult result = handle(ViewerRequest.get("/docs/data.json").fetchJson()
                .cookies("__Host-edgesite_id_token=" + token));

        result.assertStatus(401);
        assertEquals(null, result.header("location"));
        assertTrue(result.setCookies().get("__Host-edgesite_id_token").contains("Max-Age=0"), "stale cookie cleared");
    }

    Stream<Named<String>> badTokens() throws Exception {
        Instant now = Instant.now();
        return Stream.of(
                Named.of("HS256 signed with the public key's bytes", hs256WithPublicKey()),
                Named.of("alg none", unsigned()),
                Named.of("unknown kid", TestTokens.sign(tokens.claims().build(), "rotated-away", tokens.key())),
                Named.of("another key under our kid", TestTokens.sign(tokens.claims().build(), "site-key", attacker)),
                Named.of("payload changed after signing", tamperedPayload()),
                Named.of("expired beyond the clock skew",
                        tokens.sign(tokens.claims().expirationTime(Date.from(now.minusSeconds(120))).build())),
                Named.of("not valid before five minutes from now",
                        tokens.sign(tokens.claims().notBeforeTime(Date.from(now.plusSeconds(300))).build())),
                Named.of("issued five minutes from now",
                        tokens.sign(tokens.claims().issueTime(Date.from(now.plusSeconds(300))).build())),
                Named.of("without exp", tokens.sign(tokens.claims().expirationTime(null).build())),
                Named.of("another issuer", tokens.sign(tokens.claims()
                        .issuer("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other").build())),
                Named.of("another audience", tokens.sign(tokens.claims().audience("another-client").build())),
                Named.of("access token", tokens.sign(tokens.claims().claim("token_use", "access").build())),
                Named.of("not a JWT", "not-a-token"));
    }

    private String hs256WithPublicKey() throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("site-key").build(),
                tokens.claims().build());
        jwt.sign(new MACSigner(tokens.key().toRSAPublicKey().getEncoded()));
        return jwt.serialize();
    }

    private String unsigned() {
        Base64URL header = Base64URL.encode("{\"alg\":\"none\",\"kid\":\"site-key\",\"typ\":\"JWT\"}");
        Base64URL payload = Base64URL.encode(tokens.claims().build().toString());
        return header + "." + payload + ".";
    }

    private String tamperedPayload() {
        String[] parts = tokens.valid().split("\\.");
        JWTClaimsSet elevated = tokens.claims().claim("cognito:groups", List.of("admins")).build();
        return parts[0] + "." + Base64URL.encode(elevated.toString()) + "." + parts[2];
    }

    private EdgeResult handle(ViewerRequest request) {
        return new EdgeResult(authorizer.handle(request.event()));
    }
}
