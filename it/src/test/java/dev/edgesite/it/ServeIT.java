package dev.edgesite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** edgesite:serve in real builds: it serves until stopped and then leaves nothing running; a taken port fails. */
class ServeIT {
    @Test
    void servesBehindTheAuthorizerUntilStoppedAndThenStopsNode() throws Exception {
        MavenBuild build = MavenBuild.of("site");
        int port = freePort();
        Process maven = new ProcessBuilder(mavenCommand(build, port)).directory(build.dir().toFile())
                .redirectErrorStream(true).start();
        List<String> log = new CopyOnWriteArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(maven.getInputStream(), StandardCharsets.UTF_8))) {
            CompletableFuture<Boolean> serving = CompletableFuture.supplyAsync(() -> awaitLine(out, log, "Press Ctrl+C"));
            assertTrue(serving.get(180, TimeUnit.SECONDS), "serve did not start:\n" + String.join("\n", log));
            assertTrue(log.stream().anyMatch(l -> l.contains("at http://localhost:" + port + "/")), String.join("\n", log));
            assertTrue(log.stream().anyMatch(l -> l.contains("Sign in as demo with password ")), String.join("\n", log));

            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/guide/")).header("Accept", "text/html")
                    .header("Sec-Fetch-Mode", "navigate").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(302, page.statusCode(), "the authorizer asks for a sign-in");
            assertTrue(page.headers().firstValue("Location").orElseThrow()
                    .startsWith("http://localhost:" + port + "/_edgesite/idp/oauth2/authorize?"));

            List<ProcessHandle> children = maven.descendants().toList();
            assertTrue(children.stream().anyMatch(p -> p.info().command().orElse("").contains("node")),
                    "the authorizer runs in node under Maven");
            maven.destroy(); // SIGTERM, as Ctrl+C: the JVM runs its shutdown hooks
            assertTrue(maven.waitFor(60, TimeUnit.SECONDS), "Maven did not stop");
            for (ProcessHandle child : children) {
                assertTrue(child.onExit().get(10, TimeUnit.SECONDS) != null && !child.isAlive(), "left running: " + child);
            }
            try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertEquals(port, again.getLocalPort(), "the port is free again");
            }
        } finally {
            maven.destroyForcibly();
        }
    }

    @Test
    void aTakenPortFailsTheBuildNamingThePortAndAnotherOne() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            MavenBuild.Result result = MavenBuild.of("site").property("edgesite.serve.port", String.valueOf(port))
                    .run("edgesite:serve");

            assertFalse(result.success(), result.log());
            assertTrue(result.log().contains("Port " + port + " (<serve><port>, edgesite.serve.port) is in use by another"
                    + " program, so serve cannot listen on it. Stop that program, or run again on a free port, such as"
                    + " -Dedgesite.serve.port=" + (port + 1) + "."), result.log());
        }
    }

    private static List<String> mavenCommand(MavenBuild build, int port) {
        Path mvn = Path.of(System.getProperty("maven.home"), "bin", "mvn");
        return List.of(mvn.toString(), "-B", "-s", build.dir().resolve("settings.xml").toString(),
                "-Dmaven.repo.local=" + System.getProperty("edgesite.it.localRepo"),
                "-Dedgesite.serve.port=" + port, "edgesite:serve");
    }

    private static boolean awaitLine(BufferedReader out, List<String> log, String fragment) {
        try {
            for (String line; (line = out.readLine()) != null; ) {
                log.add(line);
                if (line.contains(fragment)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
