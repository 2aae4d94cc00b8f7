package dev.edgesite.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Waiting for completion, with CloudFront's answers scripted and time simulated. */
class SiteInvalidatorTest {
    private final List<Duration> sleeps = new ArrayList<>();
    private long now;

    @Test
    void pollsAtAGrowingIntervalUntilCompletedInEitherSpelling() throws Exception {
        Scripted cloudFront = new Scripted("InProgress", "InProgress", "InProgress", "Completed");

        InvalidationResult result = invalidator(cloudFront).invalidate(List.of("/a.html"),
                new InvalidationOptions(15, true, Duration.ofMinutes(5)));

        assertEquals("Completed", result.status());
        assertEquals(List.of(seconds(1), seconds(2), seconds(4)), sleeps);

        sleeps.clear();
        InvalidationResult moto = invalidator(new Scripted("InProgress", "COMPLETED")).invalidate(List.of("/a.html"),
                new InvalidationOptions(15, true, Duration.ofMinutes(5)));
        assertEquals("COMPLETED", moto.status());
    }

    @Test
    void theIntervalIsBoundedAndTheWaitEndsAtTheTimeLimit() {
        Scripted cloudFront = new Scripted("InProgress");

        InvalidationWaitException e = assertThrows(InvalidationWaitException.class,
                () -> invalidator(cloudFront).invalidate(List.of("/a.html"),
                        new InvalidationOptions(15, true, Duration.ofSeconds(60))));

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

    private SiteInvalidator invalidator(Invalidations cloudFront) {
        return new SiteInvalidator(cloudFront, new RecordingLog(), d -> {
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
