package dev.edgesite.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesite.core.Log;
import dev.edgesite.core.OutputDirectory;
import dev.edgesite.core.settings.ContentSettings;
import dev.edgesite.core.settings.ContentSettingsValidator;
import dev.edgesite.core.settings.SettingsValidator;
import dev.edgesite.core.sync.Publisher;
import dev.edgesite.core.sync.SyncFailedException;
import software.amazon.awssdk.core.sync.RequestBody;
import dev.edgesite.core.settings.StackSettings;
import dev.edgesite.core.TestStacks;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.aws.CloudFrontInvalidations;
import dev.edgesite.core.aws.Roles;
import dev.edgesite.core.aws.S3Site;
import dev.edgesite.core.destroy.DestroyReport;
import dev.edgesite.core.destroy.Destroyer;
import dev.edgesite.core.provision.Provisioner;
import dev.edgesite.core.provision.StackLocator;
import dev.edgesite.core.provision.StackOutputs;
import dev.edgesite.core.sync.InvalidationOptions;
import dev.edgesite.core.sync.InvalidationResult;
import dev.edgesite.core.sync.SiteInvalidator;
import dev.edgesite.core.sync.SiteSync;
import dev.edgesite.core.sync.SyncOptions;
import dev.edgesite.core.sync.SyncResult;
import dev.edgesite.core.users.Invitee;
import dev.edgesite.core.users.Inviter;
import dev.edgesite.testbed.CallRecorder;
import dev.edgesite.testbed.MotoExtension;
import dev.edgesite.testbed.MotoServer;
import dev.edgesite.core.settings.Previews;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.regions.Region;

/**
 * The printed policies held by IAM users of moto's server with IAM enforcement on: moto checks each
 * call's action, and the test bed's iam_evaluation.py the resource AWS would authorize and the
 * conditions (tags, iam:PolicyARN, iam:PermissionsBoundary, Route53 record names). What it cannot
 * judge (implied actions such as iam:PassRole) PolicyDocumentsTest holds in the documents.
 */
@ExtendWith(MotoExtension.class)
class PolicyEnforcementTest {
    private static final String ADMIN_POLICY = "arn:aws:iam::aws:policy/AdministratorAccess";

    @TempDir
    Path work;

    @Test
    void aPublisherDeploysAProvisionedStackAndIsRefusedEverythingElse(MotoServer moto) throws Exception {
        try (AwsClients admin = moto.clients(Region.US_WEST_2)) {
            admin.route53().createHostedZone(r -> r.name("example.com").callerReference("z1"));
            StackSettings settings = TestStacks.settings("docs", "example.com", "docs", work.resolve("site"));
            StackOutputs out = TestStacks.provision(settings, admin);
            AwsCredentials publisher = user(admin, "publisher", DeployerPolicy.lookUp(settings, admin)
                    .get(DeployerPolicy.Kind.PUBLISH));
            writeSite("index.html", "<h1>home</h1>");
            writeSite("guide/start.html", "<h1>start</h1>");
            moto.enforceIam();

            try (AwsClients aws = moto.clients(Region.US_WEST_2, publisher)) {
                StackLocator.Located stack = new StackLocator(settings, aws).locate(work.resolve("no-stack.json"));
                SyncResult synced = new SiteSync(new S3Site(aws, stack.bucket()), Log.NONE)
                        .sync(work.resolve("site"), SyncOptions.defaults());
                InvalidationResult invalidated = new SiteInvalidator(new CloudFrontInvalidations(aws.cloudFront(),
                        stack.distributionId()), Log.NONE).invalidate(synced, InvalidationOptions.defaults());
                Files.writeString(work.resolve("site/index.html"), "<h1>home, again</h1>");
                SyncResult again = new SiteSync(new S3Site(aws, stack.bucket()), Log.NONE)
                        .sync(work.resolve("site"), SyncOptions.defaults());

                assertEquals(out.bucket(), stack.bucket());
                assertEquals(2, synced.uploaded().size(), synced.toJson());
                assertTrue(invalidated.invalidationId() != null, "an invalidation was made");
                assertEquals(1, again.uploaded().size(), again.toJson());
                assertDenied(() -> new Provisioner(settings, aws, Log.NONE).provision());
                assertDenied(() -> aws.s3().putBucketPolicy(r -> r.bucket(out.bucket()).policy("{}")));
                assertDenied(() -> aws.s3().deletePublicAccessBlock(r -> r.bucket(out.bucket())));
                assertDenied(() -> aws.cloudFront().deleteDistribution(r -> r.id(out.distributionId()).ifMatch("x")));
                assertDenied(() -> aws.iam().putRolePolicy(r -> r.roleName(Roles.roleName("docs"))
                        .policyName("more").policyDocument(ADMIN_DOCUMENT)));
                assertDenied(() -> aws.lambda().publishVersion(r -> r.functionName("docs-authorizer")));
                assertDenied(() -> aws.cognito().adminCreateUser(r -> r.userPoolId(out.userPoolId()).username("x@y.z")));
            }
        }
    }

    @Test
    void aProvisionerManagesTheStackButCannotRaiseItsRoleOrReachOtherStacks(MotoServer moto) throws Exception {
        try (AwsClients admin = moto.clients(Region.US_WEST_2)) {
            admin.route53().createHostedZone(r -> r.name("example.com").callerReference("z1"));
            StackSettings settings = TestStacks.settings("docs", "example.com", "docs", work.resolve("site"));
            StackOutputs other = TestStacks.provision(TestStacks.settings("other", null, null, work.resolve("site")), admin);
            DeployerPolicy provision = DeployerPolicy.lookUp(settings, admin).get(DeployerPolicy.Kind.PROVISION);
            AwsCredentials provisioner = user(admin, "provisioner", provision);
            String otherPool = admin.cognito().describeUserPool(d -> d.userPoolId(other.userPoolId())).userPool().arn();
            moto.enforceIam();
            CallRecorder calls = new CallRecorder();

            try (AwsClients aws = moto.clients(Region.US_WEST_2, provisioner, calls)) {
                StackOutputs out = new Provisioner(settings, aws, Log.NONE).provision();
                calls.clear();
                new Provisioner(settings, aws, Log.NONE).provision();

                // (moto makes the distribution look changed on every run: ProvisionerTest.MOTO_UNREADABLE)
                assertEquals(List.of("CloudFront.UpdateDistribution"), calls.writes());
                String role = Roles.roleName("docs");
                assertDenied(() -> aws.iam().putRolePolicy(r -> r.roleName(role).policyName("more")
                        .policyDocument(ADMIN_DOCUMENT)));
                assertDenied(() -> aws.iam().attachRolePolicy(r -> r.roleName(role).policyArn(ADMIN_POLICY)));
                assertDenied(() -> aws.iam().updateAssumeRolePolicy(r -> r.roleName(role).policyDocument(
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                                + "\"arn:aws:iam::123456789012:user/provisioner\"},\"Action\":\"sts:AssumeRole\"}]}")));
                assertDenied(() -> aws.iam().deleteRolePermissionsBoundary(r -> r.roleName(role)));
                assertDenied(() -> aws.iam().putRolePermissionsBoundary(r -> r.roleName(role)
                        .permissionsBoundary(ADMIN_POLICY)));
                assertDenied(() -> aws.iam().createRole(r -> r.roleName("edgesite-docs-authorizer-2")
                        .assumeRolePolicyDocument(Roles.trustPolicy())));
                assertDenied(() -> aws.iam().createPolicyVersion(r -> r.policyArn(
                        "arn:aws:iam::123456789012:policy/provisioner").policyDocument(ADMIN_DOCUMENT).setAsDefault(true)));
                assertDenied(() -> aws.iam().attachUserPolicy(r -> r.userName("provisioner").policyArn(ADMIN_POLICY)));
                assertDenied(() -> aws.iam().createAccessKey(r -> r.userName("publisher")));
                assertDenied(() -> aws.iam().createUser(r -> r.userName("mallory")));
                // another stack's pool and distribution
                assertDenied(() -> aws.cognito().updateUserPool(r -> r.userPoolId(other.userPoolId())));
                assertDenied(() -> aws.cognito().adminCreateUser(r -> r.userPoolId(other.userPoolId())
                        .username("mallory@example.com")));
                assertDenied(() -> aws.cognito().tagResource(r -> r.resourceArn(otherPool)
                        .tags(Map.of("edgesite:stack", "docs"))));
                assertDenied(() -> aws.cloudFront().deleteDistribution(r -> r.id(other.distributionId()).ifMatch("x")));

                new Inviter(settings, aws, Log.NONE, false).invite(Invitee.of("jane@example.com", List.of()));
                DestroyReport destroyed = new Destroyer(settings, aws, Log.NONE,
                        new Destroyer.Options(false, true, Duration.ofSeconds(30), false)).destroy();
                assertTrue(destroyed.complete(), destroyed.toJson());
                assertTrue(out.bucket() != null);
            }
        }
    }

    /**
     * Previews: the policy printed for the stack covers the previews' wildcard records and the wildcard
     * certificate's validation record, so previews can be turned on, off again (provision deletes the wildcard
     * records, the replaced certificate and its validation record, the previews' content), and the stack destroyed
     * with either policy; Route53 judges the wildcard by its normalized name, {@code \\052.preview.<site>}.
     */
    @Test
    void aProvisionerTurnsPreviewsOnAndOffWithThePolicyOfEither(MotoServer moto) throws Exception {
        try (AwsClients admin = moto.clients(Region.US_WEST_2)) {
            admin.route53().createHostedZone(r -> r.name("example.com").callerReference("z1"));
            StackSettings off = TestStacks.settings("docs", "example.com", "docs", work.resolve("site"));
            StackSettings on = new StackSettings(off.stack(), off.region(), off.profile(), off.domain(), off.service(),
                    off.aliases(), off.siteDirectory(), off.indexExample(), off.functionName(), off.bucket(),
                    off.endpoint(), off.certificateArn(), off.priceClass(), off.auth(),
                    new Previews(true, Previews.DEFAULT_MAX_AGE_DAYS, null));
            String printedOff = DeployerPolicy.lookUp(off, admin).get(DeployerPolicy.Kind.PROVISION).toJson();
            assertEquals(printedOff, DeployerPolicy.lookUp(on, admin).get(DeployerPolicy.Kind.PROVISION).toJson(),
                    "previews need no right a stack with a domain does not have already");
            AwsCredentials provisioner = user(admin, "provisioner", DeployerPolicy.lookUp(off, admin)
                    .get(DeployerPolicy.Kind.PROVISION));
            moto.enforceIam();

            try (AwsClients aws = moto.clients(Region.US_WEST_2, provisioner)) {
                StackOutputs out = new Provisioner(on, aws, Log.NONE).provision();
                aws.s3().putObject(r -> r.bucket(out.bucket()).key("_previews/a/index.html"),
                        software.amazon.awssdk.core.sync.RequestBody.fromString("a"));
                new Provisioner(off, aws, Log.NONE).provision();
                assertTrue(aws.s3().listObjectsV2(r -> r.bucket(out.bucket())).contents().stream()
                        .noneMatch(o -> o.key().startsWith("_previews/")), "the previews' content went");
                new Provisioner(on, aws, Log.NONE).provision();
                DestroyReport destroyed = new Destroyer(off, aws, Log.NONE,
                        new Destroyer.Options(false, true, Duration.ofSeconds(30), false)).destroy();
                assertTrue(destroyed.complete(), destroyed.toJson());
            }
        }
    }

    /**
     * A pull-request job holding policy-preview.json deploys, lists and removes previews, and can neither write
     * nor delete a key of the main site, whether through a sync of the main site or by a call of its own.
     */
    @Test
    void aPreviewPublisherDeploysAndRemovesPreviewsAndCannotTouchTheMainSite(MotoServer moto) throws Exception {
        try (AwsClients admin = moto.clients(Region.US_WEST_2)) {
            admin.route53().createHostedZone(r -> r.name("example.com").callerReference("z1"));
            StackSettings settings = new SettingsValidator().stack("docs").region("us-west-2").domain("example.com")
                    .service("docs").siteDirectory(work.resolve("site")).previews(true, null).validate();
            StackOutputs out = TestStacks.provision(settings, admin);
            writeSite("index.html", "<h1>home</h1>");
            new SiteSync(new S3Site(admin, out.bucket()), Log.NONE).sync(work.resolve("site"), SyncOptions.defaults());
            Map<DeployerPolicy.Kind, DeployerPolicy> policies = DeployerPolicy.lookUp(settings, admin);
            assertEquals(List.of(DeployerPolicy.Kind.PUBLISH, DeployerPolicy.Kind.PROVISION,
                    DeployerPolicy.Kind.PREVIEW), List.copyOf(policies.keySet()));
            assertFalse(DeployerPolicy.lookUp(TestStacks.settings("docs", "example.com", "docs", work), admin)
                    .containsKey(DeployerPolicy.Kind.PREVIEW), "no preview policy for a stack without previews");
            AwsCredentials previewer = user(admin, "previewer", policies.get(DeployerPolicy.Kind.PREVIEW));
            writeSite("index.html", "<h1>the branch's home</h1>");
            moto.enforceIam();

            try (AwsClients aws = moto.clients(Region.US_WEST_2, previewer)) {
                ContentSettings content = new ContentSettingsValidator().validate();
                OutputDirectory outputs = new OutputDirectory(work.resolve("out"));
                Publisher preview = Publisher.locate(settings.withPreview("pr-7"), content, aws, outputs, Log.NONE);
                preview.deploy();
                assertEquals(List.of("pr-7"), preview.listPreviews().stream().map(p -> p.name()).toList());
                assertTrue(preview.removePreview().isPresent());

                assertDenied(() -> aws.s3().putObject(r -> r.bucket(out.bucket()).key("index.html"),
                        RequestBody.fromString("defaced")));
                assertDenied(() -> aws.s3().deleteObject(r -> r.bucket(out.bucket()).key("index.html")));
                SyncFailedException mainSync = assertThrows(SyncFailedException.class,
                        () -> Publisher.locate(settings, content, aws, outputs, Log.NONE).sync());
                assertTrue(mainSync.getMessage().contains("Access Denied"), mainSync.getMessage());
            }
            moto.relaxIam();
            assertEquals("<h1>home</h1>", admin.s3().getObjectAsBytes(r -> r.bucket(out.bucket()).key("index.html"))
                    .asUtf8String(), "the main site is as the publisher left it");
        }
    }

    private static final String ADMIN_DOCUMENT = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"*\",\"Resource\":\"*\"}]}";

    /** An IAM user whose only right is this policy, attached as a customer managed policy, and its keys. */
    private static AwsCredentials user(AwsClients admin, String name, DeployerPolicy policy) {
        String arn = admin.iam().createPolicy(r -> r.policyName(name).policyDocument(policy.toJson())).policy().arn();
        admin.iam().createUser(r -> r.userName(name));
        admin.iam().attachUserPolicy(r -> r.userName(name).policyArn(arn));
        var key = admin.iam().createAccessKey(r -> r.userName(name)).accessKey();
        return AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey());
    }

    private void writeSite(String path, String content) throws Exception {
        Path file = work.resolve("site").resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static void assertDenied(Executable call) {
        AwsServiceException e = assertThrows(AwsServiceException.class, call);
        assertEquals(403, e.statusCode(), e.getMessage());
        assertTrue(String.valueOf(e.awsErrorDetails().errorCode()).startsWith("AccessDenied"), e.toString());
    }
}
