package dev.edgesite.core.sync;

import java.util.List;
import java.util.Map;

/**
 * What a sync does: upload new and changed files, fix headers in place, delete what left the site.
 * {@code settled} is what stays as it is (unchanged site files and, when deletes are off, objects
 * that left the site) with the content the bucket is known to hold for them.
 */
record SyncPlan(List<SiteObject> uploads, List<HeaderFix> fixes, List<String> deletions,
        Map<String, StoredContent> settled, int unchanged, int heads) {
    SyncPlan {
        uploads = List.copyOf(uploads);
        fixes = List.copyOf(fixes);
        deletions = List.copyOf(deletions);
        settled = Map.copyOf(settled);
    }

    long uploadBytes() {
        return uploads.stream().mapToLong(SiteObject::size).sum();
    }
}
