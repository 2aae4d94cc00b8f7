package dev.edgesite.maven;

import static org.apache.maven.api.plugin.testing.MojoExtension.getBasedir;
import static org.apache.maven.api.plugin.testing.MojoExtension.getVariableValueFromObject;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesite.core.settings.StackSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import javax.inject.Inject;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

@MojoTest
class PropertyBindingTest {
    private static final String DEFAULTS = "src/test/resources/unit/defaults/pom.xml";
    private static final Path BASEDIR = Path.of(getBasedir());

    @Inject
    private MavenSession session;

    @Inject
    private MavenProject project;

    @BeforeEach
    void setProperties() {
        Properties user = session.getUserProperties();
        user.setProperty("edgesite.skip", "true");
        user.setProperty("edgesite.stack", "props-portal");
        user.setProperty("edgesite.region", "ap-southeast-2");
        user.setProperty("edgesite.profile", "ci");
        user.setProperty("edgesite.domain", "example.org");
        user.setProperty("edgesite.service", "manual");
        user.setProperty("edgesite.aliases", "www.example.org, help.example.org");
        user.setProperty("edgesite.siteDirectory", "target/props-site");
        user.setProperty("edgesite.indexExample", "true");
        user.setProperty("edgesite.functionName", "props-auth");
        user.setProperty("edgesite.bucket", "props-portal-site");
        user.setProperty("edgesite.endpoint", "http://localhost:4566");
        user.setProperty("edgesite.certificateArn",
                "arn:aws:acm:us-east-1:210987654321:certificate/11111111-2222-3333-4444-555555555555");
        user.setProperty("edgesite.priceClass", "PriceClass_200");
        user.setProperty("edgesite.outputDirectory", "target/props-out");
        user.setProperty("edgesite.auth.logo", "src/test/resources/unit/full/logo.png");
        user.setProperty("edgesite.auth.selfSignUp", "true");
        user.setProperty("edgesite.auth.allowedGroups", "readers, writers");
        user.setProperty("edgesite.auth.allowedEmailDomains", "example.org");
        session.getSystemProperties().setProperty("edgesite.auth.allowedEmailDomains", "overridden.example");
        session.getSystemProperties().setProperty("edgesite.auth.publicPaths", "/assets/*,/robots.txt");
        project.getProperties().setProperty("edgesite.auth.spa", "true");
        user.setProperty("edgesite.auth.allowAnyone", "true");
    }

    @Test
    @InjectMojo(goal = "plan", pom = DEFAULTS)
    void everyParameterBindsFromItsProperty(PlanMojo mojo) throws Exception {
        assertEquals(new StackSettings(
                "props-portal",
                Region.AP_SOUTHEAST_2,
                "ci",
                "example.org",
                "manual",
                List.of("www.example.org", "help.example.org"),
                BASEDIR.resolve("target/props-site"),
                false, // plan reads no indexExample: it is sync's
                "props-auth",
                "props-portal-site",
                URI.create("http://localhost:4566"),
                "arn:aws:acm:us-east-1:210987654321:certificate/11111111-2222-3333-4444-555555555555",
                "PriceClass_200",
                new StackSettings.Auth(
                        BASEDIR.resolve("src/test/resources/unit/full/logo.png"),
                        true,
                        List.of("readers", "writers"),
                        List.of("example.org"),
                        List.of("/assets/*", "/robots.txt"),
                        true,
                        true)),
                mojo.settings());
        assertEquals(BASEDIR.resolve("target/props-out").toFile(), getVariableValueFromObject(mojo, "outputDirectory"));
        assertTrue((Boolean) getVariableValueFromObject(mojo, "skip"));
    }

    @Test
    @InjectMojo(goal = "plan", pom = "<project><build><plugins><plugin>"
            + "<artifactId>edgesite-maven-plugin</artifactId>"
            + "<configuration>"
            + "<stack>pom-portal</stack>"
            + "<auth><selfSignUp>false</selfSignUp><publicPaths><path>/docs/*</path></publicPaths>"
            + "<allowAnyone>false</allowAnyone></auth>"
            + "</configuration>"
            + "</plugin></plugins></build></project>")
    void aValueInThePomWinsOverItsProperty(PlanMojo mojo) throws Exception {
        StackSettings settings = mojo.settings();
        assertEquals("pom-portal", settings.stack());
        assertFalse(settings.auth().selfSignUp());
        assertEquals(List.of("/docs/*"), settings.auth().publicPaths());
        assertEquals(List.of("readers", "writers"), settings.auth().allowedGroups());
        assertTrue(settings.auth().spa());
        assertFalse(settings.auth().allowAnyone());
    }

    @Test
    @InjectMojo(goal = "provision", pom = DEFAULTS)
    @MojoParameter(name = "stack", value = "Not A Stack")
    void theSkipPropertySkipsProvision(ProvisionMojo mojo) {
        assertDoesNotThrow(mojo::execute);
    }

    @Test
    @InjectMojo(goal = "plan", pom = DEFAULTS)
    @MojoParameter(name = "stack", value = "Not A Stack")
    void theSkipPropertySkipsPlan(PlanMojo mojo) {
        assertDoesNotThrow(mojo::execute);
    }
}
