package dev.edgesite.maven;

import dev.edgesite.core.settings.IdentityProviderInput;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/**
 * Looks up an identity provider's client secret where the pom says it is: the password of a settings.xml
 * {@code <server>}, decrypted as Maven decrypts it (settings-security.xml), or an environment variable.
 * What it found goes to the validator; no message here or there holds the secret itself.
 */
final class Secrets {
    private final MavenSession session;
    private final SettingsDecrypter decrypter;
    private final MavenProject project;
    private final boolean lookUp;
    private final UnaryOperator<String> environment;

    /** @param lookUp false for goals that never send a secret (serve): then none is looked up or needed */
    Secrets(MavenSession session, SettingsDecrypter decrypter, MavenProject project, boolean lookUp) {
        this(session, decrypter, project, lookUp, System::getenv);
    }

    Secrets(MavenSession session, SettingsDecrypter decrypter, MavenProject project, boolean lookUp,
            UnaryOperator<String> environment) {
        this.session = session;
        this.decrypter = decrypter;
        this.project = project;
        this.lookUp = lookUp;
        this.environment = environment;
    }

    IdentityProviderInput input(Blocks.IdentityProvider block) {
        if (block == null) {
            return null;
        }
        String server = blank(block.clientSecretServer) ? null : block.clientSecretServer.strip();
        String env = blank(block.clientSecretEnv) ? null : block.clientSecretEnv.strip();
        String secret = null;
        String source = null;
        String missing = null;
        if (lookUp && server != null && env == null) {
            source = "settings.xml <server> " + server;
            Server entry = session.getSettings() == null ? null : session.getSettings().getServer(server);
            if (entry == null) {
                missing = "names no <server> in settings.xml (" + settingsFile() + ")";
            } else {
                SettingsDecryptionResult decrypted = decrypter.decrypt(new DefaultSettingsDecryptionRequest(entry));
                if (!decrypted.getProblems().isEmpty()) {
                    missing = "names a <server> whose password Maven could not decrypt ("
                            + decrypted.getProblems().get(0).getMessage() + ")";
                } else {
                    secret = decrypted.getServer().getPassword();
                    if (blank(secret)) {
                        missing = "names a <server> in settings.xml that has no <password>";
                        secret = null;
                    }
                }
            }
        } else if (lookUp && env != null && server == null) {
            source = "environment variable " + env;
            secret = environment.apply(env);
            if (blank(secret)) {
                missing = "names an environment variable that is not set (or empty)";
                secret = null;
            }
        }
        Path metadataFile = block.metadataFile == null ? null
                : project.getBasedir().toPath().resolve(block.metadataFile.toPath());
        return new IdentityProviderInput(block.name, block.type, block.issuer, block.clientId, server, env, secret,
                source, missing, !blank(block.clientSecret), block.scopes, block.groupsClaim, block.groupsAttribute,
                block.metadataUrl, metadataFile);
    }

    private String settingsFile() {
        return session.getRequest() != null && session.getRequest().getUserSettingsFile() != null
                ? session.getRequest().getUserSettingsFile().toString() : "~/.m2/settings.xml";
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
