package dev.edgesite.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesite.testbed.RecordingLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Waiting for completion, with CloudFront's answers scripted and time simulated. */
class SiteInvalidatorTest {
    private final List<Duration> sleeps = new ArrayList<>();
    private final RecordingLog log = new RecordingLog();
    private long now;

    @Test
    void pollsAtAGrowingIntervalUntilCompletedInEitherSpelling() throws Exception {
        Scripted cloudFront = new Scripted("InProgress", "InProgress", "InProgress", "Completed");

        InvalidationResult result = invalidator(cloudFront).invalidate(List.of("/a.html"),
                new InvalidationOptions(15, true, Duration.ofMinutes(5), false));

        assertEquals("Completed", result.status());
        assertEquals(List.of(seconds(1), seconds(2), seconds(4)), sleeps);

        sleeps.clear();
        InvalidationResult moto = invalidator(new Scripted("InProgress", "COMPLETED")).invalidate(List.of("/a.html"),
                new InvalidationOptions(15, true, Duration.ofMinutes(5), false));
        assertEquals("COMPLETED", moto.status());
    }

    @Test
    void theIntervalIsBoundedAndTheWaitEndsAtTheTimeLimit() {
        Scripted cloudFront = new Scripted("InProgress");

        InvalidationWaitException e = assertThrows(InvalidationWaitException.class,
                () -> invalidator(cloudFront).invalidate(List.of("/a.html"),
                        new InvalidationOptions(15, true, Duration.ofSeconds(60), false)));

        assertEquals(List.of(seconds(1), seconds(2), seconds(4), seconds(8), seconds(15), seconds(15), seconds(15)), sleeps);
        assertEquals("InProgress", e.result().status());
        assertEquals("I1", e.result().invalidationId());
    }

    @Test
    void withoutWaitingThereIsNoPoll() throws Exception {
        Scripted cloudFront = new Scripted("InProgress");

        InvalidationResult result = invalidator(cloudFront).invalidate(List.of("/a.html"), InvalidationOptions.defaults());

        assertEquals("InProgress", result.status());
        assertEquals(0, cloudFront.gets);
        assertEquals(List.of(), sleeps);
    }

    @Test
    void nothingChangedOrADryRunMakesNoCall() throws Exception {
        Scripted cloudFront = new Scripted("Completed");

        assertFalse(invalidator(cloudFront).invalidate(List.of(), InvalidationOptions.defaults()).created());
        assertFalse(invalidator(cloudFront).invalidate(new SyncResult("b", true, List.of("a.html"), List.of(),
                List.of(), 0, 1, Duration.ZERO), InvalidationOptions.defaults()).created());
        assertEquals(0, cloudFront.creates);
    }

    @Test
    void aDryRunSaysWhatItWouldInvalidateAndWhatThatCostsWithoutACall() throws Exception {
        Scripted cloudFront = new Scripted("Completed");
        SyncResult planned = new SyncResult("b", true, List.of("docs/index.html"), List.of(), List.of("old.html"), 3,
                10, Duration.ZERO);

        InvalidationResult result = invalidator(cloudFront).invalidate(planned,
                new InvalidationOptions(15, true, Duration.ofMinutes(5), true));

        assertTrue(result.dryRun());
        assertFalse(result.created());
        assertEquals(List.of("/docs/", "/docs/index.html", "/old.html"), result.paths());
        assertEquals(0, cloudFront.creates + cloudFront.gets);
        assertTrue(log.contains("Would invalidate 3 path(s) of distribution E1 for 2 changed (0 wildcard(s)); CloudFront"
                + " would bill 3 path(s)"), log.text());
        assertTrue(log.contains("Would invalidate /docs/"), log.text());
        assertTrue(result.toJson().contains("\"dryRun\":true"), result.toJson());
    }

    private SiteInvalidator invalidator(Invalidations cloudFront) {
        return new SiteInvalidator(cloudFront, log, d -> {
            sleeps.add(d);
            now += d.toNanos();
        }, () -> now);
    }

    private static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }

    /** Answers create with the first status, then each get with the next; the last one repeats. */
    private static final class Scripted implements Invalidations {
        private final Iterator<String> statuses;
        private String last;
        int creates;
        int gets;

        Scripted(String... statuses) {
            this.statuses = List.of(statuses).iterator();
        }

        @Override
        public String distributionId() {
            return "E1";
        }

        @Override
        public InvalidationState create(List<String> paths, String callerReference) {
            creates++;
            return new InvalidationState("I" + creates, next());
        }

        @Override
        public InvalidationState get(String invalidationId) {
            gets++;
            return new InvalidationState(invalidationId, next());
        }

        private String next() {
            if (statuses.hasNext()) {
                last = statuses.next();
            }
            return last;
        }
    }
}
