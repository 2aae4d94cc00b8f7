package dev.edgesite.authorizer;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** config.json fields for the authorizer, as provision writes them. */
final class TestConfig {
    static final String AUTH = "https://login.docs.example.com";

    private TestConfig() {}

    /** A config signing in at {@code authBase}; callers put what a test changes. */
    static Map<String, Object> of(String issuer, String clientId, Map<String, Object> jwks, String authBase) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("issuer", issuer);
        config.put("clientId", clientId);
        config.put("jwks", jwks);
        config.put("authorizeUrl", authBase + "/oauth2/authorize");
        config.put("tokenUrl", authBase + "/oauth2/token");
        config.put("logoutUrl", authBase + "/logout");
        config.put("scopes", List.of("openid", "email", "profile"));
        config.put("cookieSecret", newCookieSecret());
        config.put("publicPaths", List.of("/public/*"));
        config.put("allowedGroups", List.of());
        config.put("allowedEmailDomains", List.of());
        config.put("spa", false);
        return config;
    }

    static String newCookieSecret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return Base64.getEncoder().encodeToString(secret);
    }
}
