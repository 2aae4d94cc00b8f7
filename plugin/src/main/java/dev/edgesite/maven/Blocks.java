package dev.edgesite.maven;

import java.io.File;
import java.util.List;

/**
 * The nested blocks of the goals' configuration, as Maven binds them from the pom. Fields the pom leaves
 * out are null, so that the block's {@code edgesite.*} property can stand in for them.
 */
final class Blocks {
    static final String AUTH_PROPERTY = "edgesite.auth.";
    static final String SYNC_PROPERTY = "edgesite.sync.";
    static final String INVALIDATE_PROPERTY = "edgesite.invalidate.";
    static final String PREVIEWS_PROPERTY = "edgesite.previews.";

    private Blocks() {}

    /** {@code <auth>}: who may sign in and what needs no login. */
    public static final class Auth {
        File logo;
        Boolean selfSignUp;
        List<String> allowedGroups;
        List<String> allowedEmailDomains;
        List<String> publicPaths;
        Boolean spa;
        Boolean allowAnyone;
        List<IdentityProvider> identityProviders;
        Boolean cognitoLogin;
        List<AccessRule> accessRules;
        String forbiddenPage;
    }

    /** {@code <previews>}: preview sites per branch at {@code <name>.preview.<service>.<domain>}. */
    public static final class Previews {
        Boolean enabled;
        Integer maxAgeDays;
    }

    /** An {@code <identityProvider>} of {@code <auth><identityProviders>}. */
    public static final class IdentityProvider {
        String name;
        String type;
        String issuer;
        String clientId;
        /** Bound only to be refused: a secret never sits in the pom. */
        String clientSecret;
        String clientSecretServer;
        String clientSecretEnv;
        String scopes;
        String groupsClaim;
        String groupsAttribute;
        String metadataUrl;
        File metadataFile;
    }

    /** A {@code <rule>} of {@code <auth><accessRules>}: the groups that may read the pages a path covers. */
    public static final class AccessRule {
        String path;
        String groups;
    }

    /** {@code <sync>}: how sync publishes the site. */
    public static final class Sync {
        Boolean delete;
        Integer maxDeletes;
        Boolean allowDeletes;
        Integer concurrency;
        List<CacheRule> cacheControl;
    }

    /** A {@code <rule>} of {@code <sync><cacheControl>}: the Cache-Control value of the keys a pattern matches. */
    public static final class CacheRule {
        String pattern;
        String value;
    }

    /** {@code <invalidate>}: what invalidate asks CloudFront to drop from its caches. */
    public static final class Invalidate {
        List<String> paths;
        Boolean wait;
        Integer maxPaths;
    }
}
