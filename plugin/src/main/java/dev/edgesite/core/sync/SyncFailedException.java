package dev.edgesite.core.sync;

/**
 * Something went wrong while syncing. {@link #partial()} names what may have changed by then (those
 * paths need an invalidation too); running the sync again finishes the job.
 */
public final class SyncFailedException extends Exception {
    private final SyncResult partial;

    SyncFailedException(String message, SyncResult partial, Throwable cause) {
        super(message, cause);
        this.partial = partial;
    }

    public SyncResult partial() {
        return partial;
    }
}
