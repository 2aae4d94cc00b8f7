package dev.edgesite.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class RecordingLogTest {
    @Test
    void keepsEachLineWithItsLevel() {
        RecordingLog log = new RecordingLog();
        log.info("Synced s3://docs");
        log.debug("PUT index.html");
        log.warn("bob@example.org is outside <allowedEmailDomains>");

        assertEquals(List.of("Synced s3://docs"), log.infos());
        assertEquals(List.of("PUT index.html"), log.debugs());
        assertEquals(List.of("bob@example.org is outside <allowedEmailDomains>"), log.warnings());
        assertEquals("INFO Synced s3://docs\nDEBUG PUT index.html\nWARN bob@example.org is outside <allowedEmailDomains>",
                log.text());
        assertTrue(log.contains("WARN bob@example.org"));
        assertTrue(log.contains("index.html"));
        assertFalse(log.contains("INFO bob"));
        assertEquals(2, log.count("s"));

        log.clear();
        assertEquals(List.of(), log.lines());
    }

    @Test
    void keepsLinesFromManyThreads() throws Exception {
        RecordingLog log = new RecordingLog();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 400; i++) {
            int n = i;
            pool.execute(() -> log.debug("line " + n));
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(400, log.lines().size());
    }

    @Test
    void awaitsALineFromAnotherThread() {
        RecordingLog log = new RecordingLog();
        Thread late = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
            log.warn("node: invalid config");
        });
        late.start();
        assertEquals(new RecordingLog.Line(RecordingLog.Level.WARN, "node: invalid config"), log.awaitLine("invalid config"));
    }

    @Test
    void failsWhenALineShowsASecret() {
        RecordingLog log = new RecordingLog();
        log.debug("token endpoint answered HTTP 400");
        log.assertNoneContains("the refresh token", "secret-refresh");
        log.debug("refresh_token=secret-refresh");
        assertThrows(AssertionFailedError.class, () -> log.assertNoneContains("the refresh token", "secret-refresh"));
    }
}
