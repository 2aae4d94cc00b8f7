package dev.edgesite.core.sync;

import dev.edgesite.core.Log;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** A progress line at a fixed interval while writes run: files and bytes done, and the rate. */
final class Progress implements AutoCloseable {
    private final Log log;
    private final int files;
    private final long bytes;
    private final long started = System.nanoTime();
    private final AtomicInteger filesDone = new AtomicInteger();
    private final AtomicLong bytesDone = new AtomicLong();
    private final ScheduledExecutorService ticker = Workers.ticker("edgesite-progress");

    Progress(Log log, int files, long bytes, Duration interval) {
        this.log = log;
        this.files = files;
        this.bytes = bytes;
        long millis = interval.toMillis();
        ticker.scheduleAtFixedRate(this::report, millis, millis, TimeUnit.MILLISECONDS);
    }

    void done(long fileBytes) {
        filesDone.incrementAndGet();
        bytesDone.addAndGet(fileBytes);
    }

    private void report() {
        long sent = bytesDone.get();
        log.info(String.format(Locale.ROOT, "  %,d/%,d files, %s/%s, %s", filesDone.get(), files,
                Units.bytes(sent), Units.bytes(bytes), Units.rate(sent, Duration.ofNanos(System.nanoTime() - started))));
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
