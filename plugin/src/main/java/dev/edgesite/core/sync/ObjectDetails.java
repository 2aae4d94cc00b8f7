package dev.edgesite.core.sync;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * An object as a HEAD request shows it. {@code md5Metadata} is the MD5 this tool stored with the
 * object, or null when another tool wrote it.
 */
public record ObjectDetails(String etag, long size, String md5Metadata, ObjectHeaders headers, Instant lastModified) {
    private static final Pattern PLAIN_MD5 = Pattern.compile("[0-9a-f]{32}");

    /** The ETag of a single-part upload is the MD5 of its bytes; a multipart one has a {@code -parts} suffix. */
    static boolean isPlainMd5(String etag) {
        return PLAIN_MD5.matcher(etag).matches();
    }

    /** The MD5 of the object's bytes, or null when neither the metadata nor the ETag tells it. */
    String md5() {
        if (md5Metadata != null) {
            return md5Metadata;
        }
        return isPlainMd5(etag) ? etag : null;
    }

    StoredContent content() {
        return new StoredContent(md5(), size, etag, headers);
    }

    /** The object as a listing of its bucket would show it. */
    ListedObject listed(String key) {
        return new ListedObject(key, etag, size, lastModified);
    }
}
