package dev.edgesite.testbed;

import dev.edgesite.core.aws.AwsClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;

/**
 * cognito-local (npm, pinned by the package.json and lockfile beside this test bed) on a free
 * loopback port: Cognito's API plus a hosted login at {@code /oauth2/authorize} and {@code /oauth2/token}.
 *
 * <p>Installed with {@code npm ci} into the test bed folder by the build's set-up (setup.sh beside this
 * test bed), not by the tests. Each server keeps its data in a fresh folder.
 */
public final class CognitoLocalServer implements AutoCloseable {
    private static final String RESOURCES = "testbed/cognito-local/";
    private static Path installed;

    private final ServerProcess process;
    private final Path dataDir;

    private CognitoLocalServer(ServerProcess process, Path dataDir) {
        this.process = process;
        this.dataDir = dataDir;
    }

    public static CognitoLocalServer start() {
        Path home = installed();
        Path entry = home.resolve("node_modules/cognito-local/lib/bin/start.js");
        int port = ServerProcess.freePort();
        Path data;
        try {
            data = Files.createTempDirectory(ServerProcess.workDir(), "cognito-local-" + port + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ServerProcess process = ServerProcess.start("cognito-local", List.of("node", entry.toString()),
                Map.of("PORT", Integer.toString(port), "HOST", "127.0.0.1"), data, port, "/health",
                Duration.ofSeconds(60));
        return new CognitoLocalServer(process, data);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + process.port());
    }

    /** The issuer cognito-local writes into its tokens for a pool. */
    public String issuer(String userPoolId) {
        return "http://127.0.0.1:" + process.port() + "/" + userPoolId;
    }

    /** A Cognito client for this server's API (the other services are not there). */
    public AwsClients clients() {
        return AwsClients.builder()
                .region(Region.US_EAST_1)
                .endpoint(endpoint())
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .overrides(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(Duration.ofSeconds(30))
                        .build())
                .maxConnections(4)
                .build();
    }

    @Override
    public void close() {
        process.close();
        deleteTree(dataDir);
    }

    static synchronized Path installed() {
        if (installed == null) {
            installed = ServerProcess.npmInstalled(RESOURCES, "cognito-local",
                    "node_modules/cognito-local/package.json");
        }
        return installed;
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover data folder under target/ does no harm
        }
    }
}
