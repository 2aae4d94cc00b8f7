package dev.edgesite.core.sync;

import java.util.List;

/** The sync would delete more objects than allowed; it was refused before any write. */
public final class TooManyDeletesException extends SyncRefusedException {
    private final String bucket;
    private final int deletes;
    private final int maxDeletes;
    private final List<String> keys;

    public TooManyDeletesException(String bucket, List<String> keys, int maxDeletes) {
        super("The sync would delete " + keys.size() + " objects, more than the " + maxDeletes
                + " allowed (for example " + String.join(", ", keys.subList(0, Math.min(5, keys.size())))
                + "); nothing was synced");
        this.bucket = bucket;
        this.deletes = keys.size();
        this.maxDeletes = maxDeletes;
        this.keys = List.copyOf(keys);
    }

    /** The bucket the deletions were refused in. */
    public String bucket() {
        return bucket;
    }

    public int deletes() {
        return deletes;
    }

    public int maxDeletes() {
        return maxDeletes;
    }

    public List<String> keys() {
        return keys;
    }
}
