package dev.edgesite.maven;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesite.core.settings.ContentSettings;
import dev.edgesite.core.sync.CacheControlRules;
import dev.edgesite.core.sync.InvalidationOptions;
import dev.edgesite.core.sync.InvalidationPlanner;
import dev.edgesite.core.sync.SyncOptions;
import java.util.List;
import javax.inject.Inject;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sync and invalidate settings of sync, invalidate and deploy, bound from the pom. */
@MojoTest
class ContentPomBindingTest {
    private static final String CONTENT = "src/test/resources/unit/content/pom.xml";
    private static final String DEFAULTS = "src/test/resources/unit/defaults/pom.xml";

    @Inject
    private MavenProject project;

    @BeforeEach
    void nameTheProject() {
        project.setArtifactId("docs-site");
    }

    @Test
    @InjectMojo(goal = "deploy", pom = CONTENT)
    void everySyncAndInvalidateParameterBindsFromThePom(DeployMojo mojo) throws Exception {
        ContentSettings content = mojo.contentSettings(mojo.settings());

        SyncOptions sync = content.sync();
        assertTrue(sync.dryRun());
        assertTrue(sync.indexExample());
        assertFalse(sync.delete());
        assertEquals(10, sync.maxDeletes());
        assertTrue(sync.forceDeletes());
        assertEquals(8, sync.concurrency());
        assertEquals("max-age=3600", sync.cacheControl().forKey("guide/manual.pdf"));
        assertEquals("no-store", sync.cacheControl().forKey("downloads/tools/cli.zip"));
        assertEquals(CacheControlRules.REVALIDATE, sync.cacheControl().forKey("index.html"), "the defaults follow");
        assertEquals(new InvalidationOptions(40, true, InvalidationOptions.DEFAULT_TIMEOUT, true), content.invalidation());
        assertEquals(List.of("/*", "/docs/index.html"), content.invalidatePaths());
    }

    @Test
    @InjectMojo(goal = "sync", pom = CONTENT)
    void syncLeavesTheInvalidateBlockAlone(SyncMojo mojo) throws Exception {
        ContentSettings content = mojo.contentSettings(mojo.settings());

        assertEquals(10, content.sync().maxDeletes());
        assertEquals(new InvalidationOptions(InvalidationPlanner.DEFAULT_MAX_PATHS, false,
                InvalidationOptions.DEFAULT_TIMEOUT, true), content.invalidation());
        assertEquals(List.of(), content.invalidatePaths());
    }

    @Test
    @InjectMojo(goal = "deploy", pom = DEFAULTS)
    void unsetParametersTakeTheirDefaults(DeployMojo mojo) throws Exception {
        ContentSettings content = mojo.contentSettings(mojo.settings());

        SyncOptions sync = content.sync();
        assertFalse(sync.dryRun());
        assertFalse(sync.indexExample());
        assertTrue(sync.delete());
        assertEquals(SyncOptions.DEFAULT_MAX_DELETES, sync.maxDeletes());
        assertFalse(sync.forceDeletes());
        assertEquals(SyncOptions.DEFAULT_CONCURRENCY, sync.concurrency());
        assertEquals(CacheControlRules.SHORT, sync.cacheControl().forKey("guide/manual.pdf"));
        assertEquals(InvalidationOptions.defaults(), content.invalidation());
        assertEquals(List.of(), content.invalidatePaths());
    }

    @Test
    @InjectMojo(goal = "deploy", pom = "<project><build><plugins><plugin>"
            + "<artifactId>edgesite-maven-plugin</artifactId>"
            + "<configuration><sync><maxDeletes>-1</maxDeletes><cacheControl>"
            + "<rule><pattern>{a,b</pattern><value>max-age=60</value></rule>"
            + "<rule><pattern>*.css</pattern></rule>"
            + "</cacheControl></sync><invalidate><paths><path>docs/*</path></paths></invalidate></configuration>"
            + "</plugin></plugins></build></project>")
    void everyMistakeIsReportedAtOnceNamingTheElementAndItsValue(DeployMojo mojo) {
        MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);

        String message = failure.getMessage();
        assertTrue(message.startsWith("The edgesite configuration has 4 problems:"), message);
        assertTrue(message.contains("<maxDeletes> '-1': is less than 0. Set <sync><maxDeletes>"
                + " (edgesite.sync.maxDeletes)"), message);
        assertTrue(message.contains("<pattern> '{a,b': unbalanced '{'"), message);
        assertTrue(message.contains("<value>: is empty in the rule for *.css"), message);
        assertTrue(message.contains("<paths> 'docs/*': is not a CloudFront invalidation path"), message);
    }

    @Test
    @InjectMojo(goal = "deploy", pom = DEFAULTS)
    @MojoParameter(name = "skip", value = "true")
    @MojoParameter(name = "stack", value = "Not A Stack")
    void skipEndsDeployBeforeItLooksAtTheConfiguration(DeployMojo mojo) {
        assertDoesNotThrow(mojo::execute);
    }
}
