package dev.edgesite.maven;

import dev.edgesite.core.OutputDirectory;
import dev.edgesite.core.authorizer.AuthorizerProcessException;
import dev.edgesite.core.provision.StackLocator;
import dev.edgesite.core.serve.StackLogin;
import dev.edgesite.core.settings.InvalidSettingException;
import dev.edgesite.core.sync.LastSyncException;
import dev.edgesite.core.users.PoolNotFoundException;
import dev.edgesite.core.settings.SettingsValidator;
import dev.edgesite.core.settings.StackSettings;
import dev.edgesite.core.authorizer.NodeUnavailableException;
import dev.edgesite.core.aws.CredentialSource;
import dev.edgesite.core.aws.Roles;
import dev.edgesite.core.provision.DuplicatesException;
import dev.edgesite.core.provision.ProvisionTimeoutException;
import dev.edgesite.core.serve.PortInUseException;
import dev.edgesite.core.serve.SiteDirectoryMissingException;
import dev.edgesite.core.sync.InvalidFileNamesException;
import dev.edgesite.core.sync.InvalidationWaitException;
import dev.edgesite.core.sync.SiteDirectoryException;
import dev.edgesite.core.sync.SyncFailedException;
import dev.edgesite.core.sync.SyncRefusedException;
import dev.edgesite.core.sync.TooManyDeletesException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.net.ssl.SSLException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * What a failed goal tells the user: what went wrong in their terms and what to do next. Mistakes in
 * the configuration are {@link MojoFailureException}s, failures while running
 * {@link MojoExecutionException}s. No message carries a credential.
 */
final class Advice {
    private static final Pattern ACTION = Pattern.compile("(?:perform:?|allows? the)\\s+([a-z0-9-]+:[A-Za-z0-9*]+)");

    private Advice() {}

    /**
     * Throws what the user is told about a failure of a goal's core: a mistake in the configuration or the
     * stack as a {@link MojoFailureException}, a failure while running as a {@link MojoExecutionException}.
     * An exception no advice knows is a bug and goes on as it is.
     *
     * @param settings the goal's settings, or null when the failure came before they were validated
     */
    static void raise(Exception e, StackSettings settings) throws MojoExecutionException, MojoFailureException {
        if (e instanceof InvalidSettingException invalid) {
            throw invalidSetting(invalid);
        } else if (e instanceof StackLocator.StackNotFoundException || e instanceof StackLogin.StackNotFoundException
                || e instanceof PoolNotFoundException) {
            throw notProvisioned((RuntimeException) e);
        } else if (e instanceof ProvisionTimeoutException timeout) {
            throw timedOut(timeout);
        } else if (e instanceof Roles.TrustPolicyChangedException changed) {
            throw trustPolicyChanged(changed);
        } else if (e instanceof DuplicatesException duplicates) {
            throw duplicates(duplicates);
        } else if (e instanceof SyncRefusedException refused) {
            throw syncRefused(refused);
        } else if (e instanceof SyncFailedException failed) {
            throw syncFailed(failed, settings);
        } else if (e instanceof LastSyncException last) {
            throw lastSync(last);
        } else if (e instanceof InvalidationWaitException wait) {
            throw invalidationNotCompleted(wait);
        } else if (e instanceof SiteDirectoryMissingException missing) {
            throw nothingToServe(missing);
        } else if (e instanceof NodeUnavailableException node) {
            throw noNode(node);
        } else if (e instanceof AuthorizerProcessException authorizer) {
            throw new MojoExecutionException("The authorizer did not start in Node.js: " + authorizer.getMessage(),
                    authorizer);
        } else if (e instanceof OutputDirectory.CannotWriteException write) {
            throw new MojoExecutionException(write.getMessage(), write);
        } else if (e instanceof SdkException sdk && settings != null) {
            throw awsFailure(sdk, settings);
        } else if (e instanceof RuntimeException bug) {
            throw bug;
        }
        throw new MojoExecutionException(e.getMessage(), e);
    }

    static MojoFailureException invalidSettings(SettingsValidator.InvalidSettings e) {
        if (e.problems().size() == 1) {
            return new MojoFailureException(e.getMessage(), e);
        }
        return new MojoFailureException(e.problems().stream()
                .map(problem -> "  " + problem.getMessage())
                .collect(Collectors.joining(System.lineSeparator(),
                        "The edgesite configuration has " + e.problems().size() + " problems:" + System.lineSeparator(),
                        "")), e);
    }

    static MojoFailureException invalidSetting(InvalidSettingException e) {
        return new MojoFailureException(e.getMessage(), e);
    }

    static MojoFailureException unconfirmed(String stack, String confirm) {
        String rerun = "To destroy it, run the goal again with -Dedgesite.confirm=" + stack + ". To see first what it"
                + " would delete, run it with -Dedgesite.dryRun=true, which deletes nothing.";
        if (confirm == null || confirm.isBlank()) {
            return new MojoFailureException("destroy deletes every resource of stack '" + stack + "': the site's"
                    + " bucket and files, the user pool with its users, the distribution, certificate, DNS records and"
                    + " authorizer. It cannot be undone, so it runs only when confirmed. " + rerun);
        }
        return new MojoFailureException("<confirm> (edgesite.confirm) is '" + confirm + "', not the stack's name '"
                + stack + "', so nothing was deleted. " + rerun);
    }

    static MojoFailureException notProvisioned(RuntimeException e) {
        return new MojoFailureException(e.getMessage(), e);
    }

    /** Someone changed the authorizer role's trust policy; provision may not rewrite it, an administrator must. */
    static MojoExecutionException trustPolicyChanged(Roles.TrustPolicyChangedException e) {
        return new MojoExecutionException(e.getMessage(), e);
    }

    static MojoExecutionException duplicates(DuplicatesException e) {
        return new MojoExecutionException(e.getMessage(), e);
    }

    static MojoExecutionException timedOut(ProvisionTimeoutException e) {
        return new MojoExecutionException(
                sentence(e.getMessage()) + " Run provision again; it continues where it stopped.", e);
    }

    /** Without the refusal as its cause, whose message Maven would print again after this one. */
    static MojoFailureException syncRefused(SyncRefusedException e) {
        String message;
        if (e instanceof SiteDirectoryException site) {
            message = siteDirectory(site);
        } else if (e instanceof TooManyDeletesException deletes) {
            message = "The sync would delete " + deletes.deletes() + " objects from s3://" + deletes.bucket() + ", more than"
                    + " <sync><maxDeletes> allows (" + deletes.maxDeletes() + "), so nothing was synced; for example "
                    + String.join(", ", deletes.keys().subList(0, Math.min(5, deletes.keys().size())))
                    + ". If the site really lost these files, run once with -Dedgesite.sync.allowDeletes, or raise"
                    + " <sync><maxDeletes> (edgesite.sync.maxDeletes); if the build lost them, fix the build."
                    + " -Dedgesite.dryRun lists every change without making it.";
        } else if (e instanceof InvalidFileNamesException names) {
            message = names.problems().size() + " file name(s) in <siteDirectory> cannot be published as URLs, so"
                    + " nothing was synced: " + String.join("; ", names.problems().subList(0,
                            Math.min(10, names.problems().size())))
                    + (names.problems().size() > 10 ? "; ..." : "") + ". Rename these files in the site.";
        } else {
            message = e.getMessage();
        }
        return new MojoFailureException(message);
    }

    /** What failed, then (for an AWS failure) the advice, which tells the SDK's reason in its own words. */
    static MojoExecutionException syncFailed(SyncFailedException e, StackSettings settings) {
        if (e.getCause() instanceof SdkException cause) {
            return new MojoExecutionException(sentence(e.step()) + " " + awsMessage(cause, settings)
                    + " Running the goal again finishes the sync: what landed already is not sent again.", e);
        }
        return new MojoExecutionException(sentence(e.getMessage()) + " Running the goal again finishes the"
                + " sync: what landed already is not sent again.", e);
    }

    /** invalidate was asked for what the last sync changed, and sync.json cannot say. */
    static MojoFailureException lastSync(LastSyncException e) {
        Path file = e.file();
        String orPaths = "name the paths with <invalidate><paths> (-Dedgesite.invalidate.paths=/docs/*).";
        String message = switch (e.problem()) {
            case MISSING -> "There is no " + file + " from an earlier sync, so invalidate does not know what changed."
                    + " Run sync first (mvn edgesite:sync edgesite:invalidate, or edgesite:deploy for both), or "
                    + orPaths;
            case UNREADABLE -> file + " is not a sync result (" + e.getCause().getMessage() + "). Run sync again to"
                    + " write it afresh, or " + orPaths;
            case OTHER_BUCKET -> file + " is from a sync to s3://" + e.syncedBucket() + ", not to this stack's bucket "
                    + e.bucket() + ", so invalidate does not know what changed here. Run sync for this stack first, or "
                    + orPaths;
        };
        return new MojoFailureException(message, e);
    }

    static MojoExecutionException invalidationNotCompleted(InvalidationWaitException e) {
        return new MojoExecutionException(sentence(e.getMessage()) + " The site serves the new files everywhere"
                + " once it has; to end the build without waiting, leave out <invalidate><wait>"
                + " (edgesite.invalidate.wait).", e);
    }

    static MojoFailureException invalidServe(String element, String value, String fix) {
        return new MojoFailureException(element + " is '" + value + "'. " + fix);
    }

    static MojoFailureException portInUse(PortInUseException e, boolean inPom) {
        int other = e.port() < 65535 ? e.port() + 1 : e.port() - 1;
        String change = inPom ? "set <serve><port> in the pom to a free port, such as " + other
                : "run again on a free port, such as -D" + ServeMojo.PORT_PROPERTY + "=" + other;
        return new MojoFailureException("Port " + e.port() + " (<serve><port>, " + ServeMojo.PORT_PROPERTY + ") is in"
                + " use by another program, so serve cannot listen on it. Stop that program, or " + change + ".", e);
    }

    static MojoFailureException nothingToServe(SiteDirectoryMissingException e) {
        return new MojoFailureException("<siteDirectory> '" + e.directory() + "' does not exist, so there is no site to"
                + " serve. Build the site first (as in mvn package edgesite:serve), or set <siteDirectory>"
                + " (edgesite.siteDirectory) to the folder the build writes the site to.", e);
    }

    static MojoExecutionException noNode(NodeUnavailableException e) {
        return new MojoExecutionException(sentence(e.getMessage()) + " Name it with <serve><node> ("
                + ServeMojo.NODE_PROPERTY + ").", e);
    }

    static MojoExecutionException awsFailure(SdkException e, StackSettings settings) {
        return new MojoExecutionException(awsMessage(e, settings), e);
    }

    private static String awsMessage(SdkException e, StackSettings settings) {
        return e instanceof AwsServiceException refusal ? refused(refusal, settings) : unreachable(e, settings);
    }

    private static String refused(AwsServiceException e, StackSettings settings) {
        AwsErrorDetails details = e.awsErrorDetails();
        String service = details == null ? "AWS" : details.serviceName();
        String code = details == null || details.errorCode() == null ? "" : details.errorCode();
        String awsMessage = details == null || details.errorMessage() == null ? e.getMessage() : details.errorMessage();
        String said = " [" + service + " " + code + ": " + awsMessage + "]";
        if (isIdentityCenter(service)) {
            // the portal or its token service refused the cached sign-in, while getting credentials
            return credentials("IAM Identity Center refused the sign-in that the credentials come from", settings) + said;
        }
        return switch (code) {
            case "AccessDenied", "AccessDeniedException", "UnauthorizedOperation" -> {
                Matcher action = ACTION.matcher(awsMessage);
                yield service + " denied a request: " + deployer(settings) + " needs "
                        + (action.find() ? action.group(1) : "a permission it lacks")
                        + " (mvn edgesite:policy prints every permission the goals need)" + said;
            }
            case "ExpiredToken", "ExpiredTokenException" ->
                    credentials("The AWS session credentials have expired", settings) + said;
            case "InvalidClientTokenId", "UnrecognizedClientException", "InvalidAccessKeyId",
                    "SignatureDoesNotMatch", "InvalidSignatureException" ->
                    credentials("AWS does not accept the credentials", settings) + said;
            case "Throttling", "ThrottlingException", "TooManyRequests", "TooManyRequestsException" -> throttled(said);
            case "BucketAlreadyExists" -> "The bucket name "
                    + (settings.bucket() == null ? "derived from the stack" : "'" + settings.bucket() + "'")
                    + " belongs to another AWS account (bucket names are global). Set <bucket> (edgesite.bucket)"
                    + " to another name" + said;
            case "NoSuchHostedZone" -> "Route53 has no hosted zone for <domain> '" + settings.domain()
                    + "'. Create the hosted zone in this account, or set <domain> to a zone that exists" + said;
            case "PreconditionFailed", "InvalidIfMatchVersion" -> isS3(service) ? "S3 refused a conditional write"
                    + " (HTTP " + e.statusCode() + " PreconditionFailed): an object in the site's bucket changed after"
                    + " the sync read it, so something else wrote to the bucket at the same time. Run the goal again;"
                    + " it reads the bucket afresh" + said
                    : "The CloudFront distribution changed while"
                    + " provision was updating it, so something else changed it at the same time. Run provision"
                    + " again; it reads the distribution afresh" + said;
            case "TooManyInvalidationsInProgress" -> "CloudFront already has as many invalidations in progress on"
                    + " the distribution as it allows at once (3,000 paths, or 15 wildcard paths). Wait a few minutes"
                    + " until they complete, then run mvn edgesite:invalidate; the synced files are in the bucket"
                    + " already" + said;
            case "PermanentRedirect", "AuthorizationHeaderMalformed", "IllegalLocationConstraintException" ->
                    "The bucket " + bucket(settings) + " is not in <region> '" + settings.region().id() + "'. Set"
                    + " <region> (edgesite.region) to the region the stack was provisioned in" + said;
            case "NoSuchBucket" -> "The bucket " + bucket(settings) + " does not exist. Run mvn edgesite:provision"
                    + " first, or set <bucket> (edgesite.bucket) to the stack's bucket" + said;
            case "CodeStorageExceededException" -> "Lambda's code storage in us-east-1 is full. Delete old versions"
                    + " of " + settings.functionName() + " and other functions you no longer need" + said;
            case "LimitExceeded", "LimitExceededException", "ServiceQuotaExceededException" -> quota("", said);
            default -> {
                if (e.isThrottlingException()) {
                    yield throttled(said);
                }
                if (code.startsWith("TooMany")) {
                    yield quota(" on " + words(code.substring("TooMany".length())), said);
                }
                yield service + " refused a request with HTTP " + e.statusCode() + said;
            }
        };
    }

    private static String siteDirectory(SiteDirectoryException e) {
        String element = "<siteDirectory> '" + e.directory() + "'";
        String fix = " Build the site before publishing it (run the goal after the phase that writes the site,"
                + " as in mvn package edgesite:sync), or set <siteDirectory> (edgesite.siteDirectory) to the"
                + " folder the build writes the site to.";
        return switch (e.problem()) {
            case MISSING -> element + " does not exist, so there is no site to publish; nothing was synced." + fix;
            case NOT_A_DIRECTORY -> element + " is a file, not a folder; nothing was synced." + fix;
            case EMPTY -> element + " holds no file to publish (hidden files are never published), and publishing it"
                    + " would empty the site; nothing was synced." + fix;
        };
    }

    private static String unreachable(SdkException e, StackSettings settings) {
        String message = String.valueOf(e.getMessage());
        String where = settings.endpoint() == null ? "AWS" : settings.endpoint().toString();
        if (e instanceof AbortedException) {
            return "The goal was interrupted while it waited for " + where + ". Run it again; it continues from what"
                    + " AWS holds.";
        }
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return where + " did not answer in time: " + sentence(message) + " Check the network and proxy settings"
                    + " (HTTPS_PROXY, NO_PROXY, -Dhttps.proxyHost), then run the goal again.";
        }
        if (message.contains("Invalid Configuration") || message.contains("cannot be combined")
                || message.contains("endpoint") && message.contains("not supported")) {
            return "The AWS settings do not go together: " + sentence(message) + " Check AWS_USE_FIPS_ENDPOINT,"
                    + " AWS_USE_DUALSTACK_ENDPOINT, AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL and the profile's"
                    + " use_fips_endpoint, use_dualstack_endpoint and endpoint_url against <endpoint> and <region>.";
        }
        if (e instanceof SdkClientException && message.contains("Unable to load region")) {
            return "No AWS region is set. Set <region> (edgesite.region) in the pom, or AWS_REGION.";
        }
        if (aboutCredentials(e)) {
            CredentialSource source = CredentialSource.of(settings.profile());
            return credentials(source.identityCenter()
                    ? "The IAM Identity Center sign-in is missing or has expired, so the SDK got no AWS credentials"
                    : "No usable AWS credentials were found", source, settings);
        }
        if (causedBy(e, SSLException.class)) {
            return "A secure connection to " + where + " failed: " + sentence(message) + " A proxy or firewall that"
                    + " inspects TLS needs its certificate in the JVM's trust store (or AWS_CA_BUNDLE for the CLI);"
                    + " then run the goal again.";
        }
        if (causedBy(e, UnknownHostException.class)) {
            return "The name of " + where + "'s server does not resolve: " + sentence(message) + " Check the network,"
                    + " DNS and proxy settings (HTTPS_PROXY, NO_PROXY)"
                    + (settings.endpoint() == null ? " and the endpoint settings (AWS_ENDPOINT_URL_S3, endpoint_url)"
                            : " and <endpoint>")
                    + ", then run the goal again.";
        }
        return "A call to " + where + " failed: "
                + sentence(message) + " Check the network and proxy settings"
                + (settings.endpoint() == null ? "" : " and that the emulator is running")
                + ", then run the goal again.";
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String bucket(StackSettings settings) {
        return settings.bucket() == null ? "of stack '" + settings.stack() + "'" : "'" + settings.bucket() + "'";
    }

    /** Whether the SDK failed while resolving credentials (its messages say so; no type marks it). */
    private static boolean aboutCredentials(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String text = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (text.contains("credential") || text.contains("sso") || text.contains("token")) {
                return true;
            }
        }
        return false;
    }

    private static String credentials(String problem, StackSettings settings) {
        return credentials(problem, CredentialSource.of(settings.profile()), settings);
    }

    /** The problem, what the SDK tried (profile and source) and the one thing that fixes it. */
    private static String credentials(String problem, CredentialSource source, StackSettings settings) {
        String whoami = settings.profile() == null ? "aws sts get-caller-identity"
                : "aws sts get-caller-identity --profile " + settings.profile();
        return problem + ". The goals used " + source.description() + ". " + sentence(source.fix()) + " " + whoami
                + " shows whom AWS sees.";
    }

    private static boolean isS3(String service) {
        return "S3".equalsIgnoreCase(service);
    }

    private static boolean isIdentityCenter(String service) {
        String s = String.valueOf(service).replace(" ", "").toLowerCase(Locale.ROOT);
        return s.equals("sso") || s.equals("ssooidc");
    }

    private static String deployer(StackSettings settings) {
        return settings.profile() == null ? "the deployer" : "the deployer (AWS profile '" + settings.profile() + "')";
    }

    private static String throttled(String said) {
        return "AWS kept throttling requests after several retries. Wait a few minutes and run the goal again" + said;
    }

    private static String quota(String which, String said) {
        return "An AWS quota" + which + " is reached. Delete what the account no longer needs, or ask for more in"
                + " the Service Quotas console" + said;
    }

    private static String words(String camelCase) {
        return camelCase.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    }

    private static String sentence(String text) {
        String trimmed = String.valueOf(text).strip();
        return trimmed.endsWith(".") ? trimmed : trimmed + ".";
    }
}
