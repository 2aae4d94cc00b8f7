package dev.edgesite.core.settings;

import java.nio.file.Path;

/**
 * An {@code <identityProvider>} as the pom gave it, its client secret already looked up where the pom said
 * (a settings.xml {@code <server>} or an environment variable), for {@link SettingsValidator} to check.
 *
 * @param secret the secret found, or null when none was (or none was named)
 * @param secretSource where the secret was looked up, such as {@code settings.xml <server> corp-sso}, or null
 * @param secretMissing why the secret named could not be had, or null
 * @param secretInPom a {@code <clientSecret>} was written in the pom itself, which is refused
 */
public record IdentityProviderInput(
        String name,
        String type,
        String issuer,
        String clientId,
        String clientSecretServer,
        String clientSecretEnv,
        String secret,
        String secretSource,
        String secretMissing,
        boolean secretInPom,
        String scopes,
        String groupsClaim,
        String groupsAttribute,
        String metadataUrl,
        Path metadataFile) {

    @Override
    public String toString() {
        return "IdentityProviderInput[name=" + name + ", type=" + type + ", secret from " + secretSource + "]";
    }
}
