package dev.edgesite.core.sync;

import java.time.Duration;

/**
 * How to invalidate: at most {@code maxPaths} paths (wildcards count as one each), whether to wait
 * for CloudFront to finish, for at most {@code timeout}, and whether only to say what would be
 * invalidated ({@code dryRun}).
 */
public record InvalidationOptions(int maxPaths, boolean waitForCompletion, Duration timeout, boolean dryRun) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(20);

    public static InvalidationOptions defaults() {
        return new InvalidationOptions(InvalidationPlanner.DEFAULT_MAX_PATHS, false, DEFAULT_TIMEOUT, false);
    }
}
