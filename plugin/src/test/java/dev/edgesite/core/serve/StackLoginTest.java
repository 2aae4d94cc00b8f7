package dev.edgesite.core.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesite.core.settings.StackSettings;
import dev.edgesite.core.aws.AppClientSpec;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.aws.UserPools;
import dev.edgesite.core.sync.CacheControlRules;
import dev.edgesite.testbed.MotoExtension;
import dev.edgesite.testbed.MotoServer;
import dev.edgesite.testbed.RecordingLog;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;

/**
 * serve -Dedgesite.idp=stack against moto: the authorizer's login settings come from the stack's pool as
 * provision writes them. (Signing in at the real hosted login needs AWS; moto has none.)
 */
@ExtendWith(MotoExtension.class)
class StackLoginTest {
    private static final String STACK = "docs";
    private static final int PORT = 8080;

    private static StackSettings settings() {
        return new StackSettings(STACK, Region.EU_WEST_1, null, null, null, List.of(), Path.of("target/site"), false,
                STACK + "-authorizer", null, null, null, "PriceClass_100",
                new StackSettings.Auth(null, false, List.of(), List.of(), List.of(), false));
    }

    /** The pool, client and login domain that provision leaves; returns the pool id and client id. */
    private static String[] provisioned(AwsClients aws, List<String> callbacks, List<String> signOuts) {
        UserPools pools = new UserPools(aws.cognito());
        String pool = pools.createPool(STACK, false).id();
        String client = pools.createClient(pool, new AppClientSpec(UserPools.clientName(STACK), callbacks,
                signOuts)).clientId();
        pools.createDomain(pool, "docs-1a2b3c4d");
        return new String[] {pool, client};
    }

    @Test
    void theAuthorizerSignsInAtTheStacksHostedLogin(MotoServer moto) {
        try (AwsClients aws = moto.clients(Region.EU_WEST_1)) {
            String[] ids = provisioned(aws, List.of("https://docs.example.com/_edgesite/callback",
                    "http://localhost:8080/_edgesite/callback"), List.of("https://docs.example.com/",
                    "http://localhost:8080/"));
            RecordingLog log = new RecordingLog();

            Map<String, Object> fields = StackLogin.find(settings(), aws, PORT, log).fields();

            String login = "https://docs-1a2b3c4d.auth.eu-west-1.amazoncognito.com";
            assertEquals("https://cognito-idp.eu-west-1.amazonaws.com/" + ids[0], fields.get("issuer"));
            assertEquals(ids[1], fields.get("clientId"));
            assertEquals(login + "/oauth2/authorize", fields.get("authorizeUrl"));
            assertEquals(login + "/oauth2/token", fields.get("tokenUrl"));
            assertEquals(login + "/logout", fields.get("logoutUrl"));
            assertTrue(String.valueOf(fields.get("jwks")).contains("kty=RSA"), "the pool's keys: " + fields.get("jwks"));
            assertEquals(List.of(), log.warnings(), "the local URLs are registered: nothing to warn about");
        }
    }

    @Test
    void serveSendsPeopleToTheHostedLoginAndBackToLocalhost(MotoServer moto, @TempDir Path site) throws Exception {
        try (AwsClients aws = moto.clients(Region.EU_WEST_1)) {
            String[] ids = provisioned(aws, List.of(), List.of());
            ServeOptions.UserPool pool = StackLogin.find(settings(), aws, PORT, new RecordingLog());
            ServeOptions options = new ServeOptions(site, 0, "node", pool, settings().auth(), CacheControlRules.defaults());
            try (SiteServer server = SiteServer.start(options, new RecordingLog())) {
                String local = URLEncoder.encode("http://localhost:" + server.port(), StandardCharsets.UTF_8);
                String login = "https://docs-1a2b3c4d.auth.eu-west-1.amazoncognito.com";
                TestBrowser browser = new TestBrowser(server.url());

                String signIn = TestBrowser.location(browser.get("/guide/"));
                assertTrue(signIn.startsWith(login + "/oauth2/authorize?"), signIn);
                assertTrue(signIn.contains("client_id=" + ids[1]), signIn);
                assertTrue(signIn.contains("redirect_uri=" + local + "%2F_edgesite%2Fcallback"), signIn);
                assertTrue(server.localUsers().isEmpty());

                String signOut = TestBrowser.location(browser.get("/_edgesite/signout"));
                assertEquals(login + "/logout?client_id=" + ids[1] + "&logout_uri=" + local + "%2F", signOut);
            }
        }
    }

    @Test
    void saysWhichLocalUrlsTheAppClientMustAllow(MotoServer moto) {
        try (AwsClients aws = moto.clients(Region.EU_WEST_1)) {
            provisioned(aws, List.of("https://docs.example.com/_edgesite/callback"), List.of("https://docs.example.com/"));
            RecordingLog log = new RecordingLog();

            StackLogin.find(settings(), aws, 9090, log);

            assertEquals(1, log.lines().size(), log.text());
            String warning = log.warnings().get(0);
            assertTrue(warning.contains("the callback URL http://localhost:9090/_edgesite/callback and the sign-out URL"
                    + " http://localhost:9090/"), warning);
            assertTrue(warning.contains("redirect_mismatch"), warning);
        }
    }

    @Test
    void aStackWithoutPoolMustBeProvisionedFirst(MotoServer moto) {
        try (AwsClients aws = moto.clients(Region.EU_WEST_1)) {
            StackLogin.StackNotFoundException e = assertThrows(StackLogin.StackNotFoundException.class,
                    () -> StackLogin.find(settings(), aws, PORT, new RecordingLog()));
            assertTrue(e.getMessage().contains("Stack 'docs' is not provisioned"), e.getMessage());
            assertTrue(e.getMessage().contains("edgesite:provision"), e.getMessage());
            assertTrue(e.getMessage().contains("-Dedgesite.idp=local"), e.getMessage());
        }
    }

    @Test
    void aPoolWithoutItsAppClientIsIncomplete(MotoServer moto) {
        try (AwsClients aws = moto.clients(Region.EU_WEST_1)) {
            new UserPools(aws.cognito()).createPool(STACK, false);
            StackLogin.StackNotFoundException e = assertThrows(StackLogin.StackNotFoundException.class,
                    () -> StackLogin.find(settings(), aws, PORT, new RecordingLog()));
            assertTrue(e.getMessage().contains("has no app client docs-site"), e.getMessage());
        }
    }
}
