package dev.edgesite.core.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LocalLoginTest {
    private static final String ORIGIN = "http://localhost:8080";
    private static final LocalLogin.Client CLIENT = new LocalLogin.Client(ORIGIN + "/_edgesite/idp", "edgesite-serve",
            ORIGIN + "/_edgesite/callback", ORIGIN + "/");
    private static final LocalUser ANA = new LocalUser("ana", "correct horse", "ana@example.com", List.of("staff", "ops"));
    private static final LocalUser BOB = new LocalUser("bob", "battery staple", null, List.of());

    private final TestClock clock = new TestClock(Instant.parse("2025-03-01T10:00:00Z"));
    private final LocalLogin login = new LocalLogin(CLIENT, List.of(ANA, BOB), clock);

    /** One sign-in attempt as the authorizer makes it: its verifier, and the authorize request it sends. */
    private static final class Attempt {
        final String verifier = randomVerifier();
        final String state = "st-" + randomVerifier().substring(0, 8);

        Map<String, String> query() {
            Map<String, String> q = new LinkedHashMap<>();
            q.put("response_type", "code");
            q.put("client_id", CLIENT.clientId());
            q.put("scope", "openid email profile");
            q.put("code_challenge_method", "S256");
            q.put("redirect_uri", CLIENT.callbackUrl());
            q.put("state", state);
            q.put("code_challenge", LocalLogin.s256(verifier));
            return q;
        }
    }

    private static Form form(Map<String, String> fields) {
        return Form.parse(fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")));
    }

    private static Map<String, String> with(Map<String, String> base, String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(base);
        if (value == null) {
            copy.remove(name);
        } else {
            copy.put(name, value);
        }
        return copy;
    }

    private static String randomVerifier() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Signs in through the form and returns the code the login redirected to the callback with. */
    private String code(Attempt attempt, LocalUser user) {
        LocalLogin.Authorization authorization = login.authorize(form(attempt.query()));
        String location = login.signIn(authorization, user.username(), user.password()).orElseThrow().location();
        return query(location).get("code");
    }

    private static Map<String, String> query(String location) {
        URI uri = URI.create(location);
        Map<String, String> q = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            q.put(kv[0], java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return q;
    }

    private LocalLogin.TokenAnswer redeem(String code, String verifier) {
        return login.token(form(Map.of("grant_type", "authorization_code", "client_id", CLIENT.clientId(),
                "code", code, "redirect_uri", CLIENT.callbackUrl(), "code_verifier", verifier)));
    }

    private LocalLogin.TokenAnswer refresh(Object refreshToken) {
        return login.token(form(Map.of("grant_type", "refresh_token", "client_id", CLIENT.clientId(),
                "refresh_token", String.valueOf(refreshToken))));
    }

    /** The token's claims once its signature checks out against the login's published key. */
    private JWTClaimsSet verified(Object token) throws Exception {
        SignedJWT jwt = SignedJWT.parse(String.valueOf(token));
        RSAKey key = (RSAKey) JWKSet.parse(login.jwks()).getKeyByKeyId(jwt.getHeader().getKeyID());
        assertEquals(JWSAlgorithm.RS256, jwt.getHeader().getAlgorithm());
        assertFalse(key.isPrivate(), "the JWKS publishes the public key only");
        assertTrue(jwt.verify(new RSASSAVerifier(key)), "signed with the published key");
        return jwt.getJWTClaimsSet();
    }

    private static void assertError(String error, LocalLogin.TokenAnswer answer) {
        assertEquals(400, answer.status());
        assertEquals(Map.of("error", error), answer.body());
    }

    @Nested
    class CodeFlow {
        @Test
        void signingInRedirectsToTheCallbackWithACodeAndTheState() {
            Attempt attempt = new Attempt();
            LocalLogin.Authorization authorization = login.authorize(form(attempt.query()));
            LocalLogin.SignedIn signedIn = login.signIn(authorization, "ana", "correct horse").orElseThrow();

            assertTrue(signedIn.location().startsWith(CLIENT.callbackUrl() + "?code="), signedIn.location());
            assertEquals(attempt.state, query(signedIn.location()).get("state"));
            assertTrue(signedIn.sessionId().length() >= 43);
        }

        @Test
        void theCodeWithItsVerifierGivesCognitoShapedTokens() throws Exception {
            Attempt attempt = new Attempt();
            String code = code(attempt, ANA);
            clock.advance(Duration.ofSeconds(20));
            LocalLogin.TokenAnswer answer = redeem(code, attempt.verifier);

            assertEquals(200, answer.status(), answer.body().toString());
            assertEquals(3600L, answer.body().get("expires_in"));
            assertEquals("Bearer", answer.body().get("token_type"));
            JWTClaimsSet id = verified(answer.body().get("id_token"));
            assertEquals(CLIENT.issuer(), id.getIssuer());
            assertEquals(List.of(CLIENT.clientId()), id.getAudience());
            assertEquals("id", id.getClaim("token_use"));
            assertEquals("ana", id.getClaim("cognito:username"));
            assertEquals("ana@example.com", id.getClaim("email"));
            assertEquals(true, id.getClaim("email_verified"));
            assertEquals(List.of("staff", "ops"), id.getStringListClaim("cognito:groups"));
            assertEquals(clock.instant(), id.getIssueTime().toInstant());
            assertEquals(clock.instant().plus(Duration.ofHours(1)), id.getExpirationTime().toInstant());
            assertEquals(clock.instant().minusSeconds(20).getEpochSecond(), id.getLongClaim("auth_time"));
            assertEquals(36, id.getSubject().length(), "a UUID, as Cognito's sub");

            JWTClaimsSet access = verified(answer.body().get("access_token"));
            assertEquals("access", access.getClaim("token_use"));
            assertEquals(CLIENT.clientId(), access.getClaim("client_id"));
            assertEquals("openid email profile", access.getClaim("scope"));
            assertEquals(id.getSubject(), access.getSubject());
            assertTrue(String.valueOf(answer.body().get("refresh_token")).length() >= 43);
        }

        @Test
        void aUserWithoutEmailOrGroupsGetsNeitherClaim() throws Exception {
            Attempt attempt = new Attempt();
            JWTClaimsSet id = verified(redeem(code(attempt, BOB), attempt.verifier).body().get("id_token"));
            assertEquals("bob", id.getClaim("cognito:username"));
            assertNull(id.getClaim("email"));
            assertNull(id.getClaim("email_verified"));
            assertNull(id.getClaim("cognito:groups"));
        }

        @Test
        void theSubjectStaysTheSameAcrossSignInsAndDiffersBetweenUsers() throws Exception {
            Attempt first = new Attempt();
            Attempt second = new Attempt();
            Attempt other = new Attempt();
            String a = verified(redeem(code(first, ANA), first.verifier).body().get("id_token")).getSubject();
            String b = verified(redeem(code(second, ANA), second.verifier).body().get("id_token")).getSubject();
            String c = verified(redeem(code(other, BOB), other.verifier).body().get("id_token")).getSubject();
            assertEquals(a, b);
            assertNotEquals(a, c);
        }

        @Test
        void usersSignInByUsernameOrByEmailInAnyCase() {
            LocalLogin.Authorization authorization = login.authorize(form(new Attempt().query()));
            assertTrue(login.signIn(authorization, "ANA@Example.com", "correct horse").isPresent());
            assertTrue(login.signIn(authorization, "ana", "correct horse").isPresent());
        }

        @Test
        void aWrongPasswordOrAnUnknownUserSignsNobodyIn() {
            LocalLogin.Authorization authorization = login.authorize(form(new Attempt().query()));
            assertEquals(Optional.empty(), login.signIn(authorization, "ana", "battery staple"));
            assertEquals(Optional.empty(), login.signIn(authorization, "ana", "correct horse "));
            assertEquals(Optional.empty(), login.signIn(authorization, "carol", "correct horse"));
            assertEquals(Optional.empty(), login.signIn(authorization, null, null));
        }
    }

    @Nested
    class Pkce {
        @Test
        void aVerifierThatDoesNotHashToTheChallengeIsRefused() {
            Attempt attempt = new Attempt();
            assertError("invalid_grant", redeem(code(attempt, ANA), new Attempt().verifier));
        }

        @Test
        void theChallengeItselfIsNotAVerifier() {
            Attempt attempt = new Attempt();
            assertError("invalid_grant", redeem(code(attempt, ANA), LocalLogin.s256(attempt.verifier)));
        }

        @Test
        void aVerifierOutsideRfc7636IsRefusedEvenIfItHashesRight() {
            String shortVerifier = "abc";
            Attempt attempt = new Attempt();
            Map<String, String> q = with(attempt.query(), "code_challenge", LocalLogin.s256(shortVerifier));
            LocalLogin.Authorization authorization = login.authorize(form(q));
            String code = query(login.signIn(authorization, "ana", "correct horse").orElseThrow().location()).get("code");
            assertError("invalid_grant", redeem(code, shortVerifier));
        }

        @Test
        void authorizeRequiresAnS256Challenge() {
            Map<String, String> q = new Attempt().query();
            for (Map<String, String> bad : List.of(
                    with(q, "code_challenge_method", "plain"),
                    with(q, "code_challenge_method", null),
                    with(q, "code_challenge", null),
                    with(q, "code_challenge", "too-short"),
                    with(q, "code_challenge", "a".repeat(42) + "="))) {
                assertThrows(LocalLogin.LoginException.class, () -> login.authorize(form(bad)), bad.toString());
            }
        }

        @Test
        void afterAFailedVerifierTheCodeIsSpent() {
            Attempt attempt = new Attempt();
            String code = code(attempt, ANA);
            assertError("invalid_grant", redeem(code, new Attempt().verifier));
            assertError("invalid_grant", redeem(code, attempt.verifier));
        }
    }

    @Nested
    class Codes {
        @Test
        void anUnknownCodeIsRefused() {
            assertError("invalid_grant", redeem("made-up", new Attempt().verifier));
        }

        @Test
        void aCodeWorksOnceAndItsReplayRevokesWhatTheFirstUseGave() {
            Attempt attempt = new Attempt();
            String code = code(attempt, ANA);
            LocalLogin.TokenAnswer first = redeem(code, attempt.verifier);
            assertEquals(200, first.status());
            Object refreshToken = first.body().get("refresh_token");
            assertEquals(200, refresh(refreshToken).status());

            assertError("invalid_grant", redeem(code, attempt.verifier));
            assertError("invalid_grant", refresh(refreshToken));
        }

        @Test
        void aCodeExpiresAfterFiveMinutes() {
            Attempt attempt = new Attempt();
            String code = code(attempt, ANA);
            clock.advance(Duration.ofMinutes(5));
            assertError("invalid_grant", redeem(code, attempt.verifier));
        }

        @Test
        void aCodeIsForTheRedirectUriItWasIssuedWith() {
            Attempt attempt = new Attempt();
            String code = code(attempt, ANA);
            assertError("invalid_grant", login.token(form(Map.of("grant_type", "authorization_code",
                    "client_id", CLIENT.clientId(), "code", code, "redirect_uri", ORIGIN + "/elsewhere",
                    "code_verifier", attempt.verifier))));
        }

        @Test
        void anotherClientIsRefused() {
            Attempt attempt = new Attempt();
            String code = code(attempt, ANA);
            assertError("invalid_client", login.token(form(Map.of("grant_type", "authorization_code",
                    "client_id", "someone-else", "code", code, "redirect_uri", CLIENT.callbackUrl(),
                    "code_verifier", attempt.verifier))));
            assertEquals(200, redeem(code, attempt.verifier).status(), "a request of another client spends no code");
        }

        @Test
        void malformedTokenRequestsAreRefused() {
            assertError("unsupported_grant_type", login.token(form(Map.of("grant_type", "password",
                    "client_id", CLIENT.clientId()))));
            assertError("invalid_request", login.token(form(Map.of("client_id", CLIENT.clientId()))));
            assertError("invalid_request", login.token(form(Map.of("grant_type", "authorization_code",
                    "client_id", CLIENT.clientId(), "code", "x"))));
            assertError("invalid_request", login.token(Form.parse("grant_type=authorization_code&client_id="
                    + CLIENT.clientId() + "&code=a&code=b&redirect_uri=x&code_verifier=y")));
        }

        @Test
        void authorizeOnlyRedirectsToTheClientsCallback() {
            Map<String, String> q = new Attempt().query();
            for (Map<String, String> bad : List.of(
                    with(q, "redirect_uri", "https://evil.example/_edgesite/callback"),
                    with(q, "redirect_uri", CLIENT.callbackUrl() + "/../x"),
                    with(q, "redirect_uri", null),
                    with(q, "client_id", "someone-else"),
                    with(q, "response_type", "token"),
                    with(q, "scope", "email"),
                    with(q, "scope", "openid aws.cognito.signin.user.admin"))) {
                assertThrows(LocalLogin.LoginException.class, () -> login.authorize(form(bad)), bad.toString());
            }
        }
    }

    @Nested
    class Refresh {
        @Test
        void refreshingGivesNewTokensForTheSameSignInButNoNewRefreshToken() throws Exception {
            Attempt attempt = new Attempt();
            Instant signedInAt = clock.instant();
            Object refreshToken = redeem(code(attempt, ANA), attempt.verifier).body().get("refresh_token");
            clock.advance(Duration.ofHours(2));

            LocalLogin.TokenAnswer answer = refresh(refreshToken);
            assertEquals(200, answer.status());
            assertFalse(answer.body().containsKey("refresh_token"), "Cognito keeps the refresh token");
            JWTClaimsSet id = verified(answer.body().get("id_token"));
            assertEquals("ana", id.getClaim("cognito:username"));
            assertEquals(clock.instant(), id.getIssueTime().toInstant());
            assertEquals(signedInAt.getEpochSecond(), id.getLongClaim("auth_time"));
            assertEquals("access", verified(answer.body().get("access_token")).getClaim("token_use"));
        }

        @Test
        void anUnknownOrExpiredRefreshTokenIsRefused() {
            assertError("invalid_grant", refresh("made-up"));
            Attempt attempt = new Attempt();
            Object refreshToken = redeem(code(attempt, ANA), attempt.verifier).body().get("refresh_token");
            clock.advance(Duration.ofDays(30));
            assertError("invalid_grant", refresh(refreshToken));
        }
    }

    @Nested
    class Revocation {
        private LocalLogin.TokenAnswer revoke(Object token) {
            return login.revoke(form(Map.of("token", String.valueOf(token), "client_id", CLIENT.clientId())));
        }

        private Object refreshToken() {
            Attempt attempt = new Attempt();
            return redeem(code(attempt, ANA), attempt.verifier).body().get("refresh_token");
        }

        @Test
        void aRevokedRefreshTokenNoLongerRefreshes() {
            Object refreshToken = refreshToken();
            Object other = refreshToken();
            assertEquals(200, refresh(refreshToken).status(), "it refreshes before");

            LocalLogin.TokenAnswer answer = revoke(refreshToken);
            assertEquals(200, answer.status());
            assertEquals(Map.of(), answer.body(), "an empty body, as Cognito's");
            assertError("invalid_grant", refresh(refreshToken));
            assertEquals(200, refresh(other).status(), "other sign-ins keep theirs");
        }

        @Test
        void anUnknownOrAlreadyRevokedTokenIsAnsweredAsARevocation() {
            Object refreshToken = refreshToken();
            assertEquals(200, revoke(refreshToken).status());
            assertEquals(new LocalLogin.TokenAnswer(200, Map.of()), revoke(refreshToken));
            assertEquals(new LocalLogin.TokenAnswer(200, Map.of()), revoke("made-up"));
        }

        @Test
        void anotherClientIsRefusedAndRevokesNothing() {
            Object refreshToken = refreshToken();
            for (Map<String, String> other : List.of(Map.of("token", String.valueOf(refreshToken), "client_id", "someone"),
                    Map.of("token", String.valueOf(refreshToken)))) {
                LocalLogin.TokenAnswer answer = login.revoke(form(other));
                assertEquals(401, answer.status());
                assertEquals(Map.of("error", "invalid_client"), answer.body());
            }
            assertEquals(200, refresh(refreshToken).status());
        }

        @Test
        void aRequestWithoutOneTokenIsInvalid() {
            assertEquals(new LocalLogin.TokenAnswer(400, Map.of("error", "invalid_request")),
                    login.revoke(form(Map.of("client_id", CLIENT.clientId()))));
            assertEquals(new LocalLogin.TokenAnswer(400, Map.of("error", "invalid_request")),
                    login.revoke(Form.parse("client_id=" + CLIENT.clientId() + "&token=a&token=b")));
        }

        @Test
        void anIdOrAccessTokenIsNotARefreshToken() {
            Attempt attempt = new Attempt();
            LocalLogin.TokenAnswer tokens = redeem(code(attempt, ANA), attempt.verifier);
            for (String name : List.of("id_token", "access_token")) {
                assertEquals(new LocalLogin.TokenAnswer(400, Map.of("error", "unsupported_token_type")),
                        revoke(tokens.body().get(name)), name);
            }
            assertEquals(200, refresh(tokens.body().get("refresh_token")).status());
        }
    }

    @Nested
    class FormTokens {
        private final LocalLogin.Authorization authorization = login.authorize(form(new Attempt().query()));

        @Test
        void eachSignInPageGetsItsOwnUnguessableToken() {
            String token = login.issueFormToken(authorization);
            assertTrue(token.matches("[A-Za-z0-9_-]{43}"), "32 random bytes, base64url: " + token);
            assertNotEquals(token, login.issueFormToken(authorization));
        }

        @Test
        void aTokenIsGoodOnce() {
            String token = login.issueFormToken(authorization);
            assertTrue(login.spendFormToken(token, authorization));
            assertFalse(login.spendFormToken(token, authorization), "a second post with it is refused");
        }

        @Test
        void noTokenOrAWrongOneIsRefusedAndSpendsNothing() {
            String token = login.issueFormToken(authorization);
            assertFalse(login.spendFormToken(null, authorization));
            assertFalse(login.spendFormToken("", authorization));
            assertFalse(login.spendFormToken(token.substring(1) + "A", authorization));
            assertFalse(login.spendFormToken(token + "A", authorization));
            assertTrue(login.spendFormToken(token, authorization), "the right one still works");
        }

        @Test
        void aTokenIsForTheSignInItsPageWasFor() {
            LocalLogin.Authorization other = login.authorize(form(new Attempt().query()));
            String token = login.issueFormToken(authorization);
            assertFalse(login.spendFormToken(token, other));
            assertFalse(login.spendFormToken(token, authorization), "a token shown with another sign-in is spent");
        }

        @Test
        void aTokenExpires() {
            String token = login.issueFormToken(authorization);
            String fresh = login.issueFormToken(authorization);
            clock.advance(LocalLogin.FORM_LIFETIME.minusSeconds(1));
            assertTrue(login.spendFormToken(fresh, authorization));
            clock.advance(Duration.ofSeconds(1));
            assertFalse(login.spendFormToken(token, authorization));
        }
    }

    @Nested
    class SessionAndLogout {
        private final Map<String, String> logout = Map.of("client_id", CLIENT.clientId(), "logout_uri", CLIENT.signOutUrl());

        @Test
        void theLoginSessionSignsInAgainWithoutTheFormForAnHour() {
            Attempt attempt = new Attempt();
            LocalLogin.Authorization authorization = login.authorize(form(attempt.query()));
            String session = login.signIn(authorization, "ana", "correct horse").orElseThrow().sessionId();

            Attempt again = new Attempt();
            String location = login.resume(login.authorize(form(again.query())), session).orElseThrow();
            assertEquals(again.state, query(location).get("state"));
            assertEquals(200, redeem(query(location).get("code"), again.verifier).status());

            clock.advance(Duration.ofHours(1));
            assertEquals(Optional.empty(), login.resume(login.authorize(form(new Attempt().query())), session));
            assertEquals(Optional.empty(), login.resume(authorization, "made-up"));
            assertEquals(Optional.empty(), login.resume(authorization, null));
        }

        @Test
        void logoutEndsTheSessionAndReturnsToTheSite() {
            LocalLogin.Authorization authorization = login.authorize(form(new Attempt().query()));
            String session = login.signIn(authorization, "ana", "correct horse").orElseThrow().sessionId();

            assertEquals(CLIENT.signOutUrl(), login.logout(form(logout), session));
            assertEquals(Optional.empty(), login.resume(authorization, session), "the form is shown again");
        }

        @Test
        void logoutLeavesRefreshTokensAsCognitoDoes() {
            Attempt attempt = new Attempt();
            LocalLogin.Authorization authorization = login.authorize(form(attempt.query()));
            LocalLogin.SignedIn signedIn = login.signIn(authorization, "ana", "correct horse").orElseThrow();
            Object refreshToken = redeem(query(signedIn.location()).get("code"), attempt.verifier).body()
                    .get("refresh_token");
            login.logout(form(logout), signedIn.sessionId());
            assertEquals(200, refresh(refreshToken).status(), "the authorizer clears its own refresh cookie");
        }

        @Test
        void logoutOnlyRedirectsToTheClientsSignOutUrl() {
            assertThrows(LocalLogin.LoginException.class,
                    () -> login.logout(form(with(logout, "logout_uri", "https://evil.example/")), null));
            assertThrows(LocalLogin.LoginException.class,
                    () -> login.logout(form(with(logout, "logout_uri", null)), null));
            assertThrows(LocalLogin.LoginException.class,
                    () -> login.logout(form(with(logout, "client_id", "someone-else")), null));
            assertEquals(CLIENT.signOutUrl(), login.logout(form(logout), null), "no session is fine");
        }
    }

    /** Users of identity providers, as Cognito signs them in and describes them in its tokens. */
    @Nested
    class Federation {
        private final LocalLogin.Client corpOnly = new LocalLogin.Client(CLIENT.issuer(), CLIENT.clientId(),
                CLIENT.callbackUrl(), CLIENT.signOutUrl(), List.of("corp", "okta"), false);
        private final LocalUser carla = new LocalUser("carla", "pass one", "carla@corp.example", List.of("finance",
                "leadership"), "corp", "OIDC");
        private final LocalUser olaf = new LocalUser("olaf", "pass two", null, List.of("eng"), "okta", "SAML");
        private final LocalLogin federated = new LocalLogin(corpOnly, List.of(ANA, carla, olaf), clock);

        private LocalLogin.Authorization authorize(String provider) {
            Map<String, String> query = new Attempt().query();
            return federated.authorize(form(provider == null ? query : with(query, "identity_provider", provider)));
        }

        @Test
        void aProvidersUserGetsTheClaimsCognitoGivesFederatedUsers() throws Exception {
            Attempt attempt = new Attempt();
            LocalLogin.Authorization authorization = federated.authorize(form(with(attempt.query(),
                    "identity_provider", "corp")));
            String location = federated.signIn(authorization, "carla", "pass one").orElseThrow().location();
            LocalLogin.TokenAnswer answer = federated.token(form(Map.of("grant_type", "authorization_code",
                    "client_id", CLIENT.clientId(), "code", query(location).get("code"), "redirect_uri",
                    CLIENT.callbackUrl(), "code_verifier", attempt.verifier)));

            JWTClaimsSet id = SignedJWT.parse(String.valueOf(answer.body().get("id_token"))).getJWTClaimsSet();
            assertEquals("corp_carla", id.getClaim("cognito:username"));
            assertEquals("[finance, leadership]", id.getClaim("custom:groups"));
            assertEquals(List.of("idp_corp"), id.getStringListClaim("cognito:groups"),
                    "Cognito's own group of the provider's users, named after the pool");
            List<Object> identities = id.getListClaim("identities");
            assertEquals(1, identities.size());
            Map<?, ?> identity = (Map<?, ?>) identities.get(0);
            assertEquals("corp", identity.get("providerName"));
            assertEquals("OIDC", identity.get("providerType"));
            assertEquals("carla", identity.get("userId"));
            assertEquals("true", identity.get("primary"));
        }

        @Test
        void theProviderTheRequestNamesIsTheOnlyOneWhoseUsersSignIn() {
            assertTrue(federated.signIn(authorize("corp"), "carla", "pass one").isPresent());
            assertTrue(federated.signIn(authorize("corp"), "olaf", "pass two").isEmpty());
            assertTrue(federated.signIn(authorize("okta"), "olaf", "pass two").isPresent());
            assertTrue(federated.signIn(authorize(null), "olaf", "pass two").isPresent(),
                    "without a provider named, the chooser offers every provider of the client");
        }

        @Test
        void withoutCognitoLoginAUserOfThePoolCannotSignIn() {
            assertTrue(federated.signIn(authorize(null), "ana", "correct horse").isEmpty());
            assertThrows(LocalLogin.LoginException.class, () -> authorize("COGNITO"));
            assertThrows(LocalLogin.LoginException.class, () -> authorize("elsewhere"),
                    "a provider the client does not offer is refused");
        }

        @Test
        void aLoginSessionOfOneProviderDoesNotSignInForAnother() {
            LocalLogin.SignedIn signedIn = federated.signIn(authorize("okta"), "olaf", "pass two").orElseThrow();
            assertTrue(federated.resume(authorize("corp"), signedIn.sessionId()).isEmpty());
            assertTrue(federated.resume(authorize("okta"), signedIn.sessionId()).isPresent());
        }
    }
}
