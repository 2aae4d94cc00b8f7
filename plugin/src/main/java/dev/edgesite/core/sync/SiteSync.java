package dev.edgesite.core.sync;

import dev.edgesite.core.Log;
import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes a bucket hold exactly the files of a site directory, each with the headers it should be
 * served with, in as few requests as it can.
 *
 * <p>Order of work: read the site and refuse what must not be published; list the bucket and read
 * the manifest while the files are hashed; compare; refuse too many deletions; upload and fix
 * headers concurrently; delete only when every write succeeded; save the manifest. Nothing is
 * written before the comparison is complete, and a sync that stopped anywhere is finished by
 * running it again: what landed compares equal and is not sent twice.
 */
public final class SiteSync {
    private static final int LISTING_PAGE = 1000;
    /** Site keys per listed range: a tenth of a page left for objects the site does not have (the manifest). */
    private static final int LISTING_RANGE = LISTING_PAGE * 9 / 10;

    private final SiteBucket bucket;
    private final Log log;
    private final Path hashCache;

    public SiteSync(SiteBucket bucket, Log log) {
        this(bucket, log, null);
    }

    /** @param hashCache where to keep the files' MD5s between syncs ({@link HashCache}), or null for nowhere */
    public SiteSync(SiteBucket bucket, Log log, Path hashCache) {
        this.bucket = bucket;
        this.log = log;
        this.hashCache = hashCache;
    }

    public SyncResult sync(Path siteDirectory, SyncOptions options) throws SyncRefusedException, SyncFailedException {
        long started = System.nanoTime();
        ExecutorService pool = Workers.pool("edgesite-sync", options.concurrency());
        try {
            // The bucket is read while the site is: the manifest at once, the listing as soon as the site's
            // keys tell where to cut it into ranges that are listed at the same time.
            pool.submit(this::prepareBucket);
            Future<Manifest> manifest = pool.submit(() -> manifest(bucket.read(Manifest.KEY)));
            List<SiteFile> files;
            try {
                files = new SiteScanner(log).scan(siteDirectory, options.indexExample());
            } catch (IOException e) {
                throw new SyncFailedException("Reading the site directory " + siteDirectory + " failed: " + e,
                        SyncResult.nothing(bucket.name(), options.dryRun(), Duration.ZERO), e);
            }
            Listing listing = new Listing(pool, files.stream().map(SiteFile::key).toList());
            return new Run(files, options, pool, started).execute(listing, manifest);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The bucket's listing, cut into ranges of less than a page each at every {@link #LISTING_RANGE}th key of the
     * site (in S3's key order) and listed at once. The ranges cover every key whatever the bucket holds; where
     * the bucket differs from the site, a range just has more or fewer pages.
     */
    private final class Listing {
        private final List<Future<List<ListedObject>>> ranges = new ArrayList<>();

        Listing(ExecutorService pool, List<String> siteKeys) {
            List<String> keys = new ArrayList<>(siteKeys);
            keys.sort(KeyOrder.UTF8);
            String after = null;
            for (int i = LISTING_RANGE - 1; i < keys.size() - 1; i += LISTING_RANGE) {
                String from = after;
                String through = keys.get(i);
                ranges.add(pool.submit(() -> bucket.list(from, through)));
                after = through;
            }
            String from = after;
            ranges.add(pool.submit(() -> bucket.list(from, null)));
        }

        List<ListedObject> objects() throws ExecutionException, InterruptedException {
            List<ListedObject> objects = new ArrayList<>();
            for (Future<List<ListedObject>> range : ranges) {
                objects.addAll(range.get());
            }
            return objects;
        }
    }

    private void prepareBucket() {
        try {
            bucket.prepare();
        } catch (RuntimeException e) {
            log.debug("Getting ready to call s3://" + bucket.name() + " failed (" + e + "); the calls will tell");
        }
    }

    private Manifest manifest(Optional<byte[]> bytes) {
        if (bytes.isEmpty()) {
            return Manifest.empty();
        }
        try {
            return Manifest.parse(bytes.get());
        } catch (ParseException e) {
            log.warn("Ignored the unreadable " + Manifest.KEY + " (" + e.getMessage()
                    + "); objects are compared one by one");
            return Manifest.empty();
        }
    }

    private final class Run {
        private final List<SiteFile> files;
        private final SyncOptions options;
        private final ExecutorService pool;
        private final long started;

        Run(List<SiteFile> files, SyncOptions options, ExecutorService pool, long started) {
            this.files = files;
            this.options = options;
            this.pool = pool;
            this.started = started;
        }

        SyncResult execute(Listing listing, Future<Manifest> manifest)
                throws SyncRefusedException, SyncFailedException {
            log.info("Comparing " + SyncReport.count(files.size(), "file") + " with s3://" + bucket.name()
                    + (options.dryRun() ? " (dry run: nothing will change)" : ""));
            RemoteState remote;
            SyncPlan plan;
            try {
                List<SiteObject> wanted = hash();
                remote = new RemoteState(listing.objects(), manifest.get());
                plan = new SyncPlanner(bucket, pool).plan(wanted, remote, options.delete());
            } catch (ExecutionException e) {
                throw failed("Comparing the site with s3://" + bucket.name() + " failed", e.getCause(), nothing());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failed("The sync was interrupted", e, nothing());
            }
            log.info(SyncReport.comparison(plan, files.size(), remote.objects().size()));
            if (plan.deletions().size() > options.maxDeletes() && !options.forceDeletes()) {
                throw new TooManyDeletesException(plan.deletions(), options.maxDeletes());
            }
            if (options.dryRun()) {
                SyncReport.dryRun(log, plan);
                return new SyncResult(bucket.name(), true, keys(plan.uploads()), fixKeys(plan.fixes()),
                        plan.deletions(), plan.unchanged(), plan.uploadBytes(), elapsed());
            }
            Transfers.Outcome outcome = transfer(plan);
            delete(plan, outcome);
            saveManifest(remote, plan, outcome);
            SyncResult result = result(outcome, plan.deletions(), plan.unchanged());
            log.info(SyncReport.summary(result));
            return result;
        }

        /**
         * Hashes the files on as many threads as there are processors, no more: hashing is bound by the CPU,
         * and more hashing threads would only starve the listing, which a sync waits for as well. A file the
         * hash cache knows unchanged is not read at all.
         */
        private List<SiteObject> hash() throws ExecutionException, InterruptedException {
            HashCache cache = hashCache == null ? null : HashCache.read(hashCache);
            SiteObject[] wanted = new SiteObject[files.size()];
            AtomicInteger next = new AtomicInteger();
            int threads = Math.max(1, Math.min(options.concurrency(), Runtime.getRuntime().availableProcessors()));
            List<Future<?>> hashing = new ArrayList<>(threads);
            for (int t = 0; t < threads; t++) {
                hashing.add(pool.submit(() -> {
                    Md5.Hasher md5 = new Md5.Hasher();
                    for (int i; (i = next.getAndIncrement()) < wanted.length; ) {
                        SiteFile file = files.get(i);
                        String hex = cache == null ? null : cache.md5(file);
                        if (hex == null) {
                            long hashedAt = System.currentTimeMillis();
                            hex = md5.hex(file.content());
                            if (cache != null) {
                                cache.put(file, hex, hashedAt);
                            }
                        }
                        wanted[i] = new SiteObject(file, hex, options.cacheControl().headersFor(file.key()));
                    }
                    return null;
                }));
            }
            for (Future<?> f : hashing) {
                f.get();
            }
            if (cache != null) {
                saveHashes(cache);
            }
            return Arrays.asList(wanted);
        }

        private void saveHashes(HashCache cache) {
            try {
                cache.write(hashCache);
            } catch (IOException | RuntimeException e) {
                log.debug("Keeping the files' MD5s in " + hashCache + " failed (" + e + "); the next sync hashes them");
            }
        }

        private Transfers.Outcome transfer(SyncPlan plan) throws SyncFailedException {
            if (plan.uploads().isEmpty() && plan.fixes().isEmpty()) {
                return new Transfers.Outcome();
            }
            Transfers.Outcome outcome;
            try {
                outcome = new Transfers(bucket, pool, log, options.progressInterval()).run(plan.uploads(), plan.fixes());
            } catch (ExecutionException e) {
                throw failed("Writing to s3://" + bucket.name() + " failed", e.getCause(), nothing());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failed("The sync was interrupted", e, nothing());
            }
            if (!outcome.failures.isEmpty()) {
                SyncReport.failures(log, outcome.failures);
                Transfers.Failure first = outcome.failures.peek();
                throw failed(SyncReport.count(outcome.failures.size(), "write") + " to s3://" + bucket.name()
                        + " failed; nothing was deleted. Run the sync again to finish", first.cause(),
                        result(outcome, List.of(), plan.unchanged()));
            }
            return outcome;
        }

        private void delete(SyncPlan plan, Transfers.Outcome outcome) throws SyncFailedException {
            if (plan.deletions().isEmpty()) {
                return;
            }
            try {
                bucket.delete(plan.deletions());
            } catch (RuntimeException e) {
                throw failed("Deleting from s3://" + bucket.name() + " failed", e,
                        result(outcome, plan.deletions(), plan.unchanged()));
            }
            plan.deletions().forEach(key -> log.debug("Deleted " + key));
        }

        private void saveManifest(RemoteState remote, SyncPlan plan, Transfers.Outcome outcome) {
            Map<String, StoredContent> expected = new HashMap<>(plan.settled());
            expected.putAll(outcome.uploaded);
            expected.putAll(outcome.fixed);
            try {
                Manifest next = Manifest.of(afterWrites(remote, outcome), expected);
                if (!next.equals(remote.manifest())) {
                    bucket.write(Manifest.KEY, next.toBytes(), Manifest.CONTENT_TYPE);
                }
            } catch (RuntimeException | ExecutionException | InterruptedException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                log.warn("Saving " + Manifest.KEY + " failed (" + e + "); the next sync will compare objects one by"
                        + " one");
            }
        }

        /**
         * The bucket as a listing would show it now: the first listing with the written objects
         * looked up again, one HEAD each while that takes no more rounds of requests than listing
         * the whole bucket afresh.
         */
        private Collection<ListedObject> afterWrites(RemoteState remote, Transfers.Outcome outcome)
                throws ExecutionException, InterruptedException {
            Set<String> written = new HashSet<>(outcome.uploaded.keySet());
            written.addAll(outcome.fixed.keySet());
            if (written.isEmpty()) {
                return remote.objects();
            }
            int pages = Math.max(1, (remote.objects().size() + LISTING_PAGE - 1) / LISTING_PAGE);
            if (written.size() > pages * options.concurrency()) {
                return new Listing(pool, files.stream().map(SiteFile::key).toList()).objects();
            }
            Map<String, Future<Optional<ObjectDetails>>> heads = new HashMap<>();
            written.forEach(key -> heads.put(key, pool.submit(() -> bucket.head(key))));
            List<ListedObject> listing = new ArrayList<>();
            remote.objects().stream().filter(o -> !written.contains(o.key())).forEach(listing::add);
            for (Map.Entry<String, Future<Optional<ObjectDetails>>> head : heads.entrySet()) {
                head.getValue().get().ifPresent(details -> listing.add(details.listed(head.getKey())));
            }
            return listing;
        }

        private SyncResult result(Transfers.Outcome outcome, List<String> deleted, int unchanged) {
            return new SyncResult(bucket.name(), false, List.copyOf(outcome.uploaded.keySet()),
                    List.copyOf(outcome.fixed.keySet()), deleted, unchanged, outcome.bytes.get(), elapsed(),
                    outcome.failures.stream().map(Transfers.Failure::key).toList());
        }

        private SyncResult nothing() {
            return SyncResult.nothing(bucket.name(), options.dryRun(), elapsed());
        }

        private SyncFailedException failed(String message, Throwable cause, SyncResult partial) {
            String reason = Objects.requireNonNullElse(cause.getMessage(), cause.toString());
            return new SyncFailedException(message + ": " + reason, partial, cause);
        }

        private Duration elapsed() {
            return Duration.ofNanos(System.nanoTime() - started);
        }
    }

    private static List<String> keys(List<SiteObject> objects) {
        return objects.stream().map(SiteObject::key).toList();
    }

    private static List<String> fixKeys(List<HeaderFix> fixes) {
        return fixes.stream().map(HeaderFix::key).toList();
    }
}
