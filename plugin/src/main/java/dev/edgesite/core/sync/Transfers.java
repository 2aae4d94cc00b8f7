package dev.edgesite.core.sync;

import dev.edgesite.core.Log;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the uploads and header fixes of a plan concurrently, the largest uploads first. After the first
 * failure no new write starts; the ones under way finish, so the outcome tells exactly what landed.
 */
final class Transfers {
    record Failure(String key, Exception cause) {}

    static final class Outcome {
        final Map<String, StoredContent> uploaded = new ConcurrentHashMap<>();
        final Map<String, StoredContent> fixed = new ConcurrentHashMap<>();
        final Queue<Failure> failures = new ConcurrentLinkedQueue<>();
        final AtomicLong bytes = new AtomicLong();
    }

    private final SiteBucket bucket;
    private final ExecutorService pool;
    private final Log log;
    private final Duration progressInterval;

    Transfers(SiteBucket bucket, ExecutorService pool, Log log, Duration progressInterval) {
        this.bucket = bucket;
        this.pool = pool;
        this.log = log;
        this.progressInterval = progressInterval;
    }

    Outcome run(List<SiteObject> uploads, List<HeaderFix> fixes) throws InterruptedException, ExecutionException {
        Outcome outcome = new Outcome();
        AtomicBoolean stopped = new AtomicBoolean();
        List<Future<?>> running = new ArrayList<>();
        try (Progress progress = new Progress(log, uploads.size() + fixes.size(), bytes(uploads), progressInterval)) {
            for (SiteObject object : largestFirst(uploads)) {
                running.add(pool.submit(() -> attempt(object.key(), stopped, outcome, () -> {
                    String etag = bucket.upload(object);
                    outcome.uploaded.put(object.key(), new StoredContent(object.md5(), object.size(), etag, object.headers()));
                    outcome.bytes.addAndGet(object.size());
                    progress.done(object.size());
                    log.debug("Uploaded " + object.key() + " (" + Units.bytes(object.size()) + ")");
                })));
            }
            for (HeaderFix fix : fixes) {
                running.add(pool.submit(() -> attempt(fix.key(), stopped, outcome, () -> {
                    SiteObject wanted = fix.wanted();
                    String etag = bucket.replaceHeaders(wanted, fix.current().etag());
                    outcome.fixed.put(wanted.key(), new StoredContent(wanted.md5(), wanted.size(), etag, wanted.headers()));
                    progress.done(0);
                    log.debug("Fixed the headers of " + wanted.key());
                })));
            }
            for (Future<?> f : running) {
                f.get();
            }
        }
        return outcome;
    }

    private static void attempt(String key, AtomicBoolean stopped, Outcome outcome, Runnable write) {
        if (stopped.get()) {
            return;
        }
        try {
            write.run();
        } catch (RuntimeException e) {
            stopped.set(true);
            outcome.failures.add(new Failure(key, e));
        }
    }

    private static List<SiteObject> largestFirst(List<SiteObject> uploads) {
        List<SiteObject> ordered = new ArrayList<>(uploads);
        ordered.sort(Comparator.comparingLong(SiteObject::size).reversed());
        return ordered;
    }

    private static long bytes(List<SiteObject> uploads) {
        return uploads.stream().mapToLong(SiteObject::size).sum();
    }
}
