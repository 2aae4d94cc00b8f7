package dev.edgesite.core.sync;

import dev.edgesite.core.Log;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * Invalidates what changed on the site's distribution: nothing changed, no call; a dry run only
 * says what it would invalidate. Waiting polls at
 * a growing interval (1 s up to 15 s) rather than using the SDK's waiter, which never accepts the
 * status an emulator reports.
 */
public final class SiteInvalidator {
    private static final Duration FIRST_POLL = Duration.ofSeconds(1);
    private static final Duration LONGEST_POLL = Duration.ofSeconds(15);

    /** Pauses the calling thread; a seam so that tests need not wait. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final Invalidations invalidations;
    private final Log log;
    private final Sleeper sleeper;
    private final LongSupplier nanoTime;
    private final String pathPrefix;

    public SiteInvalidator(Invalidations invalidations, Log log) {
        this(invalidations, log, "");
    }

    /**
     * @param pathPrefix put before every planned path, such as {@code /_previews/pr-7} for a preview, whose
     *     objects CloudFront caches under the URI the authorizer rewrote: the paths are planned as the site's
     *     (collapsed up to {@code /*} at most), then prefixed, so no path ever reaches outside the prefix
     */
    public SiteInvalidator(Invalidations invalidations, Log log, String pathPrefix) {
        this(invalidations, log, d -> Thread.sleep(d.toMillis()), System::nanoTime, pathPrefix);
    }

    SiteInvalidator(Invalidations invalidations, Log log, Sleeper sleeper, LongSupplier nanoTime) {
        this(invalidations, log, sleeper, nanoTime, "");
    }

    private SiteInvalidator(Invalidations invalidations, Log log, Sleeper sleeper, LongSupplier nanoTime,
            String pathPrefix) {
        if (!pathPrefix.isEmpty() && (!pathPrefix.startsWith("/") || pathPrefix.endsWith("/"))) {
            throw new IllegalArgumentException("a path prefix starts with / and does not end with one: " + pathPrefix);
        }
        this.invalidations = invalidations;
        this.log = log;
        this.sleeper = sleeper;
        this.nanoTime = nanoTime;
        this.pathPrefix = pathPrefix;
    }

    /** Invalidates what the sync changed; a dry-run sync changed nothing, unless this is a dry run too. */
    public InvalidationResult invalidate(SyncResult sync, InvalidationOptions options) throws InvalidationWaitException {
        if (sync.dryRun() && !options.dryRun()) {
            log.info("The sync was a dry run: nothing to invalidate");
            return InvalidationResult.none(invalidations.distributionId(), false);
        }
        return invalidate(sync.changedPaths(), options);
    }

    /** Invalidates the given URL paths ({@code /docs/a.html}, {@code /assets/*}). */
    public InvalidationResult invalidate(Collection<String> paths, InvalidationOptions options)
            throws InvalidationWaitException {
        String distribution = invalidations.distributionId();
        List<String> planned = new InvalidationPlanner(options.maxPaths()).plan(paths).stream()
                .map(path -> pathPrefix + path).toList();
        if (planned.isEmpty()) {
            log.info("Nothing changed: no invalidation of distribution " + distribution);
            return InvalidationResult.none(distribution, options.dryRun());
        }
        if (options.dryRun()) {
            InvalidationResult preview = new InvalidationResult(distribution, null, planned, null, true);
            log.info(String.format(Locale.ROOT,
                    "Would invalidate %d path(s) of distribution %s for %d changed (%d wildcard(s)); CloudFront would"
                            + " bill %d path(s) (dry run: no invalidation created)",
                    planned.size(), distribution, paths.size(), preview.wildcards(), preview.billedPaths()));
            planned.forEach(p -> log.info("Would invalidate " + p));
            return preview;
        }
        InvalidationState state = invalidations.create(planned, "edgesite-" + UUID.randomUUID());
        InvalidationResult result = new InvalidationResult(distribution, state.id(), planned, state.status(), false);
        log.info(String.format(Locale.ROOT,
                "Invalidation %s of distribution %s: %d path(s) for %d changed (%d wildcard(s)); CloudFront bills %d path(s)",
                state.id(), distribution, planned.size(), paths.size(), result.wildcards(), result.billedPaths()));
        planned.forEach(p -> log.debug("Invalidating " + p));
        return options.waitForCompletion() ? await(result, options.timeout()) : result;
    }

    private InvalidationResult await(InvalidationResult created, Duration timeout) throws InvalidationWaitException {
        long start = nanoTime.getAsLong();
        Duration pause = FIRST_POLL;
        InvalidationState state = new InvalidationState(created.invalidationId(), created.status());
        while (!state.completed()) {
            Duration waited = Duration.ofNanos(nanoTime.getAsLong() - start);
            Duration left = timeout.minus(waited);
            if (left.isNegative() || left.isZero()) {
                throw new InvalidationWaitException("Invalidation " + state.id() + " is still " + state.status()
                        + " after " + Units.duration(waited) + "; CloudFront completes it on its own", with(created, state));
            }
            try {
                sleeper.sleep(pause.compareTo(left) < 0 ? pause : left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InvalidationWaitException("Waiting for invalidation " + state.id() + " was interrupted",
                        with(created, state));
            }
            pause = pause.multipliedBy(2).compareTo(LONGEST_POLL) < 0 ? pause.multipliedBy(2) : LONGEST_POLL;
            state = invalidations.get(state.id());
            log.info("Invalidation " + state.id() + ": " + state.status() + " after "
                    + Units.duration(Duration.ofNanos(nanoTime.getAsLong() - start)));
        }
        return with(created, state);
    }

    private static InvalidationResult with(InvalidationResult created, InvalidationState state) {
        return new InvalidationResult(created.distributionId(), created.invalidationId(), created.paths(), state.status(),
                false);
    }
}
