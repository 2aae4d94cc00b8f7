package dev.edgesite.core.settings;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.regions.Region;

/**
 * Turns the values a user wrote into {@link StackSettings}, checking each against what AWS will
 * accept before any call is made. Blank values count as unset; DNS names are lowercased and lose a
 * trailing dot. Every problem is reported at once.
 */
public final class SettingsValidator {
    public static final String DEFAULT_REGION = "us-east-1";
    public static final String DEFAULT_PRICE_CLASS = "PriceClass_100";
    public static final List<String> PRICE_CLASSES = List.of("PriceClass_100", "PriceClass_200", "PriceClass_All");
    /** Cognito's limit for the logo on its hosted login page. */
    public static final long MAX_LOGO_BYTES = 100 * 1024;

    private static final Pattern STACK = Pattern.compile("[a-z][a-z0-9-]{1,30}[a-z0-9]");
    private static final List<String> RESERVED_IN_STACK = List.of("aws", "amazon", "cognito");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    private static final Pattern FUNCTION_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");
    private static final Region CERTIFICATE_REGION = Region.US_EAST_1;
    private static final Pattern ACM_ARN =
            Pattern.compile("arn:aws:acm:([a-z0-9-]+):\\d{12}:certificate/[A-Za-z0-9-]+");
    private static final List<String> BUCKET_PREFIXES = List.of("xn--", "sthree-", "amzn-s3-demo-");
    private static final List<String> BUCKET_SUFFIXES = List.of("-s3alias", "--ol-s3", ".mrap", "--x-s3");
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};

    private String stack;
    private String region;
    private String profile;
    private String domain;
    private String service;
    private List<String> aliases;
    private Path siteDirectory;
    private boolean indexExample;
    private String functionName;
    private String bucket;
    private String endpoint;
    private String certificateArn;
    private String priceClass;
    private Path logo;
    private boolean selfSignUp;
    private List<String> allowedGroups;
    private List<String> allowedEmailDomains;
    private List<String> publicPaths;
    private boolean spa;
    private boolean allowAnyone;
    private List<IdentityProviderInput> identityProviders;
    private Boolean cognitoLogin;
    private List<AccessRule> accessRules;
    private String forbiddenPage;
    private boolean secretsNeeded = true;
    private Boolean previewsEnabled;
    private String previewsMaxAgeDays;
    private String preview;
    private boolean previewNeedsPreviews;

    private final List<InvalidSettingException> problems = new ArrayList<>();

    public SettingsValidator stack(String stack) {
        this.stack = stack;
        return this;
    }

    /** Unset means {@value #DEFAULT_REGION}. */
    public SettingsValidator region(String region) {
        this.region = region;
        return this;
    }

    public SettingsValidator profile(String profile) {
        this.profile = profile;
        return this;
    }

    public SettingsValidator domain(String domain) {
        this.domain = domain;
        return this;
    }

    public SettingsValidator service(String service) {
        this.service = service;
        return this;
    }

    public SettingsValidator aliases(List<String> aliases) {
        this.aliases = aliases;
        return this;
    }

    public SettingsValidator siteDirectory(Path siteDirectory) {
        this.siteDirectory = siteDirectory;
        return this;
    }

    public SettingsValidator indexExample(boolean indexExample) {
        this.indexExample = indexExample;
        return this;
    }

    /** Unset means {@code <stack>-authorizer}. */
    public SettingsValidator functionName(String functionName) {
        this.functionName = functionName;
        return this;
    }

    public SettingsValidator bucket(String bucket) {
        this.bucket = bucket;
        return this;
    }

    public SettingsValidator endpoint(String endpoint) {
        this.endpoint = endpoint;
        return this;
    }

    public SettingsValidator certificateArn(String certificateArn) {
        this.certificateArn = certificateArn;
        return this;
    }

    /** Unset means {@value #DEFAULT_PRICE_CLASS}. */
    public SettingsValidator priceClass(String priceClass) {
        this.priceClass = priceClass;
        return this;
    }

    public SettingsValidator logo(Path logo) {
        this.logo = logo;
        return this;
    }

    public SettingsValidator selfSignUp(boolean selfSignUp) {
        this.selfSignUp = selfSignUp;
        return this;
    }

    public SettingsValidator allowedGroups(List<String> allowedGroups) {
        this.allowedGroups = allowedGroups;
        return this;
    }

    public SettingsValidator allowedEmailDomains(List<String> allowedEmailDomains) {
        this.allowedEmailDomains = allowedEmailDomains;
        return this;
    }

    public SettingsValidator publicPaths(List<String> publicPaths) {
        this.publicPaths = publicPaths;
        return this;
    }

    public SettingsValidator spa(boolean spa) {
        this.spa = spa;
        return this;
    }

    /** Self sign-up without an access rule is meant: anyone who makes an account may read the site. */
    public SettingsValidator allowAnyone(boolean allowAnyone) {
        this.allowAnyone = allowAnyone;
        return this;
    }

    /** The company identity providers people sign in with, their secrets looked up already. */
    public SettingsValidator identityProviders(List<IdentityProviderInput> identityProviders) {
        this.identityProviders = identityProviders;
        return this;
    }

    /** False for goals that never send a provider's secret to AWS (serve): then none is needed. */
    public SettingsValidator secretsNeeded(boolean secretsNeeded) {
        this.secretsNeeded = secretsNeeded;
        return this;
    }

    /** Whether the login page offers Cognito's own user names and passwords too; null for the default, true. */
    public SettingsValidator cognitoLogin(Boolean cognitoLogin) {
        this.cognitoLogin = cognitoLogin;
        return this;
    }

    /** Which groups may read which paths, as the pom wrote them (checked here). */
    public SettingsValidator accessRules(List<AccessRule> accessRules) {
        this.accessRules = accessRules;
        return this;
    }

    /** The site's own page for a signed-in user who may not read a page, such as /403.html. */
    public SettingsValidator forbiddenPage(String forbiddenPage) {
        this.forbiddenPage = forbiddenPage;
        return this;
    }

    /**
     * {@code <previews>}: whether the stack serves previews ({@code edgesite.previews.enabled}, null: off) and
     * how many days a preview lives without a deploy ({@code edgesite.previews.maxAgeDays}, null: 14).
     */
    public SettingsValidator previews(Boolean enabled, String maxAgeDays) {
        this.previewsEnabled = enabled;
        this.previewsMaxAgeDays = maxAgeDays;
        return this;
    }

    /**
     * The preview the goal acts on ({@code edgesite.preview}), null or blank for the main site;
     * {@code needsPreviews}: the goal publishes it, so previews must be on.
     */
    public SettingsValidator preview(String preview, boolean needsPreviews) {
        this.preview = preview;
        this.previewNeedsPreviews = needsPreviews;
        return this;
    }

    /** The settings, or {@link InvalidSettings} listing every problem found. */
    public StackSettings validate() {
        problems.clear();
        String checkedStack = checkedStack();
        Region checkedRegion = checkedRegion();
        String checkedDomain = checkedDomain();
        String checkedService = checkedService(checkedDomain);
        List<String> checkedAliases = checkedAliases(checkedDomain, checkedService);
        String checkedFunctionName = checkedFunctionName(checkedStack);
        String checkedBucket = checkedBucket();
        URI checkedEndpoint = checkedEndpoint();
        String checkedCertificateArn = checkedCertificateArn(checkedDomain);
        String checkedPriceClass = checkedPriceClass();
        Path checkedLogo = checkedLogo();
        List<String> checkedAllowedGroups = checkedAllowedGroups();
        List<String> checkedAllowedEmailDomains = checkedAllowedEmailDomains();
        List<String> checkedPublicPaths = checkedPublicPaths();
        checkSelfSignUp(checkedAllowedGroups, checkedAllowedEmailDomains);
        List<IdentityProvider> checkedProviders = new IdentityProviderChecks(this::problem, secretsNeeded)
                .checked(identityProviders == null ? List.of() : identityProviders);
        boolean checkedCognitoLogin = checkedCognitoLogin(checkedProviders);
        List<AccessRule> checkedAccessRules = checkedAccessRules();
        String checkedForbiddenPage = checkedForbiddenPage();
        Previews checkedPreviews = checkedPreviews(checkedDomain);
        if (!problems.isEmpty()) {
            throw new InvalidSettings(problems);
        }
        return new StackSettings(checkedStack, checkedRegion, clean(profile), checkedDomain, checkedService,
                checkedAliases, siteDirectory, indexExample, checkedFunctionName, checkedBucket, checkedEndpoint,
                checkedCertificateArn, checkedPriceClass, new StackSettings.Auth(checkedLogo, selfSignUp,
                        checkedAllowedGroups, checkedAllowedEmailDomains, checkedPublicPaths, spa, allowAnyone,
                        checkedProviders, checkedCognitoLogin, checkedAccessRules, checkedForbiddenPage),
                checkedPreviews);
    }

    private Previews checkedPreviews(String checkedDomain) {
        boolean enabled = Boolean.TRUE.equals(previewsEnabled);
        if (enabled && checkedDomain == null) {
            problem("previews><enabled", "true", "needs <domain>, which is not set: previews live at"
                            + " <name>.preview.<service>.<domain>, under a wildcard certificate and DNS records in that"
                            + " zone, which a cloudfront.net name cannot have",
                    "Set <domain> to a Route53 hosted zone of the account, or remove <previews><enabled>");
        }
        int maxAgeDays = Previews.DEFAULT_MAX_AGE_DAYS;
        String age = clean(previewsMaxAgeDays);
        if (age != null) {
            try {
                maxAgeDays = Integer.parseInt(age);
            } catch (NumberFormatException e) {
                maxAgeDays = -1;
            }
            if (maxAgeDays < 1 || maxAgeDays > Previews.MAX_MAX_AGE_DAYS) {
                problem("previews><maxAgeDays", age, "is not a whole number of days from 1 to "
                                + Previews.MAX_MAX_AGE_DAYS,
                        "Set <previews><maxAgeDays> (edgesite.previews.maxAgeDays) to the days a preview lives"
                                + " after its last deploy, or remove it to use " + Previews.DEFAULT_MAX_AGE_DAYS);
                maxAgeDays = Previews.DEFAULT_MAX_AGE_DAYS;
            }
        }
        String name = preview == null || preview.isBlank() ? null : preview;
        if (name != null) {
            String problem = Previews.nameProblem(name);
            if (problem != null) {
                problem("preview", name, problem + "; " + Previews.NAME_RULE,
                        "Pass -Dedgesite.preview=<name> with a name such as 'pr-42' or 'feature-login' (derive it"
                                + " from the branch or pull request yourself: edgesite never rewrites a name)");
            } else if (previewNeedsPreviews && !enabled) {
                problem("preview", name, "asks for a preview, but this stack has no previews",
                        "Set <previews><enabled>true</enabled></previews> (edgesite.previews.enabled) and run"
                                + " edgesite:provision once, or leave out -Dedgesite.preview to deploy the main site");
            }
        }
        return new Previews(enabled, maxAgeDays, name);
    }

    private String checkedStack() {
        String value = clean(stack);
        if (value == null || !STACK.matcher(value).matches()) {
            problem("stack", value, value == null ? "is empty" : "cannot name every resource of the stack",
                    "Set <stack> to 3-32 lowercase letters, digits and hyphens, starting with a letter and ending"
                            + " with a letter or digit" + suggestedStack(value)
                            + "; it names the bucket, the function, the role and the login domain");
        } else {
            RESERVED_IN_STACK.stream().filter(value::contains).findFirst().ifPresent(word ->
                    problem("stack", value, "contains '" + word + "', which Cognito refuses in a login domain",
                            "Choose a <stack> without 'aws', 'amazon' or 'cognito'"));
        }
        return value;
    }

    private static String suggestedStack(String value) {
        if (value == null) {
            return "";
        }
        String suggestion = value.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^[^a-z]+|-+$", "");
        if (suggestion.length() > 32) {
            suggestion = suggestion.substring(0, 32).replaceAll("-+$", "");
        }
        boolean usable = STACK.matcher(suggestion).matches()
                && RESERVED_IN_STACK.stream().noneMatch(suggestion::contains);
        return usable ? ", such as '" + suggestion + "'" : "";
    }

    private Region checkedRegion() {
        String value = clean(region);
        if (value == null) {
            return Region.of(DEFAULT_REGION);
        }
        List<String> known = Region.regions().stream().filter(r -> !r.isGlobalRegion()).map(Region::id).toList();
        if (known.contains(value)) {
            return Region.of(value);
        }
        String lowercase = value.toLowerCase(Locale.ROOT);
        String closest = known.stream()
                .min(Comparator.comparingInt(id -> editDistance(id, lowercase)))
                .filter(id -> editDistance(id, lowercase) <= 2)
                .map(id -> "Did you mean '" + id + "'? ")
                .orElse("");
        problem("region", value, "is not an AWS region",
                closest + "Set <region> to a region code such as us-east-1 or eu-west-1, or remove it to use "
                        + DEFAULT_REGION);
        return null;
    }

    private String checkedDomain() {
        String value = dnsName(domain);
        if (value != null) {
            String problem = dnsNameProblem(value);
            if (problem != null) {
                problem("domain", value, problem,
                        "Set <domain> to a Route53 hosted zone of the account, such as example.com, or remove it"
                                + " to serve the site on the distribution's cloudfront.net name");
            }
        }
        return value;
    }

    private String checkedService(String checkedDomain) {
        String value = dnsName(service);
        if (value == null) {
            return null;
        }
        if (checkedDomain == null) {
            problem("service", value, "needs <domain>, which is not set",
                    "Set <domain> to the hosted zone the site lives in, or remove <service>");
        } else if (value.contains(".") || labelProblem(value) != null) {
            problem("service", value, "is not a single DNS label",
                    "Set <service> to one label of letters, digits and hyphens, such as 'docs' for docs."
                            + checkedDomain);
        }
        return value;
    }

    private List<String> checkedAliases(String checkedDomain, String checkedService) {
        List<String> values = new ArrayList<>();
        if (aliases == null || aliases.isEmpty()) {
            return values;
        }
        if (checkedDomain == null) {
            problem("aliases", String.join(",", aliases), "need <domain>, which is not set",
                    "Set <domain> to the hosted zone the aliases live in, or remove <aliases>");
            return values;
        }
        String siteHost = checkedService == null ? checkedDomain : checkedService + "." + checkedDomain;
        for (String alias : aliases) {
            String value = dnsName(alias);
            String problem = value == null ? "is empty" : dnsNameProblem(value);
            if (problem == null && !value.equals(checkedDomain) && !value.endsWith("." + checkedDomain)) {
                problem = "is not in the zone " + checkedDomain;
            }
            if (problem != null) {
                problem("aliases", value, problem,
                        "Write each alias as a full name in the zone " + checkedDomain + ", such as www."
                                + checkedDomain);
            } else if (value.equals(siteHost) || values.contains(value)) {
                problem("aliases", value, value.equals(siteHost) ? "is the site's own name" : "is listed twice",
                        "List each name once, and not the site's own name " + siteHost);
            }
            values.add(value);
        }
        return values;
    }

    private String checkedFunctionName(String checkedStack) {
        String value = clean(functionName);
        if (value == null) {
            return checkedStack + "-authorizer";
        }
        if (!FUNCTION_NAME.matcher(value).matches()) {
            problem("functionName", value, "is not a Lambda function name",
                    "Set <functionName> to 1-64 letters, digits, hyphens and underscores, or remove it to use "
                            + "<stack>-authorizer");
        }
        return value;
    }

    private String checkedBucket() {
        String value = clean(bucket);
        if (value == null) {
            return null;
        }
        String problem = null;
        if (value.length() < 3 || value.length() > 63) {
            problem = "has " + value.length() + " characters; S3 takes 3 to 63";
        } else if (!BUCKET.matcher(value).matches()) {
            problem = "may only hold lowercase letters, digits, dots and hyphens, and must start and end with a"
                    + " letter or digit";
        } else if (value.contains("..")) {
            problem = "has two dots in a row";
        } else if (IP_ADDRESS.matcher(value).matches()) {
            problem = "looks like an IP address";
        } else if (BUCKET_PREFIXES.stream().anyMatch(value::startsWith)) {
            problem = "starts with a prefix S3 reserves (" + String.join(", ", BUCKET_PREFIXES) + ")";
        } else if (BUCKET_SUFFIXES.stream().anyMatch(value::endsWith)) {
            problem = "ends with a suffix S3 reserves (" + String.join(", ", BUCKET_SUFFIXES) + ")";
        }
        if (problem != null) {
            problem("bucket", value, problem,
                    "Follow S3's bucket naming rules, or remove <bucket> to let provision name it after the stack");
        }
        return value;
    }

    private URI checkedEndpoint() {
        String value = clean(endpoint);
        if (value == null) {
            return null;
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below like any other unusable value
        }
        problem("endpoint", value, "is not an absolute http or https URL",
                "Set <endpoint> to an emulator's URL such as http://127.0.0.1:5000, or remove it to use AWS");
        return null;
    }

    private String checkedCertificateArn(String checkedDomain) {
        String value = clean(certificateArn);
        if (value == null) {
            return null;
        }
        Matcher arn = ACM_ARN.matcher(value);
        if (checkedDomain == null) {
            problem("certificateArn", value, "needs <domain>, which is not set",
                    "Set <domain> to the hosted zone the certificate covers, or remove <certificateArn>");
        } else if (!arn.matches()) {
            problem("certificateArn", value, "is not an ACM certificate ARN",
                    "Set <certificateArn> to arn:aws:acm:us-east-1:<account>:certificate/<id>, or remove it to let"
                            + " provision request a certificate");
        } else if (!arn.group(1).equals(CERTIFICATE_REGION.id())) {
            problem("certificateArn", value,
                    "is in " + arn.group(1) + ", and CloudFront only accepts certificates from us-east-1",
                    "Request or import the certificate in ACM in us-east-1, or remove <certificateArn> to let"
                            + " provision request one there");
        }
        return value;
    }

    private String checkedPriceClass() {
        String value = clean(priceClass);
        if (value == null) {
            return DEFAULT_PRICE_CLASS;
        }
        if (!PRICE_CLASSES.contains(value)) {
            problem("priceClass", value, "is not a CloudFront price class",
                    "Set <priceClass> to one of " + String.join(", ", PRICE_CLASSES));
        }
        return value;
    }

    private Path checkedLogo() {
        if (logo == null) {
            return null;
        }
        String fix = "Point <auth><logo> at a PNG or JPEG file of at most 100 KB, or remove it";
        if (!Files.exists(logo)) {
            problem("logo", logo, "does not exist", fix);
            return logo;
        }
        if (!Files.isRegularFile(logo)) {
            problem("logo", logo, "is not a file", fix);
            return logo;
        }
        try {
            long size = Files.size(logo);
            if (!startsWith(logo, PNG) && !startsWith(logo, JPEG)) {
                problem("logo", logo, "is neither a PNG nor a JPEG image (judged by its content, not its name)",
                        "Convert it to PNG or JPEG, or remove <auth><logo>");
            } else if (size > MAX_LOGO_BYTES) {
                problem("logo", logo, String.format(Locale.ROOT, "is %.1f KB (%d bytes); Cognito accepts at most"
                        + " 100 KB (%d bytes)", size / 1024.0, size, MAX_LOGO_BYTES), fix);
            }
        } catch (IOException e) {
            problem("logo", logo, "cannot be read (" + e.getMessage() + ")", fix);
        }
        return logo;
    }

    private static boolean startsWith(Path file, byte[] magic) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(magic.length), magic);
        }
    }

    private List<String> checkedAllowedGroups() {
        List<String> values = new ArrayList<>();
        for (String group : listed(allowedGroups)) {
            String value = clean(group);
            if (value == null) {
                problem("allowedGroups", group, "holds an empty group name",
                        "Name each Cognito group in <auth><allowedGroups>, or remove the empty entry");
            }
            values.add(value);
        }
        return values;
    }

    private List<String> checkedAllowedEmailDomains() {
        List<String> values = new ArrayList<>();
        for (String emailDomain : listed(allowedEmailDomains)) {
            String value = dnsName(emailDomain);
            String problem = value == null ? "is empty" : dnsNameProblem(value);
            if (problem != null) {
                problem("allowedEmailDomains", value, problem,
                        "Write each entry of <auth><allowedEmailDomains> as the part after the @, such as example.com");
            }
            values.add(value);
        }
        return values;
    }

    private List<String> checkedPublicPaths() {
        List<String> values = new ArrayList<>();
        for (String path : listed(publicPaths)) {
            String value = clean(path);
            if (value == null || !value.startsWith("/")) {
                problem("publicPaths", value, value == null ? "is empty" : "does not start with /",
                        "Write each entry of <auth><publicPaths> from the site's root, such as /public/*");
            }
            values.add(value);
        }
        return values;
    }

    /**
     * Self sign-up lets anyone on the internet make an account; without a rule on groups (which only an
     * administrator grants) or on e-mail domains (which Cognito verifies), every such account reads the site.
     */
    private void checkSelfSignUp(List<String> checkedAllowedGroups, List<String> checkedAllowedEmailDomains) {
        boolean ruled = checkedAllowedGroups.stream().anyMatch(Objects::nonNull)
                || checkedAllowedEmailDomains.stream().anyMatch(Objects::nonNull);
        if (selfSignUp && !ruled && !allowAnyone) {
            problem("selfSignUp", true, "lets anyone on the internet create an account and read the site, as neither"
                    + " <allowedGroups> nor <allowedEmailDomains> is set",
                    "Set <auth><allowedGroups> or <auth><allowedEmailDomains> to say who may read it, or set"
                            + " <auth><allowAnyone>true</allowAnyone> if the site is meant for anyone who signs up");
        }
    }

    private boolean checkedCognitoLogin(List<IdentityProvider> checkedProviders) {
        boolean on = cognitoLogin == null || cognitoLogin;
        if (!on && checkedProviders.isEmpty() && (identityProviders == null || identityProviders.isEmpty())) {
            problem("cognitoLogin", false, "leaves nobody a way to sign in, as no <identityProviders> are set",
                    "Add an <identityProvider> to <auth><identityProviders>, or remove <cognitoLogin>");
        }
        if (!on && selfSignUp) {
            problem("selfSignUp", true, "signs people up with a Cognito password, which <cognitoLogin>false</cognitoLogin>"
                    + " takes off the login page", "Remove <auth><selfSignUp>, or set <cognitoLogin> to true");
        }
        return on;
    }

    private List<AccessRule> checkedAccessRules() {
        List<AccessRule> rules = new ArrayList<>();
        for (AccessRule rule : accessRules == null ? List.<AccessRule>of() : accessRules) {
            String path = rule == null ? null : clean(rule.path());
            String pathProblem = pathProblem(path);
            if (pathProblem != null) {
                problem("path", path, pathProblem + " in an <accessRules><rule>",
                        "Write the rule's <path> from the site's root, such as /finance/*");
            }
            List<String> groups = new ArrayList<>();
            for (String group : rule == null || rule.groups() == null ? List.<String>of() : rule.groups()) {
                for (String part : group == null ? new String[0] : group.split(",")) {
                    if (clean(part) != null) {
                        groups.add(clean(part));
                    }
                }
            }
            if (groups.isEmpty()) {
                problem("groups", null, "is empty in the <accessRules><rule> for " + path, "List the groups that may"
                        + " read " + path + ", such as <groups>finance,leadership</groups>, or remove the rule");
            }
            rules.add(new AccessRule(path, groups));
        }
        return rules;
    }

    private String checkedForbiddenPage() {
        String page = clean(forbiddenPage);
        if (page == null) {
            return null;
        }
        String problem = pathProblem(page);
        if (problem == null && (page.contains("*") || page.endsWith("/"))) {
            problem = "is not one page";
        }
        if (problem != null) {
            problem("forbiddenPage", page, problem, "Name one page of the site from its root, such as /403.html");
        }
        return page;
    }

    /** Why a path from the site's root is unusable in a rule, or null. */
    private static String pathProblem(String path) {
        if (path == null) {
            return "is empty";
        }
        if (!path.startsWith("/")) {
            return "does not start with /";
        }
        if (!path.chars().allMatch(c -> c > 0x20 && c < 0x7f) || path.contains("?") || path.contains("#")
                || path.contains("\\")) {
            return "holds a space, a control character, ?, #, \\ or a character outside ASCII";
        }
        if (path.matches(".*(^|/)\\.\\.?(/|$).*")) {
            return "has a . or .. segment";
        }
        return null;
    }

    private void problem(String element, Object value, String problem, String fix) {
        problems.add(new InvalidSettingException(element, value, problem, fix));
    }

    private static List<String> listed(List<String> values) {
        return values == null ? List.of() : values;
    }

    private static String clean(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String dnsName(String value) {
        String name = clean(value);
        if (name == null) {
            return null;
        }
        name = name.toLowerCase(Locale.ROOT);
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /** Why the name is no usable DNS name, or null when it is one. */
    private static String dnsNameProblem(String name) {
        if (name.length() > 253) {
            return "is longer than 253 characters";
        }
        String[] labels = name.split("\\.", -1);
        if (labels.length < 2) {
            return "is a single label; a DNS name has at least two, such as example.com";
        }
        for (String label : labels) {
            String problem = labelProblem(label);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String labelProblem(String label) {
        if (label.isEmpty()) {
            return "has an empty label";
        }
        if (label.length() > 63) {
            return "has a label longer than 63 characters";
        }
        if (!LABEL.matcher(label).matches()) {
            return "has the label '" + label + "'; labels hold letters, digits and hyphens and do not start or end"
                    + " with a hyphen";
        }
        return null;
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** Every problem found in the settings, each naming its element, its value and the fix. */
    public static final class InvalidSettings extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final transient List<InvalidSettingException> problems;

        InvalidSettings(List<InvalidSettingException> problems) {
            super(problems.stream().map(Throwable::getMessage).collect(Collectors.joining(System.lineSeparator())));
            this.problems = List.copyOf(problems);
        }

        public List<InvalidSettingException> problems() {
            return problems;
        }
    }
}
