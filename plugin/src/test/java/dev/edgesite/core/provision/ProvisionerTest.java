package dev.edgesite.core.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.edgesite.core.authorizer.AuthorizerBundle;
import dev.edgesite.core.settings.InvalidSettingException;
import dev.edgesite.core.settings.StackSettings;
import dev.edgesite.core.aws.AppClientSpec;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.aws.Roles;
import dev.edgesite.core.aws.UserPools;
import dev.edgesite.testbed.CallRecorder;
import dev.edgesite.testbed.MotoExtension;
import dev.edgesite.testbed.MotoServer;
import dev.edgesite.testbed.RecordingLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolClientType;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/** provision and plan against moto: from nothing, again with nothing to do, drift, interruption. */
@ExtendWith(MotoExtension.class)
class ProvisionerTest {
    private static final Provisioner.Limits FAST = new Provisioner.Limits(Duration.ofSeconds(30),
            Duration.ofSeconds(30), Duration.ofSeconds(5));
    /**
     * moto returns the origin's access control id and the Lambda@Edge associations empty on every
     * read (DEVIATIONS.md), so every plan on moto sees these two fields of the distribution drift.
     * On AWS they read back as written and the distribution is unchanged.
     */
    private static final String ADMIN = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"*\",\"Resource\":\"*\"}]}";
    private static final List<String> MOTO_UNREADABLE = List.of("origin access control", "authorizer version");

    @TempDir
    Path site;
    private final RecordingLog log = new RecordingLog();

    @BeforeEach
    void site() throws IOException {
        Files.writeString(site.resolve("index.html"), "<h1>home</h1>");
        Files.writeString(site.resolve("404.html"), "<h1>not found</h1>");
    }

    @Test
    void fromNothingThenAgainWithNothingToDo(MotoServer moto) throws Exception {
        CallRecorder calls = new CallRecorder();
        try (AwsClients aws = moto.clients(Region.US_WEST_2, calls)) {
            String zone = aws.route53().createHostedZone(r -> r.name("example.com").callerReference("z1"))
                    .hostedZone().id();
            StackSettings settings = settings("docs", "example.com", "docs");
            calls.clear();

            Plan first = provisioner(settings, aws).plan();
            assertEquals(List.of(), calls.writes(), "plan writes nothing");
            assertEquals(0, first.count(Change.Action.UNCHANGED), first.toJson());
            assertEquals(List.of("S3 bucket", "ACM certificate", "Cognito user pool", "Cognito login domain",
                    "IAM role", "Lambda@Edge function", "CloudFront origin access control", "CloudFront distribution",
                    "Cognito app client", "S3 bucket policy", "Route53 alias records"),
                    first.changes().stream().map(Change::resource).toList());

            StackOutputs out = provisioner(settings, aws).provision();

            assertEquals("https://docs.example.com/", out.siteUrl());
            assertEquals("edgesite-docs-123456789012", out.bucket());
            assertTrue(out.functionVersionArn().matches("arn:aws:lambda:us-east-1:\\d{12}:function:docs-authorizer:1"),
                    out.functionVersionArn());
            assertTrue(out.loginUrl().startsWith("https://docs-"), out.loginUrl());
            assertTrue(out.loginUrl().contains(".auth.us-west-2.amazoncognito.com/login?client_id=" + out.clientId()));
            assertExactlyOneOfEach(aws, out);
            assertSecured(aws, out);
            ResourceRecordSet a = record(aws, zone, "docs.example.com.", RRType.A);
            assertEquals(out.distributionDomain(), a.aliasTarget().dnsName().replaceAll("\\.$", ""));
            assertNotNull(record(aws, zone, "docs.example.com.", RRType.AAAA).aliasTarget());
            assertTrue(log.infos().stream().anyMatch(l -> l.startsWith("Waiting for ACM to issue the certificate")),
                    log.text());

            calls.clear();
            Plan again = provisioner(settings, aws).plan();
            assertEquals(List.of(), calls.writes());
            for (Change c : again.changes()) {
                if (c.resource().equals("CloudFront distribution")) {
                    assertEquals(MOTO_UNREADABLE, c.fields(), "only what moto cannot read back");
                } else {
                    assertEquals(Change.Action.UNCHANGED, c.action(), c.describe());
                }
            }

            calls.clear();
            provisioner(settings, aws).provision();
            assertEquals(List.of("CloudFront.UpdateDistribution"), calls.writes(),
                    "a second provision writes nothing but what moto's deviation forces");
            assertExactlyOneOfEach(aws, out);
        }
    }

    @Test
    void withoutDomainTheSiteIsOnTheDistributionsOwnName(MotoServer moto) throws Exception {
        CallRecorder calls = new CallRecorder();
        try (AwsClients aws = moto.clients(Region.US_EAST_1, calls)) {
            StackOutputs out = provisioner(settings("plain", null, null), aws).provision();

            assertEquals("https://" + out.distributionDomain() + "/", out.siteUrl());
            assertTrue(out.distributionDomain().endsWith(".cloudfront.net"));
            assertEquals(null, out.certificateArn());
            assertTrue(calls.names().stream().noneMatch(c -> c.startsWith("Route53.") || c.startsWith("Acm.")),
                    calls.names().toString());
            var client = client(aws, out);
            assertEquals(List.of("https://" + out.distributionDomain() + "/_edgesite/callback"), client.callbackURLs());
            assertEquals(List.of("https://" + out.distributionDomain() + "/"), client.logoutURLs());
            var config = aws.cloudFront().getDistributionConfig(r -> r.id(out.distributionId())).distributionConfig();
            assertTrue(config.viewerCertificate().cloudFrontDefaultCertificate());
            assertEquals(0, config.aliases().quantity());
        }
    }

    @Test
    void driftIsRepaired(MotoServer moto) throws Exception {
        try (AwsClients aws = moto.clients(Region.US_EAST_1)) {
            aws.route53().createHostedZone(r -> r.name("example.com").callerReference("z1"));
            StackSettings settings = settings("drift", "example.com", "docs");
            StackOutputs out = provisioner(settings, aws).provision();
            aws.s3().deletePublicAccessBlock(r -> r.bucket(out.bucket()));
            aws.s3().deleteBucketPolicy(r -> r.bucket(out.bucket()));
            // The whole client again but for its callback, sign-in flows and revocation: UpdateUserPoolClient
            // resets what it is not given.
            aws.cognito().updateUserPoolClient(new AppClientSpec(UserPools.clientName("drift"),
                    List.of("https://evil.example/_edgesite/callback"), List.of("https://docs.example.com/"))
                    .updateRequest(out.userPoolId(), client(aws, out)).toBuilder()
                    .explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH).enableTokenRevocation(false)
                    .build());
            aws.iam().detachRolePolicy(r -> r.roleName("edgesite-drift-authorizer").policyArn(Roles.EXECUTION_POLICY_ARN));

            Plan plan = provisioner(settings, aws).plan();
            assertEquals(Map.of("S3 bucket", List.of("public access block"),
                    "S3 bucket policy", List.of("read by distribution only"),
                    "Cognito app client", List.of("callback URLs", "sign-in flows", "token revocation"),
                    "IAM role", List.of("managed policies"),
                    "CloudFront distribution", MOTO_UNREADABLE), updates(plan));

            provisioner(settings, aws).provision();

            assertEquals(Map.of("CloudFront distribution", MOTO_UNREADABLE), updates(provisioner(settings, aws).plan()));
            assertSecured(aws, out);
        }
    }

    @Test
    void aRunInterruptedHalfWayCompletesWithoutDuplicates(MotoServer moto) throws Exception {
        FailOnce failure = new FailOnce("CreateDistributionWithTags");
        try (AwsClients aws = moto.clients(Region.US_EAST_1, failure)) {
            aws.route53().createHostedZone(r -> r.name("example.com").callerReference("z1"));
            StackSettings settings = settings("halfway", "example.com", "docs");

            assertThrows(RuntimeException.class, () -> provisioner(settings, aws).provision());
            assertEquals(0, aws.cloudFront().listDistributions(r -> {}).distributionList().quantity());

            StackOutputs out = provisioner(settings, aws).provision();

            assertExactlyOneOfEach(aws, out);
            assertEquals(Set.of("1"), aws.lambda().listVersionsByFunction(r -> r.functionName("halfway-authorizer"))
                    .versions().stream().map(v -> v.version()).filter(v -> !v.equals("$LATEST"))
                    .collect(Collectors.toSet()), "the function's code did not change, so no second version");
        }
    }

    @Test
    void aDomainWithoutHostedZoneIsRefusedBeforeAnyWrite(MotoServer moto) {
        CallRecorder calls = new CallRecorder();
        try (AwsClients aws = moto.clients(calls)) {
            InvalidSettingException e = assertThrows(InvalidSettingException.class,
                    () -> provisioner(settings("nozone", "example.org", "docs"), aws).provision());

            assertEquals("domain", e.element());
            assertEquals("example.org", e.value());
            assertTrue(e.getMessage().contains("Create the hosted zone"), e.getMessage());
            assertEquals(List.of(), calls.writes());
        }
    }

    /** Each kind of update provision can make, from a changed setting or from drift, and what it does. */
    @Test
    void changesAreCarriedToEachResource(MotoServer moto) throws Exception {
        CallRecorder calls = new CallRecorder();
        try (AwsClients aws = calls.clients(moto)) {
            StackSettings before = settings("changes", null, null);
            StackOutputs first = provisioner(before, aws).provision();
            String admin = aws.iam().createPolicy(r -> r.policyName("admin").policyDocument(ADMIN)).policy().arn();
            aws.iam().attachRolePolicy(r -> r.roleName("edgesite-changes-authorizer").policyArn(admin));
            aws.lambda().updateFunctionConfiguration(r -> r.functionName("changes-authorizer").timeout(30));
            StackSettings after = new StackSettings(before.stack(), before.region(), null, null, null, List.of(), site,
                    false, before.functionName(), null, null, null, before.priceClass(),
                    new StackSettings.Auth(null, true, List.of("staff"), List.of(), List.of("/public/*"), false));

            assertEquals(Map.of("Cognito user pool", List.of("self sign-up"),
                    "IAM role", List.of("managed policies"),
                    "Lambda@Edge function", List.of("limits", "code"),
                    "CloudFront distribution", MOTO_UNREADABLE), updates(provisioner(after, aws).plan()));
            calls.clear();
            StackOutputs second = provisioner(after, aws).provision();

            assertTrue(calls.names().containsAll(List.of("CognitoIdentityProvider.UpdateUserPool",
                    "Iam.DetachRolePolicy", "Lambda.UpdateFunctionConfiguration", "Lambda.UpdateFunctionCode")),
                    calls.names().toString());
            assertEquals(first.functionVersionArn().replaceAll(":1$", ":2"), second.functionVersionArn());
            assertEquals(false, aws.cognito().describeUserPool(r -> r.userPoolId(first.userPoolId())).userPool()
                    .adminCreateUserConfig().allowAdminCreateUserOnly());
            assertEquals(5, aws.lambda().getFunction(r -> r.functionName("changes-authorizer")).configuration()
                    .timeout());
            assertEquals(Map.of("CloudFront distribution", MOTO_UNREADABLE), updates(provisioner(after, aws).plan()));

            // The version CloudFront runs was deleted: the same code is published again, not re-uploaded.
            aws.lambda().deleteFunction(r -> r.functionName("changes-authorizer").qualifier("2"));
            assertEquals(List.of("published version"), updates(provisioner(after, aws).plan())
                    .get("Lambda@Edge function"));
            calls.clear();
            StackOutputs third = provisioner(after, aws).provision();
            assertEquals(List.of("Lambda.PublishVersion"), calls.writes().stream()
                    .filter(c -> c.startsWith("Lambda.")).toList());
            // What AWS then runs is a new version with the current code; moto answers PublishVersion here with
            // an older version (DEVIATIONS.md), so only the call itself can be checked.
            assertTrue(third.functionVersionArn().startsWith(first.functionVersionArn().replaceAll(":1$", ":")));
        }
    }

    /** The role's only right is AWS's managed execution policy, which is also its permissions boundary. */
    @Test
    void theRoleCanDoNoMoreThanWriteItsLogs(MotoServer moto) throws Exception {
        try (AwsClients aws = moto.clients()) {
            provisioner(settings("shape", null, null), aws).provision();

            var role = aws.iam().getRole(r -> r.roleName("edgesite-shape-authorizer")).role();
            assertEquals(Roles.EXECUTION_POLICY_ARN, role.permissionsBoundary().permissionsBoundaryArn());
            assertEquals(List.of(Roles.EXECUTION_POLICY_ARN), attachedPolicies(aws, "edgesite-shape-authorizer"));
            assertEquals(List.of(), aws.iam().listRolePolicies(r -> r.roleName("edgesite-shape-authorizer")).policyNames());
        }
    }

    private static List<String> attachedPolicies(AwsClients aws, String role) {
        return aws.iam().listAttachedRolePolicies(r -> r.roleName(role)).attachedPolicies().stream()
                .map(p -> p.policyArn()).toList();
    }

    /** A stack provisioned by an older edgesite: an inline log policy, no managed one. */
    @Test
    void aRoleOfTheOlderShapeIsMigratedToTheManagedPolicy(MotoServer moto) throws Exception {
        CallRecorder calls = new CallRecorder();
        try (AwsClients aws = calls.clients(moto)) {
            StackSettings settings = settings("older", null, null);
            provisioner(settings, aws).provision();
            String role = "edgesite-older-authorizer";
            aws.iam().detachRolePolicy(r -> r.roleName(role).policyArn(Roles.EXECUTION_POLICY_ARN));
            aws.iam().putRolePolicy(r -> r.roleName(role).policyName("edgesite-authorizer-logs").policyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"logs:CreateLogGroup\","
                            + "\"logs:CreateLogStream\",\"logs:PutLogEvents\"],\"Resource\":\"*\"}]}"));

            assertEquals(List.of("inline policies", "managed policies"),
                    updates(provisioner(settings, aws).plan()).get("IAM role"));
            calls.clear();
            provisioner(settings, aws).provision();

            List<String> writes = calls.writes().stream().filter(c -> c.startsWith("Iam.")).toList();
            assertEquals(List.of("Iam.AttachRolePolicy", "Iam.DeleteRolePolicy"), writes,
                    "the managed policy is attached before the inline one goes, so the function never loses its logs");
            assertEquals(List.of(), aws.iam().listRolePolicies(r -> r.roleName(role)).policyNames());
            assertEquals(List.of(Roles.EXECUTION_POLICY_ARN), attachedPolicies(aws, role));
            calls.clear();
            provisioner(settings, aws).provision();
            // (moto makes the distribution look changed on every run: MOTO_UNREADABLE)
            assertEquals(List.of(), calls.writes().stream().filter(c -> c.startsWith("Iam.")).toList(),
                    "migrated once, then nothing to do");
        }
    }

    /** Rewriting a trust policy is a right that could hand the role to anyone, so provision leaves it to an administrator. */
    @Test
    void aChangedTrustPolicyIsLeftToAnAdministrator(MotoServer moto) throws Exception {
        CallRecorder calls = new CallRecorder();
        try (AwsClients aws = calls.clients(moto)) {
            StackSettings settings = settings("trust", null, null);
            provisioner(settings, aws).provision();
            aws.iam().updateAssumeRolePolicy(r -> r.roleName("edgesite-trust-authorizer").policyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                            + "{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":\"sts:AssumeRole\"}]}"));

            assertEquals(List.of("trust policy"), updates(provisioner(settings, aws).plan()).get("IAM role"));
            calls.clear();
            Roles.TrustPolicyChangedException e = assertThrows(Roles.TrustPolicyChangedException.class,
                    () -> provisioner(settings, aws).provision());

            assertTrue(e.getMessage().contains("aws iam update-assume-role-policy --role-name edgesite-trust-authorizer"),
                    e.getMessage());
            assertTrue(calls.names().stream().noneMatch(c -> c.equals("Iam.UpdateAssumeRolePolicy")), calls.names().toString());
        }
    }

    @Test
    void localhostUrlsAddedForServeAreKept(MotoServer moto) throws Exception {
        try (AwsClients aws = moto.clients()) {
            StackSettings settings = settings("loopback", null, null);
            StackOutputs out = provisioner(settings, aws).provision();
            var client = client(aws, out);
            List<String> callbacks = new ArrayList<>(client.callbackURLs());
            callbacks.add("http://localhost:8080/_edgesite/callback");
            List<String> logouts = new ArrayList<>(client.logoutURLs());
            logouts.add("http://localhost:8080/");
            aws.cognito().updateUserPoolClient(new AppClientSpec(client.clientName(), callbacks, logouts)
                    .updateRequest(out.userPoolId(), client));

            assertEquals(Change.Action.UNCHANGED, provisioner(settings, aws).plan().changes().stream()
                    .filter(c -> c.resource().equals("Cognito app client")).findFirst().orElseThrow().action());
            provisioner(settings, aws).provision();

            var after = client(aws, out);
            assertTrue(after.callbackURLs().contains("http://localhost:8080/_edgesite/callback"));
            assertTrue(after.logoutURLs().contains("http://localhost:8080/"));
        }
    }

    /** HeadBucket answers 403 for a name another account holds; moto has one account, so the answer is staged. */
    @Test
    void aBucketNameAnotherAccountHoldsIsASettingToChange(MotoServer moto) {
        ExecutionInterceptor forbidden = new ExecutionInterceptor() {
            @Override
            public software.amazon.awssdk.http.SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context,
                    ExecutionAttributes attributes) {
                return "HeadBucket".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))
                        ? context.httpResponse().toBuilder().statusCode(403).build()
                        : context.httpResponse();
            }
        };
        try (AwsClients aws = moto.clients(Region.US_EAST_1, forbidden)) {
            aws.s3().createBucket(r -> r.bucket("edgesite-taken-123456789012"));

            InvalidSettingException e = assertThrows(InvalidSettingException.class,
                    () -> provisioner(settings("taken", null, null), aws).provision());

            assertEquals("bucket", e.element());
            assertEquals("edgesite-taken-123456789012", e.value());
            assertTrue(e.getMessage().contains("Set <bucket>"), e.getMessage());
        }
    }

    @Test
    void theCookieSecretIsMadeOnceAndKept(MotoServer moto) throws Exception {
        try (AwsClients aws = moto.clients()) {
            StackSettings settings = settings("secret", null, null);
            StackOutputs out = provisioner(settings, aws).provision();
            String secret = aws.s3().getObjectAsBytes(r -> r.bucket(out.bucket()).key(".edgesite/cookie-secret"))
                    .asUtf8String();
            String sha = aws.lambda().getFunction(r -> r.functionName("secret-authorizer")).configuration().codeSha256();

            provisioner(settings, aws).provision();

            assertEquals(secret, aws.s3().getObjectAsBytes(r -> r.bucket(out.bucket()).key(".edgesite/cookie-secret"))
                    .asUtf8String());
            assertEquals(sha, aws.lambda().getFunction(r -> r.functionName("secret-authorizer")).configuration()
                    .codeSha256());
            assertTrue(java.util.Base64.getDecoder().decode(secret.strip()).length >= 32);
        }
    }

    /**
     * AWS puts the logo on the hosted login page; moto answers SetUICustomization with an HTML 500
     * (DEVIATIONS.md). What can be shown here: provision sends the image to SetUICustomization once
     * the pool exists, and a failure there stops the run before the logo is recorded as current.
     */
    @Test
    void theLogoGoesToTheLoginPage(MotoServer moto) throws Exception {
        CallRecorder calls = new CallRecorder();
        Path logo = site.resolve("logo.png");
        Files.write(logo, java.util.Base64.getDecoder().decode(
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="));
        StackSettings plain = settings("logo", null, null);
        StackSettings settings = new StackSettings(plain.stack(), plain.region(), null, null, null, List.of(), site,
                false, plain.functionName(), null, null, null, plain.priceClass(),
                new StackSettings.Auth(logo, false, List.of(), List.of(), List.of(), false));
        try (AwsClients aws = calls.clients(moto)) {
            Plan plan = provisioner(settings, aws).plan();
            assertEquals(Change.Action.UPDATE, plan.changes().stream()
                    .filter(c -> c.resource().equals("login page logo")).findFirst().orElseThrow().action());

            var e = assertThrows(software.amazon.awssdk.awscore.exception.AwsServiceException.class,
                    () -> provisioner(settings, aws).provision());

            assertEquals(500, e.statusCode(), "moto's answer to SetUICustomization");
            List<String> names = calls.names();
            assertEquals("CognitoIdentityProvider.SetUICustomization", names.get(names.size() - 1));
            assertEquals(1, aws.cognito().listUserPools(r -> r.maxResults(60)).userPools().size());
        }
    }

    private Provisioner provisioner(StackSettings settings, AwsClients aws) {
        return new Provisioner(settings, aws, log, FAST, AuthorizerBundle.shipped());
    }

    private StackSettings settings(String stack, String domain, String service) {
        return new StackSettings(stack, Region.US_WEST_2, null, domain, service, List.of(), site, false,
                stack + "-authorizer", null, null, null, "PriceClass_100",
                new StackSettings.Auth(null, false, List.of(), List.of(), List.of(), false));
    }

    private static Map<String, List<String>> updates(Plan plan) {
        return plan.changes().stream().filter(Change::writes)
                .collect(Collectors.toMap(Change::resource, Change::fields));
    }

    private static UserPoolClientType client(AwsClients aws, StackOutputs out) {
        return aws.cognito().describeUserPoolClient(r -> r.userPoolId(out.userPoolId()).clientId(out.clientId()))
                .userPoolClient();
    }

    static void assertExactlyOneOfEach(AwsClients aws, StackOutputs out) {
        assertEquals(1, aws.s3().listBuckets().buckets().size());
        assertEquals(1, aws.cognito().listUserPools(r -> r.maxResults(60)).userPools().size());
        assertEquals(1, aws.cognito().listUserPoolClients(r -> r.userPoolId(out.userPoolId())).userPoolClients().size());
        assertEquals(1, aws.cloudFront().listDistributions(r -> {}).distributionList().quantity());
        assertEquals(1, aws.cloudFront().listOriginAccessControls(r -> {}).originAccessControlList().quantity());
        assertEquals(1, aws.lambda().listFunctions().functions().size());
        assertEquals(1, aws.iam().listRoles().roles().stream().filter(r -> r.roleName().startsWith("edgesite-")).count());
        if (out.certificateArn() != null) {
            assertEquals(1, aws.acm().listCertificates().certificateSummaryList().size());
        }
    }

    private static void assertSecured(AwsClients aws, StackOutputs out) throws Exception {
        var block = aws.s3().getPublicAccessBlock(r -> r.bucket(out.bucket())).publicAccessBlockConfiguration();
        assertTrue(block.blockPublicAcls() && block.ignorePublicAcls() && block.blockPublicPolicy()
                && block.restrictPublicBuckets());
        assertEquals("AES256", aws.s3().getBucketEncryption(r -> r.bucket(out.bucket()))
                .serverSideEncryptionConfiguration().rules().get(0).applyServerSideEncryptionByDefault()
                .sseAlgorithmAsString());
        Map<String, Object> policy = JSONObjectUtils.parse(aws.s3().getBucketPolicy(r -> r.bucket(out.bucket())).policy());
        String arn = aws.cloudFront().getDistribution(r -> r.id(out.distributionId())).distribution().arn();
        List<Map<String, Object>> allows = new ArrayList<>();
        for (Object statement : (List<?>) policy.get("Statement")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> s = (Map<String, Object>) statement;
            if ("Allow".equals(s.get("Effect"))) {
                allows.add(s);
            }
        }
        assertEquals(1, allows.size(), "one grant, to CloudFront: " + policy);
        Map<String, Object> grant = allows.get(0);
        assertEquals(Map.of("Service", "cloudfront.amazonaws.com"), grant.get("Principal"));
        assertEquals("s3:GetObject", grant.get("Action"));
        assertEquals(Map.of("StringEquals", Map.of("AWS:SourceArn", arn)), grant.get("Condition"));
    }

    private static ResourceRecordSet record(AwsClients aws, String zone, String name, RRType type) {
        return aws.route53().listResourceRecordSets(r -> r.hostedZoneId(zone)).resourceRecordSets().stream()
                .filter(s -> s.name().equals(name) && s.type() == type).findFirst().orElseThrow();
    }

    /** Fails the first call of one operation, as a dropped connection would. */
    private static final class FailOnce implements ExecutionInterceptor {
        private final String operation;
        private boolean failed;

        FailOnce(String operation) {
            this.operation = operation;
        }

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (!failed && operation.equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
                failed = true;
                throw new IllegalStateException("connection dropped (test)");
            }
        }
    }
}
