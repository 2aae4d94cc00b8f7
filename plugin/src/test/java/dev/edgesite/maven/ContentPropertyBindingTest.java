package dev.edgesite.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesite.core.settings.ContentSettings;
import dev.edgesite.core.sync.InvalidationOptions;
import dev.edgesite.core.sync.InvalidationPlanner;
import dev.edgesite.core.sync.SyncOptions;
import java.util.List;
import java.util.Properties;
import javax.inject.Inject;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sync and invalidate settings bound from edgesite.* properties: -D first, then system, then project. */
@MojoTest
class ContentPropertyBindingTest {
    private static final String DEFAULTS = "src/test/resources/unit/defaults/pom.xml";

    @Inject
    private MavenSession session;

    @Inject
    private MavenProject project;

    @BeforeEach
    void setProperties() {
        project.setArtifactId("docs-site");
        Properties user = session.getUserProperties();
        user.setProperty("edgesite.dryRun", "true");
        user.setProperty("edgesite.sync.delete", "false");
        user.setProperty("edgesite.sync.maxDeletes", "5");
        user.setProperty("edgesite.sync.allowDeletes", "true");
        user.setProperty("edgesite.sync.concurrency", "4");
        session.getSystemProperties().setProperty("edgesite.sync.concurrency", "16");
        user.setProperty("edgesite.invalidate.paths", "/a.html, /docs/*");
        session.getSystemProperties().setProperty("edgesite.invalidate.wait", "true");
        project.getProperties().setProperty("edgesite.invalidate.maxPaths", "100");
    }

    @Test
    @InjectMojo(goal = "invalidate", pom = DEFAULTS)
    void everyInvalidateSettingBindsFromItsPropertyAndNoSyncSettingIsRead(InvalidateMojo mojo) throws Exception {
        ContentSettings content = mojo.contentSettings(mojo.settings());

        assertEquals(new InvalidationOptions(100, true, InvalidationOptions.DEFAULT_TIMEOUT, true), content.invalidation());
        assertEquals(List.of("/a.html", "/docs/*"), content.invalidatePaths());
        assertEquals(SyncOptions.DEFAULT_MAX_DELETES, content.sync().maxDeletes(), "invalidate does not read <sync>");
        assertEquals(SyncOptions.DEFAULT_CONCURRENCY, content.sync().concurrency());
    }

    @Test
    @InjectMojo(goal = "sync", pom = DEFAULTS)
    void everySyncSettingBindsFromItsPropertyAndNoInvalidateSettingIsRead(SyncMojo mojo) throws Exception {
        ContentSettings content = mojo.contentSettings(mojo.settings());

        SyncOptions sync = content.sync();
        assertTrue(sync.dryRun());
        assertFalse(sync.delete());
        assertEquals(5, sync.maxDeletes());
        assertTrue(sync.forceDeletes());
        assertEquals(4, sync.concurrency());
        assertEquals(new InvalidationOptions(InvalidationPlanner.DEFAULT_MAX_PATHS, false,
                InvalidationOptions.DEFAULT_TIMEOUT, true), content.invalidation(), "sync does not read <invalidate>");
        assertEquals(List.of(), content.invalidatePaths());
    }

    @Test
    @InjectMojo(goal = "deploy", pom = "<project><build><plugins><plugin>"
            + "<artifactId>edgesite-maven-plugin</artifactId>"
            + "<configuration>"
            + "<dryRun>false</dryRun>"
            + "<sync><maxDeletes>7</maxDeletes><delete>true</delete></sync>"
            + "<invalidate><paths><path>/index.html</path></paths></invalidate>"
            + "</configuration>"
            + "</plugin></plugins></build></project>")
    void aValueInThePomWinsOverItsProperty(DeployMojo mojo) throws Exception {
        ContentSettings content = mojo.contentSettings(mojo.settings());

        assertFalse(content.sync().dryRun());
        assertEquals(7, content.sync().maxDeletes());
        assertTrue(content.sync().delete());
        assertEquals(4, content.sync().concurrency(), "what the pom leaves out still comes from its property");
        assertEquals(List.of("/index.html"), content.invalidatePaths());
    }

    @Test
    @InjectMojo(goal = "deploy", pom = DEFAULTS)
    void aPropertyThatIsNotANumberFailsTheBuildNamingItsElementAndProperty(DeployMojo mojo) {
        session.getUserProperties().setProperty("edgesite.sync.concurrency", "lots");
        session.getUserProperties().setProperty("edgesite.invalidate.maxPaths", "3001");

        MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);

        String message = failure.getMessage();
        assertTrue(message.contains("<concurrency> 'lots': is not a whole number. Set <sync><concurrency>"
                + " (edgesite.sync.concurrency) to the requests in flight at once, 1 to 64"), message);
        assertTrue(message.contains("<maxPaths> '3001': is more than 3000. Set <invalidate><maxPaths>"
                + " (edgesite.invalidate.maxPaths)"), message);
    }
}
