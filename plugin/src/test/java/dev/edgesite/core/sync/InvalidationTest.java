package dev.edgesite.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesite.core.TestStacks;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.aws.CloudFrontInvalidations;
import dev.edgesite.testbed.CallRecorder;
import dev.edgesite.testbed.MotoExtension;
import dev.edgesite.testbed.MotoServer;
import dev.edgesite.testbed.RecordingLog;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Invalidations created on a distribution in moto. */
@ExtendWith(MotoExtension.class)
class InvalidationTest {

    private final CallRecorder calls = new CallRecorder();
    private final RecordingLog log = new RecordingLog();
    private AwsClients aws;
    private String distributionId;

    @BeforeEach
    void createDistribution(MotoServer moto) {
        aws = calls.clients(moto);
        distributionId = TestStacks.distribution(aws, "site", "edgesite-invalidation-test", "invalidation test");
        calls.clear();
    }

    @AfterEach
    void closeClients() {
        aws.close();
    }

    @Test
    void invalidatesWhatTheSyncChangedAndWaitsUntilCompleted() throws Exception {
        SyncResult sync = new SyncResult("site", false, List.of("docs/index.html", "a b.css"), List.of("img/x.png"),
                List.of("old.html"), 12, 100, Duration.ofSeconds(1));

        InvalidationResult result = invalidator().invalidate(sync,
                new InvalidationOptions(15, true, Duration.ofSeconds(30), false));

        List<String> expected = List.of("/a%20b.css", "/docs/", "/docs/index.html", "/img/x.png", "/old.html");
        assertEquals(expected, result.paths());
        assertEquals(5, result.billedPaths());
        assertTrue(result.status().equalsIgnoreCase("completed"), result.status());
        assertEquals(1, calls.count("CreateInvalidation"));
        var stored = aws.cloudFront().getInvalidation(r -> r.distributionId(distributionId).id(result.invalidationId()))
                .invalidation();
        assertEquals(Set.copyOf(expected), Set.copyOf(stored.invalidationBatch().paths().items()));
        assertTrue(log.contains("CloudFront bills 5 path(s)"), log.text());
    }

    @Test
    void manyChangesAreOneWildcardPath() throws Exception {
        List<String> changed = IntStream.range(0, 40).mapToObj(i -> "/assets/a" + i + ".js").toList();

        InvalidationResult result = invalidator().invalidate(changed, InvalidationOptions.defaults());

        assertEquals(List.of("/assets/*"), result.paths());
        assertEquals(List.of("/assets/*"), aws.cloudFront().getInvalidation(r -> r.distributionId(distributionId)
                .id(result.invalidationId())).invalidation().invalidationBatch().paths().items());
        assertTrue(log.contains("1 path(s) for 40 changed (1 wildcard(s)); CloudFront bills 1 path(s)"), log.text());
    }

    @Test
    void nothingChangedMakesNoCall() throws Exception {
        SyncResult unchanged = new SyncResult("site", false, List.of(), List.of(), List.of(), 12, 0, Duration.ZERO);

        assertFalse(invalidator().invalidate(unchanged, InvalidationOptions.defaults()).created());
        assertEquals(0, calls.count("CreateInvalidation"));
    }

    private SiteInvalidator invalidator() {
        return new SiteInvalidator(new CloudFrontInvalidations(aws.cloudFront(), distributionId), log);
    }
}
