package dev.edgesite.core.serve;

import dev.edgesite.core.settings.IdentityProvider;
import dev.edgesite.core.settings.StackSettings;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Someone who may sign in at the local login: what Cognito would know of a user of the stack's pool.
 *
 * @param username what the user types to sign in ({@code cognito:username} in the tokens)
 * @param password the password, compared as given
 * @param email the user's address, verified; null for none
 * @param groups the Cognito groups the user is in ({@code cognito:groups}); for a user of an identity provider,
 *     the groups that provider says ({@code custom:groups})
 * @param provider the identity provider the user signs in with, or null for a user of the pool itself
 * @param providerType that provider's type, {@code OIDC} or {@code SAML}; null with no provider
 */
public record LocalUser(String username, String password, String email, List<String> groups, String provider,
        String providerType) {
    private static final String PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final int PASSWORD_LENGTH = 16;

    public LocalUser {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        groups = List.copyOf(groups);
    }

    /** A user of the pool itself, who signs in with Cognito's own login. */
    public LocalUser(String username, String password, String email, List<String> groups) {
        this(username, password, email, groups, null, null);
    }

    public boolean federated() {
        return provider != null;
    }

    /**
     * The user serve signs in when none are configured, with a fresh random password: in every group of
     * {@code allowedGroups} and with an address in the first of {@code allowedEmailDomains}, so the site's
     * access rules let it in; a user of the first identity provider when Cognito's own login is off.
     */
    public static LocalUser demo(StackSettings.Auth auth) {
        List<String> domains = auth.allowedEmailDomains();
        String domain = domains.isEmpty() ? "example.com" : domains.get(0).replaceFirst("^@", "");
        IdentityProvider provider = auth.cognitoLogin() || auth.identityProviders().isEmpty() ? null
                : auth.identityProviders().get(0);
        return new LocalUser("demo", randomPassword(), "demo@" + domain, auth.allowedGroups(),
                provider == null ? null : provider.name(), provider == null ? null : provider.type().name());
    }

    /** A stable {@code sub}, as Cognito's stays the same for a user across sign-ins. */
    String subject() {
        return UUID.nameUUIDFromBytes(("edgesite-serve:" + username).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Never the password: this record is printed in logs and assertion messages. */
    @Override
    public String toString() {
        return "LocalUser[" + username + ", " + email + ", groups " + groups
                + (provider == null ? "" : ", provider " + provider) + "]";
    }

    private static String randomPassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder(PASSWORD_LENGTH);
        for (int i = 0; i < PASSWORD_LENGTH; i++) {
            password.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
        }
        return password.toString();
    }
}
