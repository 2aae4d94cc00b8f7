package dev.edgesite.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesite.core.settings.InvalidSettingException;
import dev.edgesite.core.settings.SettingsValidator;
import dev.edgesite.core.settings.StackSettings;
import dev.edgesite.core.provision.ProvisionTimeoutException;
import dev.edgesite.core.OutputDirectory;
import dev.edgesite.core.sync.LastSyncException;
import dev.edgesite.core.sync.SiteDirectoryException;
import dev.edgesite.core.sync.SyncFailedException;
import dev.edgesite.core.sync.TooManyDeletesException;
import dev.edgesite.core.sync.SyncResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.aws.S3Site;
import software.amazon.awssdk.core.exception.SdkException;

class AdviceTest {
    /** The AWS config files the advice reads: this test's, never the user's. */
    @org.junit.jupiter.api.io.TempDir
    static Path awsFiles;

    @org.junit.jupiter.api.BeforeEach
    void ownAwsFiles() throws IOException {
        java.nio.file.Files.writeString(awsFiles.resolve("config"), "[profile keys]\nregion = us-east-1\n\n"
                + "[profile dev]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Publisher\n\n"
                + "[sso-session corp]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\n");
        java.nio.file.Files.writeString(awsFiles.resolve("credentials"),
                "[keys]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = example\n");
        System.setProperty("aws.configFile", awsFiles.resolve("config").toString());
        System.setProperty("aws.sharedCredentialsFile", awsFiles.resolve("credentials").toString());
    }

    @org.junit.jupiter.api.AfterEach
    void releaseAwsFiles() {
        System.clearProperty("aws.configFile");
        System.clearProperty("aws.sharedCredentialsFile");
    }

    private static final StackSettings SETTINGS = new SettingsValidator().stack("docs-portal").domain("example.com")
            .validate();
    private static final StackSettings WITH_PROFILE_AND_BUCKET = new SettingsValidator().stack("docs-portal")
            .profile("work").bucket("docs-site").validate();

    private static AwsServiceException refusal(String service, String code, String message, int status) {
        return AwsServiceException.builder()
                .statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .serviceName(service).errorCode(code).errorMessage(message).build())
                .build();
    }

    private static String advice(SdkException e, StackSettings settings) {
        MojoExecutionException advice = Advice.awsFailure(e, settings);
        assertSame(e, advice.getCause());
        return advice.getMessage();
    }

    private static void assertContains(String text, String part) {
        assertTrue(text.contains(part), text);
    }

    // Every kind of SDK failure a goal can meet gets advice of its own: the exception types, then the causes.

    @Test
    void anInterruptedCallSaysToRunAgain() {
        String message = advice(AbortedException.builder().message("Thread was interrupted").build(), SETTINGS);
        assertTrue(message.startsWith("The goal was interrupted while it waited for AWS."), message);
    }

    @Test
    void timeoutsOfTheCallOrOfAnAttemptPointAtTheNetworkAndProxy() {
        for (SdkException timeout : List.<SdkException>of(
                ApiCallTimeoutException.builder().message("Client execution did not complete before the specified"
                        + " timeout configuration: 60000 millis").build(),
                ApiCallAttemptTimeoutException.builder().message("HTTP request execution did not complete before the"
                        + " specified timeout configuration: 10000 millis").build())) {
            String message = advice(timeout, SETTINGS);
            assertTrue(message.startsWith("AWS did not answer in time"), message);
            assertContains(message, "HTTPS_PROXY");
        }
    }

    @Test
    void settingsThatDoNotGoTogetherAreNamed() {
        System.setProperty("aws.useFipsEndpoint", "true");
        try (AwsClients aws = AwsClients.builder().region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .endpoint(java.net.URI.create("http://127.0.0.1:9"))
                .credentials(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("a", "b")))
                .build()) {
            SdkException real = assertThrows(SdkException.class, () -> new S3Site(aws, "docs-site").list());
            String message = advice(real, SETTINGS);
            assertTrue(message.startsWith("The AWS settings do not go together: A custom endpoint cannot be combined with"
                    + " FIPS."), message);
            assertContains(message, "AWS_USE_FIPS_ENDPOINT");
        } finally {
            System.clearProperty("aws.useFipsEndpoint");
        }
    }

    @Test
    void aRefusedConnectionSaysWhereItWentAndToCheckTheEmulator() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        StackSettings settings = new SettingsValidator().stack("docs-portal")
                .endpoint("http://127.0.0.1:" + closed).validate();
        try (AwsClients aws = AwsClients.builder().region(settings.region()).endpoint(settings.endpoint())
                .credentials(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("a", "b")))
                .overrides(software.amazon.awssdk.core.client.config.ClientOverrideConfiguration.builder()
                        .retryStrategy(software.amazon.awssdk.awscore.retry.AwsRetryStrategy.doNotRetry()).build())
                .build()) {
            SdkException real = assertThrows(SdkException.class, () -> new S3Site(aws, "docs-site").list());
            String message = advice(real, settings);
            assertTrue(message.startsWith("A call to http://127.0.0.1:" + closed + " failed"), message);
            assertContains(message, "that the emulator is running");
        }
    }

    @Test
    void anUnknownHostAndABrokenTlsConnectionSayWhatToCheck() {
        String dns = advice(SdkClientException.builder().message("Received an UnknownHostException when attempting"
                + " to interact with a service").cause(new java.net.UnknownHostException("s3.example.invalid")).build(),
                SETTINGS);
        assertTrue(dns.startsWith("The name of AWS's server does not resolve"), dns);
        assertContains(dns, "AWS_ENDPOINT_URL_S3");
        String tls = advice(SdkClientException.builder().message("Unable to execute HTTP request: PKIX path building"
                + " failed").cause(new javax.net.ssl.SSLHandshakeException("PKIX path building failed")).build(), SETTINGS);
        assertTrue(tls.startsWith("A secure connection to AWS failed"), tls);
        assertContains(tls, "trust store");
    }

    @Test
    void aMissingRegionSaysWhereToSetIt() {
        String message = advice(SdkClientException.create("Unable to load region from any of the providers in the"
                + " chain"), SETTINGS);
        assertEquals("No AWS region is set. Set <region> (edgesite.region) in the pom, or AWS_REGION.", message);
    }

    @Test
    void aBucketInAnotherRegionOrMissingSaysWhichSettingToFix() {
        String moved = advice(refusal("S3", "PermanentRedirect", "The bucket you are attempting to access must be"
                + " addressed using the specified endpoint", 301), WITH_PROFILE_AND_BUCKET);
        assertTrue(moved.startsWith("The bucket 'docs-site' is not in <region> 'us-east-1'"), moved);
        String missing = advice(refusal("S3", "NoSuchBucket", "The specified bucket does not exist", 404), SETTINGS);
        assertTrue(missing.startsWith("The bucket of stack 'docs-portal' does not exist. Run mvn edgesite:provision"),
                missing);
    }

    @Test
    void everyServicesOwnExceptionTypeIsARefusalWithItsCode() {
        for (AwsServiceException refusal : List.<AwsServiceException>of(
                (AwsServiceException) software.amazon.awssdk.services.s3.model.S3Exception.builder().statusCode(400)
                        .awsErrorDetails(AwsErrorDetails.builder().serviceName("S3").errorCode("InvalidArgument")
                                .errorMessage("bad").build()).build(),
                (AwsServiceException) software.amazon.awssdk.services.cloudfront.model.CloudFrontException.builder()
                        .statusCode(400).awsErrorDetails(AwsErrorDetails.builder().serviceName("CloudFront")
                                .errorCode("InvalidArgument").errorMessage("bad").build()).build(),
                (AwsServiceException) software.amazon.awssdk.services.cognitoidentityprovider.model
                        .CognitoIdentityProviderException.builder().statusCode(400).awsErrorDetails(AwsErrorDetails
                                .builder().serviceName("CognitoIdentityProvider").errorCode("InvalidParameterException")
                                .errorMessage("bad").build()).build())) {
            String message = advice(refusal, SETTINGS);
            assertTrue(message.contains(refusal.awsErrorDetails().serviceName() + " refused a request with HTTP 400 ["),
                    message);
            assertContains(message, refusal.awsErrorDetails().errorCode() + ": bad]");
        }
    }

    @Test
    void invalidSettingsFailTheBuildListingEveryProblem() {
        SettingsValidator.InvalidSettings invalid = assertThrows(SettingsValidator.InvalidSettings.class,
                new SettingsValidator().stack("Docs").priceClass("cheap")::validate);
        MojoFailureException failure = Advice.invalidSettings(invalid);
        assertEquals(3, failure.getMessage().lines().count());
        assertTrue(failure.getMessage().startsWith("The edgesite configuration has 2 problems:"));
        assertContains(failure.getMessage(), "  <stack> 'Docs': ");
        assertContains(failure.getMessage(), "  <priceClass> 'cheap': ");
    }

    @Test
    void oneInvalidSettingIsTheWholeMessage() {
        SettingsValidator.InvalidSettings invalid = assertThrows(SettingsValidator.InvalidSettings.class,
                new SettingsValidator().stack("Docs")::validate);
        assertEquals(invalid.problems().get(0).getMessage(), Advice.invalidSettings(invalid).getMessage());
    }

    @Test
    void aSettingTheCoreFindsWrongFailsTheBuild() {
        InvalidSettingException e = new InvalidSettingException("domain", "example.com",
                "this AWS account has no public Route53 hosted zone of that name", "Create it");
        assertEquals(e.getMessage(), Advice.invalidSetting(e).getMessage());
    }

    @Test
    void accessDeniedNamesTheActionTheDeployerNeeds() {
        String message = advice(refusal("CloudFront", "AccessDenied",
                "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: cloudfront:CreateDistribution",
                403), WITH_PROFILE_AND_BUCKET);
        assertContains(message, "the deployer (AWS profile 'work') needs cloudfront:CreateDistribution");
        assertContains(message, "is not authorized to perform");
    }

    @Test
    void accessDeniedFindsTheActionInAnIdentityPolicyMessage() {
        String message = advice(refusal("Lambda", "AccessDeniedException", "User: arn:aws:sts::123456789012:"
                + "assumed-role/deploy/ci is not authorized because no identity-based policy allows the"
                + " lambda:CreateFunction action", 403), SETTINGS);
        assertContains(message, "the deployer needs lambda:CreateFunction (mvn edgesite:policy prints every"
                + " permission the goals need)");
    }

    @Test
    void accessDeniedWithoutAnActionStillSaysWhatIsMissing() {
        assertContains(advice(refusal("S3", "AccessDenied", "Access Denied", 403), SETTINGS),
                "S3 denied a request: the deployer needs a permission it lacks");
    }

    @Test
    void expiredCredentialsTellHowToRenewThem() {
        String message = advice(refusal("STS", "ExpiredToken", "The security token included in the request is expired",
                400), WITH_PROFILE_AND_BUCKET);
        assertContains(message, "The AWS session credentials have expired");
        assertContains(message, "the AWS profile 'work'");
        // 'work' is no IAM Identity Center profile (there is none on this machine), so signing in cannot help
        assertFalse(message.contains("sso login"), message);
    }

    @Test
    void rejectedStaticKeysSayToReplaceThemNotToSignIn() {
        String message = advice(refusal("STS", "InvalidClientTokenId", "The security token is invalid", 403),
                new SettingsValidator().stack("docs-portal").profile("keys").validate());
        assertTrue(message.startsWith("AWS does not accept the credentials. The goals used the AWS profile 'keys'"
                + " (static access keys). Put a working key pair into it: aws configure --profile keys."), message);
        assertContains(message, "aws sts get-caller-identity --profile keys");
        assertFalse(message.contains("sso login"), message);
    }

    @Test
    void expiredCredentialsOfAnIdentityCenterProfileSayToSignInWithIt() {
        String message = advice(refusal("STS", "ExpiredToken", "The security token included in the request is expired",
                400), new SettingsValidator().stack("docs-portal").profile("dev").validate());
        assertContains(message, "the AWS profile 'dev' (IAM Identity Center, sso-session 'corp')");
        assertContains(message, "Sign in again: aws sso login --profile dev.");
    }

    @Test
    void theIdentityCenterPortalRefusingTheSignInSaysToSignInAgain() {
        String message = advice(refusal("SSO", "UnauthorizedException", "Session token not found or invalid", 401),
                new SettingsValidator().stack("docs-portal").profile("dev").validate());
        assertTrue(message.startsWith("IAM Identity Center refused the sign-in"), message);
        assertContains(message, "aws sso login --profile dev");
    }

    @Test
    void unknownCredentialsPointAtTheProfileSetting() {
        assertContains(advice(refusal("STS", "InvalidClientTokenId", "The security token is invalid", 403), SETTINGS),
                "set <profile> (edgesite.profile)");
    }

    @Test
    void missingCredentialsAreExplainedWithoutEchoingTheSdk() {
        String sdk = "Unable to load credentials from any of the providers in the chain: ProfileFile(secret stuff)";
        String message = advice(SdkClientException.create(sdk), SETTINGS);
        assertContains(message, "No usable AWS credentials were found");
        assertContains(message, "the default credentials chain");
        assertFalse(message.contains("secret stuff"), message);
    }

    @Test
    void aSyncWithoutCredentialsSaysWhatFailedWithoutEchoingTheSdk() {
        String sdk = "Unable to load credentials from any of the providers in the chain: ProfileFile(secret stuff)";
        SyncFailedException failed = new SyncFailedException("Comparing the site with s3://docs-site failed", sdk,
                new SyncResult("docs-site", false, List.of(), List.of(), List.of(), 0, 0, Duration.ZERO),
                SdkClientException.create(sdk));

        String message = Advice.syncFailed(failed, SETTINGS).getMessage();

        assertTrue(message.startsWith("Comparing the site with s3://docs-site failed. No usable AWS credentials were"
                + " found."), message);
        assertFalse(message.contains("secret stuff"), message);
        assertContains(message, "Running the goal again finishes the sync");
    }

    @Test
    void throttlingSaysToRetryLater() {
        assertContains(advice(refusal("CloudFront", "Throttling", "Rate exceeded", 400), SETTINGS),
                "Wait a few minutes and run the goal again");
        assertContains(advice(refusal("Cognito Identity Provider", "TooManyRequestsException", "Too many", 400),
                SETTINGS), "Wait a few minutes");
    }

    @Test
    void aBucketNameTakenElsewhereAsksForAnotherName() {
        assertContains(advice(refusal("S3", "BucketAlreadyExists", "The requested bucket name is not available", 409),
                WITH_PROFILE_AND_BUCKET), "The bucket name 'docs-site' belongs to another AWS account");
        assertContains(advice(refusal("S3", "BucketAlreadyExists", "not available", 409), SETTINGS),
                "Set <bucket> (edgesite.bucket) to another name");
    }

    @Test
    void aQuotaSaysWhichOne() {
        assertContains(advice(refusal("CloudFront", "TooManyDistributions", "Your request contains too many"
                + " distributions.", 400), SETTINGS), "An AWS quota on distributions is reached");
        String limit = advice(refusal("Lambda", "LimitExceededException", "Concurrent executions limit", 400),
                SETTINGS);
        assertContains(limit, "Service Quotas console");
        assertContains(limit, "Concurrent executions limit");
    }

    @Test
    void tooManyInvalidationsInProgressSaysToWaitAndInvalidateAgain() {
        String message = advice(refusal("CloudFront", "TooManyInvalidationsInProgress", "Processing your request will"
                + " cause you to exceed the maximum number of in-progress wildcard invalidations.", 400), SETTINGS);
        assertContains(message, "Wait a few minutes until they complete, then run mvn edgesite:invalidate");
        assertContains(message, "maximum number of in-progress wildcard invalidations");
        assertFalse(message.contains("Service Quotas"), message);
    }

    @Test
    void fullCodeStorageNamesTheFunction() {
        assertContains(advice(refusal("Lambda", "CodeStorageExceededException", "Code storage limit exceeded", 400),
                SETTINGS), "Delete old versions of docs-portal-authorizer");
    }

    @Test
    void aMissingHostedZoneNamesTheDomain() {
        assertContains(advice(refusal("Route 53", "NoSuchHostedZone", "No hosted zone found", 404), SETTINGS),
                "Route53 has no hosted zone for <domain> 'example.com'");
    }

    @Test
    void aConcurrentChangeSaysToRunAgain() {
        assertContains(advice(refusal("CloudFront", "PreconditionFailed", "The If-Match version is stale", 412),
                SETTINGS), "Run provision again");
    }

    @Test
    void s3sPreconditionFailureOnAConditionalCopyIsAnS3Precondition() {
        String message = advice(refusal("S3", "PreconditionFailed",
                "At least one of the pre-conditions you specified did not hold", 412), WITH_PROFILE_AND_BUCKET);
        assertTrue(message.startsWith("S3 refused a conditional write (HTTP 412 PreconditionFailed)"), message);
        assertContains(message, "Run the goal again");
        assertFalse(message.contains("CloudFront"), message);
        assertFalse(message.contains("provision"), message);
    }

    @Test
    void anyOtherRefusalNamesServiceCodeAndStatus() {
        assertContains(advice(refusal("ACM", "ValidationException", "bad domain", 400), SETTINGS),
                "ACM refused a request with HTTP 400 [ACM ValidationException: bad domain]");
    }

    @Test
    void anUnreachableEndpointIsNamed() {
        StackSettings emulated = new SettingsValidator().stack("docs-portal").endpoint("http://127.0.0.1:5000")
                .validate();
        String message = advice(SdkClientException.create("Unable to execute HTTP request: Connection refused"),
                emulated);
        assertContains(message, "A call to http://127.0.0.1:5000 failed: Unable to execute HTTP request");
        assertContains(message, "the emulator is running");
    }

    @Test
    void aTimeoutSaysProvisionContinues() {
        ProvisionTimeoutException e = new ProvisionTimeoutException("The certificate was not issued within 45 minutes",
                null);
        assertEquals("The certificate was not issued within 45 minutes. Run provision again; it continues where it"
                + " stopped.", Advice.timedOut(e).getMessage());
    }

    @Test
    void anUnwritableOutputNamesTheFile() {
        Path file = Path.of("target", "edgesite", "plan.json");
        MojoExecutionException e = assertThrows(MojoExecutionException.class, () -> Advice.raise(
                new OutputDirectory.CannotWriteException(file, new IOException("Read-only file system")), null));
        assertContains(e.getMessage(), "Could not write " + file + ": Read-only file system");
    }

    @Test
    void tooManyDeletesSayHowToAllowThemAndThatNothingWasSynced() {
        MojoFailureException e = assertThrows(MojoFailureException.class, () -> Advice.raise(
                new TooManyDeletesException("edgesite-docs-site", List.of("old/a.html", "old/b.html", "old/c.html"), 2),
                null));
        assertTrue(e.getMessage().startsWith("The sync would delete 3 objects from s3://edgesite-docs-site, more than"
                + " <sync><maxDeletes> allows (2), so nothing was synced; for example old/a.html"), e.getMessage());
        assertContains(e.getMessage(), "run once with -Dedgesite.sync.allowDeletes, or raise <sync><maxDeletes>"
                + " (edgesite.sync.maxDeletes)");
    }

    @Test
    void invalidateWithoutAUsableSyncJsonSaysWhatToRunFirst() {
        Path file = Path.of("target", "edgesite", "sync.json");
        MojoFailureException missing = assertThrows(MojoFailureException.class, () -> Advice.raise(
                new LastSyncException(LastSyncException.Problem.MISSING, file, null, "b", null), null));
        assertTrue(missing.getMessage().startsWith("There is no " + file + " from an earlier sync"),
                missing.getMessage());
        assertContains(missing.getMessage(), "Run sync first");
        MojoFailureException unreadable = assertThrows(MojoFailureException.class, () -> Advice.raise(
                new LastSyncException(LastSyncException.Problem.UNREADABLE, file, null, "b",
                        new IllegalArgumentException("Unexpected token")), null));
        assertContains(unreadable.getMessage(), file + " is not a sync result (Unexpected token)");
        MojoFailureException elsewhere = assertThrows(MojoFailureException.class, () -> Advice.raise(
                new LastSyncException(LastSyncException.Problem.OTHER_BUCKET, file, "another-bucket",
                        "edgesite-docs-site", null), null));
        assertContains(elsewhere.getMessage(), "is from a sync to s3://another-bucket, not to this stack's bucket"
                + " edgesite-docs-site");
        for (MojoFailureException e : List.of(missing, unreadable, elsewhere)) {
            assertContains(e.getMessage(), "<invalidate><paths> (-Dedgesite.invalidate.paths=/docs/*)");
        }
    }

    @Test
    void anEmptySiteDirectoryNamesTheSettingAndItsProperty() {
        Path site = Path.of("target", "site");
        MojoFailureException e = assertThrows(MojoFailureException.class, () -> Advice.raise(
                new SiteDirectoryException(site, SiteDirectoryException.Problem.EMPTY), null));
        assertTrue(e.getMessage().startsWith("<siteDirectory> '" + site + "' holds no file to publish"),
                e.getMessage());
        assertContains(e.getMessage(), "set <siteDirectory> (edgesite.siteDirectory)");
    }

    @Test
    void anUnknownRuntimeExceptionIsABugAndGoesOnAsItIs() {
        IllegalStateException bug = new IllegalStateException("bug");
        assertSame(bug, assertThrows(IllegalStateException.class, () -> Advice.raise(bug, null)));
    }
}
