package dev.edgesite.core.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.aws.S3Site;
import dev.edgesite.testbed.MotoExtension;
import dev.edgesite.testbed.MotoServer;
import dev.edgesite.testbed.RecordingLog;
import dev.edgesite.testbed.S3Requests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The sync engine against moto: real S3 calls, counted by operation where moto received them. */
@ExtendWith(MotoExtension.class)
class SiteSyncTest {
    private static final String BUCKET = "edgesite-sync-test";
    private static final SyncOptions OPTIONS = SyncOptions.builder().concurrency(8).build();

    @TempDir
    Path site;

    private final RecordingLog log = new RecordingLog();
    private MotoServer moto;
    private AwsClients aws;
    private S3Requests s3;
    /** What the last sync sent, taken before the test's own reads add to the log. */
    private List<S3Requests.Request> sent = List.of();

    @BeforeEach
    void createBucket(MotoServer moto) {
        this.moto = moto;
        aws = moto.clients();
        s3 = moto.s3Requests();
        aws.s3().createBucket(b -> b.bucket(BUCKET));
        s3.clear();
    }

    @AfterEach
    void closeClients() {
        aws.close();
    }

    @Test
    void firstSyncUploadsEveryFileOnceWithItsHeadersAndVerifiedMd5() throws Exception {
        Map<String, String> files = Map.of(
                "index.html", "<h1>home</h1>",
                "404.html", "<h1>not here</h1>",
                "docs/release notes ü.html", "<p>notes</p>",
                "css/site.css", "body{}",
                "js/app.3f2a1b4c.js", "console.log(1)",
                "data.json", "{}",
                "LICENSE", "text");
        files.forEach(this::write);
        write("img/logo.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2});

        SyncResult result = sync(OPTIONS);

        Set<String> keys = union(files.keySet(), Set.of("img/logo.png"));
        assertEquals(Set.copyOf(keys), Set.copyOf(result.uploaded()));
        assertEquals(keys.size(), siteKeys("PutObject").size(), "one PUT per file");
        assertEquals(Set.copyOf(keys), Set.copyOf(siteKeys("PutObject")));
        assertEquals(siteContent(), localContent());
        assertHeaders("index.html", "text/html; charset=utf-8", CacheControlRules.REVALIDATE);
        assertHeaders("404.html", "text/html; charset=utf-8", CacheControlRules.REVALIDATE);
        assertHeaders("docs/release notes ü.html", "text/html; charset=utf-8", CacheControlRules.REVALIDATE);
        assertHeaders("css/site.css", "text/css; charset=utf-8", CacheControlRules.SHORT);
        assertHeaders("js/app.3f2a1b4c.js", "text/javascript; charset=utf-8", CacheControlRules.IMMUTABLE);
        assertHeaders("data.json", "application/json; charset=utf-8", CacheControlRules.SHORT);
        assertHeaders("img/logo.png", "image/png", CacheControlRules.SHORT);
        assertHeaders("LICENSE", "application/octet-stream", CacheControlRules.SHORT);
        for (S3Requests.Request put : of("PutObject")) {
            if (!put.key().startsWith(".edgesite/")) {
                byte[] body = Files.readAllBytes(site.resolve(put.key()));
                assertEquals(base64Md5(body), put.header("Content-MD5"), put.key());
                // over plain HTTP the SDK's signer signs the body too (over TLS it does not: S3AddressingTest)
                assertEquals(sha256Hex(body), put.header("x-amz-content-sha256"), put.key());
                assertEquals(null, put.header("Expect"), "a small body goes out at once");
                assertEquals(Md5.hex(body), head(put.key()).metadata().get("edgesite-md5"), put.key());
            }
        }
        assertTrue(siteKeys("DeleteObjects").isEmpty());
        assertTrue(log.contains("Synced s3://" + BUCKET), log.text());
    }

    @Test
    void noOpSyncListsOnceReadsTheManifestAndWritesNothing() throws Exception {
        writeSite(40);
        sync(OPTIONS);
        s3.clear();

        SyncResult again = sync(OPTIONS);

        assertFalse(again.changed());
        assertEquals(40, again.unchanged());
        assertEquals(Map.of("ListObjectsV2", 1L, "GetObject", 1L), operations());
    }

    @Test
    void oneChangedFileIsOnePutAndAtMostTwoInvalidationPaths() throws Exception {
        writeSite(20);
        write("docs/index.html", "<p>v1</p>");
        sync(OPTIONS);
        s3.clear();
        write("docs/index.html", "<p>v2</p>");

        SyncResult result = sync(OPTIONS);

        assertEquals(List.of("docs/index.html"), siteKeys("PutObject"));
        assertEquals(List.of("docs/index.html"), result.uploaded());
        assertEquals(List.of("/docs/", "/docs/index.html"), new InvalidationPlanner(15).plan(result.changedPaths()));
        assertEquals("<p>v2</p>", read("docs/index.html"));
        assertEquals(1, count("ListObjectsV2"), "the written page is looked up again, not the whole bucket");
        assertEquals(List.of("docs/index.html"), keys("HeadObject"));
        s3.clear();

        assertFalse(sync(OPTIONS).changed());
        assertEquals(Map.of("ListObjectsV2", 1L, "GetObject", 1L), operations(), "the manifest knows every object");
    }

    @Test
    void aLargeBucketIsListedDirectoryByDirectoryAndMissesNoObject() throws Exception {
        writeSite(1900);
        write("small1/a.html", "<p>a</p>");
        write("small2/b.html", "<p>b</p>");
        write("docs/guide/one.html", "<p>one</p>");
        sync(OPTIONS);
        List<String> foreign = List.of("!first.html", "docs-x/sorts-before-docs.html", "docs.html/odd",
                "docs/old/v1/page.html", "docs/old/v1/deeper/page.html", "docs/a b+c%/\u00fc/x.html",
                "docs/\uD83D\uDE00/y.html", "docs/guide/gone.html", "gone/a.html", "gone/deep/er/x.html",
                "small1.5/between.html", "small1/z/nested.html", "zzz/last.html");
        foreign.forEach(key -> putForeignObject(key, "<p>not the site's</p>"));
        s3.clear();

        SyncResult again = sync(OPTIONS);

        List<String> expected = new ArrayList<>(foreign);
        expected.sort(Comparator.naturalOrder());
        List<String> deleted = new ArrayList<>(again.deleted());
        deleted.sort(Comparator.naturalOrder());
        assertEquals(expected, deleted, "every object outside the site was listed, in prefixes the site lacks too");
        assertEquals(1903, again.unchanged());
        assertTrue(again.uploaded().isEmpty());
        assertEquals(siteContent(), localContent());
        List<S3Requests.Request> listings = of("ListObjectsV2");
        assertTrue(listings.stream().allMatch(r -> r.query().contains("prefix=") || r.query().contains("delimiter=")),
                "no listing walks the whole bucket: " + listings);
        assertTrue(objectKeys().contains(".edgesite/manifest.tsv"));
    }

    @Test
    void withAHashCacheAFileRewrittenWithTheSameSizeIsStillUploaded(@TempDir Path outputs) throws Exception {
        writeSite(6);
        write("same-size.html", "<p>v1</p>");
        Path hashes = outputs.resolve("hashes.tsv");
        new SiteSync(bucket(), log, hashes).sync(site, OPTIONS);
        assertTrue(Files.readString(hashes).contains("same-size.html\t9\t"), Files.readString(hashes));
        assertFalse(new SiteSync(bucket(), log, hashes).sync(site, OPTIONS).changed());
        write("same-size.html", "<p>v2</p>");

        SyncResult result = new SiteSync(bucket(), log, hashes).sync(site, OPTIONS);

        assertEquals(List.of("same-size.html"), result.uploaded());
        assertEquals("<p>v2</p>", read("same-size.html"));
    }

    @Test
    void aChangedHeaderRuleFixesHeadersInPlaceWithoutUploading() throws Exception {
        writeSite(10);
        write("css/site.css", "body{}");
        sync(OPTIONS);
        String md5 = head("css/site.css").metadata().get("edgesite-md5");
        s3.clear();
        SyncOptions longerCss = SyncOptions.builder().concurrency(8)
                .cacheControl(CacheControlRules.of(List.of(new CacheControlRules.Rule("*.css", "max-age=60")))).build();

        SyncResult result = sync(longerCss);

        assertEquals(List.of("css/site.css"), result.headersFixed());
        assertTrue(siteKeys("PutObject").isEmpty(), "no upload");
        assertEquals(List.of("css/site.css"), keys("CopyObject"));
        assertEquals("REPLACE", of("CopyObject").get(0).header("x-amz-metadata-directive"));
        assertHeaders("css/site.css", "text/css; charset=utf-8", "max-age=60");
        assertEquals(md5, head("css/site.css").metadata().get("edgesite-md5"));
        assertEquals("body{}", read("css/site.css"));
        s3.clear();
        assertFalse(sync(longerCss).changed());
        assertEquals(0, count("CopyObject"));
    }

    @Test
    void objectsGoneFromTheSiteAreDeletedAfterEveryUpload() throws Exception {
        writeSite(10);
        putForeignObject(".edgesite/cookie-secret", "kept by provision");
        sync(OPTIONS);
        Files.delete(site.resolve("page3.html"));
        Files.delete(site.resolve("docs/page4.html"));
        write("new.html", "<p>new</p>");
        s3.clear();

        SyncResult result = sync(OPTIONS);

        assertEquals(List.of("docs/page4.html", "page3.html"), result.deleted());
        assertEquals(siteContent(), localContent());
        List<String> order = sent.stream().map(S3Requests.Request::operation).toList();
        assertTrue(order.indexOf("DeleteObjects") > order.indexOf("PutObject"), order.toString());
        assertEquals(1, count("DeleteObjects"));
        assertTrue(objectKeys().containsAll(Set.of(".edgesite/manifest.tsv", ".edgesite/cookie-secret")),
                "edgesite's own objects are never deleted");
    }

    @Test
    void withDeletesOffObjectsGoneFromTheSiteStay() throws Exception {
        writeSite(4);
        sync(OPTIONS);
        Files.delete(site.resolve("page1.html"));
        s3.clear();

        SyncResult result = sync(SyncOptions.builder().concurrency(8).delete(false).build());

        assertTrue(result.deleted().isEmpty());
        assertTrue(objectKeys().contains("page1.html"));
        assertEquals(0, count("DeleteObjects"));
    }

    @Test
    void moreDeletionsThanAllowedAreRefusedBeforeAnyWrite() throws Exception {
        writeSite(6);
        sync(OPTIONS);
        Map<String, String> before = siteContent();
        for (int i = 0; i < 3; i++) {
            Files.delete(site.resolve(SiteFixture.pageKey(i)));
        }
        write("page5.html", "<p>changed</p>");
        s3.clear();

        TooManyDeletesException refused = assertThrows(TooManyDeletesException.class,
                () -> sync(SyncOptions.builder().concurrency(8).maxDeletes(2).build()));

        assertEquals(3, refused.deletes());
        assertEquals(2, refused.maxDeletes());
        assertEquals(Set.of("ListObjectsV2", "GetObject"), operations().keySet(), "reads only");
        assertEquals(before, siteContent());

        SyncResult forced = sync(SyncOptions.builder().concurrency(8).maxDeletes(2).forceDeletes(true).build());
        assertEquals(3, forced.deleted().size());
    }

    @Test
    void aMissingSiteDirectoryIsRefusedAndNothingChanges() throws Exception {
        putForeignObject("keep.html", "<p>keep</p>");
        s3.clear();

        SiteDirectoryException refused = assertThrows(SiteDirectoryException.class,
                () -> new SiteSync(bucket(), log).sync(site.resolve("missing"), OPTIONS));

        assertEquals(SiteDirectoryException.Problem.MISSING, refused.problem());
        assertTrue(refused.getMessage().contains(site.resolve("missing").toString()), refused.getMessage());
        assertTrue(s3.writes().isEmpty(), s3.operations().toString());
        assertEquals(Set.of("keep.html"), objectKeys());
    }

    @Test
    void aSiteDirectoryWithOnlyHiddenFilesIsEmptyAndRefused() throws Exception {
        write(".DS_Store", "junk");
        write(".git/HEAD", "ref");
        putForeignObject("keep.html", "<p>keep</p>");
        s3.clear();

        SiteDirectoryException refused = assertThrows(SiteDirectoryException.class,
                () -> sync(SyncOptions.builder().concurrency(8).indexExample(true).build()));

        assertEquals(SiteDirectoryException.Problem.EMPTY, refused.problem());
        assertTrue(s3.writes().isEmpty(), s3.operations().toString());
        assertEquals(Set.of("keep.html"), objectKeys());
    }

    @ParameterizedTest
    @EnumSource(S3Requests.When.class)
    void anInterruptedSyncRunAgainConvergesWithoutResendingWhatLanded(S3Requests.When when) throws Exception {
        writeSite(30);
        putForeignObject("stale.html", "<p>stale</p>");
        SyncFailedException failure;
        s3.clear();
        s3.failNth("PutObject", 10, when);
        failure = assertThrows(SyncFailedException.class, () -> sync(OPTIONS));
        s3.clearFaults();
        String failedKey = sent.stream().filter(r -> r.operation().equals("PutObject")).skip(9).findFirst()
                .orElseThrow().key();
        Set<String> landed = objectKeys();
        landed.remove("stale.html");
        assertTrue(landed.size() < 30, "the sync stopped early: " + landed.size());
        assertTrue(landed.containsAll(failure.partial().uploaded()), "the partial result only names what landed");
        assertEquals(when == S3Requests.When.AFTER, landed.contains(failedKey), "the failed write landed only after");
        assertEquals(List.of(failedKey), failure.partial().failed(), "a failed write may have landed");
        assertTrue(failure.partial().changedPaths().contains(UrlPaths.of(failedKey)),
                "so its path is invalidated with the rest: " + failure.partial().changedPaths());
        assertTrue(objectKeys().contains("stale.html"), "nothing is deleted after a failed upload");
        s3.clear();

        SyncResult again = sync(OPTIONS);

        Set<String> resent = Set.copyOf(siteKeys("PutObject"));
        assertTrue(resent.stream().noneMatch(landed::contains), "re-sent what had landed: " + resent);
        assertEquals(30, landed.size() + resent.size());
        assertEquals(List.of("stale.html"), again.deleted());
        assertEquals(siteContent(), localContent());
        s3.clear();
        assertFalse(sync(OPTIONS).changed());
        assertEquals(0, count("HeadObject"), "the manifest knows every object again");
    }

    @Test
    void objectsAServerKilledMidUploadListsWithoutAnEtagAreUploadedAgainAndTheSyncConverges() throws Exception {
        writeSite(30);
        s3.clear();
        s3.failNth("PutObject", 10, S3Requests.When.AFTER);
        assertThrows(SyncFailedException.class, () -> sync(OPTIONS));
        s3.clearFaults();
        List<String> landed = new ArrayList<>(objectKeys());
        landed.removeIf(k -> k.startsWith(".edgesite/"));
        List<String> torn = landed.subList(0, 3);
        // back from the kill, the server lists what it never finished without an ETag
        s3.tearListings(torn, "ETag");
        s3.clear();

        SyncResult again = sync(OPTIONS);

        assertTrue(again.uploaded().containsAll(torn), "an entry sync cannot read is uploaded: " + again.uploaded());
        assertEquals(siteContent(), localContent());
        s3.clearFaults();
        s3.tearListings(List.of(), "ETag", "Size", "LastModified");
        s3.clear();
        SyncResult torn2 = sync(OPTIONS);
        assertEquals(Set.copyOf(localContent().keySet()), Set.copyOf(torn2.uploaded()),
                "a listing whose every entry is unreadable uploads the whole site");
        s3.clearFaults();
        assertEquals(siteContent(), localContent());
        s3.clear();
        assertFalse(sync(OPTIONS).changed(), "converged: " + operations());
        s3.clear();
        sync(OPTIONS);
        assertTrue(s3.writes().isEmpty(), s3.operations().toString());
    }

    @Test
    void aDryRunReportsWhatWouldChangeAndChangesNothing() throws Exception {
        writeSite(8);
        sync(OPTIONS);
        Map<String, String> before = siteContent();
        write("page1.html", "<p>changed</p>");
        write("added.html", "<p>added</p>");
        Files.delete(site.resolve("page5.html"));
        s3.clear();

        SyncResult planned = sync(SyncOptions.builder().concurrency(8).dryRun(true)
                .cacheControl(CacheControlRules.of(List.of(new CacheControlRules.Rule("/page3.html", "max-age=1"))))
                .build());

        assertTrue(planned.dryRun());
        assertEquals(List.of("added.html", "page1.html"), planned.uploaded());
        assertEquals(List.of("page3.html"), planned.headersFixed());
        assertEquals(List.of("page5.html"), planned.deleted());
        assertEquals(Set.of("ListObjectsV2", "GetObject"), operations().keySet(), "reads only");
        assertEquals(before, siteContent());
        assertTrue(log.contains("Would upload added.html"), log.text());
        assertTrue(log.contains("Would delete page5.html"), log.text());
    }

    @Test
    void theExamplePageIsPublishedWhenTheSiteHasNoIndex() throws Exception {
        write("docs/a.html", "<p>a</p>");

        SyncResult result = sync(SyncOptions.builder().concurrency(8).indexExample(true).build());

        assertEquals(List.of("docs/a.html", "index.html"), result.uploaded());
        assertTrue(read("index.html").contains("<title>edgesite</title>"));
        assertHeaders("index.html", "text/html; charset=utf-8", CacheControlRules.REVALIDATE);
        s3.clear();
        assertFalse(sync(SyncOptions.builder().concurrency(8).indexExample(true).build()).changed());
        assertTrue(siteKeys("PutObject").isEmpty());
    }

    @Test
    void anObjectRewrittenBehindOurBackIsNoticedAndRepaired() throws Exception {
        writeSite(6);
        sync(OPTIONS);
        putForeignObject("page1.html", "<p>PAGE 1</p>");
        Thread.sleep(1100); // S3 times objects to the second: the copy below must get a later LastModified
        aws.s3().copyObject(r -> r.sourceBucket(BUCKET).sourceKey("page3.html").destinationBucket(BUCKET)
                .destinationKey("page3.html").metadataDirective(MetadataDirective.REPLACE)
                .contentType("text/plain").metadata(head("page3.html").metadata()));
        s3.clear();

        SyncResult result = sync(OPTIONS);

        assertEquals(List.of("page1.html"), result.uploaded());
        assertEquals(List.of("page3.html"), result.headersFixed());
        assertEquals(siteContent(), localContent());
        assertHeaders("page3.html", "text/html; charset=utf-8", CacheControlRules.REVALIDATE);
    }

    @Test
    void largeFilesGoUpInVerifiedPartsAndCompareByTheirStoredMd5() throws Exception {
        byte[] large = new byte[6 << 20];
        for (int i = 0; i < large.length; i++) {
            large[i] = (byte) (i * 31 + (i >> 12));
        }
        write("media/film.mp4", large);
        write("index.html", "<p>film</p>");
        S3Site parts = new S3Site(aws, BUCKET, 5 << 20, 5 << 20);

        new SiteSync(parts, log).sync(site, OPTIONS);
        sent = s3.all();

        assertEquals(1, count("CreateMultipartUpload"));
        assertEquals(2, count("UploadPart"));
        of("UploadPart").forEach(c -> assertTrue(c.header("Content-MD5") != null));
        of("UploadPart").forEach(c -> assertEquals("100-continue", c.header("Expect"),
                "a large body waits until S3 accepts the request"));
        assertEquals(1, count("CompleteMultipartUpload"));
        assertEquals(List.of("index.html"), siteKeys("PutObject"));
        HeadObjectResponse film = head("media/film.mp4");
        assertTrue(film.eTag().endsWith("-2\""), film.eTag());
        assertEquals(Md5.hex(large), film.metadata().get("edgesite-md5"));
        assertArrayEquals(large, aws.s3().getObjectAsBytes(r -> r.bucket(BUCKET).key("media/film.mp4")).asByteArray());

        aws.s3().deleteObject(r -> r.bucket(BUCKET).key(".edgesite/manifest.tsv"));
        s3.clear();
        SyncResult withoutManifest = new SiteSync(parts, log).sync(site, OPTIONS);
        sent = s3.all();

        assertFalse(withoutManifest.changed());
        assertEquals(Set.of("index.html", "media/film.mp4"), Set.copyOf(keys("HeadObject")));
        assertEquals(0, count("UploadPart"));
        assertEquals(List.of(".edgesite/manifest.tsv"), keys("PutObject"), "only the manifest is written again");
    }

    private SyncResult sync(SyncOptions options) throws SyncRefusedException, SyncFailedException {
        try {
            return new SiteSync(bucket(), log).sync(site, options);
        } finally {
            sent = s3.all();
        }
    }

    private List<S3Requests.Request> of(String operation) {
        return sent.stream().filter(r -> r.operation().equals(operation)).toList();
    }

    private int count(String operation) {
        return of(operation).size();
    }

    private List<String> keys(String operation) {
        return of(operation).stream().map(S3Requests.Request::key).toList();
    }

    private S3Site bucket() {
        return new S3Site(aws, BUCKET);
    }

    private void writeSite(int pages) {
        SiteFixture.pages(pages).forEach(this::write);
    }

    private void write(String key, String content) {
        write(key, content.getBytes(StandardCharsets.UTF_8));
    }

    private void write(String key, byte[] content) {
        try {
            Path file = site.resolve(key);
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private void putForeignObject(String key, String content) {
        aws.s3().putObject(r -> r.bucket(BUCKET).key(key).contentType("text/html"), RequestBody.fromString(content));
    }

    /** The keys of site objects the calls of one operation named, without the tool's own. */
    private List<String> siteKeys(String operation) {
        return keys(operation).stream().filter(k -> k == null || !k.startsWith(".edgesite/")).toList();
    }

    private Map<String, Long> operations() {
        return sent.stream().collect(Collectors.groupingBy(S3Requests.Request::operation, TreeMap::new,
                Collectors.counting()));
    }

    private Set<String> objectKeys() {
        return aws.s3().listObjectsV2Paginator(r -> r.bucket(BUCKET)).contents().stream().map(S3Object::key)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private Map<String, String> siteContent() {
        Map<String, String> content = new TreeMap<>();
        for (String key : objectKeys()) {
            if (!key.startsWith(".edgesite/")) {
                content.put(key, read(key));
            }
        }
        return content;
    }

    private Map<String, String> localContent() throws IOException {
        Map<String, String> content = new TreeMap<>();
        try (var files = Files.walk(site)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String key = site.relativize(file).toString().replace('\\', '/');
                if (!key.startsWith(".")) {
                    content.put(key, Files.readString(file, StandardCharsets.ISO_8859_1));
                }
            }
        }
        return content;
    }

    private String read(String key) {
        return new String(aws.s3().getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asByteArray(),
                StandardCharsets.ISO_8859_1);
    }

    private HeadObjectResponse head(String key) {
        return aws.s3().headObject(r -> r.bucket(BUCKET).key(key));
    }

    private void assertHeaders(String key, String contentType, String cacheControl) {
        HeadObjectResponse head = head(key);
        assertEquals(contentType, head.contentType(), key);
        assertEquals(cacheControl, head.cacheControl(), key);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        return Stream.concat(a.stream(), b.stream()).collect(Collectors.toSet());
    }

    private static String base64Md5(byte[] bytes) {
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(Md5.hex(bytes)));
    }

    private static String sha256Hex(byte[] body) throws java.security.NoSuchAlgorithmException {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(body));
    }
}
