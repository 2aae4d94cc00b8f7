package dev.edgesite.core.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.edgesite.core.authorizer.AuthorizerBundle;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.aws.Dns;
import dev.edgesite.core.destroy.DestroyReport;
import dev.edgesite.core.destroy.Destroyer;
import dev.edgesite.core.destroy.Outcome;
import dev.edgesite.core.settings.Previews;
import dev.edgesite.core.settings.StackSettings;
import dev.edgesite.testbed.MotoExtension;
import dev.edgesite.testbed.MotoServer;
import dev.edgesite.testbed.RecordingLog;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.model.CreateFunctionRequest;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionCodeRequest;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * Previews on the provision side, against moto: with {@code <previews><enabled>} the certificate, the distribution
 * and DNS cover {@code *.preview.<site>}, and the authorizer's config.json says where previews live; turned off,
 * all of that and the previews' content go again, plan saying so first; destroy takes the wildcard records.
 */
@ExtendWith(MotoExtension.class)
class PreviewsProvisionTest {
    private static final Provisioner.Limits FAST = new Provisioner.Limits(Duration.ofSeconds(30),
            Duration.ofSeconds(30), Duration.ofSeconds(5));
    private static final String SITE = "docs.example.com";
    private static final String WILDCARD = "*.preview.docs.example.com";
    /** What moto forces on every re-run (ProvisionerTest.MOTO_UNREADABLE, DEVIATIONS.md): nothing on AWS. */
    private static final List<String> MOTO_NO_OP_WRITES = List.of("cloudfront.UpdateDistribution (writes)");

    @TempDir
    Path site;
    private final RecordingLog log = new RecordingLog();
    private final Zips zips = new Zips();

    @BeforeEach
    void site() throws IOException {
        Files.writeString(site.resolve("index.html"), "<h1>home</h1>");
    }

    @Test
    void previewsOnCoverTheWildcardAndOffTakeItAwayWithTheirContent(MotoServer moto) throws Exception {
        try (AwsClients aws = moto.clients(Region.US_WEST_2, zips)) {
            String zone = aws.route53().createHostedZone(r -> r.name("example.com").callerReference("z1"))
                    .hostedZone().id();
            StackSettings on = settings(true);
            StackSettings off = settings(false);

            StackOutputs out = provisioner(on, aws).provision();

            assertEquals(Set.of(SITE, WILDCARD), sans(aws, out.certificateArn()), "moto lists them reversed");
            assertEquals(Set.of(SITE, WILDCARD), aliases(aws, out));
            for (RRType type : List.of(RRType.A, RRType.AAAA)) {
                ResourceRecordSet wildcard = wildcardRecord(aws, zone, type);
                assertNotNull(wildcard, type + " " + records(aws, zone));
                assertEquals(out.distributionDomain(), wildcard.aliasTarget().dnsName().replaceAll("\\.$", ""));
            }
            Map<String, Object> config = zips.lastConfig();
            assertEquals(Map.of("domain", "preview." + SITE, "siteHost", SITE), config.get("previews"));
            var client = aws.cognito().describeUserPoolClient(r -> r.userPoolId(out.userPoolId())
                    .clientId(out.clientId())).userPoolClient();
            assertEquals(List.of("https://" + SITE + "/_edgesite/callback"), client.callbackURLs());
            assertEquals(List.of("https://" + SITE + "/"), client.logoutURLs());
            String bucketPolicy = aws.s3().getBucketPolicy(r -> r.bucket(out.bucket())).policy();
            assertTrue(bucketPolicy.contains("\"arn:aws:s3:::" + out.bucket() + "/_previews/*/.edgesite/*\""),
                    "CloudFront never reads a preview's manifest, which lists all its files: " + bucketPolicy);

            moto.clearCalls();
            provisioner(on, aws).provision();
            assertEquals(MOTO_NO_OP_WRITES, writes(moto), "a no-op re-provision with previews on writes nothing");

            aws.s3().putObject(r -> r.bucket(out.bucket()).key("_previews/a/index.html"), RequestBody.fromString("a!"));
            aws.s3().putObject(r -> r.bucket(out.bucket()).key("_previews/a/docs/page.html"),
                    RequestBody.fromString("page"));
            aws.s3().putObject(r -> r.bucket(out.bucket()).key("_previews/a.json"), RequestBody.fromString("{}"));
            aws.s3().putObject(r -> r.bucket(out.bucket()).key("_previews/b.json"), RequestBody.fromString("{}"));
            aws.s3().putObject(r -> r.bucket(out.bucket()).key("index.html"), RequestBody.fromString("<h1>home</h1>"));
            aws.s3().putObject(r -> r.bucket(out.bucket()).key("_previewsnot/x.html"), RequestBody.fromString("x"));
            String removal = "2 preview(s) (4 files, 10 bytes) under s3://" + out.bucket() + "/_previews/ as previews"
                    + " are off";

            moto.clearCalls();
            log.clear();
            Plan plan = provisioner(off, aws).plan();
            assertEquals(List.of(), moto.writes(), "plan writes nothing");
            assertTrue(log.infos().contains("Would remove " + removal), log.text());
            assertTrue(plan.changes().contains(Change.create("ACM certificate", SITE)), plan.toJson());
            Change distribution = find(plan, "CloudFront distribution");
            assertTrue(distribution.fields().containsAll(List.of("aliases", "certificate")), distribution.describe());
            assertEquals(Change.delete("Route53 alias records", WILDCARD,
                    List.of("A/AAAA to " + out.distributionDomain(), "previews are off")),
                    find(plan, "Route53 alias records", Change.Action.DELETE));
            assertEquals(Change.delete("ACM certificate", out.certificateArn(),
                    List.of(String.join(", ", sansAsListed(aws, out.certificateArn())), "replaced by the new certificate")),
                    find(plan, "ACM certificate", Change.Action.DELETE));
            assertEquals(Change.delete("preview content", "s3://" + out.bucket() + "/_previews/",
                    List.of("2 preview(s)", "4 files", "10 bytes", "previews are off")), find(plan, "preview content"));

            log.clear();
            StackOutputs after = provisioner(off, aws).provision();

            assertTrue(log.infos().contains("Removing " + removal), log.text());
            assertFalse(out.certificateArn().equals(after.certificateArn()), "ACM certificates cannot change");
            assertEquals(Set.of(SITE), sans(aws, after.certificateArn()));
            assertEquals(List.of(after.certificateArn()), aws.acm().listCertificates().certificateSummaryList().stream()
                    .map(c -> c.certificateArn()).toList(), "the replaced certificate is deleted once unused");
            assertEquals(Set.of(SITE), aliases(aws, out));
            assertEquals(null, wildcardRecord(aws, zone, RRType.A));
            assertEquals(null, wildcardRecord(aws, zone, RRType.AAAA));
            assertNotNull(record(aws, zone, SITE + ".", RRType.A));
            assertEquals(List.of(".edgesite/cookie-secret", "_previewsnot/x.html", "index.html"),
                    aws.s3().listObjectsV2(r -> r.bucket(out.bucket())).contents().stream().map(o -> o.key()).toList(),
                    "the main site's objects stay");
            assertFalse(zips.lastConfig().containsKey("previews"));
            assertTrue(records(aws, zone).stream().noneMatch(r -> Dns.unescaped(r.name()).contains("preview")),
                    "the wildcard's validation record went with its certificate: " + records(aws, zone));

            moto.clearCalls();
            provisioner(off, aws).provision();
            assertEquals(MOTO_NO_OP_WRITES, writes(moto), "and with previews off again nothing to do");
        }
    }

    /** The pom may have turned previews off since: destroy still takes the wildcard records that point at the stack. */
    @Test
    void destroyTakesTheWildcardRecords(MotoServer moto) throws Exception {
        try (AwsClients aws = moto.clients(Region.US_WEST_2)) {
            String zone = aws.route53().createHostedZone(r -> r.name("example.com").callerReference("z1"))
                    .hostedZone().id();
            provisioner(settings(true), aws).provision();
            assertNotNull(wildcardRecord(aws, zone, RRType.A));

            DestroyReport report = new Destroyer(settings(false), aws, log,
                    new Destroyer.Options(false, false, Duration.ofSeconds(30), false)).destroy();

            assertTrue(report.complete(), report.summary());
            assertTrue(report.outcomes().stream().anyMatch(o -> o.resource().equals("Route53 alias record")
                    && o.name().equals(WILDCARD + " A") && o.status() == Outcome.Status.DELETED), report.toJson());
            assertTrue(report.outcomes().stream().anyMatch(o -> o.resource().equals("Route53 alias record")
                    && o.name().equals(WILDCARD + " AAAA") && o.status() == Outcome.Status.DELETED), report.toJson());
            assertEquals(List.of(), records(aws, zone).stream()
                    .filter(r -> r.type() == RRType.A || r.type() == RRType.AAAA || r.type() == RRType.CNAME).toList());
        }
    }

    @Test
    void withoutPreviewsConfigJsonHasNoPreviewsField(MotoServer moto) throws Exception {
        try (AwsClients aws = moto.clients(Region.US_WEST_2, zips)) {
            aws.route53().createHostedZone(r -> r.name("example.com").callerReference("z1"));
            provisioner(settings(false), aws).provision();

            assertFalse(zips.lastConfig().containsKey("previews"), zips.lastConfig().keySet().toString());
        }
    }

    private Provisioner provisioner(StackSettings settings, AwsClients aws) {
        return new Provisioner(settings, aws, log, FAST, AuthorizerBundle.shipped());
    }

    private StackSettings settings(boolean previews) {
        return new StackSettings("pre", Region.US_WEST_2, null, "example.com", "docs", List.of(), site, false,
                "pre-authorizer", null, null, null, "PriceClass_100",
                new StackSettings.Auth(null, false, List.of(), List.of(), List.of(), false),
                new Previews(previews, Previews.DEFAULT_MAX_AGE_DAYS, null));
    }

    private static List<String> writes(MotoServer moto) {
        return moto.writes().stream().map(MotoServer.Call::toString).toList();
    }

    private static Change find(Plan plan, String resource) {
        return plan.changes().stream().filter(c -> c.resource().equals(resource)).findFirst().orElseThrow(
                () -> new AssertionError("no " + resource + " in " + plan.toJson()));
    }

    private static Change find(Plan plan, String resource, Change.Action action) {
        return plan.changes().stream().filter(c -> c.resource().equals(resource) && c.action() == action).findFirst()
                .orElseThrow(() -> new AssertionError("no " + action + " " + resource + " in " + plan.toJson()));
    }

    private static Set<String> sans(AwsClients aws, String arn) {
        return new HashSet<>(sansAsListed(aws, arn));
    }

    private static List<String> sansAsListed(AwsClients aws, String arn) {
        return aws.acm().describeCertificate(r -> r.certificateArn(arn)).certificate().subjectAlternativeNames();
    }

    private static Set<String> aliases(AwsClients aws, StackOutputs out) {
        return new HashSet<>(aws.cloudFront().getDistributionConfig(r -> r.id(out.distributionId()))
                .distributionConfig().aliases().items());
    }

    private static List<ResourceRecordSet> records(AwsClients aws, String zone) {
        return aws.route53().listResourceRecordSetsPaginator(r -> r.hostedZoneId(zone)).resourceRecordSets().stream()
                .toList();
    }

    private static ResourceRecordSet record(AwsClients aws, String zone, String name, RRType type) {
        return records(aws, zone).stream().filter(s -> s.name().equals(name) && s.type() == type).findFirst()
                .orElse(null);
    }

    /**
     * The wildcard's record as Route53 lists it. AWS names it {@code \052.preview.docs.example.com.} (the octal
     * escape of {@code *}); what moto answers is in DEVIATIONS.md, so it is found by the unescaped name.
     */
    private static ResourceRecordSet wildcardRecord(AwsClients aws, String zone, RRType type) {
        return records(aws, zone).stream()
                .filter(s -> Dns.unescaped(s.name()).equals(WILDCARD + ".") && s.type() == type).findFirst()
                .orElse(null);
    }

    /** The authorizer zips provision sends to Lambda, as they went on the wire. */
    private static final class Zips implements ExecutionInterceptor {
        private final List<byte[]> sent = new ArrayList<>();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            SdkRequest request = context.request();
            if (request instanceof CreateFunctionRequest create) {
                sent.add(create.code().zipFile().asByteArray());
            } else if (request instanceof UpdateFunctionCodeRequest update) {
                sent.add(update.zipFile().asByteArray());
            }
        }

        Map<String, Object> lastConfig() throws Exception {
            assertFalse(sent.isEmpty(), "no function code was sent");
            try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(sent.get(sent.size() - 1)))) {
                for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                    if (e.getName().equals("config.json")) {
                        return JSONObjectUtils.parse(new String(zip.readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
            }
            throw new AssertionError("no config.json in the zip");
        }
    }
}
