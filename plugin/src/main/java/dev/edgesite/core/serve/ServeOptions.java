package dev.edgesite.core.serve;

import dev.edgesite.core.settings.StackSettings;
import dev.edgesite.core.sync.CacheControlRules;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What serve serves and who may sign in.
 *
 * @param siteDirectory the built site, served as sync would publish it
 * @param port the port on 127.0.0.1 (0 for any free one)
 * @param node the Node.js executable that runs the authorizer
 * @param login the local login, or the stack's user pool
 * @param access who gets in and what needs no login: the {@code <auth>} rules of the stack
 * @param cacheControl the Cache-Control rules sync applies
 * @param preview the preview whose name serve also answers, at {@code http://<preview>.preview.localhost:<port>},
 *     with the site directory as its content; null for the main site only
 */
public record ServeOptions(Path siteDirectory, int port, String node, Login login, StackSettings.Auth access,
        CacheControlRules cacheControl, String preview) {

    /** The main site only. */
    public ServeOptions(Path siteDirectory, int port, String node, Login login, StackSettings.Auth access,
            CacheControlRules cacheControl) {
        this(siteDirectory, port, node, login, access, cacheControl, null);
    }

    public ServeOptions {
        Objects.requireNonNull(siteDirectory, "siteDirectory");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(cacheControl, "cacheControl");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 to 65535: " + port);
        }
    }

    /** Where the authorizer sends people to sign in. */
    public sealed interface Login permits LocalUsers, UserPool {}

    /** The local login with these users, or with a demo user when the list is empty. */
    public record LocalUsers(List<LocalUser> users) implements Login {
        public LocalUsers {
            users = List.copyOf(users);
        }
    }

    /**
     * A real user pool, as {@link StackLogin} finds it: the authorizer fields {@code issuer}, {@code clientId},
     * {@code jwks}, {@code authorizeUrl}, {@code tokenUrl} and {@code logoutUrl}.
     */
    public record UserPool(Map<String, Object> fields) implements Login {
        public UserPool {
            fields = Map.copyOf(fields);
        }
    }
}
