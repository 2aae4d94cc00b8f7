package dev.edgesite.core.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** Where S3Rest sends a call, and what it signs: AWS's virtual-hosted and path-style addresses, or an endpoint. */
class S3RestAddressingTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T05:39:26Z"), ZoneOffset.UTC);
    private static final StaticCredentialsProvider KEYS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret"));

    @Test
    void addressesAwsVirtualHostedUnlessTheBucketNameHasDots() {
        assertEquals(URI.create("https://edgesite-docs.s3.eu-west-1.amazonaws.com/docs/a%20b%C3%BC.html"),
                uri(Region.EU_WEST_1, null, "edgesite-docs", "docs/a bü.html"));
        assertEquals(URI.create("https://s3.eu-west-1.amazonaws.com/docs.example.com/index.html"),
                uri(Region.EU_WEST_1, null, "docs.example.com", "index.html"),
                "a dotted name would not match the wildcard certificate");
        assertEquals(URI.create("https://edgesite-docs.s3.cn-north-1.amazonaws.com.cn/"),
                uri(Region.CN_NORTH_1, null, "edgesite-docs", null));
    }

    @Test
    void addressesAnEndpointPathStyle() {
        assertEquals(URI.create("http://127.0.0.1:4566/prefix/edgesite-docs/a%2Bb.css"),
                uri(Region.US_EAST_1, URI.create("http://127.0.0.1:4566/prefix/"), "edgesite-docs", "a+b.css"));
    }

    @Test
    void signsForTheRegionAndSendsQueriesEncodedOnce() {
        S3Rest rest = rest(Region.EU_WEST_1, null);
        Http1.Request request = rest.request(new S3Rest.Call("ListObjectsV2", "GET", "edgesite-docs", null)
                .query("list-type", "2").query("start-after", "docs/a b.html"));

        assertEquals("list-type=2&start-after=docs%2Fa%20b.html", request.uri().getRawQuery());
        String authorization = request.headers().get("authorization");
        assertTrue(authorization.startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261124/eu-west-1/s3/aws4_request, "
                + "SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature="), authorization);
        assertEquals("UNSIGNED-PAYLOAD", request.headers().get("x-amz-content-sha256"));
        assertFalse(request.headers().containsKey("host"), "the client writes Host itself");
        assertTrue(request.headers().get("user-agent").startsWith("edgesite/"));
    }

    private static URI uri(Region region, URI endpoint, String bucket, String key) {
        return rest(region, endpoint).request(new S3Rest.Call("GetObject", "GET", bucket, key)).uri();
    }

    private static S3Rest rest(Region region, URI endpoint) {
        return new S3Rest(new Http1(Duration.ofSeconds(1), Duration.ofSeconds(1), null), KEYS, region, endpoint, 1, CLOCK);
    }
}
