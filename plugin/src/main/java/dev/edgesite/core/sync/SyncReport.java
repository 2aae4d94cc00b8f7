package dev.edgesite.core.sync;

import dev.edgesite.core.Log;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** The lines a sync logs: the comparison, what a dry run would do, the summary. */
final class SyncReport {
    private static final int LISTED_PER_KIND = 20;

    private SyncReport() {}

    static String comparison(SyncPlan plan, int files, int objects) {
        return String.format(Locale.ROOT,
                "Compared %s with %s%s: %,d to upload (%s), %,d to fix headers of, %,d to delete, %,d unchanged",
                count(files, "file"), count(objects, "object"),
                plan.heads() > 0 ? " (" + plan.heads() + " looked up one by one)" : "",
                plan.uploads().size(), Units.bytes(plan.uploadBytes()), plan.fixes().size(),
                plan.deletions().size(), plan.unchanged());
    }

    static String summary(SyncResult r) {
        return String.format(Locale.ROOT,
                "Synced s3://%s in %s: %,d uploaded (%s, %s), %,d headers fixed, %,d deleted, %,d unchanged",
                r.bucket(), Units.duration(r.elapsed()), r.uploaded().size(), Units.bytes(r.bytesUploaded()),
                Units.rate(r.bytesUploaded(), r.elapsed()), r.headersFixed().size(), r.deleted().size(), r.unchanged());
    }

    /** Each planned action, the first few of each kind at info and the rest at debug. */
    static void dryRun(Log log, SyncPlan plan) {
        list(log, "Would upload", plan.uploads().stream().map(o -> o.key() + " (" + Units.bytes(o.size()) + ")").toList());
        list(log, "Would fix the headers of", plan.fixes().stream().map(SyncReport::change).toList());
        list(log, "Would delete", plan.deletions());
    }

    static void failures(Log log, Iterable<Transfers.Failure> failures) {
        int shown = 0;
        for (Transfers.Failure f : failures) {
            if (shown++ == LISTED_PER_KIND) {
                return;
            }
            log.warn("Writing " + f.key() + " failed: " + f.cause().getMessage());
        }
    }

    static String count(int n, String noun) {
        return String.format(Locale.ROOT, "%,d %s%s", n, noun, n == 1 ? "" : "s");
    }

    private static void list(Log log, String action, List<String> items) {
        for (int i = 0; i < items.size(); i++) {
            if (i < LISTED_PER_KIND) {
                log.info(action + " " + items.get(i));
            } else {
                log.debug(action + " " + items.get(i));
            }
        }
        if (items.size() > LISTED_PER_KIND) {
            log.info(action + " " + (items.size() - LISTED_PER_KIND) + " more (all are in the result)");
        }
    }

    private static String change(HeaderFix fix) {
        ObjectHeaders from = fix.current().headers();
        ObjectHeaders to = fix.wanted().headers();
        List<String> changes = new ArrayList<>();
        if (!Objects.equals(from.contentType(), to.contentType())) {
            changes.add("Content-Type " + from.contentType() + " -> " + to.contentType());
        }
        if (!Objects.equals(from.cacheControl(), to.cacheControl())) {
            changes.add("Cache-Control " + from.cacheControl() + " -> " + to.cacheControl());
        }
        return fix.key() + " (" + String.join(", ", changes) + ")";
    }
}
