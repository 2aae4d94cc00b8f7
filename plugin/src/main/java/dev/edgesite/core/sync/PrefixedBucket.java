package dev.edgesite.core.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The part of a bucket under a prefix ({@code _previews/pr-7/}), seen as a bucket of its own: keys going in
 * are prefixed, keys coming out are stripped, and a listing never reaches past the prefix. A preview is synced
 * through this view by the very same {@link SiteSync} as the main site: the same comparison, headers, guards and
 * manifest (which lives at {@code <prefix>.edgesite/manifest.tsv}), and it cannot touch a key outside its prefix.
 */
public final class PrefixedBucket implements SiteBucket {
    private final SiteBucket bucket;
    private final String prefix;

    /** @param prefix ends with {@code /} */
    public PrefixedBucket(SiteBucket bucket, String prefix) {
        if (prefix.isEmpty() || !prefix.endsWith("/")) {
            throw new IllegalArgumentException("a key prefix ends with /: " + prefix);
        }
        this.bucket = bucket;
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    /** {@code bucket/_previews/pr-7}, so that {@code s3://} + name reads as the place the keys live. */
    @Override
    public String name() {
        return bucket.name() + "/" + prefix.substring(0, prefix.length() - 1);
    }

    @Override
    public void prepare() {
        bucket.prepare();
    }

    @Override
    public ListingPage listPage(String listPrefix, String delimiter, String startAfter, String token) {
        ListingPage page = bucket.listPage(prefix + (listPrefix == null ? "" : listPrefix), delimiter,
                startAfter == null ? null : prefix + startAfter, token);
        List<ListedObject> objects = new ArrayList<>(page.objects().size());
        for (ListedObject o : page.objects()) {
            objects.add(new ListedObject(strip(o.key()), o.etag(), o.size(), o.lastModified()));
        }
        List<String> prefixes = page.commonPrefixes().stream().map(this::strip).toList();
        return new ListingPage(objects, prefixes, page.nextToken());
    }

    @Override
    public Optional<ObjectDetails> head(String key) {
        return bucket.head(prefix + key);
    }

    @Override
    public Optional<byte[]> read(String key) {
        return bucket.read(prefix + key);
    }

    @Override
    public String upload(SiteObject object) {
        return bucket.upload(prefixed(object));
    }

    @Override
    public String replaceHeaders(SiteObject object, String etag) {
        return bucket.replaceHeaders(prefixed(object), etag);
    }

    @Override
    public void delete(List<String> keys) {
        bucket.delete(keys.stream().map(key -> prefix + key).toList());
    }

    @Override
    public void write(String key, byte[] content, String contentType) {
        bucket.write(prefix + key, content, contentType);
    }

    private SiteObject prefixed(SiteObject object) {
        SiteFile file = object.file();
        return new SiteObject(new SiteFile(prefix + file.key(), file.size(), file.content(), file.modifiedNanos(),
                file.fileKey()), object.md5(), object.headers());
    }

    private String strip(String key) {
        if (!key.startsWith(prefix)) {
            throw new IllegalStateException("s3://" + bucket.name() + " listed " + key + " for a listing under " + prefix);
        }
        return key.substring(prefix.length());
    }
}
