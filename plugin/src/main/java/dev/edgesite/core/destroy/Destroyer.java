package dev.edgesite.core.destroy;

import dev.edgesite.core.settings.InvalidSettingException;
import dev.edgesite.core.settings.Previews;
import dev.edgesite.core.Log;
import dev.edgesite.core.settings.StackSettings;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.aws.Certificates;
import dev.edgesite.core.aws.Distributions;
import dev.edgesite.core.aws.Dns;
import dev.edgesite.core.aws.EdgeFunctions;
import dev.edgesite.core.aws.Roles;
import dev.edgesite.core.aws.S3Bucket;
import dev.edgesite.core.aws.Tags;
import dev.edgesite.core.aws.UserPools;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.acm.model.CertificateDetail;
import software.amazon.awssdk.services.acm.model.ResourceInUseException;
import software.amazon.awssdk.services.cloudfront.model.CloudFrontException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserType;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;

/**
 * Deletes the stack, dependants first: the DNS names stop pointing at the distribution, the
 * distribution is disabled and deleted, then what it used (origin access control, authorizer,
 * bucket, certificate) goes. Only what carries the stack's name and tag is touched. What AWS cannot
 * delete yet (a distribution still disabling, Lambda@Edge replicas) is reported as waiting, and a
 * later run continues from there; what is already gone is reported, not an error.
 *
 * <p>A dry run reads the same and reports, for each resource, what destroy would do ({@code would delete},
 * {@code would refuse}, kept, already absent) without any write call: it assumes the distribution would be
 * disabled and deleted in time, so what waits for it is reported as would delete.
 */
public final class Destroyer {
    /**
     * @param keepBucket leave the bucket and its content
     * @param force delete the user pool even when it has users
     * @param distributionWait how long to wait for CloudFront to disable the distribution
     * @param dryRun only read, and report what destroy would delete or refuse
     */
    public record Options(boolean keepBucket, boolean force, Duration distributionWait, boolean dryRun) {
        public static final Duration DISTRIBUTION_WAIT = Duration.ofMinutes(30);
    }

    private static final String REPLICAS = "Lambda@Edge still has replicas of it at CloudFront's edge locations, which go"
            + " within a few hours of the distribution's deletion: run destroy again after a few hours";
    private static final String AFTER_DISTRIBUTION = "goes once the distribution is deleted";
    private static final int USERS_SHOWN = 3;

    private final StackSettings settings;
    private final AwsClients aws;
    private final Log log;
    private final Options options;

    public Destroyer(StackSettings settings, AwsClients aws, Log log, Options options) {
        this.settings = settings;
        this.aws = aws;
        this.log = log;
        this.options = options;
    }

    /**
     * Deletes what can be deleted now. Refuses before deleting anything when the user pool has users
     * and {@code force} is off; a dry run reports that pool as {@code would refuse} instead.
     */
    public DestroyReport destroy() {
        return new Run().execute();
    }

    private final class Run {
        private final Outcomes outcomes = new Outcomes(log);
        private final String stack = settings.stack();
        private final boolean dryRun = options.dryRun();
        private final Distributions distributions = new Distributions(aws.cloudFront());

        DestroyReport execute() {
            String account = aws.sts().getCallerIdentity().account();
            UserPools pools = new UserPools(aws.cognito());
            // every pool named and tagged for the stack: duplicates left by lost answers go too
            List<UserPoolType> allPools = pools.pools(stack);
            List<List<UserType>> withUsers = new ArrayList<>();
            for (UserPoolType pool : allPools) {
                List<UserType> users = pools.users(pool.id(), USERS_SHOWN);
                if (!users.isEmpty() && !options.force() && !dryRun) {
                    throw usersRefusal(pool, users);
                }
                withUsers.add(users);
            }
            Dns dns = new Dns(aws.route53());
            SiteRecords records = new SiteRecords(dns, settings.hasDomain()
                    ? dns.publicZone(settings.domain()).orElse(null) : null, outcomes, dryRun);
            Optional<Distributions.Found> distribution = distributions.find(stack);
            boolean aliasesGone = !settings.hasDomain() || attempt("Route53 alias record",
                    String.join(", ", settings.hostNames()), () -> {
                        records.deleteAliases(settings.hostNames(), List.of(Previews.wildcard(settings.siteHost())),
                                distribution.map(Distributions.Found::domainName).orElse(null));
                        return true;
                    }, false);
            boolean distributionGone;
            if (aliasesGone) {
                distributionGone = attempt("CloudFront distribution", distribution.map(Distributions.Found::id)
                        .orElse("edgesite:" + stack), () -> distribution(distribution), false);
            } else {
                distributionGone = distribution.isEmpty();
                distribution.ifPresent(d -> outcomes.record(Outcome.waiting("CloudFront distribution", d.id(),
                        "goes once the names pointing at it are deleted, so that none points at a deleted one")));
            }
            originAccessControl(distributionGone);
            boolean functionGone = attempt("Lambda@Edge function", settings.functionName(),
                    () -> function(distributionGone), false);
            attempt("IAM role", Roles.roleName(stack), () -> {
                role(functionGone);
                return true;
            }, false);
            attempt("S3 bucket", settings.bucket() != null ? settings.bucket() : S3Bucket.defaultName(stack, account),
                    () -> {
                        bucket(account, distributionGone);
                        return true;
                    }, false);
            if (allPools.isEmpty()) {
                outcomes.record(Outcome.absent("Cognito user pool", UserPools.poolName(stack)));
            }
            for (int i = 0; i < allPools.size(); i++) {
                UserPoolType pool = allPools.get(i);
                List<UserType> users = withUsers.get(i);
                attempt("Cognito user pool", pool.id(), () -> {
                    userPool(pools, pool, users);
                    return true;
                }, false);
            }
            attempt("ACM certificate", String.join(", ", settings.hostNames()), () -> {
                certificates(records, distributionGone);
                return true;
            }, false);
            return new DestroyReport(stack, dryRun, outcomes.list());
        }

        /**
         * One resource's deletion: when AWS fails it even after the SDK's retries (throttling, 5xx, a lost
         * connection), the resource is reported as not deleted and destroy goes on with what does not depend on it;
         * the next run tries again.
         */
        private <T> T attempt(String resource, String name, Supplier<T> deletion, T onFailure) {
            try {
                return deletion.get();
            } catch (SdkException e) {
                outcomes.record(Outcome.failed(resource, name, "AWS answered " + firstLine(e.getMessage())
                        + "; run destroy again"));
                return onFailure;
            }
        }

        private static String firstLine(String message) {
            if (message == null) {
                return "nothing";
            }
            int end = message.indexOf('\n');
            return end < 0 ? message : message.substring(0, end);
        }

        private InvalidSettingException usersRefusal(UserPoolType pool, List<UserType> users) {
            return new InvalidSettingException("force", false, "the user pool " + pool.name() + " (" + pool.id()
                    + ") has " + usersOf(users) + ", and destroy deletes users only when forced",
                    "Nothing was deleted. Run destroy again with -Dedgesite.force=true to delete the pool with its"
                            + " users, or delete the users first");
        }

        private static String usersOf(List<UserType> users) {
            List<String> names = users.stream().map(Run::email).toList();
            String count = users.size() < USERS_SHOWN ? Integer.toString(users.size()) : USERS_SHOWN + " or more";
            return count + " user(s), such as " + String.join(", ", names);
        }

        private static String email(UserType user) {
            return user.attributes().stream().filter(a -> "email".equals(a.name())).map(a -> a.value()).findFirst()
                    .orElse(user.username());
        }

        // -- CloudFront ----------------------------------------------------------------------------

        /** Whether the distribution is gone. CloudFront deletes only a disabled distribution that is deployed. */
        private boolean distribution(Optional<Distributions.Found> found) {
            String resource = "CloudFront distribution";
            if (found.isEmpty()) {
                outcomes.record(Outcome.absent(resource, "edgesite:" + stack));
                return true;
            }
            Distributions.Found d = found.get();
            if (dryRun) {
                outcomes.record(Outcome.wouldDelete(resource, d.id(), d.domainName()
                        + (Boolean.TRUE.equals(d.config().enabled()) ? "; disabled first, then deleted once CloudFront"
                                + " has deployed it disabled, within at most " + minutes(options.distributionWait())
                                : "")));
                return true;
            }
            if (Boolean.TRUE.equals(d.config().enabled())) {
                log.info("Disabling CloudFront distribution " + d.id());
                distributions.disable(d);
            }
            if (!disabled(d.id())) {
                outcomes.record(Outcome.waiting(resource, d.id(),
                        "CloudFront is still disabling it: run destroy again in a few minutes"));
                return false;
            }
            distributions.delete(d.id());
            outcomes.record(Outcome.deleted(resource, d.id(), d.domainName()));
            return true;
        }

        /** Whether CloudFront deployed the distribution disabled within the time allowed. */
        private boolean disabled(String id) {
            Duration limit = options.distributionWait();
            log.info("Waiting for CloudFront to deploy distribution " + id + " disabled (at most " + minutes(limit)
                    + ")");
            try {
                distributions.awaitDeployed(id, limit);
                return true;
            } catch (RuntimeException e) {
                if (distributions.deploying(id)) {
                    return false;
                }
                throw e;
            }
        }

        private static String minutes(Duration d) {
            return d.toMinutes() > 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
        }

        private void originAccessControl(boolean distributionGone) {
            String resource = "CloudFront origin access control";
            String name = Distributions.oacName(stack);
            List<String> ids = attempt(resource, name, () -> distributions.oacs(name), null);
            if (ids == null) {
                return;
            }
            if (ids.isEmpty()) {
                outcomes.record(Outcome.absent(resource, name));
            }
            for (String id : ids) {
                if (!distributionGone) {
                    outcomes.record(Outcome.waiting(resource, id, AFTER_DISTRIBUTION));
                    continue;
                }
                if (dryRun) {
                    outcomes.record(Outcome.wouldDelete(resource, id, name));
                    continue;
                }
                attempt(resource, id, () -> {
                    try {
                        distributions.deleteOac(id);
                        outcomes.record(Outcome.deleted(resource, id, name));
                    } catch (CloudFrontException e) {
                        if (!"OriginAccessControlInUse".equals(e.awsErrorDetails().errorCode())) {
                            throw e;
                        }
                        outcomes.record(Outcome.kept(resource, id, "another distribution uses it"));
                    }
                    return true;
                }, false);
            }
        }

        // -- Lambda@Edge function and its role --------------------------------------------------------

        /** Whether no function of that name is left to run as the stack's role. */
        private boolean function(boolean distributionGone) {
            String resource = "Lambda@Edge function";
            String name = settings.functionName();
            EdgeFunctions functions = new EdgeFunctions(aws.lambda(), Duration.ZERO);
            Optional<GetFunctionResponse> found = functions.describe(name);
            if (found.isEmpty()) {
                outcomes.record(Outcome.absent(resource, name));
                return true;
            }
            if (!stack.equals(found.get().tags().get(Tags.STACK))) {
                outcomes.record(Outcome.kept(resource, name, notTagged()));
                return false;
            }
            if (!distributionGone) {
                outcomes.record(Outcome.waiting(resource, name, AFTER_DISTRIBUTION));
                return false;
            }
            if (dryRun) {
                outcomes.record(Outcome.wouldDelete(resource, name, "every version; while Lambda@Edge still has"
                        + " replicas of it, for hours after the distribution's deletion, a later run deletes it"));
                return true;
            }
            return switch (functions.delete(name)) {
                case DELETED -> {
                    outcomes.record(Outcome.deleted(resource, name, "every version"));
                    yield true;
                }
                case ALREADY_ABSENT -> {
                    outcomes.record(Outcome.absent(resource, name));
                    yield true;
                }
                case REPLICAS_REMAIN -> {
                    outcomes.record(Outcome.waiting(resource, name, REPLICAS));
                    yield false;
                }
            };
        }

        /** The role goes after the function, which runs as it until its last replica is gone. */
        private void role(boolean functionGone) {
            String resource = "IAM role";
            Roles roles = new Roles(aws.iam());
            String name = Roles.roleName(stack);
            Optional<Role> found = roles.find(name);
            if (found.isEmpty()) {
                outcomes.record(Outcome.absent(resource, name));
            } else if (!stack.equals(Roles.stackTag(found.get()))) {
                outcomes.record(Outcome.kept(resource, name, notTagged()));
            } else if (!functionGone) {
                outcomes.record(Outcome.waiting(resource, name, "goes once the function " + settings.functionName()
                        + " that runs as it is deleted"));
            } else if (dryRun) {
                outcomes.record(Outcome.wouldDelete(resource, name, "with its inline policies, after the function"));
            } else {
                roles.delete(name);
                outcomes.record(Outcome.deleted(resource, name, "with its inline policies"));
            }
        }

        // -- S3 bucket ------------------------------------------------------------------------------

        /** The bucket goes after the distribution, so that no distribution is left reading a name others may take. */
        private void bucket(String account, boolean distributionGone) {
            String resource = "S3 bucket";
            S3Bucket bucket = new S3Bucket(aws.s3(), settings.region(),
                    settings.bucket() != null ? settings.bucket() : S3Bucket.defaultName(stack, account));
            String name = bucket.name();
            boolean exists;
            try {
                exists = bucket.exists();
            } catch (S3Bucket.BucketNameTakenException e) {
                outcomes.record(new Outcome(resource, name, Outcome.Status.ABSENT,
                        "the name belongs to another AWS account"));
                return;
            }
            if (!exists) {
                outcomes.record(Outcome.absent(resource, name));
            } else if (!stack.equals(bucket.stackTag())) {
                outcomes.record(Outcome.kept(resource, name, notTagged()));
            } else if (options.keepBucket()) {
                outcomes.record(Outcome.kept(resource, name, "keepBucket is set: the bucket and its content stay"));
            } else if (!distributionGone) {
                outcomes.record(Outcome.waiting(resource, name, AFTER_DISTRIBUTION));
            } else if (dryRun) {
                outcomes.record(Outcome.wouldDelete(resource, name, "with " + bucket.versions() + " object version(s)"));
            } else {
                log.info("Emptying S3 bucket " + name);
                long objects = bucket.empty();
                bucket.delete();
                outcomes.record(Outcome.deleted(resource, name, "with " + objects + " object version(s)"));
            }
        }

        // -- Cognito ------------------------------------------------------------------------------------

        private void userPool(UserPools pools, UserPoolType pool, List<UserType> users) {
            String resource = "Cognito user pool";
            if (!users.isEmpty() && !options.force()) {
                // only a dry run gets here: destroy refuses before deleting anything
                outcomes.record(Outcome.wouldRefuse(resource, pool.id(), pool.name() + " has " + usersOf(users)
                        + ": destroy would delete nothing at all unless run with -Dedgesite.force=true"));
                return;
            }
            List<String> with = new ArrayList<>(List.of("its app client"));
            if (pool.domain() != null) {
                if (!dryRun) {
                    pools.deleteDomain(pool.id(), pool.domain());
                }
                with.add("login domain " + pool.domain());
            }
            if (!users.isEmpty()) {
                with.add("its users (forced)");
            }
            String note = pool.name() + " with " + String.join(", ", with);
            if (dryRun) {
                outcomes.record(Outcome.wouldDelete(resource, pool.id(), note));
                return;
            }
            pools.deletePool(pool.id());
            outcomes.record(Outcome.deleted(resource, pool.id(), note));
        }

        // -- ACM certificates and their DNS validation records ----------------------------------------------

        /**
         * Every certificate tagged with the stack, once no distribution uses it. Its validation records
         * go first, so that a certificate deletion that fails leaves them findable for the next run.
         */
        private void certificates(SiteRecords records, boolean distributionGone) {
            String resource = "ACM certificate";
            if (!settings.hasDomain()) {
                return;
            }
            if (settings.certificateArn() != null) {
                outcomes.record(Outcome.kept(resource, settings.certificateArn(),
                        "given by <certificateArn>, not made by edgesite"));
                return;
            }
            Certificates certificates = new Certificates(aws.acm());
            List<CertificateDetail> tagged = certificates.tagged(stack, settings.domain());
            if (tagged.isEmpty()) {
                outcomes.record(Outcome.absent(resource, String.join(", ", settings.hostNames())));
            }
            for (CertificateDetail certificate : tagged) {
                String arn = certificate.certificateArn();
                if (!distributionGone) {
                    outcomes.record(Outcome.waiting(resource, arn, AFTER_DISTRIBUTION));
                    continue;
                }
                attempt(resource, arn, () -> {
                    records.deleteValidation(certificate, certificates.validationRecordsOfOthers(arn,
                            new HashSet<>(certificate.subjectAlternativeNames())));
                    if (dryRun) {
                        outcomes.record(Outcome.wouldDelete(resource, arn,
                                String.join(", ", certificate.subjectAlternativeNames())));
                        return true;
                    }
                    try {
                        certificates.delete(arn);
                        outcomes.record(Outcome.deleted(resource, arn,
                                String.join(", ", certificate.subjectAlternativeNames())));
                    } catch (ResourceInUseException e) {
                        outcomes.record(Outcome.waiting(resource, arn, "ACM still counts it in use by "
                                + certificate.inUseBy() + "; it notices a deleted distribution within minutes: run destroy again then"));
                    }
                    return true;
                }, false);
            }
        }

        private String notTagged() {
            return "not tagged " + Tags.STACK + "=" + stack + ", so not this stack's";
        }
    }
}
