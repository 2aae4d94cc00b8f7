package dev.edgesite.authorizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesite.core.authorizer.AuthorizerProcessException;
import dev.edgesite.core.authorizer.NodeAuthorizer;
import dev.edgesite.core.authorizer.NodeUnavailableException;
import dev.edgesite.testbed.RecordingLog;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The node child process itself: how requests travel, what is logged, how it fails and stops. */
class NodeAuthorizerTest {
    private static final String ISSUER = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Dr1ver";
    private static final String CLIENT_ID = "dr1vercl13nt";

    private final TestTokens tokens = new TestTokens(TestTokens.newKey("driver-key"), ISSUER, CLIENT_ID);
    private final RecordingLog log = new RecordingLog();

    private Map<String, Object> config() {
        return TestConfig.of(ISSUER, CLIENT_ID, TestTokens.jwks(tokens.key()), TestConfig.AUTH);
    }

    @Test
    void takesABareRequestOrAWholeEvent() {
        try (NodeAuthorizer authorizer = NodeAuthorizer.start(config())) {
            ViewerRequest request = ViewerRequest.get("/docs/").cookies("__Host-edgesite_id_token=" + tokens.valid());

            assertEquals("/docs/index.html", new EdgeResult(authorizer.handle(request.request())).uri());
            assertEquals("/docs/index.html", new EdgeResult(authorizer.handle(request.event())).uri());
        }
    }

    @Test
    void answersConcurrentRequestsEachWithItsOwnResult() throws Exception {
        String token = tokens.valid();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try (NodeAuthorizer authorizer = NodeAuthorizer.start(config(), "node", log)) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                int n = i;
                done.add(pool.submit(() -> {
                    if (n % 2 == 0) {
                        EdgeResult let = new EdgeResult(authorizer.handle(ViewerRequest.get("/docs/" + n + "/")
                                .cookies("__Host-edgesite_id_token=" + token + "; n=" + n).request()));
                        let.assertForwarded();
                        assertEquals("/docs/" + n + "/index.html", let.uri());
                        assertEquals("n=" + n, let.header("cookie"));
                    } else {
                        EdgeResult refused = new EdgeResult(authorizer.handle(ViewerRequest.get("/docs/" + n + "/")
                                .navigation().request()));
                        refused.assertStatus(302);
                        assertTrue(refused.location().getQuery().contains("redirect_uri="));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theHandlersLogReachesTheSinkWithoutTheSecret() {
        Map<String, Object> config = config();
        String secret = "c2hvcnQtc2VjcmV0";
        config.put("cookieSecret", secret);

        try (NodeAuthorizer authorizer = NodeAuthorizer.start(config, "node", log)) {
            new EdgeResult(authorizer.handle(ViewerRequest.get("/docs/").cookies("__Host-edgesite_id_token=" + tokens.valid())
                    .request())).assertStatus(500);
        }

        log.awaitLine("invalid config: cookieSecret must be base64 of at least 32 bytes");
        log.assertNoneContains("the cookie secret", secret);
    }

    @Test
    void aFailedTokenRequestIsLoggedWithoutTheCodeOrTheState() throws IOException {
        Map<String, Object> config = config();
        config.put("tokenUrl", "http://127.0.0.1:" + closedPort() + "/oauth2/token");
        String stateCookie;

        try (NodeAuthorizer authorizer = NodeAuthorizer.start(config, "node", log)) {
            EdgeResult login = new EdgeResult(authorizer.handle(ViewerRequest.get("/docs/").navigation().request()));
            String state = QueryString.of(login.location()).get("state");
            stateCookie = login.cookie("__Host-edgesite_state");

            EdgeResult callback = new EdgeResult(authorizer.handle(ViewerRequest.get("/_edgesite/callback")
                    .query("code=the-secret-code&state=" + state).navigation()
                    .cookies("__Host-edgesite_state=" + stateCookie).request()));

            callback.assertStatus(400);
        }
        log.awaitLine("token endpoint (authorization_code) failed");
        log.assertNoneContains("the authorization code", "the-secret-code");
        log.assertNoneContains("the login state", stateCookie);
    }

    @Test
    void aMissingNodeIsNamedInTheError() {
        NodeUnavailableException e = assertThrows(NodeUnavailableException.class,
                () -> NodeAuthorizer.start(config(), "/nonexistent/bin/node", log));

        assertTrue(e.getMessage().contains("'/nonexistent/bin/node'"), e.getMessage());
        assertTrue(e.getMessage().contains("Node.js 20 or newer"), e.getMessage());
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void aNodeOlderThan20IsRefused(@TempDir Path dir) throws IOException {
        Path oldNode = executable(dir, "echo v18.20.4\n");

        NodeUnavailableException e = assertThrows(NodeUnavailableException.class,
                () -> NodeAuthorizer.start(config(), oldNode.toString(), log));

        assertTrue(e.getMessage().contains("is Node.js v18.20.4"), e.getMessage());
        assertTrue(e.getMessage().contains("Node.js 20 or newer"), e.getMessage());
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void aNodeThatDiesWhileStartingIsReportedWithWhatItPrinted(@TempDir Path dir) throws IOException {
        Path dying = executable(dir, "if [ \"$1\" = --version ]; then echo v22.1.0; exit 0; fi\n"
                + "echo 'SyntaxError: Unexpected token' >&2\nexit 3\n");

        AuthorizerProcessException e = assertThrows(AuthorizerProcessException.class,
                () -> NodeAuthorizer.start(config(), dying.toString(), log));

        assertTrue(e.getMessage().contains("exited with code 3"), e.getMessage());
        assertTrue(e.getMessage().contains("SyntaxError: Unexpected token"), e.getMessage());
        log.awaitLine("SyntaxError: Unexpected token");
    }

    @Test
    void theUnpackedFilesWithTheSecretAreGoneOnceTheHandlerHasLoaded() {
        Set<ProcessHandle> before = drivers();
        try (NodeAuthorizer authorizer = NodeAuthorizer.start(config(), "node", log)) {
            String[] arguments = single(drivers(), before).info().arguments().orElseThrow();
            Path handlerDir = Path.of(arguments[1]);

            assertTrue(handlerDir.endsWith("authorizer"), handlerDir::toString);
            assertFalse(Files.exists(handlerDir.getParent()), () -> handlerDir.getParent() + " still exists");
            new EdgeResult(authorizer.handle(ViewerRequest.get("/docs/").cookies("__Host-edgesite_id_token=" + tokens.valid())
                    .request())).assertForwarded();
        }
    }

    @Test
    void closeStopsNodeAndLaterRequestsAreRefused() {
        Set<ProcessHandle> before = drivers();
        NodeAuthorizer authorizer = NodeAuthorizer.start(config(), "node", log);
        ProcessHandle node = single(drivers(), before);

        authorizer.close();

        assertFalse(node.isAlive(), "node still runs after close");
        assertThrows(IllegalStateException.class, () -> authorizer.handle(ViewerRequest.get("/").request()));
    }

    @Test
    void requestsFailFastOnceNodeHasDied() throws Exception {
        Set<ProcessHandle> before = drivers();
        try (NodeAuthorizer authorizer = NodeAuthorizer.start(config(), "node", log)) {
            ProcessHandle node = single(drivers(), before);
            node.destroyForcibly();
            node.onExit().get();

            AuthorizerProcessException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> assertThrows(AuthorizerProcessException.class,
                            () -> authorizer.handle(ViewerRequest.get("/").request())));

            assertTrue(e.getMessage().contains("exited with code"), e.getMessage());
        }
    }

    private static Set<ProcessHandle> drivers() {
        return ProcessHandle.current().children()
                .filter(p -> p.info().arguments().map(a -> a.length > 0 && a[0].endsWith("driver.mjs")).orElse(false))
                .collect(Collectors.toSet());
    }

    private static ProcessHandle single(Set<ProcessHandle> after, Set<ProcessHandle> before) {
        Set<ProcessHandle> started = after.stream().filter(p -> !before.contains(p)).collect(Collectors.toSet());
        assertEquals(1, started.size(), "node processes started: " + started);
        return started.iterator().next();
    }

    private static Path executable(Path dir, String script) throws IOException {
        Path file = dir.resolve("node");
        Files.writeString(file, "#!/bin/sh\n" + script);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
