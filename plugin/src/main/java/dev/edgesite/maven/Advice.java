package dev.edgesite.maven;

import dev.edgesite.core.InvalidSettingException;
import dev.edgesite.core.SettingsValidator;
import dev.edgesite.core.StackSettings;
import dev.edgesite.core.provision.ProvisionTimeoutException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * What a failed goal tells the user: what went wrong in their terms and what to do next. Mistakes in
 * the configuration are {@link MojoFailureException}s, failures while running
 * {@link MojoExecutionException}s. No message carries a credential.
 */
final class Advice {
    private static final Pattern ACTION = Pattern.compile("(?:perform:?|allows? the)\\s+([a-z0-9-]+:[A-Za-z0-9*]+)");

    private Advice() {}

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
        String rerun = "To destroy it, run the goal again with -Dedgesite.confirm=" + stack + ".";
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

    static MojoExecutionException timedOut(ProvisionTimeoutException e) {
        return new MojoExecutionException(
                sentence(e.getMessage()) + " Run provision again; it continues where it stopped.", e);
    }

    static MojoExecutionException cannotWrite(Path file, IOException e) {
        return new MojoExecutionException("Could not write " + file + ": " + e.getMessage(), e);
    }

    static MojoExecutionException awsFailure(SdkException e, StackSettings settings) {
        String message = e instanceof AwsServiceException refusal
                ? refused(refusal, settings)
                : unreachable(e, settings);
        return new MojoExecutionException(message, e);
    }

    private static String refused(AwsServiceException e, StackSettings settings) {
        AwsErrorDetails details = e.awsErrorDetails();
        String service = details == null ? "AWS" : details.serviceName();
        String code = details == null || details.errorCode() == null ? "" : details.errorCode();
        String awsMessage = details == null || details.errorMessage() == null ? e.getMessage() : details.errorMessage();
        String said = " [" + service + " " + code + ": " + awsMessage + "]";
        return switch (code) {
            case "AccessDenied", "AccessDeniedException", "UnauthorizedOperation" -> {
                Matcher action = ACTION.matcher(awsMessage);
                yield service + " denied a request: " + deployer(settings) + " needs "
                        + (action.find() ? action.group(1) : "a permission it lacks") + said;
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
            case "PreconditionFailed", "InvalidIfMatchVersion" -> "The CloudFront distribution changed while"
                    + " provision was updating it, so something else changed it at the same time. Run provision"
                    + " again; it reads the distribution afresh" + said;
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

    private static String unreachable(SdkException e, StackSettings settings) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("Unable to load credentials") || message.contains("no credentials for profile")
                || message.contains("sso login")) {
            return credentials("No usable AWS credentials were found", settings);
        }
        return "A call to " + (settings.endpoint() == null ? "AWS" : settings.endpoint()) + " failed: "
                + sentence(message) + " Check the network and proxy settings"
                + (settings.endpoint() == null ? "" : " and that the emulator is running")
                + ", then run the goal again.";
    }

    private static String credentials(String problem, StackSettings settings) {
        String used = settings.profile() == null
                ? "the default AWS credentials: environment variables, AWS_PROFILE or the default profile, then the"
                        + " container or instance role"
                : "the AWS profile '" + settings.profile() + "'";
        String login = settings.profile() == null ? "aws sso login" : "aws sso login --profile " + settings.profile();
        return problem + ". The goals use " + used + ". Renew them (for IAM Identity Center: " + login
                + "), or set <profile> (edgesite.profile) to a profile that works; aws sts get-caller-identity"
                + " shows whom AWS sees.";
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
