package dev.edgesite.core.sync;

import java.nio.file.Path;

/** invalidate was asked for what the last sync changed, and sync.json cannot say. */
public final class LastSyncException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why sync.json cannot say what changed. */
    public enum Problem {
        /** there is no sync.json */
        MISSING,
        /** sync.json is not a sync result */
        UNREADABLE,
        /** sync.json is from a sync to another bucket */
        OTHER_BUCKET
    }

    private final Problem problem;
    private final transient Path file;
    private final String syncedBucket;
    private final String bucket;

    public LastSyncException(Problem problem, Path file, String syncedBucket, String bucket, Throwable cause) {
        super(problem + ": " + file, cause);
        this.problem = problem;
        this.file = file;
        this.syncedBucket = syncedBucket;
        this.bucket = bucket;
    }

    public Problem problem() {
        return problem;
    }

    public Path file() {
        return file;
    }

    /** The bucket sync.json is from, for {@link Problem#OTHER_BUCKET}. */
    public String syncedBucket() {
        return syncedBucket;
    }

    /** This stack's bucket. */
    public String bucket() {
        return bucket;
    }
}
