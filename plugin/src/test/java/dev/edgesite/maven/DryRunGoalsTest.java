package dev.edgesite.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.edgesite.core.Log;
import dev.edgesite.core.OutputDirectory;
import dev.edgesite.core.TestStacks;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.provision.StackOutputs;
import dev.edgesite.core.settings.ContentSettingsValidator;
import dev.edgesite.core.sync.Publisher;
import dev.edgesite.testbed.MotoExtension;
import dev.edgesite.testbed.MotoServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.Mojo;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;

/**
 * Every goal that can write to AWS, run as Maven runs it with {@code -Dedgesite.dryRun=true} against moto: it reads
 * what it needs, writes the JSON it would write marked {@code "dryRun": true}, and moto receives no write call from
 * it, counted where the calls arrive ({@link MotoServer#writes()}), whichever client the goal built. Each goal but
 * provision runs on a stack provisioned for real first; what it finds in AWS afterwards is what was there before.
 */
@MojoTest
@ExtendWith(MotoExtension.class)
class DryRunGoalsTest {
    private static final String DEFAULTS = "src/test/resources/unit/defaults/pom.xml";
    private static final List<String> CREDENTIALS = List.of("aws.accessKeyId", "aws.secretAccessKey");

    @Inject
    private MavenSession session;

    @TempDir
    Path dir;

    private Path site;
    private Path out;

    @BeforeEach
    void pointAtMoto(MotoServer moto) throws IOException {
        site = Files.createDirectories(dir.resolve("site"));
        Files.createDirectories(site.resolve("docs"));
        Files.writeString(site.resolve("index.html"), "<p>home</p>");
        Files.writeString(site.resolve("docs/guide.html"), "<p>guide</p>");
        out = dir.resolve("edgesite");
        Properties user = session.getUserProperties();
        user.setProperty("edgesite.dryRun", "true");
        user.setProperty("edgesite.stack", "docs");
        user.setProperty("edgesite.region", "us-west-2");
        user.setProperty("edgesite.endpoint", moto.endpoint().toString());
        user.setProperty("edgesite.siteDirectory", site.toString());
        user.setProperty("edgesite.outputDirectory", out.toString());
        user.setProperty("edgesite.email", "jane@example.com");
        user.setProperty("edgesite.groups", "staff");
        CREDENTIALS.forEach(name -> System.setProperty(name, "testing"));
    }

    @AfterEach
    void forgetCredentials() {
        CREDENTIALS.forEach(System::clearProperty);
    }

    // -- provision ---------------------------------------------------------------------------------

    @Test
    void provisionOfANewStackCreatesNothing(@InjectMojo(goal = "provision", pom = DEFAULTS) ProvisionMojo mojo,
            MotoServer moto) throws Exception {
        try (AwsClients aws = clients(moto)) {
            runWritingNothing(mojo, moto);

            Map<String, Object> stack = json(StackOutputs.FILE);
            assertEquals(true, stack.get("dryRun"));
            assertEquals(null, stack.get("distributionId"), "it would create it");
            assertEquals(List.of(), aws.s3().listBuckets().buckets());
            assertEquals(0, aws.cloudFront().listDistributions(r -> {}).distributionList().quantity());
            assertEquals(List.of(), aws.cognito().listUserPools(r -> r.maxResults(60)).userPools());
            assertEquals(List.of(), aws.lambda().listFunctions().functions());
        }
    }

    @Test
    void provisionOfAProvisionedStackChangesNothing(@InjectMojo(goal = "provision", pom = DEFAULTS) ProvisionMojo mojo,
            MotoServer moto) throws Exception {
        try (AwsClients aws = clients(moto)) {
            StackOutputs stack = provision(aws);
            moto.clearCalls();

            runWritingNothing(mojo, moto);

            Map<String, Object> json = json(StackOutputs.FILE);
            assertEquals(true, json.get("dryRun"));
            assertEquals(stack.distributionId(), json.get("distributionId"));
            assertEquals(List.of(stack.bucket()), aws.s3().listBuckets().buckets().stream().map(b -> b.name()).toList());
        }
    }

    // -- destroy -----------------------------------------------------------------------------------

    @Test
    void destroyNeedsNoConfirmationAndDeletesNothing(@InjectMojo(goal = "destroy", pom = DEFAULTS) DestroyMojo mojo,
            MotoServer moto) throws Exception {
        try (AwsClients aws = clients(moto)) {
            StackOutputs stack = provision(aws);
            Set<String> keys = keys(aws, stack.bucket());
            moto.clearCalls();

            runWritingNothing(mojo, moto);

            Map<String, Object> report = json("destroy.json");
            assertEquals(true, report.get("dryRun"));
            assertEquals(false, report.get("complete"));
            assertTrue(JSONObjectUtils.getJSONArray(report, "resources").stream().map(Map.class::cast)
                    .anyMatch(r -> "would_delete".equals(r.get("status")) && stack.bucket().equals(r.get("name"))),
                    report.toString());
            assertEquals(keys, keys(aws, stack.bucket()));
            assertTrue(aws.cloudFront().getDistributionConfig(r -> r.id(stack.distributionId())).distributionConfig()
                    .enabled());
            assertEquals(List.of(stack.userPoolId()), aws.cognito().listUserPools(r -> r.maxResults(60)).userPools()
                    .stream().map(p -> p.id()).toList());
            assertEquals(1, aws.lambda().listFunctions().functions().size());
        }
    }

    @Test
    void destroyOfAStackNeverProvisionedFindsItAllAbsent(@InjectMojo(goal = "destroy", pom = DEFAULTS) DestroyMojo mojo,
            MotoServer moto) throws Exception {
        runWritingNothing(mojo, moto);

        Map<String, Object> report = json("destroy.json");
        assertEquals(true, report.get("dryRun"));
        assertEquals(true, report.get("complete"), "nothing to delete");
    }

    // -- invite ------------------------------------------------------------------------------------

    @Test
    void inviteCreatesNoUserAndNoGroup(@InjectMojo(goal = "invite", pom = DEFAULTS) InviteMojo mojo, MotoServer moto)
            throws Exception {
        try (AwsClients aws = clients(moto)) {
            String pool = provision(aws).userPoolId();
            moto.clearCalls();

            runWritingNothing(mojo, moto);

            assertEquals(List.of(), aws.cognito().listUsers(r -> r.userPoolId(pool)).users());
            assertEquals(List.of(), aws.cognito().listGroups(r -> r.userPoolId(pool)).groups());
            assertFalse(Files.exists(out), "invite writes no JSON, dry run or not");
        }
    }

    @Test
    void inviteIntoAStackNeverProvisionedSaysToProvision(@InjectMojo(goal = "invite", pom = DEFAULTS) InviteMojo mojo,
            MotoServer moto) {
        assertFailsSayingProvisionFirst(mojo, moto);
    }

    // -- sync, invalidate, deploy --------------------------------------------------------------------

    @Test
    void syncUploadsNothing(@InjectMojo(goal = "sync", pom = DEFAULTS) SyncMojo mojo, MotoServer moto) throws Exception {
        try (AwsClients aws = clients(moto)) {
            StackOutputs stack = provision(aws);
            Set<String> keys = keys(aws, stack.bucket());
            moto.clearCalls();

            runWritingNothing(mojo, moto);

            Map<String, Object> sync = json(Publisher.SYNC_JSON);
            assertEquals(true, sync.get("dryRun"));
            assertEquals(Set.of("index.html", "docs/guide.html"),
                    Set.copyOf(JSONObjectUtils.getStringList(sync, "uploaded")), sync.toString());
            assertEquals(keys, keys(aws, stack.bucket()));
        }
    }

    @Test
    void invalidateCreatesNoInvalidation(@InjectMojo(goal = "invalidate", pom = DEFAULTS) InvalidateMojo mojo,
            MotoServer moto) throws Exception {
        try (AwsClients aws = clients(moto)) {
            StackOutputs stack = provision(aws);
            Publisher.locate(TestStacks.settings("docs", null, null, site), new ContentSettingsValidator().validate(),
                    aws, new OutputDirectory(out), Log.NONE).sync();
            moto.clearCalls();

            runWritingNothing(mojo, moto);

            Map<String, Object> invalidation = json(Publisher.INVALIDATE_JSON);
            assertEquals(true, invalidation.get("dryRun"));
            assertFalse(JSONObjectUtils.getStringList(invalidation, "paths").isEmpty(), invalidation.toString());
            assertEquals(0, invalidations(aws, stack));
            assertEquals(false, json(Publisher.SYNC_JSON).get("dryRun"), "the real sync's file is left as it was");
        }
    }

    @Test
    void deployUploadsAndInvalidatesNothing(@InjectMojo(goal = "deploy", pom = DEFAULTS) DeployMojo mojo,
            MotoServer moto) throws Exception {
        try (AwsClients aws = clients(moto)) {
            StackOutputs stack = provision(aws);
            Set<String> keys = keys(aws, stack.bucket());
            moto.clearCalls();

            runWritingNothing(mojo, moto);

            assertEquals(true, json(Publisher.SYNC_JSON).get("dryRun"));
            Map<String, Object> invalidation = json(Publisher.INVALIDATE_JSON);
            assertEquals(true, invalidation.get("dryRun"));
            assertFalse(JSONObjectUtils.getStringList(invalidation, "paths").isEmpty(), invalidation.toString());
            assertEquals(keys, keys(aws, stack.bucket()));
            assertEquals(0, invalidations(aws, stack));
        }
    }

    @Test
    void syncToAStackNeverProvisionedSaysToProvision(@InjectMojo(goal = "sync", pom = DEFAULTS) SyncMojo mojo,
            MotoServer moto) {
        assertFailsSayingProvisionFirst(mojo, moto);
    }

    @Test
    void invalidateOnAStackNeverProvisionedSaysToProvision(
            @InjectMojo(goal = "invalidate", pom = DEFAULTS) InvalidateMojo mojo, MotoServer moto) {
        assertFailsSayingProvisionFirst(mojo, moto);
    }

    @Test
    void deployToAStackNeverProvisionedSaysToProvision(@InjectMojo(goal = "deploy", pom = DEFAULTS) DeployMojo mojo,
            MotoServer moto) {
        assertFailsSayingProvisionFirst(mojo, moto);
    }

    // -----------------------------------------------------------------------------------------------

    /** Runs the goal and checks that moto received calls from it, none of them a write; prints the count. */
    private static void runWritingNothing(Mojo mojo, MotoServer moto) throws Exception {
        mojo.execute();

        List<MotoServer.Call> calls = moto.calls();
        System.out.println("DryRunGoalsTest: " + mojo.getClass().getSimpleName() + " made " + calls.size()
                + " call(s), " + moto.writes().size() + " write(s)");
        assertFalse(calls.isEmpty(), "the goal read the stack");
        assertEquals(List.of(), moto.writes(), "no write call in " + calls);
    }

    private static void assertFailsSayingProvisionFirst(Mojo mojo, MotoServer moto) {
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);

        assertTrue(e.getMessage().contains("Run mvn edgesite:provision first"), e.getMessage());
        assertEquals(List.of(), moto.writes());
    }

    private static AwsClients clients(MotoServer moto) {
        return moto.clients(Region.US_WEST_2);
    }

    private StackOutputs provision(AwsClients aws) {
        StackOutputs stack = TestStacks.provision(TestStacks.settings("docs", null, null, site), aws);
        assertNotNull(stack.distributionId());
        return stack;
    }

    private Map<String, Object> json(String file) throws IOException, ParseException {
        return JSONObjectUtils.parse(Files.readString(out.resolve(file)));
    }

    private static Set<String> keys(AwsClients aws, String bucket) {
        return aws.s3().listObjectsV2(r -> r.bucket(bucket)).contents().stream().map(o -> o.key())
                .collect(Collectors.toSet());
    }

    private static int invalidations(AwsClients aws, StackOutputs stack) {
        return aws.cloudFront().listInvalidations(r -> r.distributionId(stack.distributionId())).invalidationList()
                .quantity();
    }
}
