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
import java.util.function.UnaryOperator;

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
    private final UnaryOperator<SiteObject> ready;

    /** @param ready gives an object to upload its MD5 when it has none yet (the upload hashes it) */
    Transfers(SiteBucket bucket, ExecutorService pool, Log log, Duration progressInterval, UnaryOperator<SiteObject> ready) {
        this.bucket = bucket;
        this.pool = pool;
        this.log = log;
        this.progressInterval = progressInterval;
        this.ready = ready;
    }

    Outcome run(List<SiteObject> uploads, List<HeaderFix> fixes) throws InterruptedException, ExecutionException {
        Outcome outcome = new Outcome();
        AtomicBoolean stopped = new AtomicBoolean();
        List<Future<?>> running = new ArrayList<>();
        try (Progress progress = new Progress(log, uploads.size() + fixes.size(), bytes(uploads), progressInterval)) {
            for (SiteObject object : largestFirst(uploads)) {
                running.add(pool.submit(() -> attempt(object.key(), stopped, outcome, () -> {
                    SiteObject hashed = ready.apply(object);
                    String etag = bucket.upload(hashed);
                    outcome.uploaded.put(hashed.key(), new StoredContent(hashed.md5(), hashed.size(), etag, hashed.headers()));
                    outcome.bytes.addAndGet(hashed.size());
                    progress.done(hashed.size());
                    log.debug("Uploaded " + hashed.key() + " (" + Units.bytes(hashed.size()) + ")");
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
