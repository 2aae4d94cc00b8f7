package dev.edgesite.core.provision;

import dev.edgesite.core.authorizer.AuthorizerBundle;
import dev.edgesite.core.Digests;
import dev.edgesite.core.settings.InvalidSettingException;
import dev.edgesite.core.Log;
import dev.edgesite.core.settings.StackSettings;
import dev.edgesite.core.aws.AppClientSpec;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.aws.Certificates;
import dev.edgesite.core.aws.Dns;
import dev.edgesite.core.aws.Distributions;
import dev.edgesite.core.aws.EdgeFunctions;
import dev.edgesite.core.aws.Roles;
import dev.edgesite.core.aws.S3Bucket;
import dev.edgesite.core.aws.Tags;
import dev.edgesite.core.aws.IdentityProviders;
import dev.edgesite.core.aws.UserPools;
import dev.edgesite.core.settings.IdentityProvider;
import dev.edgesite.core.settings.Previews;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.acm.model.CertificateDetail;
import software.amazon.awssdk.services.acm.model.CertificateStatus;
import software.amazon.awssdk.services.acm.model.ResourceInUseException;
import software.amazon.awssdk.services.acm.model.ResourceRecord;
import software.amazon.awssdk.services.cognitoidentityprovider.model.IdentityProviderType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolClientType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolType;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * Brings the stack to what the settings ask for: reads what exists, decides per resource whether
 * to create, update or leave it, and (for provision, not plan) does exactly that, in dependency
 * order. A run over an up-to-date stack makes no write call.
 */
public final class Provisioner {
    /** How long provision waits for a certificate or a distribution before it stops (and can be re-run). */
    public record Limits(Duration certificate, Duration distribution, Duration rolePropagation) {
        public static final Limits AWS = new Limits(Duration.ofMinutes(45), Duration.ofMinutes(30), Duration.ofMinutes(2));
    }

    private static final String KNOWN_LATER = "(known after provision)";
    /** Users counted per pool when duplicates are compared. */
    private static final int USERS_COUNTED = 3;

    private final StackSettings settings;
    private final AwsClients aws;
    private final Log log;
    private final URI endpoint;
    private final Limits limits;
    private final AuthorizerBundle bundle;

    public Provisioner(StackSettings settings, AwsClients aws, Log log) {
        this(settings, aws, log, Limits.AWS, AuthorizerBundle.shipped());
    }

    Provisioner(StackSettings settings, AwsClients aws, Log log, Limits limits, AuthorizerBundle bundle) {
        this.settings = settings;
        this.aws = aws;
        this.log = log;
        this.endpoint = aws.endpoint();
        this.limits = limits;
        this.bundle = bundle;
    }

    /** What provision would do; reads only. */
    public Plan plan() {
        return new Run(false).execute().plan();
    }

    /**
     * A dry run of provision: what it would do, and the stack.json it would write as far as the stack exists
     * already (null for what it would create), marked as a dry run. Reads only.
     */
    public Preview preview() {
        Run run = new Run(false).execute();
        return new Preview(run.plan(), run.outputs());
    }

    /** What a dry run of provision found. */
    public record Preview(Plan plan, StackOutputs outputs) {}

    /** Carries out the plan and returns the stack's outputs. */
    public StackOutputs provision() {
        Run run = new Run(true).execute();
        return run.outputs();
    }

    /** One pass over the stack; with {@code apply} false it decides and reports but never writes. */
    private final class Run {
        private final boolean apply;
        private final List<Change> changes = new ArrayList<>();
        private String account;
        private String zoneId;
        private S3Bucket bucket;
        private String certificateArn;
        private UserPoolType pool;
        private String poolId;
        private UserPoolClientType client;
        private String domainPrefix;
        private String functionVersionArn;
        private String oacId;
        private Distributions.Found distribution;
        private boolean bucketExists;
        private boolean clientCreated;
        private List<String> staleProviders = List.of();
        private Role role;
        /** What this run created, in order: said when the run stops before it is done. */
        private final List<String> created = new ArrayList<>();

        Run(boolean apply) {
            this.apply = apply;
        }

        Run execute() {
            try {
                steps();
            } catch (RuntimeException e) {
                if (apply) {
                    log.warn("Provision stopped before it finished (" + e.getMessage() + "). "
                            + (created.isEmpty() ? "It created nothing" : "It created " + String.join(", ", created))
                            + "; what it did stays, and running provision again finishes the job.");
                }
                throw e;
            }
            return this;
        }

        private void created(String resource, String id) {
            created.add(resource + " " + id);
        }

        private void steps() {
            account = aws.sts().getCallerIdentity().account();
            if (settings.hasDomain()) {
                zoneId = new Dns(aws.route53()).publicZone(settings.domain()).orElseThrow(() ->
                        new InvalidSettingException("domain", settings.domain(),
                                "this AWS account has no public Route53 hosted zone of that name",
                                "Create the hosted zone (and delegate the domain to it), or set <domain> to a zone you have"));
            }
            bucket();
            certificate();
            userPool();
            identityProviders();
            role();
            function();
            originAccessControl();
            distribution();
            client(true);
            staleIdentityProviders();
            bucketPolicy();
            aliasRecords();
            replacedCertificates();
            previewContent();
        }

        Plan plan() {
            return new Plan(settings.stack(), changes);
        }

        private void record(Change change) {
            changes.add(change);
            if (change.writes()) {
                log.info((apply ? "" : "would ") + change.describe());
            } else {
                log.debug(change.describe());
            }
        }

        // -- S3 bucket ------------------------------------------------------------------------

        private void bucket() {
            String name = settings.bucket() != null ? settings.bucket() : "edgesite-" + settings.stack() + "-" + account;
            bucket = new S3Bucket(aws.s3(), settings.region(), name);
            try {
                bucketExists = bucket.exists();
            } catch (S3Bucket.BucketNameTakenException e) {
                throw new InvalidSettingException("bucket", name,
                        "belongs to another AWS account, or this account may not read it (bucket names are global)",
                        "Set <bucket> (edgesite.bucket) to a name of your own");
            }
            if (!bucketExists) {
                record(Change.create("S3 bucket", name));
                if (apply) {
                    bucket.create(settings.stack());
                    bucketExists = true;
                    created("S3 bucket", name);
                }
                return;
            }
            List<String> drift = bucket.drift(settings.stack());
            record(Change.update("S3 bucket", name, drift));
            if (apply) {
                bucket.repair(drift, settings.stack());
            }
        }

        // -- ACM certificate and its DNS validation -------------------------------------------------

        private void certificate() {
            if (!settings.hasDomain()) {
                return;
            }
            if (settings.certificateArn() != null) {
                certificateArn = settings.certificateArn();
                return;
            }
            Certificates certificates = new Certificates(aws.acm());
            List<String> names = settings.hostNames();
            Optional<CertificateDetail> found = certificates.find(settings.stack(), names);
            if (found.isEmpty()) {
                record(Change.create("ACM certificate", String.join(", ", names)));
                if (apply) {
                    certificateArn = certificates.request(settings.stack(), names, certificates.tagged(settings.stack(),
                            settings.domain()).stream().map(CertificateDetail::certificateArn).toList());
                    created("ACM certificate", certificateArn);
                    validate(certificates, certificateArn);
                } else {
                    certificateArn = KNOWN_LATER;
                }
                return;
            }
            certificateArn = found.get().certificateArn();
            boolean issued = found.get().status() == CertificateStatus.ISSUED;
            record(issued ? Change.unchanged("ACM certificate", certificateArn)
                    : Change.update("ACM certificate", certificateArn, List.of("DNS validation")));
            if (apply && !issued) {
                validate(certificates, certificateArn);
            }
        }

        private void validate(Certificates certificates, String arn) {
            Dns dns = new Dns(aws.route53());
            List<ResourceRecordSet> records = certificates.validationRecords(arn, Duration.ofMinutes(2)).stream()
                    .map(r -> Dns.cname(r.name(), r.value()))
                    .filter(r -> !Dns.same(dns.record(zoneId, r.name(), RRType.CNAME).orElse(null), r))
                    .toList();
            if (!records.isEmpty()) {
                log.info("Writing " + records.size() + " DNS validation record(s) into " + settings.domain());
                dns.upsert(zoneId, records);
            }
            Waits.during(log, "ACM to issue the certificate for " + String.join(", ", settings.hostNames()),
                    limits.certificate(), () -> certificates.awaitIssued(arn, limits.certificate()));
        }

        // -- Cognito ----------------------------------------------------------------------------------

        private void userPool() {
            UserPools pools = new UserPools(aws.cognito());
            boolean selfSignUp = settings.auth().selfSignUp();
            List<UserPoolType> all = pools.pools(settings.stack());
            Optional<UserPoolType> found = UserPools.inUse(all);
            String poolName = UserPools.poolName(settings.stack());
            if (found.isEmpty()) {
                record(Change.create("Cognito user pool", poolName));
                if (apply) {
                    pool = pools.createPool(settings.stack(), selfSignUp);
                    created("Cognito user pool", pool.id());
                }
            } else {
                pool = found.get();
                List<String> drift = UserPools.poolDrift(pool, selfSignUp);
                record(Change.update("Cognito user pool", pool.id(), drift));
                if (apply && !drift.isEmpty()) {
                    pools.updatePool(pool, settings.stack(), selfSignUp);
                }
            }
            poolId = pool == null ? KNOWN_LATER : pool.id();
            duplicatePools(pools, all);
            client(false);
            domain(pools);
            logo(pools);
        }

        /**
         * The pool's identity providers as configured: created, or repaired where they drifted; and the custom
         * attribute their groups go into. Those the app client offers but the configuration no longer names go
         * once the client stopped offering them ({@link #staleIdentityProviders}).
         */
        private void identityProviders() {
            List<IdentityProvider> wanted = settings.auth().identityProviders();
            if (wanted.isEmpty()) {
                // Nothing to manage, and the deployer policy of such a stack grants no provider actions: a
                // provider made by hand stays, but the app client does not offer it and the authorizer lets
                // none of its users in.
                return;
            }
            IdentityProviders providers = new IdentityProviders(aws.cognito());
            boolean groups = wanted.stream().anyMatch(p -> p.groupsClaim() != null);
            if (groups && (pool == null || !IdentityProviders.hasGroupsAttribute(pool))) {
                record(pool == null ? Change.create("Cognito custom attribute", IdentityProvider.GROUPS_CLAIM)
                        : Change.update("Cognito user pool", pool.id(), List.of("custom attribute "
                                + IdentityProvider.GROUPS_CLAIM)));
                if (apply) {
                    providers.addGroupsAttribute(pool.id());
                }
            }
            for (IdentityProvider provider : wanted) {
                Optional<IdentityProviderType> found = pool == null ? Optional.empty()
                        : providers.describe(pool.id(), provider.name());
                String resource = "Cognito identity provider";
                if (found.isEmpty()) {
                    record(new Change(resource, provider.name(), Change.Action.CREATE, describe(provider)));
                    if (apply) {
                        providers.create(pool.id(), provider);
                        created(resource, provider.name());
                    }
                    continue;
                }
                List<String> drift = IdentityProviders.drift(found.get(), provider);
                record(Change.update(resource, provider.name(), drift));
                if (apply && !drift.isEmpty()) {
                    providers.repair(pool.id(), found.get(), provider);
                }
            }
            if (pool != null) {
                String login = AuthorizerConfig.loginHost(settings, domainPrefix);
                log.info("Register at the identity providers: OIDC redirect URI " + login + "/oauth2/idpresponse; SAML"
                        + " ACS URL " + login + "/saml2/idpresponse and audience urn:amazon:cognito:sp:" + pool.id());
            }
        }

        /** What a new provider will be, as plan and the log may show it: never its secret. */
        private static List<String> describe(IdentityProvider provider) {
            List<String> fields = new ArrayList<>();
            fields.add(provider.type().name());
            provider.printableDetails().forEach((key, value) -> fields.add(key + "=" + value));
            provider.attributeMapping().forEach((key, value) -> fields.add("maps " + key + "<-" + value));
            return fields;
        }

        /**
         * Providers the app client offered that the configuration no longer names (edgesite's earlier ones, or
         * one added by hand and offered), deleted once the client no longer offers them. A provider the client
         * never offered cannot sign anyone in, and is left alone.
         */
        private void staleIdentityProviders() {
            if (settings.auth().identityProviders().isEmpty()) {
                return;
            }
            for (String name : staleProviders) {
                record(Change.delete("Cognito identity provider", name, List.of("not in <identityProviders>")));
                if (apply) {
                    new IdentityProviders(aws.cognito()).delete(pool.id(), name);
                }
            }
        }

        /**
         * Pools named and tagged for the stack beside the one it uses, left by creates whose answers were lost (or
         * an older edgesite): an empty one (no users, no identity providers) is deleted; one that holds something
         * stops provision, naming both and the way to choose, before anything else is written.
         */
        private void duplicatePools(UserPools pools, List<UserPoolType> all) {
            if (pool == null || all.size() < 2) {
                return;
            }
            UserPools.Content keptContent = pools.content(pool.id(), USERS_COUNTED);
            String kept = describePool(pool, keptContent);
            List<UserPoolType> full = new ArrayList<>();
            List<String> fullDescriptions = new ArrayList<>();
            for (UserPoolType extra : all) {
                if (extra.id().equals(pool.id())) {
                    continue;
                }
                UserPools.Content content = pools.content(extra.id(), USERS_COUNTED);
                List<String> details = List.of("duplicate created " + extra.creationDate(),
                        content.describe(USERS_COUNTED), "the stack uses " + pool.id());
                if (content.empty()) {
                    record(Change.delete("Cognito user pool", extra.id(), details));
                    if (apply) {
                        if (extra.domain() != null) {
                            pools.deleteDomain(extra.id(), extra.domain());
                        }
                        pools.deletePool(extra.id());
                    }
                } else {
                    log.warn("Duplicate Cognito user pool " + describePool(extra, content) + " beside " + kept
                            + ", which the stack uses");
                    record(Change.refuse("Cognito user pool", extra.id(), details));
                    full.add(extra);
                    fullDescriptions.add(describePool(extra, content));
                }
            }
            if (apply && !full.isEmpty()) {
                String stack = settings.stack();
                UserPoolType other = full.get(0);
                List<String> ids = new ArrayList<>(List.of(pool.id()));
                full.forEach(p -> ids.add(p.id()));
                throw new DuplicatesException("Stack " + stack + " has more than one Cognito user pool named "
                        + UserPools.poolName(stack) + " and tagged " + Tags.STACK + "=" + stack
                        + ": " + kept + ", which the stack uses, and " + String.join(", ", fullDescriptions)
                        + ". Provision deletes only duplicates without users or identity providers, so it stopped here."
                        + " Choose the pool to keep. To keep " + pool.id() + ", delete " + other.id()
                        + " with its users (aws cognito-idp delete-user-pool --user-pool-id " + other.id()
                        + ") or take it out of the stack (aws cognito-idp untag-resource --resource-arn "
                        + other.arn() + " --tag-keys " + Tags.STACK + "). To keep "
                        + other.id() + " instead, do that to " + pool.id()
                        + (pool.domain() == null ? "" : " after deleting its login domain (aws cognito-idp"
                                + " delete-user-pool-domain --user-pool-id " + pool.id() + " --domain " + pool.domain() + ")")
                        + ". Then run provision again.", ids);
            }
        }

        private static String describePool(UserPoolType p, UserPools.Content content) {
            return p.id() + " (created " + p.creationDate() + ", " + content.describe(USERS_COUNTED)
                    + (p.domain() == null ? "" : ", login domain " + p.domain()) + ")";
        }

        /**
         * The app client. Its callback URLs name the site, which without a domain is the
         * distribution's own name: so the client is made (bare) before the function that needs
         * its id, and completed once the distribution is known.
         */
        private void client(boolean complete) {
            UserPools pools = new UserPools(aws.cognito());
            String name = UserPools.clientName(settings.stack());
            if (!complete) {
                List<UserPoolClientType> all = pool == null ? List.of() : pools.clients(pool.id(), name);
                client = all.isEmpty() ? null : all.get(0);
                for (UserPoolClientType extra : all.subList(Math.min(1, all.size()), all.size())) {
                    record(Change.delete("Cognito app client", extra.clientId(), List.of("duplicate created "
                            + extra.creationDate(), "the stack uses " + client.clientId())));
                    if (apply) {
                        pools.deleteClient(pool.id(), extra.clientId());
                    }
                }
                if (client == null && apply) {
                    client = pools.createClient(pool.id(), new AppClientSpec(name, List.of(), List.of(),
                            providerNames(), settings.auth().cognitoLogin()));
                    clientCreated = true;
                    created("Cognito app client", client.clientId());
                }
                return;
            }
            List<String> hosts = siteHosts();
            AppClientSpec spec = new AppClientSpec(name,
                    withLoopback(hosts.stream().map(h -> "https://" + h + AuthorizerConfig.CALLBACK_PATH).toList(),
                            client == null ? List.of() : client.callbackURLs()),
                    withLoopback(hosts.stream().map(h -> "https://" + h + "/").toList(),
                            client == null ? List.of() : client.logoutURLs()),
                    providerNames(), settings.auth().cognitoLogin());
            if (client != null) {
                List<String> configured = providerNames();
                staleProviders = client.supportedIdentityProviders().stream()
                        .filter(p -> !p.equals(AppClientSpec.COGNITO) && !configured.contains(p)).toList();
            }
            if (client == null || clientCreated) {
                record(Change.create("Cognito app client", name));
                if (apply) {
                    pools.updateClient(pool.id(), client, spec);
                }
                return;
            }
            List<String> drift = spec.drift(client);
            record(Change.update("Cognito app client", client.clientId(), drift));
            if (apply && !drift.isEmpty()) {
                pools.updateClient(pool.id(), client, spec);
            }
        }

        private List<String> providerNames() {
            return settings.auth().identityProviders().stream().map(IdentityProvider::name).toList();
        }

        /**
         * The site's URLs plus the localhost ones a user added for {@code serve -Dedgesite.idp=stack}:
         * those are kept, so that provision does not undo them every run.
         */
        private static List<String> withLoopback(List<String> site, List<String> current) {
            List<String> urls = new ArrayList<>(site);
            current.stream()
                    .filter(u -> u.startsWith("http://localhost:") || u.startsWith("http://127.0.0.1:"))
                    .filter(u -> !urls.contains(u))
                    .forEach(urls::add);
            return urls;
        }

        /** The names Cognito sends people back to: previews are handed the session by the site, never called back. */
        private List<String> siteHosts() {
            if (settings.hasDomain()) {
                return settings.hostNames().stream().filter(h -> !h.equals(settings.previewWildcard())).toList();
            }
            return distribution == null ? List.of() : List.of(distribution.domainName());
        }

        private void domain(UserPools pools) {
            domainPrefix = settings.stack() + "-" + Digests.sha256Hex(account + ":" + settings.region().id() + ":"
                    + settings.stack()).substring(0, 8);
            Optional<String> owner = pools.domainOwner(domainPrefix);
            boolean exists = pool != null && owner.isPresent() && owner.get().equals(pool.id());
            if (owner.isPresent() && !exists && pool != null) {
                throw new DuplicatesException("The stack's login domain " + domainPrefix + " belongs to user pool "
                        + owner.get() + ", not to " + pool.id() + ", the pool the stack uses. Delete that domain (aws"
                        + " cognito-idp delete-user-pool-domain --user-pool-id " + owner.get() + " --domain "
                        + domainPrefix + ") or tag its pool " + Tags.STACK + "=" + settings.stack()
                        + ", then run provision again.", List.of(pool.id(), owner.get()));
            }
            record(exists ? Change.unchanged("Cognito login domain", domainPrefix)
                    : Change.create("Cognito login domain", domainPrefix));
            if (apply && !exists) {
                pools.createDomain(pool.id(), domainPrefix);
                created("Cognito login domain", domainPrefix);
            }
        }

        private void logo(UserPools pools) {
            if (settings.auth().logo() == null) {
                return;
            }
            byte[] image;
            try {
                image = Files.readAllBytes(settings.auth().logo());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String hash = Digests.sha256Hex(image);
            boolean current = pool != null && UserPools.logoCurrent(pool, hash);
            record(current ? Change.unchanged("login page logo", settings.auth().logo().getFileName().toString())
                    : Change.update("login page logo", settings.auth().logo().getFileName().toString(), List.of("image")));
            if (apply && !current) {
                pools.setLogo(pool, image, hash);
            }
        }

        // -- IAM role and the authorizer function -------------------------------------------------------

        private void role() {
            Roles roles = new Roles(aws.iam());
            String name = Roles.roleName(settings.stack());
            Optional<Role> found = roles.find(name);
            if (found.isEmpty()) {
                record(Change.create("IAM role", name));
                if (apply) {
                    role = roles.create(name, settings.stack());
                    created("IAM role", name);
                }
                return;
            }
            role = found.get();
            List<String> drift = roles.drift(role);
            record(Change.update("IAM role", name, drift));
            if (apply) {
                roles.repair(role, drift);
            }
        }

        private void function() {
            EdgeFunctions functions = new EdgeFunctions(aws.lambda(), limits.rolePropagation());
            String name = settings.functionName();
            Optional<FunctionConfiguration> found = functions.find(name);
            String roleArn = role == null ? KNOWN_LATER : role.arn();
            byte[] zip = zip();
            String sha = zip == null ? null : AuthorizerBundle.codeSha256(zip);
            if (found.isEmpty()) {
                record(Change.create("Lambda@Edge function", name));
                if (apply) {
                    functionVersionArn = functions.create(name, roleArn, zip, settings.stack());
                    created("Lambda@Edge function", functionVersionArn);
                }
                return;
            }
            FunctionConfiguration f = found.get();
            List<String> drift = new ArrayList<>(EdgeFunctions.configDrift(f, roleArn));
            boolean codeChanged = sha == null || !sha.equals(f.codeSha256());
            if (codeChanged) {
                drift.add("code");
            }
            Optional<String> published = codeChanged ? Optional.empty() : functions.publishedVersion(name, sha);
            if (!codeChanged && published.isEmpty()) {
                drift.add("published version");
            }
            record(Change.update("Lambda@Edge function", name, drift));
            functionVersionArn = published.orElse(KNOWN_LATER);
            if (!apply) {
                return;
            }
            if (!EdgeFunctions.configDrift(f, roleArn).isEmpty()) {
                functions.updateConfiguration(name, roleArn);
            }
            if (codeChanged) {
                functionVersionArn = functions.updateCode(name, zip);
            } else if (published.isEmpty()) {
                functionVersionArn = functions.publish(name, sha);
            }
        }

        /** The authorizer zip, or null in a plan where the pool does not exist yet. */
        private byte[] zip() {
            if (pool == null || client == null) {
                return null;
            }
            String secret = bucketExists ? bucket.cookieSecret() : null;
            if (secret == null) {
                if (!apply) {
                    return null;
                }
                secret = S3Bucket.newCookieSecret();
                bucket.keepCookieSecret(secret);
            }
            Map<String, Object> jwks = AuthorizerConfig.fetchJwks(aws.http(),
                    AuthorizerConfig.jwksUri(settings, endpoint, pool.id()));
            return bundle.zip(AuthorizerConfig.build(settings, pool.id(), client.clientId(), domainPrefix, jwks, secret));
        }

        // -- CloudFront ---------------------------------------------------------------------------------

        private void originAccessControl() {
            Distributions distributions = new Distributions(aws.cloudFront());
            String name = Distributions.oacName(settings.stack());
            Optional<String> found = distributions.findOac(name);
            record(found.isPresent() ? Change.unchanged("CloudFront origin access control", found.get())
                    : Change.create("CloudFront origin access control", name));
            oacId = found.orElse(null);
            if (apply && found.isEmpty()) {
                oacId = distributions.createOac(name, settings.stack());
                created("CloudFront origin access control", oacId);
            }
        }

        private void distribution() {
            Distributions distributions = new Distributions(aws.cloudFront());
            Distributions.Spec spec = new Distributions.Spec(settings.stack(), bucket.regionalDomain(),
                    oacId == null ? KNOWN_LATER : oacId,
                    functionVersionArn == null ? KNOWN_LATER : functionVersionArn,
                    settings.hostNames(), settings.hasDomain() ? certificateArn : null,
                    Files.isRegularFile(settings.siteDirectory().resolve("404.html")), settings.priceClass());
            Optional<Distributions.Found> found = distributions.find(settings.stack());
            if (found.isEmpty()) {
                record(Change.create("CloudFront distribution", "edgesite:" + settings.stack()));
                if (apply) {
                    distribution = distributions.create(spec);
                    created("CloudFront distribution", distribution.id());
                    awaitDeployed(distributions);
                }
                return;
            }
            distribution = found.get();
            List<String> drift = Distributions.drift(distribution.config(), spec);
            record(Change.update("CloudFront distribution", distribution.id(), drift));
            if (apply && !drift.isEmpty()) {
                distribution = distributions.update(distribution, spec);
                awaitDeployed(distributions);
            }
        }

        private void awaitDeployed(Distributions distributions) {
            Waits.during(log, "CloudFront to deploy distribution " + distribution.id(), limits.distribution(),
                    () -> distributions.awaitDeployed(distribution.id(), limits.distribution()));
        }

        private void bucketPolicy() {
            String arn = distribution == null ? KNOWN_LATER : distribution.arn();
            String wanted = bucket.policyFor(arn);
            boolean current = bucketExists && bucket.hasPolicy(wanted);
            record(current ? Change.unchanged("S3 bucket policy", bucket.name())
                    : Change.update("S3 bucket policy", bucket.name(), List.of("read by distribution only")));
            if (apply && !current) {
                bucket.putPolicy(wanted);
            }
        }

        // -- Route53 alias records ------------------------------------------------------------------------

        private void aliasRecords() {
            if (!settings.hasDomain()) {
                return;
            }
            Dns dns = new Dns(aws.route53());
            String target = distribution == null ? KNOWN_LATER : distribution.domainName();
            List<ResourceRecordSet> stale = new ArrayList<>();
            for (String host : settings.hostNames()) {
                for (RRType type : List.of(RRType.A, RRType.AAAA)) {
                    ResourceRecordSet wanted = Dns.alias(host, type, target);
                    if (!Dns.same(dns.record(zoneId, host, type).orElse(null), wanted)) {
                        stale.add(wanted);
                    }
                }
            }
            for (String host : settings.hostNames()) {
                long missing = stale.stream().filter(r -> r.name().equals(host + ".")).count();
                record(missing == 0 ? Change.unchanged("Route53 alias records", host + " (A, AAAA)")
                        : Change.update("Route53 alias records", host, List.of("A/AAAA to " + target)));
            }
            if (apply) {
                dns.upsert(zoneId, stale);
            }
            if (settings.previewWildcard() == null) {
                previewRecords(dns);
            }
        }

        /**
         * With previews off, the previews' wildcard A/AAAA records that a run with previews on wrote: deleted exactly
         * as read, and only when they are aliases to this stack's distribution (anything else there is not ours).
         */
        private void previewRecords(Dns dns) {
            if (distribution == null) {
                return;
            }
            String wildcard = Previews.wildcard(settings.siteHost());
            List<ResourceRecordSet> ours = new ArrayList<>();
            for (RRType type : List.of(RRType.A, RRType.AAAA)) {
                dns.record(zoneId, wildcard, type)
                        .filter(r -> Dns.same(r, Dns.alias(wildcard, type, distribution.domainName())))
                        .ifPresent(ours::add);
            }
            if (ours.isEmpty()) {
                return;
            }
            record(Change.delete("Route53 alias records", wildcard, List.of(
                    ours.stream().map(ResourceRecordSet::typeAsString).collect(Collectors.joining("/"))
                            + " to " + distribution.domainName(), "previews are off")));
            if (apply) {
                dns.delete(zoneId, ours);
            }
        }

        // -- certificates the stack no longer uses ------------------------------------------------------

        /**
         * The stack's certificates other than the one in use, left when the names changed (an alias, previews on or
         * off): ACM certificates cannot change, so a new one was requested and the distribution switched to it.
         * Each goes, with its validation records no other certificate shares, once nothing uses it; one ACM still
         * counts in use (it notices a switched distribution within minutes) is left for a later provision.
         */
        private void replacedCertificates() {
            if (!settings.hasDomain() || settings.certificateArn() != null) {
                return;
            }
            Certificates certificates = new Certificates(aws.acm());
            String ours = distribution == null ? null : ":distribution/" + distribution.id();
            for (CertificateDetail old : certificates.tagged(settings.stack(), settings.domain())) {
                String arn = old.certificateArn();
                if (arn.equals(certificateArn)) {
                    continue;
                }
                List<String> users = old.inUseBy().stream().filter(u -> ours == null || !u.endsWith(ours)).toList();
                if (!users.isEmpty()) {
                    log.info("Keeping ACM certificate " + arn + " (" + String.join(", ", old.subjectAlternativeNames())
                            + "): it is tagged for the stack but in use by " + String.join(", ", users));
                    continue;
                }
                record(Change.delete("ACM certificate", arn, List.of(String.join(", ", old.subjectAlternativeNames()),
                        "replaced by " + (KNOWN_LATER.equals(certificateArn) ? "the new certificate" : certificateArn))));
                if (apply) {
                    deleteCertificate(certificates, arn);
                }
            }
        }

        private void deleteCertificate(Certificates certificates, String arn) {
            CertificateDetail fresh = certificates.describe(arn);
            if (!fresh.inUseBy().isEmpty()) {
                log.info("ACM still counts certificate " + arn + " in use by " + String.join(", ", fresh.inUseBy())
                        + "; the next provision deletes it");
                return;
            }
            Dns dns = new Dns(aws.route53());
            Set<ResourceRecord> shared = certificates.validationRecordsOfOthers(arn,
                    new HashSet<>(fresh.subjectAlternativeNames()));
            List<ResourceRecordSet> records = new ArrayList<>();
            for (ResourceRecord r : Certificates.validationRecords(fresh)) {
                if (!shared.contains(r)) {
                    dns.record(zoneId, r.name(), RRType.CNAME).filter(f -> Dns.same(f, Dns.cname(r.name(), r.value())))
                            .ifPresent(records::add);
                }
            }
            dns.delete(zoneId, records);
            try {
                certificates.delete(arn);
            } catch (ResourceInUseException e) {
                log.info("ACM still counts certificate " + arn + " in use; the next provision deletes it");
            }
        }

        // -- preview content ------------------------------------------------------------------------------

        /**
         * With previews off, what the previews left in the bucket under {@code _previews/} (their files and their
         * {@code _previews/<name>.json} markers) goes, after saying how much.
         */
        private void previewContent() {
            if (settings.previews().enabled() || !bucketExists) {
                return;
            }
            S3Bucket.PrefixContents contents = bucket.contents(Previews.KEY_PREFIX);
            if (contents.isEmpty()) {
                return;
            }
            long previews = contents.ids().stream().map(id -> Previews.nameOf(id.key())).distinct().count();
            String where = "s3://" + bucket.name() + "/" + Previews.KEY_PREFIX;
            String amount = previews + " preview(s) (" + contents.objects() + " files, " + contents.bytes() + " bytes)";
            log.info((apply ? "Removing " : "Would remove ") + amount + " under " + where + " as previews are off");
            record(Change.delete("preview content", where, List.of(previews + " preview(s)",
                    contents.objects() + " files", contents.bytes() + " bytes", "previews are off")));
            if (apply) {
                bucket.delete(contents);
            }
        }

        StackOutputs outputs() {
            String host = settings.hasDomain() ? settings.siteHost() : distribution == null ? null : distribution.domainName();
            String clientId = client == null ? null : client.clientId();
            String login = null;
            if (host != null && clientId != null && domainPrefix != null) {
                String callback = "https://" + host + AuthorizerConfig.CALLBACK_PATH;
                login = AuthorizerConfig.loginHost(settings, domainPrefix) + "/login?client_id=" + clientId
                        + "&response_type=code&scope=openid+email+profile&redirect_uri="
                        + URLEncoder.encode(callback, StandardCharsets.UTF_8);
            }
            return new StackOutputs(settings.stack(), host == null ? null : "https://" + host + "/", login,
                    bucketExists || apply ? bucket.name() : null,
                    distribution == null ? null : distribution.id(), distribution == null ? null : distribution.domainName(),
                    pool == null ? null : pool.id(), clientId,
                    settings.hasDomain() ? known(certificateArn) : null, known(functionVersionArn), !apply);
        }

        /** What a dry run cannot know yet is null in its stack.json. */
        private String known(String value) {
            return KNOWN_LATER.equals(value) ? null : value;
        }
    }
}
