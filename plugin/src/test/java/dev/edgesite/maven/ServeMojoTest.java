package dev.edgesite.maven;

import static org.apache.maven.api.plugin.testing.MojoExtension.getBasedir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesite.core.Log;
import dev.edgesite.core.serve.LocalUser;
import dev.edgesite.core.serve.ServeOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import javax.inject.Inject;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How serve's parameters bind, and what a bad value or a taken port tells the user. */
@MojoTest
class ServeMojoTest {
    private static final String SERVE = "src/test/resources/unit/serve/pom.xml";
    private static final String DEFAULTS = "src/test/resources/unit/defaults/pom.xml";
    private static final Path BASEDIR = Path.of(getBasedir());

    @Inject
    private MavenSession session;

    @Inject
    private MavenProject project;

    @BeforeEach
    void nameTheProject() {
        project.setArtifactId("docs-site");
    }

    @Test
    @InjectMojo(goal = "serve", pom = SERVE)
    void theServeBlockBindsFromThePom(ServeMojo mojo) throws Exception {
        ServeOptions options = mojo.options(mojo.settings(), Log.NONE);
        assertEquals(8181, options.port());
        assertEquals("/opt/node/bin/node", options.node());
        assertEquals(BASEDIR.resolve("src/test/resources/unit/serve/site"), options.siteDirectory());
        assertEquals(new ServeOptions.LocalUsers(List.of(
                new LocalUser("ana", "ana-secret", "ana@example.com", List.of("staff", "ops")),
                new LocalUser("bob", "bob-secret", null, List.of()))), options.login());
        List<LocalUser> users = ((ServeOptions.LocalUsers) options.login()).users();
        assertEquals("ana-secret", users.get(0).password());
        assertEquals(List.of("staff"), options.access().allowedGroups());
    }

    @Test
    @InjectMojo(goal = "serve", pom = DEFAULTS)
    void withoutTheBlockPropertiesOrDefaultsApply(ServeMojo mojo) throws Exception {
        ServeOptions defaults = mojo.options(mojo.settings(), Log.NONE);
        assertEquals(8080, defaults.port());
        assertEquals("node", defaults.node());
        assertEquals(new ServeOptions.LocalUsers(List.of()), defaults.login(), "a demo user is made at start");

        session.getUserProperties().setProperty("edgesite.serve.port", "9191");
        session.getUserProperties().setProperty("edgesite.serve.node", "/usr/local/bin/node");
        session.getUserProperties().setProperty("edgesite.idp", "local");
        ServeOptions set = mojo.options(mojo.settings(), Log.NONE);
        assertEquals(9191, set.port());
        assertEquals("/usr/local/bin/node", set.node());
    }

    @Test
    @InjectMojo(goal = "serve", pom = DEFAULTS)
    void aBadValueNamesItsElementAndProperty(ServeMojo mojo) {
        session.getUserProperties().setProperty("edgesite.serve.port", "80a");
        assertEquals("<serve><port> (edgesite.serve.port) is '80a'. Use a port from 1 to 65535, such as 8080.",
                assertThrows(MojoFailureException.class, () -> mojo.options(mojo.settings(), Log.NONE)).getMessage());
        session.getUserProperties().setProperty("edgesite.serve.port", "70000");
        assertThrows(MojoFailureException.class, () -> mojo.options(mojo.settings(), Log.NONE));

        session.getUserProperties().setProperty("edgesite.serve.port", "8080");
        session.getUserProperties().setProperty("edgesite.idp", "cognito");
        String message = assertThrows(MojoFailureException.class, () -> mojo.options(mojo.settings(), Log.NONE))
                .getMessage();
        assertTrue(message.startsWith("<serve><idp> (edgesite.idp) is 'cognito'. Use local"), message);
    }

    @Test
    @InjectMojo(goal = "serve", pom = SERVE)
    void aTakenPortFailsNamingThePortAndAnotherToTry(ServeMojo mojo) throws Exception {
        try (ServerSocket taken = takeIfFree(8181)) {
            MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
            assertEquals("Port 8181 (<serve><port>, edgesite.serve.port) is in use by another program, so serve cannot"
                    + " listen on it. Stop that program, or set <serve><port> in the pom to a free port, such as 8182.",
                    e.getMessage());
        }
    }

    /** Binds the port for the test, unless another program already has it, which does as well. */
    private static ServerSocket takeIfFree(int port) throws IOException {
        try {
            return new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            return new ServerSocket();
        }
    }
}
