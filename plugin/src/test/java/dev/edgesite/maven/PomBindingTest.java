package dev.edgesite.maven;

import static org.apache.maven.api.plugin.testing.MojoExtension.getBasedir;
import static org.apache.maven.api.plugin.testing.MojoExtension.getVariableValueFromObject;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesite.core.settings.StackSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import javax.inject.Inject;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

@MojoTest
class PomBindingTest {
    private static final String FULL = "src/test/resources/unit/full/pom.xml";
    private static final String DEFAULTS = "src/test/resources/unit/defaults/pom.xml";
    private static final Path BASEDIR = Path.of(getBasedir());

    @Inject
    private MavenProject project;

    @BeforeEach
    void nameTheProject() {
        project.setArtifactId("docs-site");
    }

    @Test
    @InjectMojo(goal = "plan", pom = FULL)
    void everyParameterBindsFromThePom(PlanMojo mojo) throws Exception {
        assertEquals(new StackSettings(
                "docs-portal",
                Region.EU_WEST_1,
                "work",
                "example.com",
                "docs",
                List.of("www.example.com", "manual.example.com"),
                BASEDIR.resolve("target/generated-site"),
                false, // plan reads no indexExample: it is sync's
                "docs_auth",
                "docs-portal-site",
                URI.create("http://127.0.0.1:5000"),
                "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
                "PriceClass_All",
                new StackSettings.Auth(
                        BASEDIR.resolve("src/test/resources/unit/full/logo.png"),
                        true,
                        List.of("staff", "partners"),
                        List.of("example.com"),
                        List.of("/public/*", "/favicon.ico"),
                        true,
                        true)),
                mojo.settings());
        assertEquals(BASEDIR.resolve("target/edgesite-out").toFile(), getVariableValueFromObject(mojo, "outputDirectory"));
    }

    @Test
    @InjectMojo(goal = "provision", pom = FULL)
    void provisionTakesTheSameParameters(ProvisionMojo mojo) throws Exception {
        StackSettings settings = mojo.settings();
        assertEquals("docs-portal", settings.stack());
        assertEquals(List.of("staff", "partners"), settings.auth().allowedGroups());
    }

    @Test
    @InjectMojo(goal = "plan", pom = DEFAULTS)
    void unsetParametersTakeTheirDefaults(PlanMojo mojo) throws Exception {
        assertEquals(new StackSettings(
                "docs-site",
                Region.US_EAST_1,
                null,
                null,
                null,
                List.of(),
                BASEDIR.resolve("target/site"),
                false,
                "docs-site-authorizer",
                null,
                null,
                null,
                "PriceClass_100",
                new StackSettings.Auth(null, false, List.of(), List.of(), List.of(), false, false)),
                mojo.settings());
        assertEquals(BASEDIR.resolve("target/edgesite").toFile(), getVariableValueFromObject(mojo, "outputDirectory"));
    }

    @Test
    @InjectMojo(goal = "provision", pom = DEFAULTS)
    @MojoParameter(name = "skip", value = "true")
    @MojoParameter(name = "stack", value = "Not A Stack")
    void skipEndsTheGoalBeforeItLooksAtTheConfiguration(ProvisionMojo mojo) {
        assertDoesNotThrow(mojo::execute);
    }

    @Test
    @InjectMojo(goal = "plan", pom = DEFAULTS)
    @MojoParameter(name = "stack", value = "Not A Stack")
    void aConfigurationMistakeFailsTheBuildBeforeAnyAwsCall(PlanMojo mojo) {
        MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(failure.getMessage().startsWith("<stack> 'Not A Stack':"), failure.getMessage());
    }

    @Test
    @InjectMojo(goal = "plan", pom = "<project><build><plugins><plugin>"
            + "<artifactId>edgesite-maven-plugin</artifactId>"
            + "<configuration><stack>open-portal</stack><auth><selfSignUp>true</selfSignUp></auth></configuration>"
            + "</plugin></plugins></build></project>")
    void selfSignUpForAnyoneFailsTheBuildUnlessSaid(PlanMojo mojo) {
        MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(failure.getMessage().startsWith("<selfSignUp> 'true':"), failure.getMessage());
        assertTrue(failure.getMessage().contains("<allowAnyone>true</allowAnyone>"), failure.getMessage());
    }

    @Test
    @InjectMojo(goal = "plan", pom = "<project><build><plugins><plugin>"
            + "<artifactId>edgesite-maven-plugin</artifactId>"
            + "<configuration><stack>open-portal</stack>"
            + "<auth><selfSignUp>true</selfSignUp><allowAnyone>true</allowAnyone></auth></configuration>"
            + "</plugin></plugins></build></project>")
    void allowAnyoneSaysSelfSignUpForAnyoneIsMeant(PlanMojo mojo) throws Exception {
        StackSettings.Auth auth = mojo.settings().auth();
        assertTrue(auth.selfSignUp());
        assertTrue(auth.allowAnyone());
    }
}
