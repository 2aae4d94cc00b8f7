package dev.edgesite.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.edgesite.core.settings.InvalidSettingException;
import dev.edgesite.core.settings.IdentityProvider;
import dev.edgesite.core.settings.StackSettings;
import dev.edgesite.core.TestStacks;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.aws.CloudFrontInvalidations;
import dev.edgesite.core.aws.S3Site;
import dev.edgesite.core.destroy.Destroyer;
import dev.edgesite.core.provision.StackLocator;
import dev.edgesite.core.provision.StackOutputs;
import dev.edgesite.core.sync.ContentSource;
import dev.edgesite.core.sync.Md5;
import dev.edgesite.core.sync.ObjectHeaders;
import dev.edgesite.core.sync.SiteFile;
import dev.edgesite.core.sync.SiteObject;
import dev.edgesite.core.users.Invitee;
import dev.edgesite.core.users.Inviter;
import dev.edgesite.testbed.CallRecorder;
import dev.edgesite.testbed.MotoExtension;
import dev.edgesite.testbed.MotoServer;
import dev.edgesite.testbed.RecordingLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;

/**
 * The printed policy against what the goals really call: provision, sync's bucket and invalidation
 * calls, invite and destroy run on moto with every call recorded, and each recorded operation must
 * map to actions the policy grants. A new AWS call without its permission fails here.
 */
@ExtendWith(MotoExtension.class)
class DeployerPolicyTest {
    private static final String ACCOUNT = "123456789012";
    private static final long PART = 5L << 20;

    @TempDir
    Path site;

    @Test
    void everyOperationOfEachGoalIsAllowedByItsPolicy(MotoServer moto) throws Exception {
        CallRecorder managing = new CallRecorder();
        CallRecorder publishing = new CallRecorder();
        try (AwsClients aws = moto.clients(Region.US_WEST_2, managing);
                AwsClients publisher = moto.clients(Region.US_WEST_2, publishing);
                AwsClients setup = moto.clients(Region.US_WEST_2)) {
            String zone = setup.route53().createHostedZone(r -> r.name("example.com").callerReference("z1"))
                    .hostedZone().id().replace("/hostedzone/", "");
            StackSettings settings = TestStacks.settings("docs", "example.com", "docs", site);
            StackOutputs out = TestStacks.provision(settings, aws);
            StackSettings changed = TestStacks.settings("docs", "example.com", "docs", site, new StackSettings.Auth(null,
                    true, List.of("staff"), List.of(), List.of("/public/*"), false));
            TestStacks.provision(changed, aws);
            drift(setup);
            TestStacks.provision(changed, aws);
            StackSettings federated = federated();
            TestStacks.provision(federated, aws);
            setup.cognito().updateIdentityProvider(r -> r.userPoolId(out.userPoolId()).providerName("corp")
                    .attributeMapping(Map.of("email", "mail")));
            TestStacks.provision(federated, aws);
            TestStacks.provision(changed, aws);
            setup.s3().createMultipartUpload(r -> r.bucket(out.bucket()).key("interrupted.bin"));
            moto.s3Requests().clear();
            new StackLocator(settings, publisher).locate(site.resolve("no-stack.json"));
            syncLike(publisher, out);
            // sync's per-file calls bypass the SDK: moto saw them
            List<String> wire = moto.s3Requests().operations().stream().map(op -> "S3." + op).toList();
            assertTrue(wire.containsAll(List.of("S3.PutObject", "S3.ListObjectsV2", "S3.HeadObject", "S3.GetObject",
                    "S3.CopyObject", "S3.DeleteObjects", "S3.UploadPart")), wire.toString());
            Inviter inviter = new Inviter(changed, aws, new RecordingLog(), false);
            inviter.invite(Invitee.of("jane@example.com", List.of("staff")));
            inviter.invite(Invitee.of("jane@example.com", List.of("staff")));
            new Destroyer(settings, aws, new RecordingLog(), new Destroyer.Options(false, true, Duration.ofSeconds(30), false))
                    .destroy();
            Map<DeployerPolicy.Kind, DeployerPolicy> policies = DeployerPolicy.lookUp(federated, setup);

            Map<String, Object> provision = JSONObjectUtils.parse(policies.get(DeployerPolicy.Kind.PROVISION).toJson());
            Map<String, Object> publish = JSONObjectUtils.parse(policies.get(DeployerPolicy.Kind.PUBLISH).toJson());

            assertEveryCallAllowed(DeployerPolicy.Kind.PROVISION, managing.names(), provision);
            List<String> publishCalls = new ArrayList<>(publishing.names());
            publishCalls.addAll(wire);
            assertEveryCallAllowed(DeployerPolicy.Kind.PUBLISH, publishCalls, publish);
            Map<String, Map<String, Object>> statements = statements(provision);
            assertEquals(List.of("arn:aws:s3:::edgesite-docs-123456789012"), statements.get("s3:PutBucketPolicy").get("Resource"));
            assertEquals(List.of("arn:aws:s3:::edgesite-docs-123456789012/*"),
                    statements.get("s3:PutObject").get("Resource"));
            assertEquals(List.of("arn:aws:lambda:us-east-1:123456789012:function:docs-authorizer",
                    "arn:aws:lambda:us-east-1:123456789012:function:docs-authorizer:*"),
                    statements.get("lambda:UpdateFunctionCode").get("Resource"));
            assertEquals(List.of("arn:aws:iam::123456789012:role/edgesite-docs-authorizer"),
                    statements.get("iam:GetRole").get("Resource"));
            assertEquals(Map.of("StringEquals", Map.of("iam:PassedToService", "lambda.amazonaws.com")),
                    statements.get("iam:PassRole").get("Condition"));
            assertEquals(List.of("iam:PassRole"), statements.get("iam:PassRole").get("Action"));
            assertEquals(List.of("arn:aws:route53:::hostedzone/" + zone), statements.get("route53:ChangeResourceRecordSets").get("Resource"));
            assertEquals(Map.of("ForAllValues:StringLike", Map.of("route53:ChangeResourceRecordSetsNormalizedRecordNames",
                            List.of("docs.example.com", "_*.docs.example.com",
                                    "*.preview.docs.example.com", "_*.preview.docs.example.com")),
                    "ForAllValues:StringEquals", Map.of("route53:ChangeResourceRecordSetsRecordTypes",
                            List.of("A", "AAAA", "CNAME"))), statements.get("route53:ChangeResourceRecordSets").get("Condition"));
            assertEquals(List.of("arn:aws:cognito-idp:us-west-2:123456789012:userpool/*"),
                    statements.get("cognito-idp:UpdateUserPool").get("Resource"));
            assertEquals(Map.of("StringEquals", Map.of("aws:ResourceTag/edgesite:stack", "docs")),
                    statements.get("cognito-idp:UpdateUserPool").get("Condition"));
            assertTrue(((List<?>) statements.get("lambda:UpdateFunctionCode").get("Action"))
                    .containsAll(List.of("lambda:EnableReplication", "lambda:DisableReplication")));
            assertEquals(List.of("iam:CreateServiceLinkedRole"), statements.get("iam:CreateServiceLinkedRole").get("Action"));
            assertEquals(List.of("*"), statements.get("cognito-idp:ListUserPools").get("Resource"));
        }
    }

    @Test
    void withoutADomainTheCallsStillFitAPolicyWithoutCertificateOrDns(MotoServer moto) throws Exception {
        CallRecorder calls = new CallRecorder();
        try (AwsClients aws = moto.clients(Region.US_WEST_2, calls)) {
            StackSettings settings = TestStacks.settings("plain", null, null, site);
            TestStacks.provision(settings, aws);
            new Destroyer(settings, aws, new RecordingLog(), new Destroyer.Options(false, false,
                    Duration.ofSeconds(30), false)).destroy();

            DeployerPolicy policy = DeployerPolicy.offline(settings, ACCOUNT).get(DeployerPolicy.Kind.PROVISION);

            assertEveryCallAllowed(DeployerPolicy.Kind.PROVISION, calls.names(), JSONObjectUtils.parse(policy.toJson()));
            assertTrue(policy.actions().stream().noneMatch(a -> a.startsWith("acm:") || a.startsWith("route53:")),
                    policy.actions().toString());
        }
    }

    @Test
    void aCertificateOfTheUsersOwnNeedsNoAcmActions() {
        StackSettings own = new StackSettings("docs", Region.EU_WEST_1, null, "example.com", "docs", List.of(), site,
                false, "docs-authorizer", null, null, "arn:aws:acm:us-east-1:123456789012:certificate/abc", "PriceClass_100",
                new StackSettings.Auth(null, false, List.of(), List.of(), List.of(), false));

        DeployerPolicy policy = DeployerPolicy.offline(own, ACCOUNT).get(DeployerPolicy.Kind.PROVISION);

        assertTrue(policy.actions().stream().noneMatch(a -> a.startsWith("acm:")), policy.actions().toString());
        assertTrue(policy.actions().contains("route53:ChangeResourceRecordSets"));
        assertTrue(policy.notes().stream().anyMatch(n -> n.contains("was not looked up")), policy.notes().toString());
    }

    @Test
    void thePoliciesArePrettyJsonThatFitAManagedPolicy() throws Exception {
        for (DeployerPolicy policy : DeployerPolicy.offline(TestStacks.settings("docs", "example.com", "docs", site),
                ACCOUNT).values()) {
            String json = policy.toJson();

            assertTrue(json.startsWith("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"), json);
            assertEquals(JSONObjectUtils.toJSONString(JSONObjectUtils.parse(json)).length(), policy.size());
            assertTrue(policy.size() <= DeployerPolicy.MANAGED_POLICY_LIMIT, policy.kind() + " size " + policy.size());
        }
    }

    @Test
    void identityProviderActionsAreGrantedOnlyToAStackThatHasProviders() {
        List<String> actions = List.of("cognito-idp:AddCustomAttributes", "cognito-idp:CreateIdentityProvider",
                "cognito-idp:DeleteIdentityProvider", "cognito-idp:DescribeIdentityProvider",
                "cognito-idp:UpdateIdentityProvider");
        Set<String> with = DeployerPolicy.offline(federated(), ACCOUNT).get(DeployerPolicy.Kind.PROVISION).actions();
        Set<String> without = DeployerPolicy.offline(TestStacks.settings("docs", "example.com", "docs", site), ACCOUNT)
                .get(DeployerPolicy.Kind.PROVISION).actions();
        assertTrue(with.containsAll(actions), with.toString());
        assertTrue(without.stream().noneMatch(actions::contains), without.toString());
        assertTrue(with.stream().noneMatch(a -> a.equals("cognito-idp:ListIdentityProviders")),
                "stale providers are found on the app client, not by listing the pool's");
    }

    @Test
    void aPolicyTooLongForOneManagedPolicyIsSharedOutOverPartsThatEachFit() throws Exception {
        StackSettings federated = federated();
        StackSettings longest = TestStacks.settings("a-very-long-stack-name-of-32-chr", "example.com", "docs", site,
                federated.auth());
        DeployerPolicy whole = DeployerPolicy.offline(longest, ACCOUNT).get(DeployerPolicy.Kind.PROVISION);
        assertTrue(whole.size() > DeployerPolicy.MANAGED_POLICY_LIMIT, "size " + whole.size());

        Map<String, String> parts = whole.parts();

        assertEquals(List.of("policy-provision.json", "policy-provision-2.json"), List.copyOf(parts.keySet()));
        List<Object> statements = new ArrayList<>();
        for (String json : parts.values()) {
            Map<String, Object> document = JSONObjectUtils.parse(json);
            assertTrue(JSONObjectUtils.toJSONString(document).length() <= DeployerPolicy.MANAGED_POLICY_LIMIT, json);
            assertEquals("2012-10-17", document.get("Version"));
            statements.addAll((List<?>) document.get("Statement"));
        }
        assertEquals(JSONObjectUtils.parse(whole.toJson()).get("Statement"), statements,
                "together the parts grant exactly the whole policy, statement by statement");
        DeployerPolicy fits = DeployerPolicy.offline(TestStacks.settings("docs", "example.com", "docs", site), ACCOUNT)
                .get(DeployerPolicy.Kind.PROVISION);
        assertEquals(Map.of("policy-provision.json", fits.toJson()), fits.parts());
    }

    /** A stack with a domain and an identity provider to manage. */
    private StackSettings federated() {
        return TestStacks.settings("docs", "example.com", "docs", site, new StackSettings.Auth(null, false,
                List.of("staff"), List.of(), List.of("/public/*"), false, false, List.of(new IdentityProvider("corp",
                        IdentityProvider.Type.OIDC, java.net.URI.create("https://login.example.com"), "client",
                        new IdentityProvider.Secret("test", "secret"), List.of("openid", "email"), "groups", null,
                        null, null)), true, List.of(), null));
    }

    @Test
    void anAccountOverrideMustBeTwelveDigits() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> DeployerPolicy.offline(TestStacks.settings("docs", null, null, site), "12345"));

        assertEquals("account", e.element());
    }

    /** Changes behind provision's back that it repairs: an extra managed policy, an inline one, the function's memory. */
    private static void drift(AwsClients aws) {
        String role = "edgesite-docs-authorizer";
        String extra = aws.iam().createPolicy(r -> r.policyName("extra").policyDocument("{\"Version\":\"2012-10-17\","
                + "\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:ListAllMyBuckets\",\"Resource\":\"*\"}]}"))
                .policy().arn();
        aws.iam().attachRolePolicy(r -> r.roleName(role).policyArn(extra));
        aws.iam().putRolePolicy(r -> r.roleName(role).policyName("edgesite-authorizer-logs").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"logs:PutLogEvents\","
                        + "\"Resource\":\"*\"}]}"));
        aws.lambda().updateFunctionConfiguration(r -> r.functionName("docs-authorizer").memorySize(256));
    }

    /** The bucket and invalidation calls sync makes: small and multipart uploads, header updates, reads, deletes. */
    private static void syncLike(AwsClients aws, StackOutputs out) throws Exception {
        S3Site bucket = new S3Site(aws, out.bucket(), PART, PART);
        SiteObject small = object("index.html", "<h1>home</h1>".getBytes(StandardCharsets.UTF_8), "max-age=60");
        String etag = bucket.upload(small);
        bucket.upload(object("video.bin", new byte[(int) PART + 1024], "max-age=60"));
        bucket.list();
        bucket.head("index.html");
        bucket.read("index.html");
        bucket.replaceHeaders(object("index.html", "<h1>home</h1>".getBytes(StandardCharsets.UTF_8), "no-cache"), etag);
        bucket.write(".edgesite/manifest.tsv", "edgesite-manifest\t2\n".getBytes(StandardCharsets.UTF_8), "text/plain");
        bucket.delete(List.of("video.bin"));
        CloudFrontInvalidations invalidations = new CloudFrontInvalidations(aws.cloudFront(), out.distributionId());
        invalidations.get(invalidations.create(List.of("/index.html"), "policy-test").id());
    }

    private static SiteObject object(String key, byte[] content, String cacheControl) throws Exception {
        return new SiteObject(new SiteFile(key, content.length, ContentSource.of(content)), Md5.hex(content),
                new ObjectHeaders("text/html", cacheControl));
    }

    private static void assertEveryCallAllowed(DeployerPolicy.Kind kind, List<String> calls, Map<String, Object> printed) {
        Set<String> granted = new TreeSet<>();
        granted.addAll(statements(printed).keySet());
        Set<String> operations = new TreeSet<>(calls);
        assertTrue(operations.size() > (kind == DeployerPolicy.Kind.PUBLISH ? 8 : 20), operations.toString());
        Set<String> unknown = new TreeSet<>();
        Set<String> notGranted = new TreeSet<>();
        for (String operation : operations) {
            List<Permissions.Permission> needs = Permissions.of(operation).orElse(null);
            if (needs == null || !Permissions.calledBy(kind, operation)) {
                unknown.add(operation);
                continue;
            }
            assertFalse(needs.isEmpty() && !operation.equals("Sts.GetCallerIdentity"), operation + " needs nothing?");
            needs.stream().map(Permissions.Permission::action).filter(a -> !granted.contains(a))
                    .forEach(a -> notGranted.add(operation + " needs " + a));
        }
        assertEquals(Set.of(), unknown, "operations the " + kind + " policy does not know");
        assertEquals(Set.of(), notGranted);
    }

    /** Each action's statement (an action is granted by one statement only). */
    private static Map<String, Map<String, Object>> statements(Map<String, Object> policy) {
        Map<String, Map<String, Object>> byAction = new LinkedHashMap<>();
        for (Object s : (List<?>) policy.get("Statement")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> statement = (Map<String, Object>) s;
            assertEquals("Allow", statement.get("Effect"));
            for (Object action : (List<?>) statement.get("Action")) {
                assertEquals(null, byAction.put((String) action, statement), action + " in two statements");
            }
        }
        return byAction;
    }
}
