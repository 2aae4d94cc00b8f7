package dev.edgesite.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesite.core.settings.IdentityProviderInput;
import dev.edgesite.testbed.MotoExtension;
import dev.edgesite.testbed.MotoServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.mockito.Mockito;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.model.IdentityProviderType;

/**
 * provision and plan with an OIDC provider whose client secret is a settings.xml {@code <server>} password, as
 * Maven runs them against moto: the pool gets the secret, and no line of the build's log and no file the goals
 * write holds it. A secret written in the pom, or one that cannot be found, fails before any AWS call.
 */
@MojoTest
@ExtendWith(MotoExtension.class)
class FederatedSignInGoalsTest {
    private static final String SECRET = "corp-sso-secret-4e1d9b";
    private static final String POM = "<project><build><plugins><plugin>"
            + "<artifactId>edgesite-maven-plugin</artifactId><configuration><auth>"
            + "<identityProviders><identityProvider><name>corp</name><type>oidc</type>"
            + "<issuer>https://login.example.com/tenant/v2.0</issuer><clientId>client-123</clientId>"
            + "<clientSecretServer>corp-sso</clientSecretServer><groupsClaim>groups</groupsClaim>"
            + "</identityProvider></identityProviders><cognitoLogin>false</cognitoLogin>"
            + "</auth></configuration></plugin></plugins></build></project>";
    private static final String SECRET_IN_POM = "<project><build><plugins><plugin>"
            + "<artifactId>edgesite-maven-plugin</artifactId><configuration><auth>"
            + "<identityProviders><identityProvider><name>corp</name><type>oidc</type>"
            + "<issuer>https://login.example.com</issuer><clientId>client-123</clientId>"
            + "<clientSecret>" + SECRET + "</clientSecret>"
            + "</identityProvider></identityProviders></auth></configuration></plugin></plugins></build></project>";
    private static final List<String> CREDENTIALS = List.of("aws.accessKeyId", "aws.secretAccessKey");

    @Inject
    private MavenSession session;

    @Inject
    private MavenProject project;

    @Inject
    private SettingsDecrypter decrypter;

    private final Settings settings = new Settings();

    @TempDir
    Path dir;

    private Path out;
    private final List<String> logged = new ArrayList<>();

    @BeforeEach
    void pointAtMoto(MotoServer moto) throws IOException {
        Path site = Files.createDirectories(dir.resolve("site"));
        Files.writeString(site.resolve("index.html"), "<p>home</p>");
        out = dir.resolve("edgesite");
        Properties user = session.getUserProperties();
        user.setProperty("edgesite.stack", "corp-docs");
        user.setProperty("edgesite.region", "us-west-2");
        user.setProperty("edgesite.endpoint", moto.endpoint().toString());
        user.setProperty("edgesite.siteDirectory", site.toString());
        user.setProperty("edgesite.outputDirectory", out.toString());
        CREDENTIALS.forEach(name -> System.setProperty(name, "testing"));
        Server server = new Server();
        server.setId("corp-sso");
        server.setPassword(SECRET);
        settings.addServer(server);
        Mockito.when(session.getSettings()).thenReturn(settings);
    }

    @AfterEach
    void forgetCredentials() {
        CREDENTIALS.forEach(System::clearProperty);
    }

    @Test
    void provisionHandsThePoolTheServersSecretAndNoLogLineOrFileHoldsIt(
            @InjectMojo(goal = "provision", pom = POM) ProvisionMojo provision,
            @InjectMojo(goal = "plan", pom = POM) PlanMojo plan, MotoServer moto) throws Exception {
        run(provision);
        run(plan);

        try (var aws = moto.clients(Region.US_WEST_2)) {
            String pool = aws.cognito().listUserPools(r -> r.maxResults(60)).userPools().get(0).id();
            IdentityProviderType corp = aws.cognito().describeIdentityProvider(r -> r.userPoolId(pool)
                    .providerName("corp")).identityProvider();
            assertEquals(SECRET, corp.providerDetails().get("client_secret"));
            assertEquals("client-123", corp.providerDetails().get("client_id"));
        }
        assertTrue(logged.stream().anyMatch(l -> l.contains("/oauth2/idpresponse")), String.join("\n", logged));
        for (String line : logged) {
            assertFalse(line.contains(SECRET), line);
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(out)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertTrue(files.stream().anyMatch(f -> f.endsWith("plan.json")), files.toString());
        assertTrue(files.stream().anyMatch(f -> f.endsWith("stack.json")), files.toString());
        for (Path file : files) {
            assertFalse(Files.readString(file).contains(SECRET), file + " holds the secret");
        }
    }

    @Test
    void aSecretWrittenInThePomFailsBeforeAnyAwsCallWithoutShowingIt(
            @InjectMojo(goal = "provision", pom = SECRET_IN_POM) ProvisionMojo provision, MotoServer moto) {
        moto.clearCalls();
        MojoFailureException e = assertThrows(MojoFailureException.class, () -> run(provision));

        assertTrue(e.getMessage().contains("<clientSecret> '(not shown)': is written in the pom"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        assertEquals(List.of(), moto.calls());
    }

    @Test
    void aServerThatSettingsDoNotHaveFailsBeforeAnyAwsCall(
            @InjectMojo(goal = "provision", pom = POM) ProvisionMojo provision, MotoServer moto) {
        settings.removeServer(settings.getServer("corp-sso"));
        moto.clearCalls();

        MojoFailureException e = assertThrows(MojoFailureException.class, () -> run(provision));

        assertTrue(e.getMessage().startsWith("<clientSecretServer> 'corp-sso': names no <server> in settings.xml"),
                e.getMessage());
        assertTrue(e.getMessage().contains("<clientSecretEnv>"), e.getMessage());
        assertEquals(List.of(), moto.calls());
    }

    @Test
    void aSecretComesFromTheEnvironmentVariableThePomNames() {
        Blocks.IdentityProvider block = new Blocks.IdentityProvider();
        block.name = "corp";
        block.clientSecretEnv = "CORP_SSO_SECRET";
        Map<String, String> env = Map.of("CORP_SSO_SECRET", SECRET);

        IdentityProviderInput found = new Secrets(session, decrypter, project, true, env::get).input(block);
        IdentityProviderInput missing = new Secrets(session, decrypter, project, true, name -> null).input(block);
        IdentityProviderInput serve = new Secrets(session, decrypter, project, false, env::get).input(block);

        assertEquals(SECRET, found.secret());
        assertEquals("environment variable CORP_SSO_SECRET", found.secretSource());
        assertFalse(found.toString().contains(SECRET), found.toString());
        assertNull(missing.secret());
        assertEquals("names an environment variable that is not set (or empty)", missing.secretMissing());
        assertNull(serve.secret(), "serve never sends a secret, so it looks none up");
    }

    private void run(AbstractMojo mojo) throws Exception {
        mojo.setLog(new SystemStreamLog() {
            @Override
            public void info(CharSequence content) {
                logged.add("INFO " + content);
            }

            @Override
            public void warn(CharSequence content) {
                logged.add("WARN " + content);
            }

            @Override
            public void debug(CharSequence content) {
                logged.add("DEBUG " + content);
            }

            @Override
            public boolean isDebugEnabled() {
                return true;
            }
        });
        mojo.execute();
    }
}
