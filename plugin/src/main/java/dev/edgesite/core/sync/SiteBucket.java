package dev.edgesite.core.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The bucket a site is synced to. ETags are unquoted; every call may throw the store's runtime exceptions. */
public interface SiteBucket {
    String name();

    /**
     * Gets ready for the calls to come (credentials, connections) so that the first call does not pay for
     * it; a sync runs this while it reads the site. Failures surface again on the first real call.
     */
    default void prepare() {}

    /** Every object in the bucket, reading every page of the listing. */
    default List<ListedObject> list() {
        return list(null, null);
    }

    /**
     * The objects whose keys come after {@code after} and up to {@code through} in the store's order
     * (UTF-8 bytes, see {@link KeyOrder}), reading every page of that part of the listing. Either bound
     * may be null: from the first key, to the last. Listings of adjoining ranges can run at once.
     */
    default List<ListedObject> list(String after, String through) {
        List<ListedObject> objects = new ArrayList<>();
        String token = null;
        do {
            ListingPage page = listPage(null, null, token == null ? after : null, token);
            for (ListedObject o : page.objects()) {
                if (through != null && KeyOrder.compare(o.key(), through) > 0) {
                    return objects;
                }
                objects.add(o);
            }
            token = page.nextToken();
        } while (token != null);
        return objects;
    }

    /**
     * One page of the listing of the keys that start with {@code prefix} and come after {@code startAfter}:
     * one request. With a {@code delimiter}, keys with the delimiter after the prefix are rolled up into
     * common prefixes. Any of the three may be null; {@code token} is the previous page's
     * {@link ListingPage#nextToken()}, or null for the first page.
     */
    ListingPage listPage(String prefix, String delimiter, String startAfter, String token);

    /** The object's details, or empty when there is no such object. */
    Optional<ObjectDetails> head(String key);

    /** The object's bytes, or empty when there is no such object. */
    Optional<byte[]> read(String key);

    /**
     * Stores the file under its key with its headers and its MD5 in the object's metadata, sending
     * the MD5 so that the store rejects a body that arrived corrupted. Returns the new ETag.
     */
    String upload(SiteObject object);

    /**
     * Gives the object new headers without sending its bytes again, provided it still has the given
     * ETag. Returns the new ETag.
     */
    String replaceHeaders(SiteObject object, String etag);

    /** Deletes the objects, in as many requests as the store needs; fails if any one was not deleted. */
    void delete(List<String> keys);

    /** Stores a small object of the tool's own. */
    void write(String key, byte[] content, String contentType);
}
