package dev.edgesite.core.aws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesite.core.sync.ContentSource;
import dev.edgesite.core.sync.KeyOrder;
import dev.edgesite.core.sync.ListedObject;
import dev.edgesite.core.sync.Md5;
import dev.edgesite.core.sync.ObjectDetails;
import dev.edgesite.core.sync.ObjectHeaders;
import dev.edgesite.core.sync.SiteFile;
import dev.edgesite.core.sync.SiteObject;
import dev.edgesite.testbed.MotoExtension;
import dev.edgesite.testbed.ChildJvm;
import dev.edgesite.testbed.MotoServer;
import dev.edgesite.testbed.S3Requests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The plugin's own S3 client ({@link S3Calls} behind {@link S3Site}) against moto: keys that need encoding,
 * errors, retries of what S3 asks to be retried, and signatures that moto checks with botocore.
 */
@ExtendWith(MotoExtension.class)
class S3SiteTest {
    private static final String BUCKET = "edgesite-rest-test";
    private static final List<String> AWKWARD_KEYS = List.of("plain.html", "docs/release notes ü.html",
            "a+b=c&d.css", "100%/x~y'(1)!*.js", "ключ/日本語.txt", "semi;colon,comma:colon@at$.txt", "deep/a//b.txt");

    private MotoServer moto;
    private AwsClients aws;
    private S3Requests s3;

    @BeforeEach
    void createBucket(MotoServer moto) {
        this.moto = moto;
        aws = moto.clients();
        s3 = moto.s3Requests();
        aws.s3().createBucket(b -> b.bucket(BUCKET));
    }

    @AfterEach
    void closeClients() {
        aws.close();
    }

    /** Above 1 MiB a body is streamed from its file, after S3 said it takes it, and still checked by its MD5. */
    @Test
    void aLargeBodyIsStreamedFromItsFileOnceS3AcceptsIt(@TempDir Path dir) throws IOException {
        byte[] content = new byte[3 << 20];
        new java.util.Random(7).nextBytes(content);
        Path file = Files.write(dir.resolve("big.bin"), content);
        S3Site site = new S3Site(aws, BUCKET);

        String etag = site.upload(new SiteObject(new SiteFile("media/big.bin", content.length, ContentSource.of(file)),
                Md5.hex(content), new ObjectHeaders("application/octet-stream", "max-age=60")));

        assertEquals(Md5.hex(content), etag);
        assertArrayEquals(content, site.read("media/big.bin").orElseThrow());
        S3Requests.Request put = s3.of("PutObject").stream().filter(r -> r.key().equals("media/big.bin"))
                .findFirst().orElseThrow();
        assertEquals("100-continue", put.header("Expect"));
        assertEquals(Md5.base64(Md5.hex(content)), put.header("Content-MD5"));
    }

    /**
     * Keys XML cannot carry as they are still go: a carriage return as a character reference in DeleteObjects
     * (a reader would turn a literal one into a line feed and name another key), a control character through a
     * DeleteObject of its own.
     */
    @Test
    void keysWithControlCharactersAreDeletedExactly() {
        S3Site site = new S3Site(aws, BUCKET);
        // no line feed: moto cannot store a key with one (DEVIATIONS.md); a return read as one leaves the key behind
        List<String> keys = List.of("only\rreturn.txt", "bell\u0007.txt", "tab\tand\rreturn.txt");
        for (String key : keys) {
            site.upload(object(key, "x", "no-cache"));
        }
        site.upload(object("kept.txt", "not named", "no-cache"));

        site.delete(keys);

        assertEquals(List.of("kept.txt"), keys(site.list()));
    }

    @Test
    void keysThatNeedEncodingRoundTripThroughEveryCall() {
        S3Site site = new S3Site(aws, BUCKET);
        for (String key : AWKWARD_KEYS) {
            site.upload(object(key, "content of " + key, "max-age=60"));
        }

        assertEquals(new TreeSet<>(AWKWARD_KEYS), site.list().stream().map(ListedObject::key)
                .collect(Collectors.toCollection(TreeSet::new)));
        assertEquals(new TreeSet<>(AWKWARD_KEYS), aws.s3().listObjectsV2Paginator(r -> r.bucket(BUCKET)).contents()
                .stream().map(S3Object::key).collect(Collectors.toCollection(TreeSet::new)), "the SDK sees the same keys");
        for (String key : AWKWARD_KEYS) {
            byte[] content = ("content of " + key).getBytes(StandardCharsets.UTF_8);
            ObjectDetails head = site.head(key).orElseThrow(() -> new AssertionError(key));
            assertEquals(Md5.hex(content), head.md5Metadata(), key);
            assertEquals(new ObjectHeaders("text/plain", "max-age=60"), head.headers(), key);
            assertEquals(content.length, head.size());
            assertArrayEquals(content, site.read(key).orElseThrow(), key);
            String etag = site.replaceHeaders(object(key, "content of " + key, "no-cache"), head.etag());
            assertEquals("no-cache", aws.s3().headObject(r -> r.bucket(BUCKET).key(key)).cacheControl(), key);
            assertEquals(head.etag(), etag, "a copy in place keeps the bytes and so the ETag");
        }

        site.delete(AWKWARD_KEYS);

        assertEquals(List.of(), site.list());
    }

    @Test
    void aListingOfManyPagesFollowsTheContinuationTokens() {
        S3Site site = new S3Site(aws, BUCKET);
        for (int i = 0; i < 1005; i++) {
            String key = "p/" + (i % 7) + "/page " + i + ".html";
            aws.s3().putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromString("x"));
        }
        s3.clear();

        List<ListedObject> listed = site.list();

        assertEquals(1005, listed.size());
        assertEquals(1005, Set.copyOf(listed.stream().map(ListedObject::key).toList()).size());
        assertEquals(2, s3.count("ListObjectsV2"));
        s3.clear();
        String middle = listed.stream().map(ListedObject::key).sorted(KeyOrder.UTF8).skip(499).findFirst().orElseThrow();
        assertEquals(500, site.list(null, middle).size());
        assertEquals(1, s3.count("ListObjectsV2"), "a range that ends inside the first page needs no second");
        assertEquals(505, site.list(middle, null).size());
        assertTrue(listed.stream().allMatch(o -> o.size() == 1 && o.etag().equals(Md5.hex(new byte[] {'x'}))
                && o.lastModified() != null));
    }

    @Test
    void aRangeOfTheListingHoldsTheKeysAfterItsStartAndThroughItsEndInS3sOrder() {
        S3Site site = new S3Site(aws, BUCKET);
        List<String> keys = List.of("a.html", "b/c.html", "b/d.html", "e\uFFFD.html", "e\uD83D\uDE00.html", "f.html");
        keys.forEach(k -> site.upload(object(k, k, "no-cache")));

        assertEquals(List.of("a.html", "b/c.html"), keys(site.list(null, "b/c.html")));
        assertEquals(List.of("b/d.html", "e\uFFFD.html"), keys(site.list("b/c.html", "e\uFFFD.html")));
        assertEquals(List.of("e\uD83D\uDE00.html", "f.html"), keys(site.list("e\uFFFD.html", null)),
                "U+FFFD sorts before U+1F600 in S3's order, though not in Java's");
        assertEquals(List.of(), keys(site.list("f.html", null)));
        assertEquals(keys, keys(site.list()));
    }

    @Test
    void missingObjectsAreEmptyAndAMissingBucketIsAnError() {
        S3Site site = new S3Site(aws, BUCKET);

        assertEquals(Optional.empty(), site.head("nothing/here.html"));
        assertEquals(Optional.empty(), site.read("nothing/here.html"));
        S3Exception missing = assertThrows(S3Exception.class, () -> new S3Site(aws, "no-such-bucket-here").list());
        assertEquals(404, missing.statusCode());
        assertEquals("NoSuchBucket", missing.awsErrorDetails().errorCode());
        assertTrue(missing.getMessage().contains("ListObjectsV2 s3://no-such-bucket-here"), missing.getMessage());
    }

    @Test
    void retriesServerErrorsAndThrottlingUntilTheCallSucceeds() {
        try (AwsClients retrying = clients(3)) {
            S3Site site = new S3Site(retrying, BUCKET);
            s3.fail("PutObject", "a.html", 0, 2, S3Requests.When.AFTER, 500, "InternalError");
            s3.fail("PutObject", "b.html", 0, 2, S3Requests.When.BEFORE, 503, "SlowDown");

            site.upload(object("a.html", "<p>a</p>", "no-cache"));
            site.upload(object("b.html", "<p>b</p>", "no-cache"));

            assertEquals(List.of("a.html", "a.html", "a.html", "b.html", "b.html", "b.html"), s3.keys("PutObject"));
            assertArrayEquals("<p>b</p>".getBytes(StandardCharsets.UTF_8), site.read("b.html").orElseThrow());
        }
    }

    @Test
    void givesUpAfterTheLastAttemptAndNeverRetriesARefusal() {
        try (AwsClients retrying = clients(3)) {
            S3Site site = new S3Site(retrying, BUCKET);
            s3.fail("PutObject", "a.html", 0, -1, S3Requests.When.BEFORE, 500, "InternalError");
            s3.fail("PutObject", "b.html", 0, -1, S3Requests.When.BEFORE, 403, "AccessDenied");

            S3Exception failed = assertThrows(S3Exception.class, () -> site.upload(object("a.html", "a", "no-cache")));
            S3Exception refused = assertThrows(S3Exception.class, () -> site.upload(object("b.html", "b", "no-cache")));

            assertEquals(List.of("a.html", "a.html", "a.html", "b.html"), s3.keys("PutObject"));
            assertEquals(500, failed.statusCode());
            assertEquals("InternalError", failed.awsErrorDetails().errorCode());
            assertTrue(failed.getMessage().startsWith("PutObject s3://" + BUCKET + "/a.html: "), failed.getMessage());
            assertEquals(403, refused.statusCode());
            assertEquals("AccessDenied", refused.awsErrorDetails().errorCode());
            assertEquals("S3", refused.awsErrorDetails().serviceName());
        }
    }

    @Test
    void aCopyAnswered200WithAnErrorInItsBodyFails() {
        S3Site site = new S3Site(aws, BUCKET);
        String etag = site.upload(object("a.css", "body{}", "no-cache"));
        s3.fail("CopyObject", "a.css", 0, 1, S3Requests.When.BEFORE, 200, "InternalError");

        S3Exception failed = assertThrows(S3Exception.class,
                () -> site.replaceHeaders(object("a.css", "body{}", "max-age=60"), etag));

        assertEquals("InternalError", failed.awsErrorDetails().errorCode());
        assertEquals("no-cache", aws.s3().headObject(r -> r.bucket(BUCKET).key("a.css")).cacheControl());
    }

    /**
     * With authentication on, moto checks every signature with botocore and every action against the
     * caller's IAM policies: our signatures pass, and a wrong secret does not. Keys that need percent-encoding
     * stay out of it: moto then checks against a path it encodes twice and refuses even the SDK's signatures
     * (DEVIATIONS.md). The signatures are the SDK's signer's either way.
     */
    @Test
    void motoChecksOurSignaturesWithBotocoreAndAcceptsThem() throws Exception {
        aws.iam().createUser(r -> r.userName("deployer"));
        aws.iam().putUserPolicy(r -> r.userName("deployer").policyName("site").policyDocument("{\"Version\":"
                + "\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}"));
        AccessKey key = aws.iam().createAccessKey(r -> r.userName("deployer")).accessKey();
        enforceAuthentication("0");
        try (AwsClients deployer = clients(key.accessKeyId(), key.secretAccessKey());
                AwsClients impostor = clients(key.accessKeyId(), "not-the-secret")) {
            S3Site site = new S3Site(deployer, BUCKET);
            List<String> keys = List.of("plain.html", "docs/index.html", "deep/a//b_c-d~e.js");
            String etag = null;
            for (String k : keys) {
                etag = site.upload(object(k, "signed " + k, "no-cache"));
            }
            assertEquals(keys.size(), site.list().size());
            assertTrue(site.head("docs/index.html").isPresent());
            assertEquals("signed plain.html", new String(site.read("plain.html").orElseThrow(), StandardCharsets.UTF_8));
            site.replaceHeaders(object("deep/a//b_c-d~e.js", "signed deep/a//b_c-d~e.js", "max-age=60"), etag);
            site.write(".edgesite/manifest.tsv", "m".getBytes(StandardCharsets.UTF_8), "text/plain");
            site.delete(keys);
            assertEquals(List.of(".edgesite/manifest.tsv"), site.list().stream().map(ListedObject::key).toList());

            S3Exception refused = assertThrows(S3Exception.class, () -> new S3Site(impostor, BUCKET).list());
            assertEquals(403, refused.statusCode());
            assertEquals("SignatureDoesNotMatch", refused.awsErrorDetails().errorCode());
        } finally {
            enforceAuthentication("inf");
        }
    }

    /**
     * {@code AWS_ENDPOINT_URL_S3} alone, as the SDK and the CLI read it, sends a goal's sync to the emulator: no
     * {@code <endpoint>}, no other AWS setting, a JVM of its own whose home has no AWS files.
     */
    @Test
    void theS3EndpointVariableAloneSendsTheSyncThere(@TempDir Path home) throws Exception {
        Path siteDir = Files.createDirectories(home.resolve("site/docs"));
        Files.writeString(siteDir.resolve("index.html"), "<p>from the environment</p>");
        Files.writeString(home.resolve("site/app.css"), "body{}");
        String out = ChildJvm.run(SyncFromTheEnvironment.class, home, Map.of("AWS_ENDPOINT_URL_S3",
                moto.endpoint().toString(), "AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing",
                "AWS_REGION", "us-east-1", "AWS_EC2_METADATA_DISABLED", "true"), BUCKET, home.resolve("site").toString());

        assertTrue(out.contains("UPLOADED "), out);
        assertEquals(Set.of("app.css", "docs/index.html"), aws.s3().listObjectsV2(r -> r.bucket(BUCKET)).contents()
                .stream().map(S3Object::key).filter(k -> !k.startsWith(".edgesite/")).collect(Collectors.toSet()));
        assertEquals("<p>from the environment</p>", aws.s3().getObjectAsBytes(r -> r.bucket(BUCKET)
                .key("docs/index.html")).asUtf8String());
    }

    private void enforceAuthentication(String afterRequests) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        moto.endpoint().resolve("/moto-api/reset-auth"))
                .POST(HttpRequest.BodyPublishers.ofString(afterRequests)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
    }

    private static List<String> keys(List<ListedObject> listed) {
        return listed.stream().map(ListedObject::key).toList();
    }

    private AwsClients clients(int attempts) {
        return AwsClients.builder().region(Region.US_EAST_1).endpoint(moto.endpoint())
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .overrides(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(attempts).build())
                        .apiCallTimeout(Duration.ofSeconds(60)).build())
                .build();
    }

    private AwsClients clients(String accessKey, String secret) {
        return AwsClients.builder().region(Region.US_EAST_1).endpoint(moto.endpoint())
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret)))
                .overrides(ClientOverrideConfiguration.builder().retryStrategy(AwsRetryStrategy.doNotRetry()).build())
                .build();
    }

    private static SiteObject object(String key, String content, String cacheControl) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return new SiteObject(new SiteFile(key, bytes.length, ContentSource.of(bytes)), Md5.hex(bytes),
                new ObjectHeaders("text/plain", cacheControl));
    }
}
