package dev.edgesite.core.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.edgesite.core.OutputDirectory;
import dev.edgesite.core.TestStacks;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.provision.StackOutputs;
import dev.edgesite.core.settings.ContentSettings;
import dev.edgesite.core.settings.ContentSettingsValidator;
import dev.edgesite.core.settings.SettingsValidator;
import dev.edgesite.core.settings.StackSettings;
import dev.edgesite.testbed.CallRecorder;
import dev.edgesite.testbed.MotoExtension;
import dev.edgesite.testbed.MotoServer;
import dev.edgesite.testbed.RecordingLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Preview sites on a stack in moto, without Maven: a preview's deploy, listing and removal, and the main deploy's
 * expiry of old ones, each leaving the main site (its keys, its output files, its cache) as it was.
 */
@ExtendWith(MotoExtension.class)
class PreviewPublishingTest {
    private static final String BUCKET = "edgesite-docs-site";
    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
    private static final List<String> MAIN_FILES = List.of(Publisher.SYNC_JSON, Publisher.INVALIDATE_JSON,
            Publisher.HASHES);

    @TempDir
    Path dir;

    private final CallRecorder calls = new CallRecorder();
    private final RecordingLog log = new RecordingLog();
    private MotoServer moto;
    private AwsClients aws;
    private Path site;
    private OutputDirectory outputs;
    private String distributionId;

    @BeforeEach
    void provisionBucketAndDistribution(MotoServer moto) throws Exception {
        this.moto = moto;
        aws = calls.clients(moto);
        aws.s3().createBucket(b -> b.bucket(BUCKET));
        distributionId = TestStacks.distribution(aws, BUCKET, "edgesite-previews-test", "docs", "*.preview.docs.example.com");
        site = Files.createDirectories(dir.resolve("site"));
        outputs = new OutputDirectory(dir.resolve("edgesite"));
        outputs.write("stack.json", new StackOutputs("docs", null, null, BUCKET, distributionId, null, null, null,
                null, null).toJson());
        calls.clear();
    }

    @AfterEach
    void closeClients() {
        aws.close();
    }

    @Test
    void twoPreviewsAndTheMainSiteLiveSideBySideAndRemovingOneLeavesTheRest() throws Exception {
        writeSite("main", 4);
        publisher(null, T0, false).deploy();
        Map<String, String> mainKeys = etags("");
        Map<String, byte[]> mainFiles = mainFiles();
        int mainInvalidations = invalidations().size();

        writeSite("one", 3);
        InvalidationResult one = publisher("pr-1", T0, false).deploy();
        writeSite("two", 2);
        publisher("pr-2", T0.plusSeconds(60), false).deploy();

        assertEquals(List.of("_previews/pr-1/docs/page0.html", "_previews/pr-1/docs/page2.html",
                "_previews/pr-1/page1.html"), siteKeys("_previews/pr-1/"));
        assertEquals(List.of("_previews/pr-2/docs/page0.html", "_previews/pr-2/page1.html"),
                siteKeys("_previews/pr-2/"));
        assertEquals("<p>one 1</p>", read("_previews/pr-1/page1.html"));
        assertEquals("<p>two 1</p>", read("_previews/pr-2/page1.html"));
        assertEquals(mainKeys, etags(""), "a preview's deploy leaves every key of the main site as it was");
        assertMainFilesUnchanged(mainFiles);
        assertEquals(List.of("/_previews/pr-1/docs/page0.html", "/_previews/pr-1/docs/page2.html",
                "/_previews/pr-1/page1.html"), one.paths());
        assertEquals(mainInvalidations + 2, invalidations().size());
        assertTrue(invalidations().stream().skip(mainInvalidations).flatMap(List::stream)
                .allMatch(p -> p.startsWith("/_previews/pr-1/") || p.startsWith("/_previews/pr-2/")));
        assertTrue(Files.isRegularFile(outputs.file("previews/pr-1/sync.json")));
        assertTrue(Files.isRegularFile(outputs.file("previews/pr-1/invalidate.json")));
        assertTrue(Files.isRegularFile(outputs.file("previews/pr-1/hashes.tsv")));
        Map<String, Object> marker = JSONObjectUtils.parse(read("_previews/pr-1.json"));
        assertEquals("pr-1", marker.get("name"));
        assertEquals(T0.toString(), marker.get("deployedAt"));
        assertEquals(3L, ((Number) marker.get("files")).longValue());
        assertEquals(36L, ((Number) marker.get("bytes")).longValue());
        assertTrue(log.contains("Preview pr-2: https://pr-2.preview.docs.example.com/"), log.text());

        List<PreviewSites.Preview> listed = publisher(null, T0.plus(Duration.ofDays(3)), false).listPreviews();
        assertEquals(List.of(new PreviewSites.Preview("pr-1", 3, 36, T0),
                new PreviewSites.Preview("pr-2", 2, 24, T0.plusSeconds(60))), listed);
        Map<String, Object> json = JSONObjectUtils.parse(Files.readString(outputs.file(Publisher.PREVIEWS_JSON)));
        List<?> previews = (List<?>) json.get("previews");
        assertEquals("https://pr-1.preview.docs.example.com/", ((Map<?, ?>) previews.get(0)).get("url"));
        assertEquals(3L, ((Number) ((Map<?, ?>) previews.get(0)).get("ageDays")).longValue());
        assertTrue(log.infos().stream().anyMatch(line -> line.startsWith("pr-2  https://pr-2.preview.docs.example.com/")),
                log.text());

        calls.clear();
        moto.s3Requests().clear();
        publisher("pr-1", T0, false).removePreview();

        assertEquals(List.of(), keysUnder("_previews/pr-1"));
        assertEquals(List.of("_previews/pr-2.json"), keysUnder("_previews/pr-2.").stream().toList());
        assertEquals(2, siteKeys("_previews/pr-2/").size());
        assertEquals(mainKeys, etags(""), "removing a preview leaves the main site as it was");
        assertMainFilesUnchanged(mainFiles);
        assertEquals(List.of("/_previews/pr-1/*"), invalidations().get(invalidations().size() - 1));
        assertEquals(List.of("DeleteObjects", "DeleteObjects"), moto.s3Requests().writes(), "the content, then the marker");
        assertEquals(List.of("CloudFront.CreateInvalidation"), calls.writes());
        assertTrue(log.contains("Removed preview pr-1 (3 files, 36 B under s3://" + BUCKET + "/_previews/pr-1/)"),
                log.text());
    }

    @Test
    void aNoOpPreviewRedeployWritesOnlyItsMarker() throws Exception {
        writeSite("one", 5);
        publisher("pr-1", T0, false).deploy();
        moto.s3Requests().clear();
        moto.clearCalls();

        publisher("pr-1", T0.plusSeconds(3600), false).deploy();

        assertEquals(List.of("_previews/pr-1.json"), moto.s3Requests().keys("PutObject"));
        assertEquals(List.of("PutObject"), moto.s3Requests().writes());
        assertEquals(T0.plusSeconds(3600).toString(),
                JSONObjectUtils.parse(read("_previews/pr-1.json")).get("deployedAt"));
        System.out.println("no-op preview deploy, S3 requests: " + moto.s3Requests().operations()
                + "; all calls: " + moto.calls());
    }

    @Test
    void theMainDeployRemovesPreviewsOlderThanMaxAgeDaysAndSaysSo() throws Exception {
        writeSite("old", 3);
        publisher("pr-old", T0, false).deploy();
        writeSite("new", 2);
        publisher("pr-new", T0.plus(Duration.ofDays(10)), false).deploy();
        writeSite("main", 2);
        Instant now = T0.plus(Duration.ofDays(16)).plusSeconds(5);

        moto.clearCalls();
        publisher(null, now, true).deploy();
        assertEquals(List.of(), moto.writes(), "a dry run removes nothing");
        assertTrue(log.contains("Would remove preview pr-old: last deployed " + T0 + ", 16 days ago, older than"
                + " <previews><maxAgeDays> 14"), log.text());
        assertEquals(3, siteKeys("_previews/pr-old/").size());

        log.clear();
        List<PreviewSites.Preview> removed = publisher(null, now, false).expirePreviews();
        assertEquals(List.of("pr-old"), removed.stream().map(PreviewSites.Preview::name).toList());
        assertTrue(log.contains("Removed preview pr-old: last deployed " + T0 + ", 16 days ago, older than"
                + " <previews><maxAgeDays> 14 (3 files, 36 B under s3://" + BUCKET + "/_previews/pr-old/)"),
                log.text());
        assertEquals(List.of(), keysUnder("_previews/pr-old"));
        assertEquals(2, siteKeys("_previews/pr-new/").size());
        assertFalse(log.contains("pr-new"), log.text());

        log.clear();
        publisher(null, now, false).deploy();
        assertEquals(2, siteKeys("_previews/pr-new/").size(), "10 days old: kept");
        assertEquals(List.of("docs/page0.html", "page1.html"), siteKeys(""));
    }

    @Test
    void theMainSyncNeitherDiffsNorDeletesPreviewKeys() throws Exception {
        writeSite("one", 3);
        publisher("pr-1", T0, false).deploy();
        for (int i = 0; i < 5; i++) {
            aws.s3().putObject(r -> r.bucket(BUCKET).key("_previews/pr-9/x" + Math.random() + ".html"),
                    RequestBody.fromString("x"));
        }
        Map<String, String> previewKeys = etags("_previews/");
        writeSite("main", 2);
        moto.s3Requests().clear();

        SyncResult main = publisher(null, T0, false).sync();

        assertEquals(List.of(), main.deleted());
        assertEquals(List.of("docs/page0.html", "page1.html"), main.uploaded());
        assertEquals(previewKeys, etags("_previews/"));
        assertTrue(moto.s3Requests().keys("PutObject").stream().noneMatch(k -> k.startsWith("_previews/")));

        moto.s3Requests().clear();
        SyncResult again = publisher(null, T0, false).sync();
        assertFalse(again.changed(), "the listing found the main site's keys past the previews' ones: " + again);
        assertEquals(2, again.unchanged());
        assertEquals(2, moto.s3Requests().count("ListObjectsV2"),
                "one listing up to the previews, one from past them: " + moto.s3Requests().operations());
    }

    @Test
    void aSiteWithAPreviewsFolderIsRefusedBeforeAnyWrite() throws Exception {
        writeSite("main", 2);
        Files.createDirectories(site.resolve("_previews/pr-1"));
        Files.writeString(site.resolve("_previews/pr-1/index.html"), "<p>sneaky</p>");

        ReservedKeysException refused = assertThrows(ReservedKeysException.class,
                () -> publisher(null, T0, false).deploy());

        assertEquals(List.of("_previews/pr-1/index.html"), refused.keys());
        assertTrue(refused.getMessage().contains("<siteDirectory>"), refused.getMessage());
        assertEquals(List.of(), calls.writes());
        assertThrows(ReservedKeysException.class, () -> publisher("pr-2", T0, false).deploy());
        assertEquals(List.of(), calls.writes());
    }

    @Test
    void removingAnUnknownPreviewWritesNothingAndNamesTheOnesThereAndADryRunRemovesNothing() throws Exception {
        writeSite("one", 2);
        publisher("pr-1", T0, false).deploy();
        moto.clearCalls();

        assertTrue(publisher("pr-7", T0, false).removePreview().isEmpty());
        assertEquals(List.of(), moto.writes());
        assertTrue(log.contains("There is no preview 'pr-7'"), log.text());
        assertTrue(log.contains("its previews are pr-1"), log.text());

        publisher("pr-1", T0, true).removePreview();
        assertEquals(List.of(), moto.writes());
        assertEquals(2, siteKeys("_previews/pr-1/").size());
        assertTrue(log.contains("Would remove preview pr-1 (2 files"), log.text());
        assertTrue(log.contains("Would invalidate /_previews/pr-1/*"), log.text());
    }

    private Publisher publisher(String preview, Instant now, boolean dryRun) {
        StackSettings settings = new SettingsValidator().stack("docs").siteDirectory(site).domain("example.com")
                .service("docs").previews(true, "14").preview(preview, true).validate();
        ContentSettings content = new ContentSettingsValidator().concurrency("4").dryRun(dryRun).validate();
        return Publisher.locate(settings, content, aws, outputs, log, Clock.fixed(now, ZoneOffset.UTC));
    }

    /** A site whose pages say which site they are: "<p>name i</p>", 12 bytes each for a 3-letter name. */
    private void writeSite(String name, int count) throws IOException {
        try (var files = Files.walk(site)) {
            files.sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(site)).forEach(p -> p.toFile().delete());
        }
        for (int i = 0; i < count; i++) {
            Path page = site.resolve(i % 2 == 0 ? "docs/page" + i + ".html" : "page" + i + ".html");
            Files.createDirectories(page.getParent());
            Files.writeString(page, "<p>" + name + " " + i + "</p>");
        }
    }

    private Map<String, byte[]> mainFiles() throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        for (String name : MAIN_FILES) {
            files.put(name, Files.readAllBytes(outputs.file(name)));
        }
        return files;
    }

    private void assertMainFilesUnchanged(Map<String, byte[]> before) throws IOException {
        for (String name : MAIN_FILES) {
            assertArrayEquals(before.get(name), Files.readAllBytes(outputs.file(name)), name);
        }
    }

    private List<String> keysUnder(String prefix) {
        return aws.s3().listObjectsV2Paginator(r -> r.bucket(BUCKET).prefix(prefix)).contents().stream()
                .map(S3Object::key).sorted().toList();
    }

    /** The site's keys under the prefix: neither the tool's manifest nor, for the main site, the previews. */
    private List<String> siteKeys(String prefix) {
        return keysUnder(prefix).stream().filter(k -> !k.contains(".edgesite/"))
                .filter(k -> !prefix.isEmpty() || !k.startsWith("_previews/")).toList();
    }

    private Map<String, String> etags(String prefix) {
        return aws.s3().listObjectsV2Paginator(r -> r.bucket(BUCKET).prefix(prefix)).contents().stream()
                .filter(o -> !prefix.isEmpty() || !o.key().startsWith("_previews/"))
                .collect(Collectors.toMap(S3Object::key, o -> o.eTag() + "@" + o.lastModified(), (a, b) -> a,
                        TreeMap::new));
    }

    private String read(String key) {
        return aws.s3().getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asUtf8String();
    }

    /** The paths of every invalidation of the distribution, oldest first. */
    private List<List<String>> invalidations() {
        var items = aws.cloudFront().listInvalidations(r -> r.distributionId(distributionId)).invalidationList().items();
        return items.stream().map(i -> aws.cloudFront().getInvalidation(r -> r.distributionId(distributionId)
                        .id(i.id())).invalidation())
                .sorted(java.util.Comparator.comparing(i -> i.createTime()))
                .map(i -> i.invalidationBatch().paths().items()).toList();
    }
}
