package dev.edgesite.core.sync;

import java.time.Instant;

/**
 * An object as a bucket listing shows it; the ETag is unquoted. A server may list an object it never finished
 * writing (one killed mid-upload) without an ETag, size or date: those are null or -1 then, and such an entry is
 * {@linkplain #readable() unreadable}, an object to upload again.
 */
public record ListedObject(String key, String etag, long size, Instant lastModified) {
    public static final long UNKNOWN_SIZE = -1;

    /** Whether the entry says enough to compare the object with a file: its ETag, size and date. */
    public boolean readable() {
        return etag != null && !etag.isEmpty() && size >= 0 && lastModified != null;
    }
}
