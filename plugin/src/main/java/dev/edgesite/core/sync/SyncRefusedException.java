package dev.edgesite.core.sync;

/** The sync was refused before it wrote anything; the bucket is as it was. */
public abstract class SyncRefusedException extends Exception {
    protected SyncRefusedException(String message) {
        super(message);
    }
}
