package dev.edgesite.core.destroy;

import dev.edgesite.testbed.RecordingLog;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.edgesite.core.TestStacks;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.provision.StackOutputs;
import dev.edgesite.core.settings.StackSettings;
import dev.edgesite.testbed.MotoExtension;
import dev.edgesite.testbed.MotoServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;

/**
 * destroy's dry run against moto: it reads the stack and says what destroy would delete or refuse, and moto
 * receives no write call from it (counted where the calls arrive, {@link MotoServer#writes()}); then the real
 * destroy deletes exactly that.
 */
@ExtendWith(MotoExtension.class)
class DestroyerDryRunTest {
    private static final Destroyer.Options DRY_RUN = new Destroyer.Options(false, false, Duration.ofSeconds(30), true);
    private static final Destroyer.Options DESTROY = new Destroyer.Options(false, false, Duration.ofSeconds(30), false);

    @TempDir
    Path site;
    private final RecordingLog log = new RecordingLog();

    @Test
    void saysWhatItWouldDeleteWritesNothingThenTheRealDestroyDeletesIt(MotoServer moto) throws Exception {
        try (AwsClients aws = moto.clients(Region.US_WEST_2)) {
            String zone = aws.route53().createHostedZone(r -> r.name("example.com").callerReference("z1")).hostedZone()
                    .id();
            StackSettings settings = TestStacks.settings("docs", "example.com", "docs", site);
            StackOutputs out = TestStacks.provision(settings, aws);
            for (String key : List.of("index.html", "guide.html")) {
                aws.s3().putObject(r -> r.bucket(out.bucket()).key(key), RequestBody.fromString(key));
            }
            Set<String> records = records(aws, zone);
            Set<String> keys = keys(aws, out.bucket());
            moto.clearCalls();

            DestroyReport preview = new Destroyer(settings, aws, log, DRY_RUN).destroy();

            assertEquals(List.of(), moto.writes(), "no write call in " + moto.calls());
            assertFalse(moto.calls().isEmpty(), "it read the stack");
            assertEquals(Map.of(Outcome.Status.WOULD_DELETE, 10L), statuses(preview), preview.toJson());
            assertTrue(preview.dryRun());
            assertFalse(preview.complete(), "something is left to delete");
            Map<String, Object> json = JSONObjectUtils.parse(preview.toJson());
            assertEquals(true, json.get("dryRun"));
            assertEquals(false, json.get("complete"));
            assertTrue(JSONObjectUtils.getJSONArray(json, "resources").stream().map(Map.class::cast)
                    .allMatch(r -> "would_delete".equals(r.get("status"))), preview.toJson());
            assertTrue(log.contains("would delete   S3 bucket " + out.bucket() + " (with 3 object version(s))"),
                    log.lines().toString() + ": the two pages and provision's cookie secret");
            assertTrue(log.contains("would delete   CloudFront distribution " + out.distributionId()), log.lines().toString());
            assertTrue(preview.summary().startsWith("Dry run, nothing was deleted: stack docs: 10 would delete"),
                    preview.summary());
            assertEquals(keys, keys(aws, out.bucket()));
            assertTrue(keys.containsAll(Set.of("index.html", "guide.html")), keys.toString());
            assertTrue(aws.cloudFront().getDistributionConfig(r -> r.id(out.distributionId())).distributionConfig()
                    .enabled(), "not even disabled");
            assertEquals(1, aws.cloudFront().listOriginAccessControls(r -> {}).originAccessControlList().quantity());
            assertEquals(List.of(out.userPoolId()), aws.cognito().listUserPools(r -> r.maxResults(60)).userPools()
                    .stream().map(p -> p.id()).toList());
            assertEquals(List.of("docs-authorizer"), aws.lambda().listFunctions().functions().stream()
                    .map(f -> f.functionName()).toList());
            assertEquals("edgesite-docs-authorizer", aws.iam().getRole(r -> r.roleName("edgesite-docs-authorizer"))
                    .role().roleName());
            assertEquals(List.of(out.certificateArn()), aws.acm().listCertificates().certificateSummaryList().stream()
                    .map(c -> c.certificateArn()).toList());
            assertEquals(records, records(aws, zone));

            DestroyReport destroyed = new Destroyer(settings, aws, log, DESTROY).destroy();

            assertEquals(Map.of(Outcome.Status.DELETED, 10L), statuses(destroyed), destroyed.toJson());
            assertEquals(preview.outcomes().stream().map(o -> o.resource() + " " + o.name()).toList(),
                    destroyed.outcomes().stream().map(o -> o.resource() + " " + o.name()).toList(),
                    "the dry run named what destroy deleted, in order");
            assertEquals(false, JSONObjectUtils.parse(destroyed.toJson()).get("dryRun"));
            assertEquals(List.of(), aws.s3().listBuckets().buckets());
            assertEquals(0, aws.cloudFront().listDistributions(r -> {}).distributionList().quantity());
            assertEquals(Set.of("NS example.com.", "SOA example.com."), records(aws, zone));
        }
    }

    @Test
    void aPoolWithUsersIsWhatItWouldRefuseAndItSaysSoRatherThanFail(MotoServer moto) {
        try (AwsClients aws = moto.clients(Region.US_WEST_2)) {
            StackSettings settings = TestStacks.settings("users", null, null, site);
            StackOutputs out = TestStacks.provision(settings, aws);
            aws.cognito().adminCreateUser(r -> r.userPoolId(out.userPoolId()).username("jane@example.com")
                    .userAttributes(a -> a.name("email").value("jane@example.com")));
            moto.clearCalls();

            DestroyReport preview = new Destroyer(settings, aws, log,
                    new Destroyer.Options(true, false, Duration.ofSeconds(30), true)).destroy();

            assertEquals(List.of(), moto.writes(), "no write call in " + moto.calls());
            Outcome pool = outcome(preview, "Cognito user pool");
            assertEquals(Outcome.Status.WOULD_REFUSE, pool.status());
            assertTrue(pool.note().contains("jane@example.com"), pool.note());
            assertTrue(pool.note().contains("-Dedgesite.force=true"), pool.note());
            assertEquals(List.of(pool), preview.refused());
            assertTrue(log.contains("WARN would refuse   Cognito user pool " + out.userPoolId()), log.lines().toString());
            assertEquals(Outcome.Status.KEPT, outcome(preview, "S3 bucket").status(), "keepBucket");
            assertEquals(Outcome.Status.WOULD_DELETE, outcome(preview, "CloudFront distribution").status());
            assertFalse(preview.complete());

            DestroyReport forced = new Destroyer(settings, aws, log,
                    new Destroyer.Options(true, true, Duration.ofSeconds(30), true)).destroy();

            assertEquals(List.of(), moto.writes());
            assertEquals(Outcome.Status.WOULD_DELETE, outcome(forced, "Cognito user pool").status());
            assertTrue(outcome(forced, "Cognito user pool").note().contains("its users (forced)"), forced.toJson());
            assertEquals(1, aws.cognito().listUsers(r -> r.userPoolId(out.userPoolId())).users().size());
        }
    }

    @Test
    void aStackNeverProvisionedIsAllAbsentAndComplete(MotoServer moto) {
        try (AwsClients aws = moto.clients(Region.US_WEST_2)) {
            DestroyReport preview = new Destroyer(TestStacks.settings("nothing", null, null, site), aws, log, DRY_RUN)
                    .destroy();

            assertEquals(List.of(), moto.writes(), "no write call in " + moto.calls());
            assertEquals(Set.of(Outcome.Status.ABSENT), Set.copyOf(statuses(preview).keySet()), preview.toJson());
            assertTrue(preview.complete(), "nothing left to delete");
        }
    }

    private static Map<Outcome.Status, Long> statuses(DestroyReport report) {
        return report.outcomes().stream().collect(Collectors.groupingBy(Outcome::status, Collectors.counting()));
    }

    private static Outcome outcome(DestroyReport report, String resource) {
        return report.outcomes().stream().filter(o -> o.resource().equals(resource)).findFirst().orElseThrow();
    }

    private static Set<String> keys(AwsClients aws, String bucket) {
        return aws.s3().listObjectsV2(r -> r.bucket(bucket)).contents().stream().map(o -> o.key())
                .collect(Collectors.toSet());
    }

    private static Set<String> records(AwsClients aws, String zone) {
        return aws.route53().listResourceRecordSets(r -> r.hostedZoneId(zone)).resourceRecordSets().stream()
                .map(s -> s.type() + " " + s.name()).collect(Collectors.toSet());
    }
}
