package dev.edgesite.core.destroy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.edgesite.core.settings.InvalidSettingException;
import dev.edgesite.core.settings.StackSettings;
import dev.edgesite.core.TestStacks;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.provision.StackOutputs;
import dev.edgesite.testbed.CallRecorder;
import dev.edgesite.testbed.MotoExtension;
import dev.edgesite.testbed.MotoServer;
import dev.edgesite.testbed.RecordingLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.acm.model.ResourceInUseException;
import software.amazon.awssdk.services.cloudfront.model.GetDistributionResponse;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/** destroy against moto: everything goes in a safe order, only the stack's, and a second run finds it gone. */
@ExtendWith(MotoExtension.class)
class DestroyerTest {
    private static final Destroyer.Options DEFAULT = new Destroyer.Options(false, false, Duration.ofSeconds(30), false);

    @TempDir
    Path site;
    private final RecordingLog log = new RecordingLog();

    @Test
    void deletesTheWholeStackDependantsFirstThenFindsItGone(MotoServer moto) throws Exception {
        CallRecorder calls = new CallRecorder();
        try (AwsClients aws = moto.clients(Region.US_WEST_2, calls)) {
            String zone = zone(aws);
            StackSettings settings = TestStacks.settings("docs", "example.com", "docs", site);
            StackOutputs out = TestStacks.provision(settings, aws);
            aws.s3().putBucketVersioning(r -> r.bucket(out.bucket())
                    .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
            for (String body : List.of("one", "two")) {
                aws.s3().putObject(r -> r.bucket(out.bucket()).key("index.html"), RequestBody.fromString(body));
            }
            aws.s3().putObject(r -> r.bucket(out.bucket()).key("gone.html"), RequestBody.fromString("x"));
            aws.s3().deleteObject(r -> r.bucket(out.bucket()).key("gone.html"));
            aws.s3().createMultipartUpload(r -> r.bucket(out.bucket()).key("unfinished.bin"));
            calls.clear();

            DestroyReport report = destroyer(settings, aws, DEFAULT).destroy();

            assertEquals(Map.of(Outcome.Status.DELETED, 10L), statuses(report), report.toJson());
            assertTrue(report.complete());
            assertNothingLeft(aws, zone);
            List<String> order = calls.writes();
            assertBefore(order, "Route53.ChangeResourceRecordSets", "CloudFront.UpdateDistribution");
            assertBefore(order, "CloudFront.UpdateDistribution", "CloudFront.DeleteDistribution");
            assertBefore(order, "CloudFront.DeleteDistribution", "CloudFront.DeleteOriginAccessControl");
            assertBefore(order, "CloudFront.DeleteDistribution", "Lambda.DeleteFunction");
            assertBefore(order, "Lambda.DeleteFunction", "Iam.DeleteRole");
            assertBefore(order, "Iam.DetachRolePolicy", "Iam.DeleteRole");
            assertBefore(order, "CloudFront.DeleteDistribution", "S3.DeleteBucket");
            assertBefore(order, "S3.AbortMultipartUpload", "S3.DeleteBucket");
            assertBefore(order, "CognitoIdentityProvider.DeleteUserPoolDomain", "CognitoIdentityProvider.DeleteUserPool");
            assertBefore(order, "CloudFront.DeleteDistribution", "Acm.DeleteCertificate");
            assertTrue(calls.calls("DeleteDistribution").get(0).http().firstMatchingHeader("If-Match").isPresent());
            assertTrue(calls.calls("DeleteOriginAccessControl").get(0).http().firstMatchingHeader("If-Match").isPresent());
            assertTrue(log.contains("deleted        S3 bucket edgesite-docs-123456789012 (with 4 object version(s))"),
                    log.text());
            Map<String, Object> json = JSONObjectUtils.parse(report.toJson());
            assertEquals("docs", json.get("stack"));
            assertEquals(true, json.get("complete"));

            calls.clear();
            DestroyReport again = destroyer(settings, aws, DEFAULT).destroy();

            assertEquals(List.of(), calls.writes());
            assertEquals(Map.of(Outcome.Status.ABSENT, 9L), statuses(again), again.toJson());
        }
    }

    @Test
    void keepBucketKeepsTheBucketAndItsContent(MotoServer moto) {
        try (AwsClients aws = moto.clients(Region.US_WEST_2)) {
            StackSettings settings = TestStacks.settings("kept", null, null, site);
            StackOutputs out = TestStacks.provision(settings, aws);
            aws.s3().putObject(r -> r.bucket(out.bucket()).key("index.html"), RequestBody.fromString("home"));

            DestroyReport report = destroyer(settings, aws, new Destroyer.Options(true, false, Duration.ofSeconds(30), false))
                    .destroy();

            assertEquals(Outcome.Status.KEPT, outcome(report, "S3 bucket").status());
            assertEquals("home", aws.s3().getObjectAsBytes(r -> r.bucket(out.bucket()).key("index.html")).asUtf8String());
            assertEquals(0, aws.cloudFront().listDistributions(r -> {}).distributionList().quantity());
            assertEquals(List.of(), aws.cognito().listUserPools(r -> r.maxResults(60)).userPools());
        }
    }

    @Test
    void aPoolWithUsersIsRefusedBeforeAnythingIsDeletedUnlessForced(MotoServer moto) {
        CallRecorder calls = new CallRecorder();
        try (AwsClients aws = moto.clients(Region.US_WEST_2, calls)) {
            StackSettings settings = TestStacks.settings("users", null, null, site);
            StackOutputs out = TestStacks.provision(settings, aws);
            aws.cognito().adminCreateUser(r -> r.userPoolId(out.userPoolId()).username("jane@example.com")
                    .userAttributes(a -> a.name("email").value("jane@example.com")));
            calls.clear();

            InvalidSettingException e = assertThrows(InvalidSettingException.class,
                    () -> destroyer(settings, aws, DEFAULT).destroy());

            assertEquals("force", e.element());
            assertTrue(e.getMessage().contains("jane@example.com"), e.getMessage());
            assertTrue(e.getMessage().contains("-Dedgesite.force=true"), e.getMessage());
            assertEquals(List.of(), calls.writes(), "nothing deleted");
            assertEquals(1, aws.cloudFront().listDistributions(r -> {}).distributionList().quantity());

            DestroyReport forced = destroyer(settings, aws, new Destroyer.Options(false, true, Duration.ofSeconds(30), false))
                    .destroy();

            assertTrue(outcome(forced, "Cognito user pool").note().contains("its users (forced)"), forced.toJson());
            assertEquals(List.of(), aws.cognito().listUserPools(r -> r.maxResults(60)).userPools());
        }
    }

    @Test
    void lambdaEdgeReplicasLeaveFunctionAndRoleForALaterRun(MotoServer moto) throws Exception {
        StackSettings settings = TestStacks.settings("edge", null, null, site);
        try (AwsClients refusing = moto.clients(Region.US_WEST_2, new ReplicatedFunction())) {
            TestStacks.provision(settings, refusing);

            DestroyReport report = destroyer(settings, refusing, DEFAULT).destroy();

            assertFalse(report.complete());
            Outcome function = outcome(report, "Lambda@Edge function");
            assertEquals(Outcome.Status.WAITING, function.status());
            assertTrue(function.note().contains("run destroy again after a few hours"), function.note());
            assertEquals(Outcome.Status.WAITING, outcome(report, "IAM role").status());
            assertEquals(Set.of("Lambda@Edge function", "IAM role"),
                    report.waiting().stream().map(Outcome::resource).collect(Collectors.toSet()));
            assertTrue(log.contains("WARN waiting        Lambda@Edge function edge-authorizer"), log.text());
            Map<String, Object> json = JSONObjectUtils.parse(report.toJson());
            assertEquals(false, json.get("complete"));
            assertTrue(JSONObjectUtils.getJSONArray(json, "resources").stream().map(Map.class::cast)
                    .anyMatch(r -> "waiting".equals(r.get("status")) && "edge-authorizer".equals(r.get("name"))));
            assertEquals(1, refusing.lambda().listFunctions().functions().size());
            assertTrue(refusing.iam().getRole(r -> r.roleName("edgesite-edge-authorizer")).role() != null);
            assertEquals(0, refusing.cloudFront().listDistributions(r -> {}).distributionList().quantity());
        }
        try (AwsClients aws = moto.clients(Region.US_WEST_2)) {
            DestroyReport later = destroyer(settings, aws, DEFAULT).destroy();

            assertTrue(later.complete());
            assertEquals(Outcome.Status.DELETED, outcome(later, "Lambda@Edge function").status());
            assertEquals(Outcome.Status.DELETED, outcome(later, "IAM role").status());
            assertEquals(List.of(), aws.lambda().listFunctions().functions());
            assertTrue(aws.iam().listRoles().roles().stream().noneMatch(r -> r.roleName().startsWith("edgesite-")));
        }
    }

    @Test
    void touchesNothingOfAnotherStackNorWhatLacksTheStacksTag(MotoServer moto) {
        try (AwsClients aws = moto.clients(Region.US_WEST_2)) {
            String zone = zone(aws);
            StackSettings docs = TestStacks.settings("docs", "example.com", "docs", site);
            StackSettings blog = TestStacks.settings("blog", "example.com", "blog", site);
            StackOutputs docsOut = TestStacks.provision(docs, aws);
            StackOutputs blogOut = TestStacks.provision(blog, aws);
            aws.s3().deleteBucketTagging(r -> r.bucket(docsOut.bucket()));
            String manual = aws.acm().requestCertificate(r -> r.domainName("docs.example.com")).certificateArn();

            DestroyReport report = destroyer(docs, aws, DEFAULT).destroy();

            assertEquals(Outcome.Status.KEPT, outcome(report, "S3 bucket").status());
            assertTrue(outcome(report, "S3 bucket").note().startsWith("not tagged edgesite:stack=docs"));
            Outcome validation = outcome(report, "DNS validation record");
            assertEquals(Outcome.Status.KEPT, validation.status(), report.toJson());
            assertEquals("validates another certificate too", validation.note());
            assertEquals(Set.of(docsOut.bucket(), blogOut.bucket()), aws.s3().listBuckets().buckets().stream()
                    .map(b -> b.name()).collect(Collectors.toSet()));
            var distributions = aws.cloudFront().listDistributions(r -> {}).distributionList().items();
            assertEquals(List.of(blogOut.distributionId()), distributions.stream().map(d -> d.id()).toList());
            assertEquals(List.of("edgesite-blog"), aws.cloudFront().listOriginAccessControls(r -> {})
                    .originAccessControlList().items().stream().map(o -> o.name()).toList());
            assertEquals(List.of(blogOut.userPoolId()), aws.cognito().listUserPools(r -> r.maxResults(60)).userPools()
                    .stream().map(p -> p.id()).toList());
            assertEquals(List.of("blog-authorizer"), aws.lambda().listFunctions().functions().stream()
                    .map(f -> f.functionName()).toList());
            assertEquals(List.of("edgesite-blog-authorizer"), aws.iam().listRoles().roles().stream()
                    .map(r -> r.roleName()).filter(n -> n.startsWith("edgesite-")).toList());
            assertEquals(Set.of(blogOut.certificateArn(), manual), aws.acm().listCertificates().certificateSummaryList()
                    .stream().map(c -> c.certificateArn()).collect(Collectors.toSet()));
            assertEquals(Set.of("NS example.com.", "SOA example.com.", "A blog.example.com.", "AAAA blog.example.com.",
                    "CNAME _d930b28be6c5927595552b219965053e.blog.example.com.",
                    "CNAME _d930b28be6c5927595552b219965053e.docs.example.com."), records(aws, zone));
        }
    }

    @Test
    void aliasRecordsPointingElsewhereStay(MotoServer moto) {
        try (AwsClients aws = moto.clients(Region.US_WEST_2)) {
            String zone = zone(aws);
            StackSettings settings = TestStacks.settings("moved", "example.com", "docs", site);
            TestStacks.provision(settings, aws);
            aws.route53().changeResourceRecordSets(r -> r.hostedZoneId(zone).changeBatch(b -> b.changes(c -> c
                    .action("UPSERT").resourceRecordSet(s -> s.name("docs.example.com.").type(RRType.A)
                            .aliasTarget(t -> t.hostedZoneId("Z2FDTNDATAQYW2").dnsName("d111111abcdef8.cloudfront.net.")
                                    .evaluateTargetHealth(false))))));

            DestroyReport report = destroyer(settings, aws, DEFAULT).destroy();

            Outcome a = report.outcomes().stream().filter(o -> o.name().equals("docs.example.com A")).findFirst()
                    .orElseThrow();
            assertEquals(Outcome.Status.KEPT, a.status());
            assertTrue(a.note().startsWith("points at d111111abcdef8.cloudfront.net"), a.note());
            assertTrue(records(aws, zone).contains("A docs.example.com."));
            assertFalse(records(aws, zone).contains("AAAA docs.example.com."));
        }
    }

    @Test
    void aDistributionStillDisablingLeavesWhatItUsesForALaterRun(MotoServer moto) {
        CallRecorder calls = new CallRecorder();
        StackSettings settings = TestStacks.settings("slow", "example.com", "docs", site);
        try (AwsClients aws = moto.clients(Region.US_WEST_2, calls);
                AwsClients deploying = moto.clients(Region.US_WEST_2, new StillDeploying())) {
            String zone = zone(aws);
            StackOutputs out = TestStacks.provision(settings, aws);

            DestroyReport report = destroyer(settings, deploying, new Destroyer.Options(false, false,
                    Duration.ofSeconds(1), false)).destroy();

            assertFalse(report.complete());
            assertEquals(Set.of("CloudFront distribution", "CloudFront origin access control", "Lambda@Edge function",
                    "IAM role", "S3 bucket", "ACM certificate"), report.waiting().stream().map(Outcome::resource)
                    .collect(Collectors.toSet()));
            assertEquals(Outcome.Status.DELETED, outcome(report, "Route53 alias record").status());
            assertEquals(Outcome.Status.DELETED, outcome(report, "Cognito user pool").status());
            assertFalse(aws.cloudFront().getDistributionConfig(r -> r.id(out.distributionId())).distributionConfig()
                    .enabled());
            calls.clear();

            DestroyReport later = destroyer(settings, aws, DEFAULT).destroy();

            assertTrue(later.complete(), later.toJson());
            assertFalse(calls.writes().contains("CloudFront.UpdateDistribution"), "already disabled");
            assertNothingLeft(aws, zone);
        }
    }

    @Test
    void aCertificateAcmStillCountsInUseWaitsForALaterRun(MotoServer moto) {
        StackSettings settings = TestStacks.settings("cert", "example.com", "docs", site);
        try (AwsClients aws = moto.clients(Region.US_WEST_2);
                AwsClients inUse = moto.clients(Region.US_WEST_2, new CertificateInUse())) {
            String zone = zone(aws);
            StackOutputs out = TestStacks.provision(settings, aws);

            DestroyReport report = destroyer(settings, inUse, DEFAULT).destroy();

            Outcome certificate = outcome(report, "ACM certificate");
            assertEquals(Outcome.Status.WAITING, certificate.status());
            assertTrue(certificate.note().contains("run destroy again"), certificate.note());
            assertEquals(out.certificateArn(), aws.acm().listCertificates().certificateSummaryList().get(0)
                    .certificateArn());

            DestroyReport later = destroyer(settings, aws, DEFAULT).destroy();

            assertEquals(Outcome.Status.DELETED, outcome(later, "ACM certificate").status());
            assertNothingLeft(aws, zone);
        }
    }

    private Destroyer destroyer(StackSettings settings, AwsClients aws, Destroyer.Options options) {
        return new Destroyer(settings, aws, log, options);
    }

    private static String zone(AwsClients aws) {
        return aws.route53().createHostedZone(r -> r.name("example.com").callerReference("z1")).hostedZone().id();
    }

    private static Map<Outcome.Status, Long> statuses(DestroyReport report) {
        return report.outcomes().stream().collect(Collectors.groupingBy(Outcome::status, Collectors.counting()));
    }

    private static Outcome outcome(DestroyReport report, String resource) {
        return report.outcomes().stream().filter(o -> o.resource().equals(resource)).findFirst().orElseThrow();
    }

    private static Set<String> records(AwsClients aws, String zone) {
        return aws.route53().listResourceRecordSets(r -> r.hostedZoneId(zone)).resourceRecordSets().stream()
                .map(s -> s.type() + " " + s.name()).collect(Collectors.toSet());
    }

    private static void assertBefore(List<String> calls, String first, String then) {
        assertTrue(calls.contains(first) && calls.contains(then), first + ", " + then + " in " + calls);
        assertTrue(calls.indexOf(first) < calls.indexOf(then), first + " before " + then + ": " + calls);
    }

    private static void assertNothingLeft(AwsClients aws, String zone) {
        assertEquals(List.of(), aws.s3().listBuckets().buckets());
        assertEquals(List.of(), aws.cognito().listUserPools(r -> r.maxResults(60)).userPools());
        assertEquals(0, aws.cloudFront().listDistributions(r -> {}).distributionList().quantity());
        assertEquals(0, aws.cloudFront().listOriginAccessControls(r -> {}).originAccessControlList().quantity());
        assertEquals(List.of(), aws.lambda().listFunctions().functions());
        assertTrue(aws.iam().listRoles().roles().stream().noneMatch(r -> r.roleName().startsWith("edgesite-")));
        assertEquals(List.of(), aws.acm().listCertificates().certificateSummaryList());
        assertEquals(Set.of("NS example.com.", "SOA example.com."), records(aws, zone));
    }

    /** CloudFront still deploying the last change: every read of the distribution says InProgress. */
    private static final class StillDeploying implements ExecutionInterceptor {
        @Override
        public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
            if (context.response() instanceof GetDistributionResponse read) {
                return read.toBuilder().distribution(read.distribution().toBuilder().status("InProgress").build())
                        .build();
            }
            return context.response();
        }
    }

    /** ACM's answer for a certificate it still counts as used by CloudFront, given before moto sees the call. */
    private static final class CertificateInUse implements ExecutionInterceptor {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if ("DeleteCertificate".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
                String message = "Certificate is in use by CloudFront";
                throw ResourceInUseException.builder().message(message).statusCode(400)
                        .awsErrorDetails(AwsErrorDetails.builder().serviceName("ACM").errorCode("ResourceInUseException")
                                .errorMessage(message).build())
                        .build();
            }
        }
    }

    /** Lambda's answer while CloudFront still holds replicas of a Lambda@Edge function, given before moto sees the call. */
    private static final class ReplicatedFunction implements ExecutionInterceptor {
        private static final String MESSAGE = "Lambda was unable to delete"
                + " arn:aws:lambda:us-east-1:123456789012:function:edge-authorizer:1 because it is a replicated"
                + " function. Please see our documentation for Deleting Lambda@Edge Functions and Replicas.";

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if ("DeleteFunction".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
                throw InvalidParameterValueException.builder().message(MESSAGE).statusCode(400)
                        .awsErrorDetails(AwsErrorDetails.builder().serviceName("Lambda")
                                .errorCode("InvalidParameterValueException").errorMessage(MESSAGE).build())
                        .build();
            }
        }
    }
}
