package dev.edgesite.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.apache.maven.api.plugin.testing.MojoExtension.setVariableValueToObject;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.edgesite.core.TestStacks;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.provision.StackOutputs;
import dev.edgesite.core.settings.StackSettings;
import dev.edgesite.core.settings.SettingsValidator;
import dev.edgesite.core.sync.Publisher;
import dev.edgesite.testbed.MotoExtension;
import dev.edgesite.testbed.MotoServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.inject.Inject;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * deploy with {@code -Dedgesite.preview}, previews and remove-preview, run as Maven runs them against moto: a bad
 * preview name or a stack without previews is refused before any AWS call, a dry run writes nothing, and the
 * goals find, list and remove the preview where the core put it.
 */
@MojoTest
@ExtendWith(MotoExtension.class)
class PreviewGoalsTest {
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
        Files.writeString(site.resolve("index.html"), "<p>home</p>");
        out = dir.resolve("edgesite");
        Properties user = session.getUserProperties();
        user.setProperty("edgesite.stack", "docs");
        user.setProperty("edgesite.region", "us-west-2");
        user.setProperty("edgesite.endpoint", moto.endpoint().toString());
        user.setProperty("edgesite.siteDirectory", site.toString());
        user.setProperty("edgesite.outputDirectory", out.toString());
        user.setProperty("edgesite.domain", "example.com");
        user.setProperty("edgesite.service", "docs");
        user.setProperty("edgesite.previews.enabled", "true");
        CREDENTIALS.forEach(name -> System.setProperty(name, "testing"));
    }

    @AfterEach
    void forgetCredentials() {
        CREDENTIALS.forEach(System::clearProperty);
    }

    @Test
    void aBadPreviewNameIsRefusedWithTheRuleBeforeAnyCall(@InjectMojo(goal = "deploy", pom = DEFAULTS) DeployMojo deploy,
            @InjectMojo(goal = "remove-preview", pom = DEFAULTS) RemovePreviewMojo remove, MotoServer moto)
            throws Exception {
        setVariableValueToObject(deploy, "preview", "PR_42");
        setVariableValueToObject(remove, "preview", "PR_42");

        for (var mojo : List.of(deploy, remove)) {
            MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
            assertTrue(e.getMessage().contains("PR_42"), e.getMessage());
            assertTrue(e.getMessage().contains("preview"), e.getMessage());
            assertTrue(e.getMessage().contains("lower-case letters, digits and hyphens"), e.getMessage());
        }
        assertEquals(List.of(), moto.calls());
    }

    @Test
    void syncAndInvalidateRefuseAPreviewRatherThanPublishItAsTheMainSite(
            @InjectMojo(goal = "sync", pom = DEFAULTS) SyncMojo sync,
            @InjectMojo(goal = "invalidate", pom = DEFAULTS) InvalidateMojo invalidate, MotoServer moto)
            throws Exception {
        session.getUserProperties().setProperty("edgesite.preview", "pr-42");

        for (var mojo : List.of(sync, invalidate)) {
            MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
            assertTrue(e.getMessage().contains("-Dedgesite.preview=pr-42 asks for a preview: nothing was changed"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("mvn edgesite:deploy -Dedgesite.preview=pr-42"), e.getMessage());
        }
        assertEquals(List.of(), moto.calls());
    }

    @Test
    void aPreviewOnAStackWithoutPreviewsIsRefused(@InjectMojo(goal = "deploy", pom = DEFAULTS) DeployMojo deploy,
            MotoServer moto) throws Exception {
        setVariableValueToObject(deploy, "preview", "pr-42");
        session.getUserProperties().setProperty("edgesite.previews.enabled", "false");

        MojoFailureException e = assertThrows(MojoFailureException.class, deploy::execute);

        assertTrue(e.getMessage().contains("<previews><enabled>"), e.getMessage());
        assertEquals(List.of(), moto.calls());
    }

    @Test
    void removePreviewNeedsANameAndSucceedsWithoutWritingForOneThatIsGone(
            @InjectMojo(goal = "remove-preview", pom = DEFAULTS) RemovePreviewMojo remove,
            @InjectMojo(goal = "remove-preview", pom = DEFAULTS) RemovePreviewMojo unknown, MotoServer moto)
            throws Exception {
        MojoFailureException e = assertThrows(MojoFailureException.class, remove::execute);
        assertTrue(e.getMessage().contains("-Dedgesite.preview=<name>"), e.getMessage());
        assertEquals(List.of(), moto.calls());

        try (AwsClients aws = moto.clients(Region.US_WEST_2)) {
            TestStacks.provision(TestStacks.settings("docs", null, null, site), aws);
        }
        moto.clearCalls();
        setVariableValueToObject(unknown, "preview", "pr-9");
        unknown.execute();
        assertEquals(List.of(), moto.writes(), "removed already (say, by expiry): a clean-up job still succeeds");
    }

    @Test
    void deployListAndRemoveAPreview(@InjectMojo(goal = "deploy", pom = DEFAULTS) DeployMojo deploy,
            @InjectMojo(goal = "previews", pom = DEFAULTS) PreviewsMojo previews,
            @InjectMojo(goal = "remove-preview", pom = DEFAULTS) RemovePreviewMojo dryRemove,
            @InjectMojo(goal = "remove-preview", pom = DEFAULTS) RemovePreviewMojo remove, MotoServer moto)
            throws Exception {
        try (AwsClients aws = moto.clients(Region.US_WEST_2)) {
            StackOutputs stack = TestStacks.provision(withPreviews(aws, true), aws);
            for (Object mojo : List.of(deploy, dryRemove, remove)) {
                setVariableValueToObject(mojo, "preview", "pr-1");
            }
            setVariableValueToObject(dryRemove, "dryRun", true);

            deploy.execute();

            assertEquals(List.of("_previews/pr-1.json", "_previews/pr-1/index.html"),
                    keys(aws, stack.bucket(), "_previews/").stream().filter(k -> !k.contains(".edgesite/")).toList());
            assertTrue(Files.isRegularFile(out.resolve("previews/pr-1/" + Publisher.SYNC_JSON)));
            assertFalse(Files.exists(out.resolve(Publisher.SYNC_JSON)), "the main site's sync.json is not a preview's");

            moto.clearCalls();
            previews.execute();
            assertEquals(List.of(), moto.writes());
            Map<String, Object> listed = JSONObjectUtils.parse(Files.readString(out.resolve(Publisher.PREVIEWS_JSON)));
            Map<?, ?> first = (Map<?, ?>) ((List<?>) listed.get("previews")).get(0);
            assertEquals("pr-1", first.get("name"));
            assertEquals("https://pr-1.preview.docs.example.com/", first.get("url"));
            assertEquals(1L, ((Number) first.get("files")).longValue());

            moto.clearCalls();
            dryRemove.execute();
            assertEquals(List.of(), moto.writes());
            assertEquals(2, keys(aws, stack.bucket(), "_previews/").stream().filter(k -> !k.contains(".edgesite/"))
                    .count());

            remove.execute();
            assertEquals(List.of(), keys(aws, stack.bucket(), "_previews/"));
            moto.clearCalls();
            remove.execute();
            assertEquals(List.of(), moto.writes(), "removing again finds nothing to remove and sends nothing");
        }
    }

    @Test
    void aPreviewOfAStackProvisionedBeforePreviewsWereOnIsRefusedAndNothingIsPublished(
            @InjectMojo(goal = "deploy", pom = DEFAULTS) DeployMojo deploy, MotoServer moto) throws Exception {
        try (AwsClients aws = moto.clients(Region.US_WEST_2)) {
            TestStacks.provision(withPreviews(aws, false), aws);
        }
        setVariableValueToObject(deploy, "preview", "pr-1");
        moto.clearCalls();

        MojoFailureException e = assertThrows(MojoFailureException.class, deploy::execute);

        assertTrue(e.getMessage().contains("does not serve *.preview.docs.example.com yet, so preview pr-1 would not"
                + " be reachable: nothing was published"), e.getMessage());
        assertTrue(e.getMessage().contains("mvn edgesite:provision with <previews><enabled>true</enabled>"),
                e.getMessage());
        assertEquals(List.of(), moto.writes());
    }

    /** The stack at docs.example.com, in a hosted zone made here, with previews on or off. */
    private StackSettings withPreviews(AwsClients aws, boolean previews) {
        aws.route53().createHostedZone(r -> r.name("example.com").callerReference("previews"));
        return new SettingsValidator().stack("docs").region("us-west-2").domain("example.com").service("docs")
                .siteDirectory(site).previews(previews, null).validate();
    }

    private static List<String> keys(AwsClients aws, String bucket, String prefix) {
        return aws.s3().listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key).sorted().toList();
    }
}
