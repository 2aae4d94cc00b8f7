package dev.edgesite.core.settings;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.regions.Region;

/**
 * What the user asked for, as validated by {@link SettingsValidator}: the input of every goal.
 *
 * @param stack names and tags every resource ({@code edgesite:stack=<stack>})
 * @param region where the bucket and the user pool live; edge parts are in us-east-1
 * @param profile AWS profile, or null for the default credentials chain
 * @param domain an existing Route53 hosted zone, or null for the distribution's own name
 * @param service the site's label under {@code domain} (site at {@code service.domain}); null for the apex
 * @param aliases more names (under {@code domain}) on the certificate and the distribution
 * @param functionName the authorizer function's name
 * @param bucket the bucket's name, or null to derive it from the stack and the account
 * @param endpoint one endpoint for every AWS service (an emulator), or null for AWS
 * @param certificateArn an existing us-east-1 certificate to use instead of requesting one, or null
 * @param priceClass CloudFront price class ({@code PriceClass_100}, {@code PriceClass_200}, {@code PriceClass_All})
 * @param previews preview sites per branch, and the preview a goal acts on
 */
public record StackSettings(
        String stack,
        Region region,
        String profile,
        String domain,
        String service,
        List<String> aliases,
        Path siteDirectory,
        boolean indexExample,
        String functionName,
        String bucket,
        URI endpoint,
        String certificateArn,
        String priceClass,
        Auth auth,
        Previews previews) {

    public StackSettings {
        aliases = List.copyOf(aliases);
        previews = previews == null ? Previews.OFF : previews;
    }

    /** Without previews. */
    public StackSettings(String stack, Region region, String profile, String domain, String service,
            List<String> aliases, Path siteDirectory, boolean indexExample, String functionName, String bucket,
            URI endpoint, String certificateArn, String priceClass, Auth auth) {
        this(stack, region, profile, domain, service, aliases, siteDirectory, indexExample, functionName, bucket,
                endpoint, certificateArn, priceClass, auth, Previews.OFF);
    }

    /** The same settings acting on another preview (null: the main site). */
    public StackSettings withPreview(String name) {
        return new StackSettings(stack, region, profile, domain, service, aliases, siteDirectory, indexExample,
                functionName, bucket, endpoint, certificateArn, priceClass, auth,
                new Previews(previews.enabled(), previews.maxAgeDays(), name));
    }

    /**
     * The login settings.
     *
     * @param logo PNG or JPEG shown on the hosted login page, or null
     * @param publicPaths globs anchored at the path's start that need no login
     * @param spa a single-page app: paths without an extension are served /index.html
     * @param allowAnyone self sign-up without {@code allowedGroups} or {@code allowedEmailDomains} is meant:
     *     anyone who makes an account may read the site
     * @param identityProviders the company identity providers people sign in with
     * @param cognitoLogin whether the login page offers Cognito's own user names and passwords too
     * @param accessRules which groups may read which paths; the first matching rule decides
     * @param forbiddenPage the site's own page for a signed-in user who may not read a page, or null
     */
    public record Auth(
            Path logo,
            boolean selfSignUp,
            List<String> allowedGroups,
            List<String> allowedEmailDomains,
            List<String> publicPaths,
            boolean spa,
            boolean allowAnyone,
            List<IdentityProvider> identityProviders,
            boolean cognitoLogin,
            List<AccessRule> accessRules,
            String forbiddenPage) {
        public Auth {
            allowedGroups = List.copyOf(allowedGroups);
            allowedEmailDomains = List.copyOf(allowedEmailDomains);
            publicPaths = List.copyOf(publicPaths);
            identityProviders = List.copyOf(identityProviders);
            accessRules = List.copyOf(accessRules);
        }

        /** Without federation or access rules: Cognito's own login, allowedGroups for every page. */
        public Auth(Path logo, boolean selfSignUp, List<String> allowedGroups, List<String> allowedEmailDomains,
                List<String> publicPaths, boolean spa, boolean allowAnyone) {
            this(logo, selfSignUp, allowedGroups, allowedEmailDomains, publicPaths, spa, allowAnyone, List.of(), true,
                    List.of(), null);
        }

        /** Without {@code allowAnyone}, as most code and tests that build one have no use for it. */
        public Auth(Path logo, boolean selfSignUp, List<String> allowedGroups, List<String> allowedEmailDomains,
                List<String> publicPaths, boolean spa) {
            this(logo, selfSignUp, allowedGroups, allowedEmailDomains, publicPaths, spa, false);
        }
    }

    public boolean hasDomain() {
        return domain != null;
    }

    /** The site's own name: {@code service.domain}, or the domain itself; null without a domain. */
    public String siteHost() {
        if (domain == null) {
            return null;
        }
        return service == null ? domain : service + "." + domain;
    }

    /**
     * The site's name first, then the aliases, then (with previews on) the previews' wildcard: what the
     * certificate and the distribution carry.
     */
    public List<String> hostNames() {
        List<String> names = new ArrayList<>();
        if (domain != null) {
            names.add(siteHost());
            aliases.stream().filter(a -> !names.contains(a)).forEach(names::add);
            if (previews.enabled()) {
                names.add(Previews.wildcard(siteHost()));
            }
        }
        return names;
    }

    /** The previews' wildcard name, {@code *.preview.<site host>}, when previews are on; else null. */
    public String previewWildcard() {
        return previews.enabled() && domain != null ? Previews.wildcard(siteHost()) : null;
    }
}
