package dev.edgesite.core.sync;

import java.time.Duration;
import java.util.Objects;

/** How a sync behaves; {@link #defaults()} is what the goal does unless configured otherwise. */
public final class SyncOptions {
    public static final int DEFAULT_MAX_DELETES = 256;
    public static final int DEFAULT_CONCURRENCY = 32;

    private final boolean delete;
    private final int maxDeletes;
    private final boolean forceDeletes;
    private final boolean dryRun;
    private final boolean indexExample;
    private final CacheControlRules cacheControl;
    private final int concurrency;
    private final Duration progressInterval;

    private SyncOptions(Builder b) {
        if (b.maxDeletes < 0) {
            throw new IllegalArgumentException("maxDeletes must not be negative: " + b.maxDeletes);
        }
        if (b.concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1: " + b.concurrency);
        }
        if (b.progressInterval.isNegative() || b.progressInterval.isZero()) {
            throw new IllegalArgumentException("progressInterval must be positive: " + b.progressInterval);
        }
        this.delete = b.delete;
        this.maxDeletes = b.maxDeletes;
        this.forceDeletes = b.forceDeletes;
        this.dryRun = b.dryRun;
        this.indexExample = b.indexExample;
        this.cacheControl = Objects.requireNonNull(b.cacheControl, "cacheControl");
        this.concurrency = b.concurrency;
        this.progressInterval = b.progressInterval;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static SyncOptions defaults() {
        return builder().build();
    }

    /** Delete objects whose file left the site (after every upload succeeded). */
    public boolean delete() {
        return delete;
    }

    /** More deletions than this refuse the sync, unless {@link #forceDeletes()}. */
    public int maxDeletes() {
        return maxDeletes;
    }

    public boolean forceDeletes() {
        return forceDeletes;
    }

    public boolean dryRun() {
        return dryRun;
    }

    /** Publish a built-in example page as index.html when the site has none. */
    public boolean indexExample() {
        return indexExample;
    }

    public CacheControlRules cacheControl() {
        return cacheControl;
    }

    /** Requests in flight at once; keep it within the HTTP client's connection pool. */
    public int concurrency() {
        return concurrency;
    }

    public Duration progressInterval() {
        return progressInterval;
    }

    public static final class Builder {
        private boolean delete = true;
        private int maxDeletes = DEFAULT_MAX_DELETES;
        private boolean forceDeletes;
        private boolean dryRun;
        private boolean indexExample;
        private CacheControlRules cacheControl = CacheControlRules.defaults();
        private int concurrency = DEFAULT_CONCURRENCY;
        private Duration progressInterval = Duration.ofSeconds(5);

        private Builder() {}

        public Builder delete(boolean delete) {
            this.delete = delete;
            return this;
        }

        public Builder maxDeletes(int maxDeletes) {
            this.maxDeletes = maxDeletes;
            return this;
        }

        public Builder forceDeletes(boolean forceDeletes) {
            this.forceDeletes = forceDeletes;
            return this;
        }

        public Builder dryRun(boolean dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        public Builder indexExample(boolean indexExample) {
            this.indexExample = indexExample;
            return this;
        }

        public Builder cacheControl(CacheControlRules cacheControl) {
            this.cacheControl = cacheControl;
            return this;
        }

        public Builder concurrency(int concurrency) {
            this.concurrency = concurrency;
            return this;
        }

        public Builder progressInterval(Duration progressInterval) {
            this.progressInterval = progressInterval;
            return this;
        }

        public SyncOptions build() {
            return new SyncOptions(this);
        }
    }
}
