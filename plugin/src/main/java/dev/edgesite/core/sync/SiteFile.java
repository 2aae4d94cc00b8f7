package dev.edgesite.core.sync;

/**
 * A file of the site under its object key (relative, {@code /}-separated, no leading slash). For a file
 * on disk, its modification time (nanoseconds since the epoch) and its identity on the file system (the
 * inode, where the platform tells; else null) let {@link HashCache} recognise it unchanged.
 */
public record SiteFile(String key, long size, ContentSource content, long modifiedNanos, String fileKey) {
    public static final long UNKNOWN = Long.MIN_VALUE;

    /** A file whose modification time is unknown (made in memory): always hashed. */
    public SiteFile(String key, long size, ContentSource content) {
        this(key, size, content, UNKNOWN, null);
    }
}
