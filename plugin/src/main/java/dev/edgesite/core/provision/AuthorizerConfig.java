package dev.edgesite.core.provision;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import dev.edgesite.core.aws.AppClientSpec;
import dev.edgesite.core.settings.IdentityProvider;
import dev.edgesite.core.settings.Previews;
import dev.edgesite.core.settings.StackSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;

/**
 * The authorizer's config.json: the pool's issuer and keys, the login endpoints, the site's rules.
 * Public for serve, which runs the same authorizer against the stack's pool.
 */
public final class AuthorizerConfig {
    public static final String CALLBACK_PATH = "/_edgesite/callback";
    public static final String SIGN_OUT_PATH = "/_edgesite/signout";

    private AuthorizerConfig() {}

    public static String issuer(StackSettings s, String poolId) {
        return "https://cognito-idp." + s.region().id() + ".amazonaws.com/" + poolId;
    }

    public static String loginHost(StackSettings s, String domainPrefix) {
        return "https://" + domainPrefix + ".auth." + s.region().id() + ".amazoncognito.com";
    }

    /** Where the pool publishes its keys: Cognito's, or the emulator's when an endpoint is set. */
    public static URI jwksUri(StackSettings s, URI endpoint, String poolId) {
        String base = endpoint == null ? issuer(s, poolId) : endpoint.toString().replaceAll("/+$", "") + "/" + poolId;
        return URI.create(base + "/.well-known/jwks.json");
    }

    /**
     * Fetches the pool's JWKS and checks it holds RS256 signing keys with ids, as the authorizer needs. Through
     * the goal's own HTTP client ({@link dev.edgesite.core.aws.AwsClients#http()}), which the goal closes: a
     * client made here would keep its selector thread and connection after the goal (Java 17 cannot close one).
     */
    public static Map<String, Object> fetchJwks(SdkHttpClient http, URI uri) {
        SdkHttpFullRequest get = SdkHttpFullRequest.builder().uri(uri).method(SdkHttpMethod.GET).build();
        try {
            HttpExecuteResponse r = http.prepareRequest(HttpExecuteRequest.builder().request(get).build()).call();
            String body;
            try (InputStream in = r.responseBody().map(InputStream.class::cast).orElse(InputStream.nullInputStream())) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (r.httpResponse().statusCode() != 200) {
                throw new IllegalStateException("The user pool's keys at " + uri + " answered HTTP "
                        + r.httpResponse().statusCode());
            }
            JWKSet set = JWKSet.parse(body);
            List<JWK> usable = set.getKeys().stream()
                    .filter(k -> k.getKeyType() == KeyType.RSA && k.getKeyID() != null && !k.isPrivate())
                    .toList();
            if (usable.isEmpty()) {
                throw new IllegalStateException("The user pool's key set at " + uri + " has no RSA signing key");
            }
            return new JWKSet(usable).toJSONObject(true);
        } catch (IOException | ParseException e) {
            throw new IllegalStateException("Cannot read the user pool's keys at " + uri + ": " + e.getMessage(), e);
        }
    }

    public static Map<String, Object> build(StackSettings s, String poolId, String clientId, String domainPrefix,
            Map<String, Object> jwks, String cookieSecret) {
        String login = loginHost(s, domainPrefix);
        Map<String, Object> c = new TreeMap<>();
        c.put("issuer", issuer(s, poolId));
        c.put("clientId", clientId);
        c.put("jwks", jwks);
        c.put("authorizeUrl", login + "/oauth2/authorize");
        c.put("tokenUrl", login + "/oauth2/token");
        c.put("logoutUrl", login + "/logout");
        c.put("scopes", AppClientSpec.SCOPES);
        c.put("callbackPath", CALLBACK_PATH);
        c.put("signOutPath", SIGN_OUT_PATH);
        c.put("cookieSecret", cookieSecret);
        c.put("publicPaths", s.auth().publicPaths());
        c.put("allowedGroups", s.auth().allowedGroups());
        c.put("allowedEmailDomains", s.auth().allowedEmailDomains());
        c.put("spa", s.auth().spa());
        federation(s.auth(), c);
        previews(s, c);
        return c;
    }

    /**
     * With previews on (and a domain), where they live: {@code <name>.preview.<site host>}, behind the site's login.
     * Written only then, so that a stack without previews keeps the config.json (and the function version) it had.
     */
    static void previews(StackSettings s, Map<String, Object> c) {
        if (s.previewWildcard() == null) {
            return;
        }
        Map<String, Object> previews = new TreeMap<>();
        previews.put("domain", Previews.domain(s.siteHost()));
        previews.put("siteHost", s.siteHost());
        c.put("previews", previews);
    }

    /**
     * The sign-in and page rules beyond Cognito's own users, written only when set, so that a stack without
     * them keeps the config.json (and the function version) it had.
     */
    public static void federation(StackSettings.Auth auth, Map<String, Object> c) {
        if (!auth.identityProviders().isEmpty()) {
            c.put("identityProviders", auth.identityProviders().stream().map(IdentityProvider::name).toList());
            c.put("groupsClaim", IdentityProvider.GROUPS_CLAIM);
        }
        if (!auth.cognitoLogin()) {
            c.put("cognitoLogin", false);
        }
        if (!auth.accessRules().isEmpty()) {
            c.put("accessRules", auth.accessRules().stream()
                    .map(rule -> Map.of("path", rule.path(), "groups", rule.groups())).toList());
        }
        if (auth.forbiddenPage() != null) {
            c.put("forbiddenPage", auth.forbiddenPage());
        }
    }
}
