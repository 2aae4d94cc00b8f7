package dev.edgesite.core.provision;

import dev.edgesite.core.Log;
import java.time.Duration;
import software.amazon.awssdk.core.exception.SdkClientException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs a blocking wait (an SDK waiter) with a progress line every {@link #EVERY} and a clear time-out. */
final class Waits {
    static final Duration EVERY = Duration.ofSeconds(20);

    private Waits() {}

    static void during(Log log, String what, Duration limit, Runnable wait) {
        long start = System.nanoTime();
        log.info("Waiting for " + what + " (at most " + minutes(limit) + ")");
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "edgesite-wait");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(() -> log.info("  still waiting for " + what + " ("
                        + elapsed(start) + ")"), EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
        try {
            wait.run();
        } catch (RuntimeException e) {
            if (gaveUp(e) || Duration.ofNanos(System.nanoTime() - start).compareTo(limit) >= 0) {
                throw new ProvisionTimeoutException("Gave up waiting for " + what + " after " + minutes(limit)
                        + ". What was done is kept: run provision again to continue.", e);
            }
            throw e;
        } finally {
            ticker.shutdownNow();
        }
        log.info("Done waiting for " + what + " (" + elapsed(start) + ")");
    }

    /** An SDK waiter stops short of its limit when its next poll would pass it, saying so in its message. */
    private static boolean gaveUp(RuntimeException e) {
        String message = e.getMessage();
        return e instanceof SdkClientException && message != null && message.startsWith("The waiter has exceeded");
    }

    private static String elapsed(long start) {
        long s = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        return s >= 60 ? (s / 60) + "m " + (s % 60) + "s" : s + "s";
    }

    private static String minutes(Duration d) {
        return d.toMinutes() + " min";
    }
}
