package dev.edgesite.core.serve;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.edgesite.core.Digests;
import dev.edgesite.core.aws.AppClientSpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;

/**
 * A stand-in for the stack's Cognito user pool and its hosted login, for one app client: the
 * authorization-code flow with PKCE (S256 only, and required), refresh, the login session and sign-out,
 * issuing ID and access tokens with Cognito's claims, signed RS256 with a key made when it starts.
 *
 * <p>It behaves as Cognito does where the authorizer can tell: a code is good once, for five minutes,
 * for the redirect URI and challenge it was issued with; a second use of a code fails and revokes the
 * refresh token its first use gave; the refresh grant returns new ID and access tokens but no new refresh
 * token; {@code /oauth2/revoke} ends a refresh token; a login session (one hour) signs the browser in again
 * without the form until sign-out ends it.
 * Beyond Cognito, each sign-in page carries a single-use form token that its post must return.
 * Everything lives in memory and ends with the server.
 */
public final class LocalLogin {
    static final Duration CODE_LIFETIME = Duration.ofMinutes(5);
    static final Duration TOKEN_LIFETIME = AppClientSpec.TOKEN_VALIDITY;
    static final Duration REFRESH_LIFETIME = AppClientSpec.REFRESH_TOKEN_VALIDITY;
    static final Duration SESSION_LIFETIME = Duration.ofHours(1);
    static final Duration FORM_LIFETIME = Duration.ofMinutes(15);

    private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * The app client the login serves: where it redirects after sign-in and sign-out, and the
     * {@code iss} and {@code aud} of its tokens.
     */
    public record Client(String issuer, String clientId, String callbackUrl, String signOutUrl,
            List<String> identityProviders, boolean cognitoLogin) {
        public Client {
            identityProviders = List.copyOf(identityProviders);
        }

        /** A client that offers only the pool's own users, as one without identity providers does. */
        public Client(String issuer, String clientId, String callbackUrl, String signOutUrl) {
            this(issuer, clientId, callbackUrl, signOutUrl, List.of(), true);
        }

        /** The pool id, as Cognito names the group of each provider's users after it. */
        String poolId() {
            return issuer.substring(issuer.lastIndexOf('/') + 1);
        }
    }

    /**
     * A sign-in the login page may complete: a validated {@code /oauth2/authorize} request.
     *
     * @param identityProvider the provider the request named ({@code identity_provider}), or null
     */
    record Authorization(String redirectUri, String scope, String state, String codeChallenge,
            String identityProvider) {}

    /** A completed sign-in: where to send the browser, and its new login session. */
    record SignedIn(String location, String sessionId) {}

    /**
     * What the token or revocation endpoint answers: 200 with tokens (none for a revocation), or an error status
     * with an OAuth {@code error}.
     */
    record TokenAnswer(int status, Map<String, Object> body) {
        static TokenAnswer error(String code) {
            return new TokenAnswer(400, Map.of("error", code));
        }
    }

    /** A request the login refuses without redirecting, since where it would redirect is not trusted. */
    static final class LoginException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LoginException(String message) {
            super(message);
        }
    }

    private interface Expiring {
        Instant expires();
    }

    private record Code(LocalUser user, Authorization authorization, Instant authTime, Instant expires)
            implements Expiring {}

    private record Redeemed(String refreshToken, Instant expires) implements Expiring {}

    private record Refresh(LocalUser user, String scope, Instant authTime, Instant expires) implements Expiring {}

    private record Session(LocalUser user, Instant authTime, Instant expires) implements Expiring {}

    private record FormToken(Authorization authorization, Instant expires) implements Expiring {}

    private final Client client;
    private final List<LocalUser> users;
    private final Clock clock;
    private final RSAKey key;
    private final JWSSigner signer;
    private final ConcurrentMap<String, Code> codes = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Redeemed> redeemed = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Refresh> refreshTokens = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Session> sessions = new ConcurrentHashMap<>();
    /** By the base64url SHA-256 of the token. */
    private final ConcurrentMap<String, FormToken> formTokens = new ConcurrentHashMap<>();

    public LocalLogin(Client client, List<LocalUser> users) {
        this(client, users, Clock.systemUTC());
    }

    LocalLogin(Client client, List<LocalUser> users, Clock clock) {
        if (users.isEmpty()) {
            throw new IllegalArgumentException("the local login needs at least one user");
        }
        this.client = client;
        this.users = List.copyOf(users);
        this.clock = clock;
        try {
            this.key = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                    .keyIDFromThumbprint(true).generate();
            this.signer = new RSASSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot make the local login's signing key", e);
        }
    }

    public Client client() {
        return client;
    }

    public List<LocalUser> users() {
        return users;
    }

    /** The public signing key, as Cognito publishes it at {@code /.well-known/jwks.json}. */
    public Map<String, Object> jwks() {
        return new JWKSet(key.toPublicJWK()).toJSONObject(true);
    }

    /** Checks an {@code /oauth2/authorize} request; a bad one is a {@link LoginException} naming the problem. */
    Authorization authorize(Form query) {
        try {
            if (!client.clientId().equals(query.one("client_id"))) {
                throw new LoginException("client_id is not this app client");
            }
            String redirectUri = query.one("redirect_uri");
            if (!client.callbackUrl().equals(redirectUri)) {
                throw new LoginException("redirect_uri is not a callback URL of this app client");
            }
            if (!"code".equals(query.one("response_type"))) {
                throw new LoginException("response_type must be code");
            }
            String scope = query.one("scope");
            List<String> scopes = scope == null ? List.of() : Arrays.asList(scope.split(" "));
            if (!scopes.contains("openid") || !AppClientSpec.SCOPES.containsAll(scopes)) {
                throw new LoginException("scope must include openid and may add only email and profile");
            }
            if (!"S256".equals(query.one("code_challenge_method"))) {
                throw new LoginException("code_challenge_method must be S256");
            }
            String challenge = query.one("code_challenge");
            if (challenge == null || !CHALLENGE.matcher(challenge).matches()) {
                throw new LoginException("code_challenge must be the base64url SHA-256 of the code verifier");
            }
            String provider = query.one("identity_provider");
            if (provider != null && !client.identityProviders().contains(provider)
                    && !(provider.equals("COGNITO") && client.cognitoLogin())) {
                throw new LoginException("identity_provider is not a provider of this app client");
            }
            return new Authorization(redirectUri, String.join(" ", scopes), query.one("state"), challenge,
                    provider);
        } catch (IllegalArgumentException e) {
            throw new LoginException(e.getMessage());
        }
    }

    /** Signs the user in with the form's credentials and grants a code; empty when they do not match a user. */
    Optional<SignedIn> signIn(Authorization authorization, String username, String password) {
        Optional<LocalUser> user = user(username, password).filter(u -> admits(authorization, u));
        if (user.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        String sessionId = newSecret();
        purge(sessions, now);
        sessions.put(sessionId, new Session(user.get(), now, now.plus(SESSION_LIFETIME)));
        return Optional.of(new SignedIn(grant(user.get(), authorization, now), sessionId));
    }

    /** Grants a code at once when the browser's login session is still on, as Cognito's hosted login does. */
    Optional<String> resume(Authorization authorization, String sessionId) {
        Session session = sessionId == null ? null : sessions.get(sessionId);
        if (session == null || !clock.instant().isBefore(session.expires()) || !admits(authorization, session.user())) {
            return Optional.empty();
        }
        return Optional.of(grant(session.user(), authorization, session.authTime()));
    }

    /**
     * Whether the app client lets this user sign in for this request, as Cognito's hosted login does: a user of
     * the pool only while the client offers Cognito's own login, a provider's user only for a provider the
     * client offers, and only that provider's users when the request named one.
     */
    boolean admits(Authorization authorization, LocalUser user) {
        if (authorization.identityProvider() != null && !authorization.identityProvider().equals("COGNITO")) {
            return authorization.identityProvider().equals(user.provider());
        }
        if (!user.federated()) {
            return client.cognitoLogin();
        }
        return authorization.identityProvider() == null && client.identityProviders().contains(user.provider());
    }

    /**
     * A token for one sign-in page, for the hidden field its form posts back: 32 random bytes, good once, for
     * {@link #FORM_LIFETIME}, with the sign-in request the page was shown for. A page of another site cannot
     * read it, so it cannot post the form (login CSRF).
     */
    String issueFormToken(Authorization authorization) {
        Instant now = clock.instant();
        String token = newSecret();
        purge(formTokens, now);
        formTokens.put(s256(token), new FormToken(authorization, now.plus(FORM_LIFETIME)));
        return token;
    }

    /**
     * Whether {@code token} is one this login issued, unused and unexpired, for this sign-in request. A token
     * that matches is spent, whatever the answer; a wrong one spends nothing.
     */
    boolean spendFormToken(String token, Authorization authorization) {
        if (token == null || token.isEmpty()) {
            return false;
        }
        // Looked up by the token's hash, so the lookup's timing says nothing about the token itself.
        FormToken issued = formTokens.remove(s256(token));
        return issued != null
                && clock.instant().isBefore(issued.expires())
                && issued.authorization().equals(authorization);
    }

    /** The {@code /oauth2/token} endpoint: the authorization_code and refresh_token grants. */
    TokenAnswer token(Form form) {
        try {
            if (!client.clientId().equals(form.one("client_id"))) {
                return TokenAnswer.error("invalid_client");
            }
            String grantType = form.one("grant_type");
            if ("authorization_code".equals(grantType)) {
                return redeem(form.one("code"), form.one("redirect_uri"), form.one("code_verifier"));
            }
            if ("refresh_token".equals(grantType)) {
                return refresh(form.one("refresh_token"));
            }
            return TokenAnswer.error(grantType == null ? "invalid_request" : "unsupported_grant_type");
        } catch (IllegalArgumentException e) {
            return TokenAnswer.error("invalid_request");
        }
    }

    /**
     * The {@code /oauth2/revoke} endpoint, as Cognito documents it: the app client's refresh token stops working
     * (200, empty body); a token it does not know, or knows no more, is answered the same; another client is
     * 401 {@code invalid_client}; no token is 400 {@code invalid_request}; an ID or access token is 400
     * {@code unsupported_token_type}. The ID and access tokens already issued stay valid until they expire: the
     * authorizer only checks their signature, as it does Cognito's.
     */
    TokenAnswer revoke(Form form) {
        String token;
        try {
            if (!client.clientId().equals(form.one("client_id"))) {
                return new TokenAnswer(401, Map.of("error", "invalid_client"));
            }
            token = form.one("token");
        } catch (IllegalArgumentException e) {
            return TokenAnswer.error("invalid_request");
        }
        if (token == null) {
            return TokenAnswer.error("invalid_request");
        }
        if (isJwt(token)) {
            return TokenAnswer.error("unsupported_token_type");
        }
        refreshTokens.remove(token);
        return new TokenAnswer(200, Map.of());
    }

    /** The {@code /logout} endpoint: ends the login session and returns where to send the browser. */
    String logout(Form query, String sessionId) {
        try {
            if (!client.clientId().equals(query.one("client_id"))) {
                throw new LoginException("client_id is not this app client");
            }
            if (!client.signOutUrl().equals(query.one("logout_uri"))) {
                throw new LoginException("logout_uri is not a sign-out URL of this app client");
            }
        } catch (IllegalArgumentException e) {
            throw new LoginException(e.getMessage());
        }
        if (sessionId != null) {
            sessions.remove(sessionId);
        }
        return client.signOutUrl();
    }

    private TokenAnswer redeem(String code, String redirectUri, String verifier) {
        if (code == null || redirectUri == null || verifier == null) {
            return TokenAnswer.error("invalid_request");
        }
        Instant now = clock.instant();
        Code granted = codes.remove(code);
        if (granted == null) {
            Redeemed first = redeemed.remove(code);
            if (first != null) {
                // A code used twice was intercepted: what its first use gave must not last (RFC 6749, 4.1.2).
                refreshTokens.remove(first.refreshToken());
            }
            return TokenAnswer.error("invalid_grant");
        }
        if (!now.isBefore(granted.expires())
                || !granted.authorization().redirectUri().equals(redirectUri)
                || !VERIFIER.matcher(verifier).matches()
                || !MessageDigest.isEqual(s256(verifier).getBytes(StandardCharsets.US_ASCII),
                        granted.authorization().codeChallenge().getBytes(StandardCharsets.US_ASCII))) {
            return TokenAnswer.error("invalid_grant");
        }
        String refreshToken = newSecret();
        purge(refreshTokens, now);
        refreshTokens.put(refreshToken, new Refresh(granted.user(), granted.authorization().scope(), granted.authTime(),
                now.plus(REFRESH_LIFETIME)));
        purge(redeemed, now);
        redeemed.put(code, new Redeemed(refreshToken, granted.expires()));
        Map<String, Object> tokens = tokens(granted.user(), granted.authorization().scope(), granted.authTime(), now);
        tokens.put("refresh_token", refreshToken);
        return new TokenAnswer(200, tokens);
    }

    private TokenAnswer refresh(String refreshToken) {
        if (refreshToken == null) {
            return TokenAnswer.error("invalid_request");
        }
        Instant now = clock.instant();
        Refresh grant = refreshTokens.get(refreshToken);
        if (grant == null || !now.isBefore(grant.expires())) {
            return TokenAnswer.error("invalid_grant");
        }
        return new TokenAnswer(200, tokens(grant.user(), grant.scope(), grant.authTime(), now));
    }

    private String grant(LocalUser user, Authorization authorization, Instant authTime) {
        Instant now = clock.instant();
        String code = newSecret();
        purge(codes, now);
        codes.put(code, new Code(user, authorization, authTime, now.plus(CODE_LIFETIME)));
        StringBuilder location = new StringBuilder(authorization.redirectUri()).append("?code=").append(code);
        if (authorization.state() != null) {
            location.append("&state=").append(URLEncoder.encode(authorization.state(), StandardCharsets.UTF_8));
        }
        return location.toString();
    }

    private Optional<LocalUser> user(String username, String password) {
        if (username == null || password == null) {
            return Optional.empty();
        }
        byte[] given = sha256(password);
        LocalUser match = null;
        for (LocalUser user : users) {
            boolean named = user.username().equals(username)
                    || (user.email() != null && user.email().toLowerCase(Locale.ROOT).equals(username.toLowerCase(Locale.ROOT)));
            // Every user's password is compared, in constant time, so timing tells no names.
            if (MessageDigest.isEqual(given, sha256(user.password())) && named && match == null) {
                match = user;
            }
        }
        return Optional.ofNullable(match);
    }

    private Map<String, Object> tokens(LocalUser user, String scope, Instant authTime, Instant now) {
        Map<String, Object> tokens = new LinkedHashMap<>();
        tokens.put("id_token", sign(idClaims(user, authTime, now)));
        tokens.put("access_token", sign(accessClaims(user, scope, authTime, now)));
        tokens.put("expires_in", TOKEN_LIFETIME.toSeconds());
        tokens.put("token_type", "Bearer");
        return tokens;
    }

    private JWTClaimsSet idClaims(LocalUser user, Instant authTime, Instant now) {
        JWTClaimsSet.Builder claims = common(user, authTime, now)
                .audience(client.clientId())
                .claim("token_use", "id")
                .claim("cognito:username", username(user));
        if (user.email() != null) {
            claims.claim("email", user.email()).claim("email_verified", true);
        }
        if (user.federated()) {
            // As Cognito issues them for a provider's user: who the provider says the user is, the provider's
            // groups in the custom attribute (Cognito's bracketed list), and the group Cognito puts such users in.
            Map<String, Object> identity = new LinkedHashMap<>();
            identity.put("userId", user.username());
            identity.put("providerName", user.provider());
            identity.put("providerType", user.providerType() == null ? "OIDC" : user.providerType());
            identity.put("issuer", null);
            identity.put("primary", "true");
            identity.put("dateCreated", String.valueOf(authTime.toEpochMilli()));
            claims.claim("identities", List.of(identity));
            if (!user.groups().isEmpty()) {
                claims.claim("custom:groups", "[" + String.join(", ", user.groups()) + "]");
            }
        }
        return claims.build();
    }

    private JWTClaimsSet accessClaims(LocalUser user, String scope, Instant authTime, Instant now) {
        return common(user, authTime, now)
                .claim("token_use", "access")
                .claim("client_id", client.clientId())
                .claim("scope", scope)
                .claim("username", username(user))
                .build();
    }

    private JWTClaimsSet.Builder common(LocalUser user, Instant authTime, Instant now) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(client.issuer())
                .subject(user.subject())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(TOKEN_LIFETIME)))
                .claim("auth_time", authTime.getEpochSecond())
                .jwtID(UUID.randomUUID().toString());
        if (user.federated()) {
            claims.claim("cognito:groups", List.of(client.poolId() + "_" + user.provider()));
        } else if (!user.groups().isEmpty()) {
            claims.claim("cognito:groups", user.groups());
        }
        return claims;
    }

    /** Cognito names a provider's user after the provider: {@code corp_ana}. */
    private static String username(LocalUser user) {
        return user.federated() ? user.provider() + "_" + user.username() : user.username();
    }

    private String sign(JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign a token", e);
        }
        return jwt.serialize();
    }

    private static boolean isJwt(String token) {
        try {
            SignedJWT.parse(token);
            return true;
        } catch (ParseException e) {
            return false;
        }
    }

    private static <T extends Expiring> void purge(ConcurrentMap<String, T> entries, Instant now) {
        entries.values().removeIf(entry -> !now.isBefore(entry.expires()));
    }

    private static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String s256(String verifier) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(verifier));
    }

    private static byte[] sha256(String text) {
        return Digests.sha256(text.getBytes(StandardCharsets.UTF_8));
    }
}
