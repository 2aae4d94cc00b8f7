package dev.edgesite.core.sync;

/**
 * Something went wrong while syncing. {@link #partial()} names what may have changed by then (those
 * paths need an invalidation too); running the sync again finishes the job.
 */
public final class SyncFailedException extends Exception {
    private final String step;
    private final SyncResult partial;

    SyncFailedException(String message, SyncResult partial, Throwable cause) {
        this(message, null, partial, cause);
    }

    /** @param step what failed, as a sentence; @param reason why, in the cause's words (may be null) */
    public SyncFailedException(String step, String reason, SyncResult partial, Throwable cause) {
        super(reason == null ? step : step + ": " + reason, cause);
        this.step = step;
        this.partial = partial;
    }

    /** What failed, without the cause's own words (which {@link #getMessage()} adds). */
    public String step() {
        return step;
    }

    public SyncResult partial() {
        return partial;
    }
}
