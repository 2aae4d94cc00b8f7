package dev.edgesite.core.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

/**
 * Our SigV4 against the SDK's own signer, an implementation AWS tests against S3 every day: for the same
 * request at the same instant both must write the same Authorization header, character for character.
 * (S3RestTest has moto's server check our signatures on the wire with botocore.)
 */
class SigV4Test {
    private static final Instant NOW = Instant.parse("2026-11-24T05:39:26.123Z");
    private static final AwsCredentials KEYS = AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    private static final AwsCredentials SESSION = AwsSessionCredentials.create("ASIAEXAMPLE", "c2VjcmV0/secret+key",
            "FwoGZXIvYXdzEJr//////////wEaDPlVLKm3 token=");

    record Case(String name, String method, String host, String key, Map<String, String> query,
            Map<String, String> headers, AwsCredentials credentials) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> requests() {
        return Stream.of(
                new Case("a listing page", "GET", "edgesite-docs.s3.eu-west-1.amazonaws.com", null,
                        query("list-type", "2", "encoding-type", "url", "continuation-token", "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM="),
                        Map.of(), KEYS),
                new Case("an upload with headers and an awkward key", "PUT", "edgesite-docs.s3.eu-west-1.amazonaws.com",
                        "docs/release notes ü+(1)~'!*&=.html",
                        Map.of(),
                        headers("Content-Type", "text/html; charset=utf-8", "Cache-Control", "max-age=60,   must-revalidate",
                                "Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg==", "x-amz-meta-edgesite-md5", "d41d8cd98f00b204e9800998ecf8427e"),
                        KEYS),
                new Case("a copy in place", "PUT", "s3.eu-west-1.amazonaws.com", "site.with.dots/css/a b.css",
                        Map.of(),
                        headers("x-amz-copy-source", SigV4.encode("site.with.dots/css/a b.css", false),
                                "x-amz-copy-source-if-match", "\"0cc175b9c0f1b6a831c399e269772661\"",
                                "x-amz-metadata-directive", "REPLACE", "Content-Type", "text/css; charset=utf-8"),
                        KEYS),
                new Case("a batch delete", "POST", "edgesite-docs.s3.eu-west-1.amazonaws.com", null, query("delete", ""),
                        headers("Content-Type", "application/xml", "Content-MD5", "XrY7u+Ae7tCTyyK7j1rNww=="), KEYS),
                new Case("a HEAD with session credentials", "HEAD", "127.0.0.1:4566", "index.html", Map.of(), Map.of(),
                        SESSION));
    }

    @ParameterizedTest
    @MethodSource("requests")
    void writesTheAuthorizationTheSdksSignerWrites(Case c) {
        String path = c.key() == null ? "/" : "/" + SigV4.encode(c.key(), false);
        SortedMap<String, String> ours = new SigV4("eu-west-1", "s3").sign(c.method(), c.host(), path, c.query(),
                c.headers(), SigV4.UNSIGNED_PAYLOAD, c.credentials(), NOW);

        SdkHttpRequest.Builder request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.fromValue(c.method()))
                .uri(URI.create("https://" + c.host()))
                .encodedPath(path);
        c.query().forEach(request::putRawQueryParameter);
        c.headers().forEach(request::putHeader);
        SdkHttpRequest sdk = AwsV4HttpSigner.create().sign(r -> r.identity(c.credentials()).request(request.build())
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1")
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                .putProperty(AwsV4FamilyHttpSigner.SIGNING_CLOCK, Clock.fixed(NOW, ZoneOffset.UTC))).request();

        assertEquals(sdk.firstMatchingHeader("Authorization").orElseThrow(), ours.get("authorization"));
        assertEquals(sdk.firstMatchingHeader("X-Amz-Date").orElseThrow(), ours.get("x-amz-date"));
        assertEquals(sdk.firstMatchingHeader("x-amz-content-sha256").orElseThrow(), ours.get("x-amz-content-sha256"));
        assertEquals(sdk.firstMatchingHeader("X-Amz-Security-Token").orElse(null), ours.get("x-amz-security-token"));
    }

    @ParameterizedTest
    @MethodSource("requests")
    void anyChangeToWhatIsSignedChangesTheSignature(Case c) {
        SigV4 signer = new SigV4("eu-west-1", "s3");
        String signature = signer.sign(c.method(), c.host(), "/a", c.query(), c.headers(), SigV4.UNSIGNED_PAYLOAD,
                c.credentials(), NOW).get("authorization");
        Map<String, String> moreHeaders = new LinkedHashMap<>(c.headers());
        moreHeaders.put("x-amz-meta-extra", "1");

        for (String other : List.of(
                signer.sign(c.method(), c.host(), "/b", c.query(), c.headers(), SigV4.UNSIGNED_PAYLOAD, c.credentials(), NOW)
                        .get("authorization"),
                signer.sign(c.method(), c.host(), "/a", c.query(), moreHeaders, SigV4.UNSIGNED_PAYLOAD, c.credentials(), NOW)
                        .get("authorization"),
                signer.sign(c.method(), c.host(), "/a", c.query(), c.headers(), SigV4.UNSIGNED_PAYLOAD, c.credentials(),
                        NOW.plusSeconds(1)).get("authorization"),
                signer.sign(c.method(), c.host(), "/a", c.query(), c.headers(), SigV4.UNSIGNED_PAYLOAD,
                        AwsBasicCredentials.create(c.credentials().accessKeyId(), "another secret"), NOW).get("authorization"))) {
            assertNotEquals(signature, other);
        }
        assertFalse(signature.contains(c.credentials().secretAccessKey()), "the secret never goes on the wire");
    }

    private static Map<String, String> query(String... pairs) {
        return headers(pairs);
    }

    private static Map<String, String> headers(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
