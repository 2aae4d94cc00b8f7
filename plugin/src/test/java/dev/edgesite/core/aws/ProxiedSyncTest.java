package dev.edgesite.core.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesite.testbed.MotoExtension;
import dev.edgesite.testbed.ChildJvm;
import dev.edgesite.testbed.MotoServer;
import dev.edgesite.testbed.ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.apache.ProxyConfiguration;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Calls go through the proxy the SDK's settings name, with its credentials: a sync in a JVM of its own through
 * a real authenticating proxy (the test bed's), and which proxy is chosen for AWS's HTTPS and an emulator's
 * plain HTTP.
 */
@ExtendWith(MotoExtension.class)
class ProxiedSyncTest {
    private static final List<String> PROPERTIES = List.of("https.proxyHost", "https.proxyPort", "https.proxyUser",
            "https.proxyPassword", "http.proxyHost", "http.proxyPort", "http.nonProxyHosts");
    private static ProxyServer proxy;

    @TempDir
    Path home;

    @BeforeAll
    static void startProxy() {
        proxy = ProxyServer.start("edgesite", "s3cret");
    }

    @AfterAll
    static void stopProxy() {
        proxy.close();
    }

    @AfterEach
    void clearProperties() {
        PROPERTIES.forEach(System::clearProperty);
    }

    @Test
    void aSyncGoesThroughTheProxyInHttpProxyWithItsCredentials(MotoServer moto) throws Exception {
        String bucket = "edgesite-proxied";
        try (AwsClients aws = moto.clients()) {
            aws.s3().createBucket(b -> b.bucket(bucket));
            String out = sync(moto, bucket, "http://edgesite:s3cret@127.0.0.1:" + proxy.uri().getPort());

            assertTrue(out.contains("UPLOADED "), out);
            assertEquals(Set.of("index.html", "docs/guide.html"), keys(aws, bucket));
            String motoAddress = "http://127.0.0.1:" + moto.endpoint().getPort() + "/" + bucket + "/";
            assertTrue(proxy.carried().contains("PUT " + motoAddress + "docs/guide.html"), proxy.carried().toString());
            assertTrue(proxy.carried().stream().anyMatch(r -> r.startsWith("GET " + motoAddress.substring(0,
                    motoAddress.length() - 1) + "?")), "the listing went through it too: " + proxy.carried());
        }
    }

    @Test
    void withoutTheProxysPasswordNothingGetsThrough(MotoServer moto) throws Exception {
        String bucket = "edgesite-unproxied";
        try (AwsClients aws = moto.clients()) {
            aws.s3().createBucket(b -> b.bucket(bucket));
            int refusedBefore = proxy.refused().size();
            String out = sync(moto, bucket, "http://edgesite:wrong@127.0.0.1:" + proxy.uri().getPort());

            assertTrue(out.contains("FAILED "), out);
            assertTrue(proxy.refused().size() > refusedBefore, "the proxy saw the calls and refused them");
            assertEquals(Set.of(), keys(aws, bucket));
        }
    }

    @Test
    void awsCallsTakeTheHttpsProxyAndSpeakPlainHttpToIt() {
        System.setProperty("https.proxyHost", "proxy.example.com");
        System.setProperty("https.proxyPort", "3128");
        System.setProperty("https.proxyUser", "deployer");
        System.setProperty("https.proxyPassword", "secret");
        System.setProperty("http.proxyHost", "other.example.com");
        System.setProperty("http.proxyPort", "8080");
        System.setProperty("http.nonProxyHosts", "*.internal|localhost");

        ProxyConfiguration https = AwsClients.proxy(false);
        assertEquals("proxy.example.com", https.host());
        assertEquals(3128, https.port());
        assertEquals("http", https.scheme(), "a proxy named by host and port is a plain HTTP proxy");
        assertEquals("deployer", https.username());
        assertEquals("secret", https.password());
        assertEquals(ProxyConfiguration.builder().scheme("https").build().nonProxyHosts(), https.nonProxyHosts(),
                "the hosts the SDK itself reads from http.nonProxyHosts");
        assertTrue(https.nonProxyHosts().contains("localhost"), https.nonProxyHosts().toString());

        ProxyConfiguration plain = AwsClients.proxy(true);
        assertEquals("other.example.com", plain.host(), "an emulator over plain HTTP takes the http. proxy");
        assertEquals(8080, plain.port());
    }

    @Test
    void noProxySettingMeansNoProxy() {
        ProxyConfiguration none = AwsClients.proxy(false);
        assertNull(none.host());
        assertFalse(none.port() > 0);
    }

    /** Two files synced by {@link SyncFromTheEnvironment} to moto, through HTTP_PROXY, in a JVM of its own. */
    private String sync(MotoServer moto, String bucket, String httpProxy) throws Exception {
        Files.createDirectories(home.resolve("site/docs"));
        Files.writeString(home.resolve("site/index.html"), "<p>home</p>");
        Files.writeString(home.resolve("site/docs/guide.html"), "<p>guide</p>");
        return ChildJvm.run(SyncFromTheEnvironment.class, home, Map.of("HTTP_PROXY", httpProxy, "AWS_ACCESS_KEY_ID",
                "testing", "AWS_SECRET_ACCESS_KEY", "testing", "AWS_REGION", "us-east-1", "AWS_EC2_METADATA_DISABLED",
                "true", "AWS_MAX_ATTEMPTS", "1"), bucket, home.resolve("site").toString(), moto.endpoint().toString());
    }

    private static Set<String> keys(AwsClients aws, String bucket) {
        return aws.s3().listObjectsV2(r -> r.bucket(bucket)).contents().stream().map(S3Object::key)
                .filter(k -> !k.startsWith(".edgesite/")).collect(Collectors.toSet());
    }

}
