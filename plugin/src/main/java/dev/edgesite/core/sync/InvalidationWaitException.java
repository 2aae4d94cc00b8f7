package dev.edgesite.core.sync;

/** The invalidation was created but did not complete while we waited; it goes on without us. */
public final class InvalidationWaitException extends Exception {
    private final InvalidationResult result;

    InvalidationWaitException(String message, InvalidationResult result) {
        super(message);
        this.result = result;
    }

    public InvalidationResult result() {
        return result;
    }
}
