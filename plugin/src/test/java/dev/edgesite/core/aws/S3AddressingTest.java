package dev.edgesite.core.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;

/**
 * Where the sync's S3 calls go and how they are signed, decided by the SDK's S3 endpoint rules from the
 * settings S3Client reads: AWS's virtual-hosted and path-style addresses, the stack's endpoint, FIPS,
 * dual-stack, {@code aws.endpointUrlS3} (the system property of {@code AWS_ENDPOINT_URL_S3}) and a profile's
 * {@code services} section. Only addressing: no call goes out here (S3SiteTest sends them to moto).
 */
class S3AddressingTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T05:39:26Z"), ZoneOffset.UTC);
    private static final List<String> PROPERTIES = List.of("aws.configFile", "aws.sharedCredentialsFile",
            "aws.endpointUrlS3", "aws.endpointUrl", "aws.useFipsEndpoint", "aws.useDualstackEndpoint", "aws.profile");

    @TempDir
    Path home;

    /** The AWS files of this test only: an empty config unless a test writes one. */
    @BeforeEach
    void ownAwsFiles() throws IOException {
        Files.writeString(home.resolve("config"), "");
        Files.writeString(home.resolve("credentials"), "");
        System.setProperty("aws.configFile", home.resolve("config").toString());
        System.setProperty("aws.sharedCredentialsFile", home.resolve("credentials").toString());
    }

    @AfterEach
    void clearProperties() {
        PROPERTIES.forEach(System::clearProperty);
    }

    @Test
    void awsIsAddressedVirtualHostedUnlessTheBucketNameHasDots() {
        assertEquals(URI.create("https://edgesite-docs.s3.eu-west-1.amazonaws.com/docs/a%20b%C3%BC.html"),
                uri(Region.EU_WEST_1, null, null, "edgesite-docs", "docs/a bü.html"));
        assertEquals(URI.create("https://s3.eu-west-1.amazonaws.com/docs.example.com/index.html"),
                uri(Region.EU_WEST_1, null, null, "docs.example.com", "index.html"),
                "a dotted name would not match S3's wildcard certificate");
        assertEquals(URI.create("https://edgesite-docs.s3.cn-north-1.amazonaws.com.cn/"),
                uri(Region.CN_NORTH_1, null, null, "edgesite-docs", null));
    }

    @Test
    void theStacksEndpointIsAddressedPathStyleUnderItsPath() {
        assertEquals(URI.create("http://localhost:4566/prefix/edgesite-docs/a%2Bb.css"),
                uri(Region.US_EAST_1, URI.create("http://localhost:4566/prefix/"), null, "edgesite-docs", "a+b.css"));
    }

    @Test
    void fipsAndDualStackSettingsChooseThoseEndpoints() {
        System.setProperty("aws.useFipsEndpoint", "true");
        assertEquals(URI.create("https://edgesite-docs.s3-fips.us-east-2.amazonaws.com/a.html"),
                uri(Region.US_EAST_2, null, null, "edgesite-docs", "a.html"));
        System.setProperty("aws.useDualstackEndpoint", "true");
        assertEquals(URI.create("https://edgesite-docs.s3-fips.dualstack.us-east-2.amazonaws.com/a.html"),
                uri(Region.US_EAST_2, null, null, "edgesite-docs", "a.html"));
        System.clearProperty("aws.useFipsEndpoint");
        assertEquals(URI.create("https://edgesite-docs.s3.dualstack.us-east-2.amazonaws.com/a.html"),
                uri(Region.US_EAST_2, null, null, "edgesite-docs", "a.html"));
    }

    @Test
    void theS3EndpointSettingSendsTheCallsThereAddressedAsTheRulesSay() {
        System.setProperty("aws.endpointUrlS3", "http://127.0.0.1:9000");
        assertEquals(URI.create("http://127.0.0.1:9000/edgesite-docs/a.html"),
                uri(Region.US_EAST_1, null, null, "edgesite-docs", "a.html"), "an IP address is addressed path-style");
        System.setProperty("aws.endpointUrlS3", "https://s3.internal.example.com");
        assertEquals(URI.create("https://edgesite-docs.s3.internal.example.com/a.html"),
                uri(Region.US_EAST_1, null, null, "edgesite-docs", "a.html"), "a VPC endpoint's name, virtual-hosted");
    }

    @Test
    void aProfilesServicesSectionAndFipsSettingAreReadForThatProfile() throws IOException {
        Files.writeString(home.resolve("config"), """
                [profile corp]
                services = corp-endpoints
                [services corp-endpoints]
                s3 =
                  endpoint_url = http://127.0.0.1:7480
                [profile gov]
                use_fips_endpoint = true
                """);
        assertEquals(URI.create("http://127.0.0.1:7480/edgesite-docs/a.html"),
                uri(Region.US_EAST_1, null, "corp", "edgesite-docs", "a.html"));
        assertEquals(URI.create("https://edgesite-docs.s3-fips.us-east-1.amazonaws.com/a.html"),
                uri(Region.US_EAST_1, null, "gov", "edgesite-docs", "a.html"));
        assertEquals(URI.create("https://edgesite-docs.s3.us-east-1.amazonaws.com/a.html"),
                uri(Region.US_EAST_1, null, null, "edgesite-docs", "a.html"), "the default profile has neither");
    }

    @Test
    void theStacksEndpointWinsOverTheSdkSettings() {
        System.setProperty("aws.endpointUrlS3", "http://127.0.0.1:9000");
        assertEquals(URI.create("http://127.0.0.1:4566/edgesite-docs/a.html"),
                uri(Region.US_EAST_1, URI.create("http://127.0.0.1:4566"), null, "edgesite-docs", "a.html"));
    }

    @Test
    void signsForTheRegionWithAnUnsignedPayloadOverTlsAndSendsQueriesEncodedOnce() {
        SdkHttpRequest request = calls(Region.EU_WEST_1, null, null).sign(
                new S3Calls.Call("ListObjectsV2", SdkHttpMethod.GET, "edgesite-docs", null)
                        .query("list-type", "2").query("start-after", "docs/a b.html")).request();

        assertEquals("list-type=2&start-after=docs%2Fa%20b.html", request.getUri().getRawQuery());
        String authorization = request.firstMatchingHeader("Authorization").orElseThrow();
        assertTrue(authorization.startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261124/eu-west-1/s3/aws4_request, "
                + "SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature="), authorization);
        assertEquals(Map.of("x-amz-content-sha256", List.of("UNSIGNED-PAYLOAD")),
                Map.of("x-amz-content-sha256", request.headers().get("x-amz-content-sha256")));
        assertEquals("20261124T053926Z", request.firstMatchingHeader("X-Amz-Date").orElseThrow());
        assertTrue(request.firstMatchingHeader("User-Agent").orElseThrow().startsWith("edgesite/"));
    }

    private static URI uri(Region region, URI endpoint, String profile, String bucket, String key) {
        return calls(region, endpoint, profile)
                .sign(new S3Calls.Call("GetObject", SdkHttpMethod.GET, bucket, key)).request().getUri();
    }

    private static S3Calls calls(Region region, URI endpoint, String profile) {
        return new S3Calls(null, StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")),
                S3Addressing.of(region, endpoint, profile), AwsRetryStrategy.doNotRetry(), CLOCK);
    }
}
