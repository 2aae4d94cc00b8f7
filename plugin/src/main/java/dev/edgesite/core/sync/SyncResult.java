package dev.edgesite.core.sync;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What a sync did, or for a dry run would do. Keys are object keys; {@link #changedPaths()} are the
 * URL paths that changed, for the invalidation.
 */
public record SyncResult(String bucket, boolean dryRun, List<String> uploaded, List<String> headersFixed,
        List<String> deleted, int unchanged, long bytesUploaded, Duration elapsed, List<String> failed) {

    /**
     * {@code failed}: keys whose write failed. A write can fail after S3 stored it (the answer was lost), so
     * these count as changed for the invalidation: invalidating a path that did not change costs nothing more.
     */
    public SyncResult {
        uploaded = sorted(uploaded);
        headersFixed = sorted(headersFixed);
        deleted = sorted(deleted);
        failed = sorted(failed);
    }

    /** A result in which no write failed. */
    public SyncResult(String bucket, boolean dryRun, List<String> uploaded, List<String> headersFixed,
            List<String> deleted, int unchanged, long bytesUploaded, Duration elapsed) {
        this(bucket, dryRun, uploaded, headersFixed, deleted, unchanged, bytesUploaded, elapsed, List.of());
    }

    static SyncResult nothing(String bucket, boolean dryRun, Duration elapsed) {
        return new SyncResult(bucket, dryRun, List.of(), List.of(), List.of(), 0, 0, elapsed);
    }

    public boolean changed() {
        return !uploaded.isEmpty() || !headersFixed.isEmpty() || !deleted.isEmpty() || !failed.isEmpty();
    }

    /** The URL paths of every uploaded, header-fixed, deleted and failed object, sorted. */
    public List<String> changedPaths() {
        TreeSet<String> paths = new TreeSet<>();
        for (List<String> keys : List.of(uploaded, headersFixed, deleted, failed)) {
            keys.forEach(key -> paths.add(UrlPaths.of(key)));
        }
        return List.copyOf(paths);
    }

    public String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("bucket", bucket);
        json.put("dryRun", dryRun);
        json.put("uploaded", uploaded);
        json.put("headersFixed", headersFixed);
        json.put("deleted", deleted);
        json.put("failed", failed);
        json.put("unchanged", unchanged);
        json.put("bytesUploaded", bytesUploaded);
        json.put("elapsedMillis", elapsed.toMillis());
        json.put("changedPaths", changedPaths());
        return JSONObjectUtils.toJSONString(json);
    }

    /** A result read back from {@link #toJson()}, e.g. by the invalidate goal in a later build. */
    public static SyncResult fromJson(String json) throws ParseException {
        Map<String, Object> o = JSONObjectUtils.parse(json);
        return new SyncResult(JSONObjectUtils.getString(o, "bucket"), JSONObjectUtils.getBoolean(o, "dryRun"),
                JSONObjectUtils.getStringList(o, "uploaded"), JSONObjectUtils.getStringList(o, "headersFixed"),
                JSONObjectUtils.getStringList(o, "deleted"), JSONObjectUtils.getInt(o, "unchanged"),
                JSONObjectUtils.getLong(o, "bytesUploaded"),
                Duration.ofMillis(JSONObjectUtils.getLong(o, "elapsedMillis")),
                Objects.requireNonNullElse(JSONObjectUtils.getStringList(o, "failed"), List.of()));
    }

    private static List<String> sorted(List<String> keys) {
        List<String> copy = new ArrayList<>(keys);
        copy.sort(null);
        return List.copyOf(copy);
    }
}
