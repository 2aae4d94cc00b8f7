package dev.edgesite.maven;

import static org.apache.maven.api.plugin.testing.MojoExtension.getVariableValueFromObject;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.edgesite.core.TestStacks;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.testbed.MotoExtension;
import dev.edgesite.testbed.MotoServer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.inject.Inject;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;

/**
 * destroy, invite and policy as Maven runs them: parameters from {@code edgesite.*} properties, refusals
 * before any AWS call, and the goals' outputs, with moto standing in for AWS (through {@code edgesite.endpoint}).
 */
@MojoTest
@ExtendWith(MotoExtension.class)
class AdminGoalsTest {
    private static final String DEFAULTS = "src/test/resources/unit/defaults/pom.xml";
    private static final List<String> CREDENTIALS = List.of("aws.accessKeyId", "aws.secretAccessKey");

    @Inject
    private MavenSession session;

    @TempDir
    Path site;

    @BeforeEach
    void pointAtMoto(MotoServer moto) {
        Properties user = session.getUserProperties();
        user.setProperty("edgesite.stack", "docs");
        user.setProperty("edgesite.region", "us-west-2");
        user.setProperty("edgesite.endpoint", moto.endpoint().toString());
        user.setProperty("edgesite.keepBucket", "true");
        user.setProperty("edgesite.force", "true");
        user.setProperty("edgesite.email", "jane@example.com");
        user.setProperty("edgesite.groups", "staff, editors");
        CREDENTIALS.forEach(name -> System.setProperty(name, "testing"));
    }

    @AfterEach
    void forgetCredentials() {
        CREDENTIALS.forEach(System::clearProperty);
    }

    @Test
    @InjectMojo(goal = "destroy", pom = DEFAULTS)
    void destroyRefusesWithoutConfirmationSayingWhatToPass(DestroyMojo mojo, MotoServer moto) {
        try (AwsClients aws = moto.clients(Region.US_WEST_2)) {
            TestStacks.provision(TestStacks.settings("docs", null, null, site), aws);

            MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);

            assertTrue(e.getMessage().contains("run the goal again with -Dedgesite.confirm=docs."), e.getMessage());
            assertEquals(1, aws.cloudFront().listDistributions(r -> {}).distributionList().quantity());
        }
    }

    @Test
    @InjectMojo(goal = "destroy", pom = DEFAULTS)
    @MojoParameter(name = "confirm", value = "doc")
    void destroyRefusesAConfirmationOfAnotherName(DestroyMojo mojo) {
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);

        assertTrue(e.getMessage().startsWith("<confirm> (edgesite.confirm) is 'doc', not the stack's name 'docs'"),
                e.getMessage());
    }

    @Test
    @InjectMojo(goal = "destroy", pom = DEFAULTS)
    @MojoParameter(name = "skip", value = "true")
    void skipSkipsDestroy(DestroyMojo mojo) {
        assertDoesNotThrow(mojo::execute);
    }

    @Test
    @InjectMojo(goal = "destroy", pom = DEFAULTS)
    @MojoParameter(name = "confirm", value = "docs")
    void destroyConfirmedDeletesTheStackAsItsFlagsSayAndWritesDestroyJson(DestroyMojo mojo, MotoServer moto)
            throws Exception {
        try (AwsClients aws = moto.clients(Region.US_WEST_2)) {
            var stack = TestStacks.provision(TestStacks.settings("docs", null, null, site), aws);
            aws.cognito().adminCreateUser(r -> r.userPoolId(stack.userPoolId()).username("jane@example.com"));
            File out = (File) getVariableValueFromObject(mojo, "outputDirectory");
            Files.deleteIfExists(out.toPath().resolve("destroy.json"));

            mojo.execute();

            Map<String, Object> report = JSONObjectUtils.parse(Files.readString(out.toPath().resolve("destroy.json")));
            assertEquals("docs", report.get("stack"));
            assertEquals(true, report.get("complete"));
            assertEquals(0, aws.cloudFront().listDistributions(r -> {}).distributionList().quantity());
            assertEquals(List.of(), aws.cognito().listUserPools(r -> r.maxResults(60)).userPools(), "forced");
            assertEquals(List.of(stack.bucket()), aws.s3().listBuckets().buckets().stream().map(b -> b.name()).toList(),
                    "kept");
        }
    }

    @Test
    @InjectMojo(goal = "invite", pom = DEFAULTS)
    @MojoParameter(name = "email", value = "jane@")
    void inviteRefusesABadEmailNamingTheParameter(InviteMojo mojo) {
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);

        assertTrue(e.getMessage().startsWith("<email> 'jane@': is not an email address."), e.getMessage());
    }

    @Test
    @InjectMojo(goal = "invite", pom = DEFAULTS)
    void inviteCreatesTheUserInTheGroupsGivenAsProperties(InviteMojo mojo, MotoServer moto) throws Exception {
        try (AwsClients aws = moto.clients(Region.US_WEST_2)) {
            String pool = TestStacks.provision(TestStacks.settings("docs", null, null, site), aws).userPoolId();

            mojo.execute();

            String user = aws.cognito().adminGetUser(r -> r.userPoolId(pool).username("jane@example.com")).username();
            assertEquals(List.of("editors", "staff"), aws.cognito().adminListGroupsForUser(r -> r.userPoolId(pool)
                    .username(user)).groups().stream().map(g -> g.groupName()).sorted().toList());
        }
    }

    @Test
    @InjectMojo(goal = "invite", pom = DEFAULTS)
    void inviteIntoAStackNeverProvisionedSaysToProvision(InviteMojo mojo) {
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);

        assertTrue(e.getMessage().contains("Run mvn edgesite:provision first"), e.getMessage());
    }

    @Test
    @InjectMojo(goal = "policy", pom = DEFAULTS)
    @MojoParameter(name = "account", value = "210987654321")
    @MojoParameter(name = "endpoint", value = "http://127.0.0.1:9")
    void policyForAGivenAccountCallsNoAwsAndWritesBothPolicies(PolicyMojo mojo) throws Exception {
        File out = (File) getVariableValueFromObject(mojo, "outputDirectory");

        mojo.execute();

        String provision = Files.readString(out.toPath().resolve("policy-provision.json"));
        assertTrue(provision.contains("\"arn:aws:s3:::edgesite-docs-210987654321\""), provision);
        assertTrue(provision.contains("\"arn:aws:iam::210987654321:role/edgesite-docs-authorizer\""), provision);
        String publish = Files.readString(out.toPath().resolve("policy-publish.json"));
        assertTrue(publish.contains("\"arn:aws:s3:::edgesite-docs-210987654321/*\""), publish);
        assertFalse(publish.contains("iam:"), publish);
        assertFalse(out.toPath().resolve("policy.json").toFile().exists(), "the one policy of old is gone");
    }

    @Test
    @InjectMojo(goal = "policy", pom = DEFAULTS)
    void policyAsksAwsForTheAccount(PolicyMojo mojo) throws Exception {
        File out = (File) getVariableValueFromObject(mojo, "outputDirectory");

        mojo.execute();

        String policy = Files.readString(out.toPath().resolve("policy-provision.json"));
        assertTrue(policy.contains("\"arn:aws:lambda:us-east-1:123456789012:function:docs-authorizer\""), policy);
        assertTrue(policy.contains("\"arn:aws:cognito-idp:us-west-2:123456789012:userpool/*\""), policy);
    }

    @Test
    @InjectMojo(goal = "policy", pom = DEFAULTS)
    @MojoParameter(name = "account", value = "12345")
    void policyRefusesAnAccountThatIsNoAccountId(PolicyMojo mojo) {
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);

        assertTrue(e.getMessage().startsWith("<account> '12345': is not an AWS account id."), e.getMessage());
    }
}
