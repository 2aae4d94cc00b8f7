package dev.edgesite.core.sync;

import dev.edgesite.core.Log;
import dev.edgesite.core.settings.Previews;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

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
    /** A file to upload up to this size is read into memory once, hashed and sent from there. */
    private static final long IN_MEMORY_UPLOAD = 1L << 20;
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
            List<String> reserved = files.stream().map(SiteFile::key).filter(RemoteState::reserved).toList();
            if (!reserved.isEmpty()) {
                throw new ReservedKeysException(siteDirectory, reserved);
            }
            Listing listing = new Listing(pool, files.stream().map(SiteFile::key).toList());
            return new Run(files, options, pool, started).execute(listing, manifest);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The bucket's listing, walked directory by directory where the site is large and read flat where it is
     * small, with the site's own keys telling which is which. A directory holding more than
     * {@link #LISTING_RANGE} of the site's keys is listed with the delimiter {@code /}: one request per page
     * for its own objects and its subdirectories, found whether the site has them or not. Its subdirectories
     * are then listed at once, each big one the same way, and the small ones in runs of consecutive
     * subdirectories that share more than the directory's name (post-a/ and post-b/: the prefix post-) where
     * the site has at most {@link #LISTING_RANGE} keys under that shared prefix, one flat listing per run, so
     * that many small directories do not cost a request each, and no run reads much more than its own keys.
     *
     * <p>Why: on S3 a listing costs a request per page, and listings run side by side; a server that stores
     * objects as files (s3proxy's filesystem store) walks every file under a listing's prefix for every page
     * it answers, so a listing without a prefix, or with a start-after bound only, walks the whole bucket
     * again for each page. Here every listing's prefix holds about a page of keys, so both kinds of store do
     * about one page of work per request. Every key is found: a delimited listing names every subdirectory,
     * and a run covers exactly the keys of its subdirectories.
     *
     * <p>The previews' keys ({@code _previews/}) are never the site's: the root's delimited listing leaves that
     * subdirectory out, and a flat listing of the root that reaches it jumps past it (once) rather than page
     * through every preview; {@link RemoteState} drops any such key that is listed all the same.
     */
    private final class Listing {
        private static final String DELIMITER = "/";
        /**
         * A start-after bound past every key under {@code _previews/} of up to 1,022 bytes: the prefix, then the
         * greatest code point as often as fits. A longer key under the prefix is still listed, and dropped.
         */
        private static final String PAST_PREVIEWS = Previews.KEY_PREFIX
                + new String(Character.toChars(Character.MAX_CODE_POINT)).repeat(253);

        private final ExecutorService pool;
        private final List<String> siteKeys;
        private final Queue<ListedObject> objects = new ConcurrentLinkedQueue<>();
        private final AtomicInteger pending = new AtomicInteger();
        private final CompletableFuture<Void> done = new CompletableFuture<>();

        Listing(ExecutorService pool, List<String> siteKeys) {
            this.pool = pool;
            List<String> keys = new ArrayList<>(siteKeys);
            keys.sort(KeyOrder.UTF8);
            this.siteKeys = keys;
            if (keys.size() > LISTING_RANGE) {
                submit(() -> directory(""));
            } else {
                submit(() -> flat("", null, null, null));
            }
        }

        List<ListedObject> objects() throws ExecutionException, InterruptedException {
            done.get();
            List<ListedObject> listed = new ArrayList<>(objects);
            listed.sort((a, b) -> KeyOrder.compare(a.key(), b.key()));
            return listed;
        }

        private void submit(Runnable part) {
            pending.incrementAndGet();
            pool.execute(() -> {
                if (done.isDone()) {
                    return;
                }
                try {
                    part.run();
                } catch (RuntimeException | Error e) {
                    done.completeExceptionally(e);
                    return;
                }
                if (pending.decrementAndGet() == 0) {
                    done.complete(null);
                }
            });
        }

        /** A directory's own objects and its subdirectories, whose listings it starts. */
        private void directory(String prefix) {
            List<String> subdirectories = new ArrayList<>();
            String token = null;
            do {
                ListingPage page = bucket.listPage(prefix, DELIMITER, null, token);
                objects.addAll(page.objects());
                subdirectories.addAll(page.commonPrefixes());
                token = page.nextToken();
            } while (token != null);
            List<String> run = new ArrayList<>();
            for (String sub : subdirectories) {
                if (prefix.isEmpty() && sub.equals(Previews.KEY_PREFIX)) {
                    startRun(prefix, run);
                    run = new ArrayList<>();
                    continue;
                }
                if (siteKeysUnder(sub) > LISTING_RANGE) {
                    startRun(prefix, run);
                    run = new ArrayList<>();
                    submit(() -> directory(sub));
                    continue;
                }
                if (!run.isEmpty() && (commonPrefix(run.get(0), sub).length() <= prefix.length()
                        || siteKeysUnder(commonPrefix(run.get(0), sub)) > LISTING_RANGE)) {
                    startRun(prefix, run);
                    run = new ArrayList<>();
                }
                run.add(sub);
            }
            startRun(prefix, run);
        }

        /** Consecutive subdirectories of a directory, listed flat together. */
        private void startRun(String parent, List<String> run) {
            if (run.size() == 1) {
                String only = run.get(0);
                submit(() -> flat(only, null, null, null));
            } else if (run.size() > 1) {
                String first = run.get(0);
                String last = run.get(run.size() - 1);
                submit(() -> flat(commonPrefix(first, last), parent, first, last));
            }
        }

        /**
         * Every object under the prefix, or, for a run, those in the subdirectories from {@code first} through
         * {@code last} of the directory {@code parent}: the run's listing starts just before {@code first} and
         * ends at the first key past {@code last}'s objects, leaving out the directory's own objects (its
         * delimited listing has them) and any key of a subdirectory that sorts before {@code first}.
         */
        private void flat(String prefix, String parent, String first, String last) {
            String startAfter = first == null ? null : first.substring(0, first.length() - DELIMITER.length());
            String end = last == null ? null : past(last);
            boolean jumpPreviews = prefix.isEmpty() && first == null;
            String token = null;
            boolean more = true;
            while (more) {
                ListingPage page = bucket.listPage(prefix, null, token == null ? startAfter : null, token);
                token = page.nextToken();
                more = token != null;
                for (ListedObject o : page.objects()) {
                    String key = o.key();
                    if (jumpPreviews && key.startsWith(Previews.KEY_PREFIX)) {
                        // the rest of the previews' keys are not read: list on from past them, once
                        jumpPreviews = false;
                        startAfter = PAST_PREVIEWS;
                        token = null;
                        more = true;
                        break;
                    }
                    if (first == null) {
                        objects.add(o);
                    } else if (KeyOrder.compare(key, end) >= 0) {
                        return;
                    } else if (KeyOrder.compare(key, first) >= 0 && key.indexOf(DELIMITER, parent.length()) >= 0) {
                        objects.add(o);
                    }
                }
            }
        }

        /** The least key past every key under the subdirectory: its delimiter's last character, incremented. */
        private static String past(String subdirectory) {
            return subdirectory.substring(0, subdirectory.length() - 1) + (char) (DELIMITER.charAt(0) + 1);
        }

        /** How many of the site's keys start with the prefix. */
        private int siteKeysUnder(String prefix) {
            char last = prefix.charAt(prefix.length() - 1);
            if (last == Character.MAX_VALUE) {
                return Integer.MAX_VALUE;
            }
            String past = prefix.substring(0, prefix.length() - 1) + (char) (last + 1);
            return index(past) - index(prefix);
        }

        private int index(String key) {
            int i = Collections.binarySearch(siteKeys, key, KeyOrder.UTF8);
            return i >= 0 ? i : -i - 1;
        }

        private static String commonPrefix(String a, String b) {
            int n = 0;
            int max = Math.min(a.length(), b.length());
            while (n < max && a.charAt(n) == b.charAt(n)) {
                n++;
            }
            if (n > 0 && Character.isHighSurrogate(a.charAt(n - 1))) {
                n--;
            }
            return a.substring(0, n);
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
            Hashing hashing = new Hashing();
            try {
                remote = new RemoteState(listing.objects(), manifest.get());
                plan = new SyncPlanner(bucket, pool).plan(hashing.wanted(remote), remote, options.delete());
            } catch (ExecutionException e) {
                hashing.finish();
                throw failed("Comparing the site with s3://" + bucket.name() + " failed", e.getCause(), nothing());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failed("The sync was interrupted", e, nothing());
            }
            try {
                return carryOut(plan, remote, hashing);
            } finally {
                hashing.finish();
            }
        }

        private SyncResult carryOut(SyncPlan plan, RemoteState remote, Hashing hashing)
                throws SyncRefusedException, SyncFailedException {
            log.info(SyncReport.comparison(plan, files.size(), remote.objects().size()));
            if (plan.deletions().size() > options.maxDeletes() && !options.forceDeletes()) {
                throw new TooManyDeletesException(bucket.name(), plan.deletions(), options.maxDeletes());
            }
            if (options.dryRun()) {
                SyncReport.dryRun(log, plan);
                return new SyncResult(bucket.name(), true, keys(plan.uploads()), fixKeys(plan.fixes()),
                        plan.deletions(), plan.unchanged(), plan.uploadBytes(), elapsed());
            }
            Transfers.Outcome outcome = transfer(plan, hashing);
            delete(plan, outcome);
            saveManifest(remote, plan, outcome);
            SyncResult result = result(outcome, plan.deletions(), plan.unchanged());
            log.info(SyncReport.summary(result));
            return result;
        }

        /**
         * The files' MD5s, computed while the bucket is read, on as many threads as there are processors and
         * no more (hashing is bound by the CPU; more threads would only starve the listing). A file the hash
         * cache knows unchanged is not read at all. A file the bucket lacks must be uploaded whatever its
         * MD5: unless a hashing thread has taken it already, its upload hashes it on the way, so that a first
         * sync starts uploading without waiting for every file to be hashed.
         */
        private final class Hashing {
            private static final int FREE = 0;
            private static final int HASHING = 1;
            private static final int LEFT_TO_UPLOAD = 2;

            private final HashCache cache = hashCache == null ? null : HashCache.read(hashCache);
            private final List<CompletableFuture<String>> md5s = new ArrayList<>(files.size());
            private final AtomicIntegerArray claims = new AtomicIntegerArray(files.size());
            private final List<Future<?>> workers = new ArrayList<>();

            Hashing() {
                files.forEach(f -> md5s.add(new CompletableFuture<>()));
                AtomicInteger next = new AtomicInteger();
                int threads = Math.max(1, Math.min(options.concurrency(), Runtime.getRuntime().availableProcessors()));
                for (int t = 0; t < threads; t++) {
                    workers.add(pool.submit(() -> {
                        Md5.Hasher hasher = new Md5.Hasher();
                        for (int i; (i = next.getAndIncrement()) < files.size(); ) {
                            if (claims.compareAndSet(i, FREE, HASHING)) {
                                try {
                                    md5s.get(i).complete(md5(files.get(i), hasher));
                                } catch (IOException | RuntimeException e) {
                                    md5s.get(i).completeExceptionally(e);
                                }
                            }
                        }
                        return null;
                    }));
                }
            }

            /** What the bucket should hold; an object the bucket lacks may come without its MD5 yet. */
            List<SiteObject> wanted(RemoteState remote) throws ExecutionException, InterruptedException {
                List<SiteObject> wanted = new ArrayList<>(files.size());
                for (int i = 0; i < files.size(); i++) {
                    SiteFile file = files.get(i);
                    ObjectHeaders headers = options.cacheControl().headersFor(file.key());
                    boolean leftToUpload = remote.listed(file.key()).isEmpty()
                            && claims.compareAndSet(i, FREE, LEFT_TO_UPLOAD);
                    wanted.add(new SiteObject(file, leftToUpload ? null : md5s.get(i).get(), headers));
                }
                return wanted;
            }

            /**
             * The object with its MD5, ready to upload: a small file is read once, hashed and sent from memory.
             */
            SiteObject ready(SiteObject object) {
                if (object.md5() != null) {
                    return object;
                }
                SiteFile file = object.file();
                long hashedAt = System.currentTimeMillis();
                try {
                    SiteFile read = file;
                    String md5;
                    if (file.size() <= IN_MEMORY_UPLOAD) {
                        byte[] bytes;
                        try (InputStream in = file.content().open()) {
                            bytes = in.readAllBytes();
                        }
                        md5 = Md5.hex(bytes);
                        read = new SiteFile(file.key(), bytes.length, ContentSource.of(bytes), file.modifiedNanos(),
                                file.fileKey());
                    } else {
                        md5 = Md5.hex(file.content());
                    }
                    if (cache != null) {
                        cache.put(file, md5, hashedAt);
                    }
                    return new SiteObject(read, md5, object.headers());
                } catch (IOException e) {
                    throw new UncheckedIOException("Reading " + file.key() + " failed", e);
                }
            }

            private String md5(SiteFile file, Md5.Hasher hasher) throws IOException {
                String known = cache == null ? null : cache.md5(file);
                if (known != null) {
                    return known;
                }
                long hashedAt = System.currentTimeMillis();
                String md5 = hasher.hex(file.content());
                if (cache != null) {
                    cache.put(file, md5, hashedAt);
                }
                return md5;
            }

            /** Lets the hashing threads end, then keeps what they and the uploads hashed for the next sync. */
            void finish() {
                for (Future<?> worker : workers) {
                    try {
                        worker.get();
                    } catch (ExecutionException | RuntimeException e) {
                        // a file that could not be read failed the comparison already
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (cache == null) {
                    return;
                }
                try {
                    cache.write(hashCache);
                } catch (IOException | RuntimeException e) {
                    log.debug("Keeping the files' MD5s in " + hashCache + " failed (" + e + "); the next sync hashes"
                            + " them");
                }
            }
        }

        private Transfers.Outcome transfer(SyncPlan plan, Hashing hashing) throws SyncFailedException {
            if (plan.uploads().isEmpty() && plan.fixes().isEmpty()) {
                return new Transfers.Outcome();
            }
            Transfers.Outcome outcome;
            try {
                outcome = new Transfers(bucket, pool, log, options.progressInterval(), hashing::ready)
                        .run(plan.uploads(), plan.fixes());
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
            return new SyncFailedException(message, reason, partial, cause);
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
