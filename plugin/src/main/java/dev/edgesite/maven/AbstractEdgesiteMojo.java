package dev.edgesite.maven;

import dev.edgesite.core.settings.ContentSettings;
import dev.edgesite.core.settings.ContentSettingsValidator;
import dev.edgesite.core.settings.SettingsValidator;
import dev.edgesite.core.settings.StackSettings;
import dev.edgesite.core.sync.CacheControlRules;
import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Every parameter of every edgesite goal. A value written in the pom wins over its
 * {@code edgesite.*} property.
 */
public abstract class AbstractEdgesiteMojo extends AbstractMojo {
    private static final String AUTH_PROPERTY = "edgesite.auth.";
    private static final String SYNC_PROPERTY = "edgesite.sync.";
    private static final String INVALIDATE_PROPERTY = "edgesite.invalidate.";

    /** Skips every edgesite goal. */
    @Parameter(property = "edgesite.skip", defaultValue = "false")
    private boolean skip;

    /**
     * The stack's name. It names and tags every resource ({@code edgesite:stack=<stack>}) and is how
     * provision finds them again, so changing it later starts a new stack. 3-32 lowercase letters, digits
     * and hyphens, starting with a letter; it must not contain {@code aws}, {@code amazon} or
     * {@code cognito}.
     */
    @Parameter(property = "edgesite.stack", defaultValue = "${project.artifactId}")
    private String stack;

    /**
     * The AWS region of the bucket and the user pool, such as {@code eu-west-1}. The certificate and the
     * authorizer function are always in us-east-1, where CloudFront takes them from. Neither
     * {@code AWS_REGION} nor the profile's region is consulted, so every machine finds the stack in the
     * same place.
     */
    @Parameter(property = "edgesite.region", defaultValue = SettingsValidator.DEFAULT_REGION)
    private String region;

    /**
     * The AWS profile (from {@code ~/.aws/config} and {@code ~/.aws/credentials}) whose credentials the
     * goals use. Unset, the default credentials chain applies: environment variables, the
     * {@code AWS_PROFILE} or default profile, then the container or instance role.
     */
    @Parameter(property = "edgesite.profile")
    private String profile;

    /**
     * A Route53 hosted zone of the account, such as {@code example.com}, under which the site gets its
     * name, certificate and DNS records. Unset, the site is served on the distribution's own
     * {@code *.cloudfront.net} name.
     */
    @Parameter(property = "edgesite.domain")
    private String domain;

    /**
     * The site's label under {@code domain}: {@code docs} serves the site at {@code docs.example.com}.
     * Unset, the site is at the domain itself. Needs {@code domain}.
     */
    @Parameter(property = "edgesite.service")
    private String service;

    /**
     * More names in the {@code domain} zone that the certificate and the distribution carry, such as
     * {@code www.example.com}. As a property, separate them with commas. Needs {@code domain}.
     */
    @Parameter(property = "edgesite.aliases")
    private List<String> aliases;

    /** The built site that sync uploads. */
    @Parameter(property = "edgesite.siteDirectory", defaultValue = "${project.build.directory}/site")
    private File siteDirectory;

    /** Publishes a sample {@code index.html} when the site has none, to see the stack work before the site exists. */
    @Parameter(property = "edgesite.indexExample", defaultValue = "false")
    private boolean indexExample;

    /**
     * The name of the Lambda@Edge authorizer function (in us-east-1): 1-64 letters, digits, hyphens and
     * underscores. Defaults to {@code <stack>-authorizer}.
     */
    @Parameter(property = "edgesite.functionName")
    private String functionName;

    /**
     * The S3 bucket holding the site. Bucket names are global across all AWS accounts; unset, provision
     * derives one from the stack and the account id.
     */
    @Parameter(property = "edgesite.bucket")
    private String bucket;

    /**
     * One endpoint for every AWS service, such as {@code http://127.0.0.1:5000} for an emulator like
     * moto. Unset, the goals talk to AWS itself (or to {@code AWS_ENDPOINT_URL} when that is set).
     */
    @Parameter(property = "edgesite.endpoint")
    private String endpoint;

    /**
     * The ARN of an existing ACM certificate in us-east-1 covering the site's names, to use instead of
     * one provision requests and validates through Route53. Needs {@code domain}.
     */
    @Parameter(property = "edgesite.certificateArn")
    private String certificateArn;

    /**
     * Which CloudFront edge locations serve the site: {@code PriceClass_100} (North America, Europe and
     * Israel; the cheapest), {@code PriceClass_200} (adds most of Asia, the Middle East and Africa) or
     * {@code PriceClass_All} (every location).
     */
    @Parameter(property = "edgesite.priceClass", defaultValue = SettingsValidator.DEFAULT_PRICE_CLASS)
    private String priceClass;

    /**
     * Where the goals write what they did or would do: {@code plan.json}, {@code stack.json} (the site
     * and login URLs, bucket, distribution, user pool and client ids), {@code sync.json} (the keys
     * uploaded, fixed and deleted, and the changed URL paths) and {@code invalidate.json}.
     */
    @Parameter(property = "edgesite.outputDirectory", defaultValue = "${project.build.directory}/edgesite")
    private File outputDirectory;

    /**
     * Who may sign in and what needs no login. Each field also has a property (list entries separated by
     * commas), used when the pom leaves the field out:
     * <ul>
     * <li>{@code logo} ({@code edgesite.auth.logo}): a PNG or JPEG of at most 100 KB shown on the login
     * page.</li>
     * <li>{@code selfSignUp} ({@code edgesite.auth.selfSignUp}, default false): visitors may create their
     * own account; otherwise an administrator creates users in the user pool. Needs {@code allowedGroups} or
     * {@code allowedEmailDomains}, or {@code allowAnyone}.</li>
     * <li>{@code allowAnyone} ({@code edgesite.auth.allowAnyone}, default false): with {@code selfSignUp} and
     * neither {@code allowedGroups} nor {@code allowedEmailDomains}, anyone who makes an account may read the
     * site, and that is meant; without it, such a configuration fails the build.</li>
     * <li>{@code allowedGroups} ({@code edgesite.auth.allowedGroups}): only members of one of these
     * Cognito groups get in.</li>
     * <li>{@code allowedEmailDomains} ({@code edgesite.auth.allowedEmailDomains}): only users whose email
     * is in one of these domains, such as {@code example.com}, get in. With {@code allowedGroups} as well,
     * both must hold.</li>
     * <li>{@code publicPaths} ({@code edgesite.auth.publicPaths}): paths served without login, as globs
     * from the site's root: {@code /public/*} covers everything below {@code /public/}.</li>
     * <li>{@code spa} ({@code edgesite.auth.spa}, default false): a single-page app; paths without a file
     * extension are served {@code /index.html}.</li>
     * </ul>
     */
    @Parameter
    private Auth auth;

    /** sync, invalidate and deploy only say what they would do: nothing is written to AWS. */
    @Parameter(property = "edgesite.dryRun", defaultValue = "false")
    private boolean dryRun;

    /**
     * How sync publishes the site. Each field also has a property, used when the pom leaves the field out:
     * <ul>
     * <li>{@code delete} ({@code edgesite.sync.delete}, default true): delete the objects whose file left the
     * site, once every upload has succeeded.</li>
     * <li>{@code maxDeletes} ({@code edgesite.sync.maxDeletes}, default 256): a sync that would delete more
     * objects is refused before it writes anything.</li>
     * <li>{@code allowDeletes} ({@code edgesite.sync.allowDeletes}, default false): delete them even when they
     * are more than {@code maxDeletes}; meant for one run, {@code -Dedgesite.sync.allowDeletes}.</li>
     * <li>{@code concurrency} ({@code edgesite.sync.concurrency}, default 32): requests in flight at once,
     * 1 to 64.</li>
     * <li>{@code cacheControl}: Cache-Control by file, a list of
     * {@code <rule><pattern>*.pdf</pattern><value>max-age=3600</value></rule>}. The first rule whose pattern
     * matches wins; then the defaults apply: pages {@code no-cache}, fingerprinted assets
     * ({@code app.3f2a1b4c.js}) a year, anything else five minutes. In a pattern {@code *} matches within a
     * folder, {@code **} across folders, {@code {a,b}} either; a pattern without {@code /} matches a file
     * name in any folder, one starting with {@code /} is anchored at the site's root.</li>
     * </ul>
     */
    @Parameter
    private Sync sync;

    /**
     * What invalidate asks CloudFront to drop from its caches. Each field also has a property, used when the
     * pom leaves the field out:
     * <ul>
     * <li>{@code paths} ({@code edgesite.invalidate.paths}, separated by commas): URL paths that the invalidate
     * goal invalidates instead of what the last sync changed, such as {@code /*} or {@code /docs/*}. deploy
     * always invalidates what its sync changed.</li>
     * <li>{@code wait} ({@code edgesite.invalidate.wait}, default false): wait until CloudFront has completed
     * the invalidation, at most 20 minutes.</li>
     * <li>{@code maxPaths} ({@code edgesite.invalidate.maxPaths}, default 15): the most paths one invalidation
     * sends; more changed paths are collapsed into wildcards such as {@code /docs/*}. CloudFront bills each
     * path (a wildcard as one) beyond the account's first 1,000 in a month.</li>
     * </ul>
     */
    @Parameter
    private Invalidate invalidate;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    private MavenSession session;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    /** Whether {@code edgesite.skip} is set; says so when it is. */
    protected boolean skipped() {
        if (skip) {
            getLog().info("Skipping edgesite: skip (edgesite.skip) is true");
        }
        return skip;
    }

    /** The configuration, validated before any AWS call. */
    protected StackSettings settings() throws MojoFailureException {
        Auth configured = auth != null ? auth : new Auth();
        Path logo = configured.logo != null ? configured.logo.toPath() : null;
        try {
            return new SettingsValidator()
                    .stack(stack)
                    .region(region)
                    .profile(profile)
                    .domain(domain)
                    .service(service)
                    .aliases(aliases)
                    .siteDirectory(siteDirectory.toPath())
                    .indexExample(indexExample)
                    .functionName(functionName)
                    .bucket(bucket)
                    .endpoint(endpoint)
                    .certificateArn(certificateArn)
                    .priceClass(priceClass)
                    .logo(orProperty(logo, AUTH_PROPERTY + "logo", project.getBasedir().toPath()::resolve))
                    .selfSignUp(flag(configured.selfSignUp, AUTH_PROPERTY + "selfSignUp"))
                    .allowedGroups(list(configured.allowedGroups, AUTH_PROPERTY + "allowedGroups"))
                    .allowedEmailDomains(list(configured.allowedEmailDomains, AUTH_PROPERTY + "allowedEmailDomains"))
                    .publicPaths(list(configured.publicPaths, AUTH_PROPERTY + "publicPaths"))
                    .spa(flag(configured.spa, AUTH_PROPERTY + "spa"))
                    .allowAnyone(flag(configured.allowAnyone, AUTH_PROPERTY + "allowAnyone"))
                    .validate();
        } catch (SettingsValidator.InvalidSettings e) {
            throw Advice.invalidSettings(e);
        }
    }

    /** The sync and invalidate settings, validated before any AWS call. */
    protected ContentSettings contentSettings(StackSettings settings) throws MojoFailureException {
        Sync syncing = sync != null ? sync : new Sync();
        Invalidate invalidating = invalidate != null ? invalidate : new Invalidate();
        List<CacheControlRules.Rule> rules = syncing.cacheControl == null ? null : syncing.cacheControl.stream()
                .map(rule -> new CacheControlRules.Rule(rule.pattern, rule.value)).toList();
        try {
            return new ContentSettingsValidator()
                    .dryRun(dryRun)
                    .indexExample(settings.indexExample())
                    .delete(orProperty(syncing.delete, SYNC_PROPERTY + "delete", Boolean::valueOf))
                    .maxDeletes(text(syncing.maxDeletes, SYNC_PROPERTY + "maxDeletes"))
                    .allowDeletes(orProperty(syncing.allowDeletes, SYNC_PROPERTY + "allowDeletes", Boolean::valueOf))
                    .concurrency(text(syncing.concurrency, SYNC_PROPERTY + "concurrency"))
                    .cacheControl(rules)
                    .invalidatePaths(list(invalidating.paths, INVALIDATE_PROPERTY + "paths"))
                    .waitForInvalidation(orProperty(invalidating.wait, INVALIDATE_PROPERTY + "wait", Boolean::valueOf))
                    .maxPaths(text(invalidating.maxPaths, INVALIDATE_PROPERTY + "maxPaths"))
                    .validate();
        } catch (SettingsValidator.InvalidSettings e) {
            throw Advice.invalidSettings(e);
        }
    }

    /** The core's log, writing to Maven's. */
    protected dev.edgesite.core.Log coreLog() {
        boolean interactive = System.console() != null && session.getRequest().isInteractiveMode();
        return new MavenLog(getLog(), interactive);
    }

    /** Where the goals write what they did or would do. */
    protected OutputDirectory outputs() {
        return new OutputDirectory(outputDirectory.toPath());
    }

    /** Writes one of the goal's outputs into {@code outputDirectory}. */
    protected Path writeOutput(String fileName, String content) throws MojoExecutionException {
        return outputs().write(fileName, content);
    }

    private boolean flag(Boolean configured, String property) {
        return Boolean.TRUE.equals(orProperty(configured, property, Boolean::valueOf));
    }

    private List<String> list(List<String> configured, String property) {
        return orProperty(configured, property, value ->
                Arrays.stream(value.split(",")).map(String::strip).filter(entry -> !entry.isEmpty()).toList());
    }

    private String text(Object configured, String property) {
        return orProperty(Objects.toString(configured, null), property, Function.identity());
    }

    /**
     * The pom's value, else the property: the first of a user property (-D), a system property and a
     * project property. For the fields of nested blocks, which Maven binds from the pom only.
     */
    private <T> T orProperty(T configured, String property, Function<String, T> parse) {
        if (configured != null) {
            return configured;
        }
        String value = session.getUserProperties().getProperty(property,
                session.getSystemProperties().getProperty(property, project.getProperties().getProperty(property)));
        return value == null ? null : parse.apply(value);
    }

    /** The {@code <auth>} block, described with the auth parameter. Fields the pom leaves out are null. */
    public static final class Auth {
        private File logo;
        private Boolean selfSignUp;
        private List<String> allowedGroups;
        private List<String> allowedEmailDomains;
        private List<String> publicPaths;
        private Boolean spa;
        private Boolean allowAnyone;
    }

    /** The {@code <sync>} block, described with the sync parameter. Fields the pom leaves out are null. */
    public static final class Sync {
        private Boolean delete;
        private Integer maxDeletes;
        private Boolean allowDeletes;
        private Integer concurrency;
        private List<CacheRule> cacheControl;
    }

    /** A {@code <rule>} of {@code <sync><cacheControl>}: the Cache-Control value of the keys a pattern matches. */
    public static final class CacheRule {
        private String pattern;
        private String value;
    }

    /** The {@code <invalidate>} block, described with the invalidate parameter. Fields the pom leaves out are null. */
    public static final class Invalidate {
        private List<String> paths;
        private Boolean wait;
        private Integer maxPaths;
    }
}
