package dev.edgesite.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesite.core.TestStacks;
import dev.edgesite.core.settings.ContentSettings;
import dev.edgesite.core.settings.ContentSettingsValidator;
import dev.edgesite.core.Log;
import dev.edgesite.core.OutputDirectory;
import dev.edgesite.core.settings.SettingsValidator;
import dev.edgesite.core.settings.StackSettings;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.provision.StackOutputs;
import dev.edgesite.testbed.CallRecorder;
import dev.edgesite.testbed.MotoExtension;
import dev.edgesite.testbed.MotoServer;
import dev.edgesite.testbed.S3Requests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What sync, invalidate and deploy do on a stack in moto, without Maven: what they write next to stack.json
 * and what they read back from it.
 */
@ExtendWith(MotoExtension.class)
class PublisherTest {
    private static final String BUCKET = "edgesite-docs-site";

    @TempDir
    Path dir;

    private final CallRecorder calls = new CallRecorder();
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
        distributionId = TestStacks.distribution(aws, BUCKET, "edgesite-publishing-test", "docs");
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
    void aSyncThatFailedPartwayStillInvalidatesWhatLandedAndLeavesItInSyncJson() throws Exception {
        writePages(30);
        SyncFailedException failed;
        moto.s3Requests().failNth("PutObject", 10, S3Requests.When.BEFORE);
        Publisher publisher = publisher(aws, content(new ContentSettingsValidator()));
        failed = assertThrows(SyncFailedException.class, publisher::deploy);

        List<String> landed = failed.partial().uploaded();
        assertFalse(landed.isEmpty());
        assertEquals(landed, SyncResult.fromJson(Files.readString(outputs.file("sync.json"))).uploaded());
        assertEquals(1, calls.count("CreateInvalidation"));
        List<String> expected = new InvalidationPlanner(InvalidationPlanner.DEFAULT_MAX_PATHS)
                .plan(failed.partial().changedPaths());
        assertEquals(Set.copyOf(expected), Set.copyOf(invalidatedPaths()));
        assertTrue(Files.readString(outputs.file("invalidate.json")).contains("\"billedPaths\":" + expected.size()));
        assertEquals(0, failed.getSuppressed().length);
    }

    @Test
    void anEmptySiteDirectoryIsRefusedAndNothingIsWritten() throws Exception {
        putForeignObject("index.html");

        SiteDirectoryException refused = assertThrows(SiteDirectoryException.class,
                () -> publisher(aws, content(new ContentSettingsValidator())).sync());

        assertEquals(SiteDirectoryException.Problem.EMPTY, refused.problem());
        assertEquals(site, refused.directory());
        assertEquals(List.of(), calls.writes());
        assertEquals(Set.of("index.html"), objectKeys());
        assertFalse(Files.exists(outputs.file("sync.json")));
    }

    @Test
    void tooManyDeletesAreRefusedSayingHowToAllowThem() throws Exception {
        putForeignObject("old/a.html");
        putForeignObject("old/b.html");
        putForeignObject("old/c.html");
        writePages(1);

        TooManyDeletesException refused = assertThrows(TooManyDeletesException.class,
                () -> publisher(aws, content(new ContentSettingsValidator().maxDeletes("2"))).sync());

        assertEquals(BUCKET, refused.bucket());
        assertEquals(List.of("old/a.html", "old/b.html", "old/c.html"), refused.keys());
        assertEquals(2, refused.maxDeletes());
        assertEquals(List.of(), calls.writes());

        publisher(aws, content(new ContentSettingsValidator().maxDeletes("2").allowDeletes(true))).sync();

        assertEquals(Set.of("docs/page0.html"), objectKeys());
    }

    @Test
    void aDryRunSaysWhatSyncAndInvalidateWouldDoAndWritesNothingToAws() throws Exception {
        writePages(5);
        publisher(aws, content(new ContentSettingsValidator())).deploy();
        Files.writeString(site.resolve("page3.html"), "<p>changed</p>");
        calls.clear();

        Publisher dryRun = publisher(aws, content(new ContentSettingsValidator().dryRun(true)));
        InvalidationResult wouldInvalidate = dryRun.deploy();

        assertEquals(List.of("page3.html"), dryRun.lastSync().uploaded());
        assertEquals(List.of("/page3.html"), wouldInvalidate.paths());
        assertFalse(wouldInvalidate.created());
        assertEquals(List.of(), calls.writes());
        assertTrue(Files.readString(outputs.file("sync.json")).contains("\"dryRun\":true"));
        assertTrue(Files.readString(outputs.file("invalidate.json")).contains("\"dryRun\":true"));
    }

    @Test
    void invalidateReadsWhatTheLastSyncOfThisStackChanged() throws Exception {
        writePages(3);
        Publisher publisher = publisher(aws, content(new ContentSettingsValidator()));

        LastSyncException noSync = assertThrows(LastSyncException.class, publisher::invalidate);
        assertEquals(LastSyncException.Problem.MISSING, noSync.problem());
        assertEquals(outputs.file("sync.json"), noSync.file());
        assertEquals(List.of(), calls.writes());

        publisher.sync();
        assertEquals(Optional.empty(), publisher.invalidatedAlready());
        InvalidationResult result = publisher.invalidate().orElseThrow();
        assertEquals(List.of("/docs/page0.html", "/docs/page2.html", "/page1.html"), result.paths());
        assertEquals(result.paths(), invalidatedPaths());
        assertEquals(Optional.of(result.invalidationId()), publisher.invalidatedAlready(),
                "invalidate.json says this sync.json was invalidated, so invalidate need not pay for it again");
        calls.clear();
        assertEquals(Optional.empty(), publisher.invalidate(), "the same sync is not invalidated twice");
        assertEquals(List.of(), calls.writes());

        Files.writeString(site.resolve("page1.html"), "<p>changed</p>");
        publisher.sync();
        assertEquals(Optional.empty(), publisher.invalidatedAlready(), "a new sync has not been invalidated yet");
        publisher(aws, content(new ContentSettingsValidator().invalidatePaths(List.of("/elsewhere.html")))).invalidate();
        assertEquals(Optional.empty(), publisher.invalidatedAlready(), "other paths do not cover the sync");

        Files.writeString(outputs.file("sync.json"), "{not json");
        assertEquals(LastSyncException.Problem.UNREADABLE,
                assertThrows(LastSyncException.class, publisher::invalidate).problem());

        outputs.write("sync.json", new SyncResult("another-bucket", false, List.of("a.html"), List.of(), List.of(), 0,
                1, Duration.ZERO).toJson());
        LastSyncException elsewhere = assertThrows(LastSyncException.class, publisher::invalidate);
        assertEquals(LastSyncException.Problem.OTHER_BUCKET, elsewhere.problem());
        assertEquals("another-bucket", elsewhere.syncedBucket());
        assertEquals(BUCKET, elsewhere.bucket());
    }

    private Publisher publisher(AwsClients clients, ContentSettings content) {
        StackSettings settings = new SettingsValidator().stack("docs").siteDirectory(site).validate();
        return Publisher.locate(settings, content, clients, outputs, Log.NONE);
    }

    private static ContentSettings content(ContentSettingsValidator validator) {
        return validator.concurrency("4").validate();
    }

    private void writePages(int count) throws IOException {
        for (int i = 0; i < count; i++) {
            Path page = site.resolve(i % 2 == 0 ? "docs/page" + i + ".html" : "page" + i + ".html");
            Files.createDirectories(page.getParent());
            Files.writeString(page, "<p>page " + i + "</p>");
        }
    }

    private void putForeignObject(String key) {
        aws.s3().putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromString("<p>" + key + "</p>"));
        calls.clear();
    }

    private Set<String> objectKeys() {
        return aws.s3().listObjectsV2Paginator(r -> r.bucket(BUCKET)).contents().stream().map(S3Object::key)
                .filter(key -> !key.startsWith(".edgesite/")).collect(Collectors.toCollection(TreeSet::new));
    }

    private List<String> invalidatedPaths() {
        String id = aws.cloudFront().listInvalidations(r -> r.distributionId(distributionId)).invalidationList()
                .items().get(0).id();
        return aws.cloudFront().getInvalidation(r -> r.distributionId(distributionId).id(id)).invalidation()
                .invalidationBatch().paths().items();
    }
}
