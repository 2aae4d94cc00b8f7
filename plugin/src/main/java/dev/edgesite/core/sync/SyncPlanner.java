package dev.edgesite.core.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Compares the wanted objects with the bucket. What the manifest vouches for is compared without a
 * request; an object whose size or plain-MD5 ETag already differs is uploaded without one; only the
 * rest (written by another tool, or by a sync that did not finish) costs a HEAD. A listing entry that does not
 * say what the object holds (a server killed mid-upload lists one without an ETag) is uploaded again.
 */
final class SyncPlanner {
    private final SiteBucket bucket;
    private final ExecutorService pool;

    SyncPlanner(SiteBucket bucket, ExecutorService pool) {
        this.bucket = bucket;
        this.pool = pool;
    }

    SyncPlan plan(List<SiteObject> wanted, RemoteState remote, boolean delete)
            throws ExecutionException, InterruptedException {
        Comparison comparison = new Comparison();
        Map<SiteObject, Future<Optional<ObjectDetails>>> heads = new LinkedHashMap<>();
        for (SiteObject object : wanted) {
            Optional<ListedObject> listed = remote.listed(object.key());
            Optional<StoredContent> known = remote.known(object.key());
            if (known.isPresent()) {
                comparison.compare(object, known.get());
            } else if (listed.isEmpty() || surelyDiffers(object, listed.get())) {
                comparison.uploads.add(object);
            } else {
                heads.put(object, pool.submit(() -> bucket.head(object.key())));
            }
        }
        for (Map.Entry<SiteObject, Future<Optional<ObjectDetails>>> head : heads.entrySet()) {
            comparison.compare(head.getKey(), head.getValue().get().map(ObjectDetails::content).orElse(null));
        }
        Set<String> wantedKeys = new HashSet<>();
        wanted.forEach(o -> wantedKeys.add(o.key()));
        List<String> deletions = new ArrayList<>();
        for (ListedObject listed : remote.objects()) {
            if (wantedKeys.contains(listed.key())) {
                continue;
            }
            if (delete) {
                deletions.add(listed.key());
            } else {
                remote.known(listed.key()).ifPresent(content -> comparison.settled.put(listed.key(), content));
            }
        }
        return new SyncPlan(comparison.uploads, comparison.fixes, deletions, comparison.settled,
                comparison.unchanged, heads.size());
    }

    private static boolean surelyDiffers(SiteObject object, ListedObject listed) {
        return !listed.readable() || listed.size() != object.size()
                || (ObjectDetails.isPlainMd5(listed.etag()) && !listed.etag().equals(object.md5()));
    }

    private static final class Comparison {
        final List<SiteObject> uploads = new ArrayList<>();
        final List<HeaderFix> fixes = new ArrayList<>();
        final Map<String, StoredContent> settled = new HashMap<>();
        int unchanged;

        void compare(SiteObject wanted, StoredContent stored) {
            if (stored == null || stored.size() != wanted.size() || !wanted.md5().equals(stored.md5())) {
                uploads.add(wanted);
            } else if (!wanted.headers().equals(stored.headers())) {
                fixes.add(new HeaderFix(wanted, stored));
            } else {
                settled.put(wanted.key(), stored);
                unchanged++;
            }
        }
    }
}
