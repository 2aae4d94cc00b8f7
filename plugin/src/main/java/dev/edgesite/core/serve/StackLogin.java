package dev.edgesite.core.serve;

import dev.edgesite.core.Log;
import dev.edgesite.core.settings.StackSettings;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.aws.UserPools;
import dev.edgesite.core.provision.AuthorizerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolClientType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolType;

/**
 * Serve against the provisioned stack's user pool ({@code -Dedgesite.idp=stack}): the authorizer's login
 * settings exactly as provision writes them (issuer, app client, hosted login URLs, the pool's keys),
 * found by the pool's name and tag. Cognito sends the browser back only to URLs the app client lists, so
 * {@code http://localhost:<port>/_edgesite/callback} (and {@code http://localhost:<port>/} for sign-out)
 * must be among them; this warns when they are not.
 */
public final class StackLogin {
    private StackLogin() {}

    /** Reads the pool, its app client and keys; a stack that was not provisioned is a {@link StackNotFoundException}. */
    public static ServeOptions.UserPool find(StackSettings settings, AwsClients aws, int port, Log log) {
        UserPools pools = new UserPools(aws.cognito());
        UserPoolType pool = pools.findPool(settings.stack()).orElseThrow(() ->
                new StackNotFoundException(settings.stack(), "it has no user pool " + UserPools.poolName(settings.stack())));
        String clientName = UserPools.clientName(settings.stack());
        UserPoolClientType client = pools.findClient(pool.id(), clientName).orElseThrow(() ->
                new StackNotFoundException(settings.stack(), "its user pool " + pool.id() + " has no app client "
                        + clientName));
        if (pool.domain() == null || pool.domain().isBlank()) {
            throw new StackNotFoundException(settings.stack(), "its user pool " + pool.id() + " has no login domain");
        }
        Map<String, Object> jwks = AuthorizerConfig.fetchJwks(aws.http(),
                AuthorizerConfig.jwksUri(settings, aws.endpoint(), pool.id()));
        Map<String, Object> provisioned = AuthorizerConfig.build(settings, pool.id(), client.clientId(), pool.domain(), jwks,
                "");
        List<String> missing = unregistered(client, port);
        if (!missing.isEmpty()) {
            log.warn("The app client " + client.clientId() + " of user pool " + pool.id() + " does not allow "
                    + String.join(" and ", missing) + ", so Cognito will refuse to send you back here after signing"
                    + " in (redirect_mismatch). Add them to the app client's allowed callback and sign-out URLs (Cognito"
                    + " console: App clients > " + clientName + " > Login pages); provision removes them again, as it"
                    + " sets the site's own URLs.");
        }
        return new ServeOptions.UserPool(Map.of(
                "issuer", provisioned.get("issuer"),
                "clientId", provisioned.get("clientId"),
                "jwks", provisioned.get("jwks"),
                "authorizeUrl", provisioned.get("authorizeUrl"),
                "tokenUrl", provisioned.get("tokenUrl"),
                "logoutUrl", provisioned.get("logoutUrl")));
    }

    /** The local URLs the app client must list for serve's sign-in and sign-out, those it does not. */
    static List<String> unregistered(UserPoolClientType client, int port) {
        String origin = "http://localhost:" + port;
        List<String> missing = new ArrayList<>();
        String callback = origin + AuthorizerConfig.CALLBACK_PATH;
        if (!client.callbackURLs().contains(callback)) {
            missing.add("the callback URL " + callback);
        }
        String signOut = origin + "/";
        if (!client.logoutURLs().contains(signOut)) {
            missing.add("the sign-out URL " + signOut);
        }
        return missing;
    }

    /** The stack has no (complete) user pool: provision it first. */
    public static final class StackNotFoundException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StackNotFoundException(String stack, String why) {
            super("Stack '" + stack + "' is not provisioned: " + why + ". Run mvn edgesite:provision first"
                    + " (or check <stack> and <region>), or serve with the local login (-Dedgesite.idp=local).");
        }
    }
}
