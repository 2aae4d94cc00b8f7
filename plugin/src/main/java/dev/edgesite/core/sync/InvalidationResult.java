package dev.edgesite.core.sync;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an invalidation did, or for a dry run would do: the paths (CloudFront bills each path, a
 * wildcard as one) and the last status seen. No invalidation was created when
 * {@code invalidationId} is null.
 */
public record InvalidationResult(String distributionId, String invalidationId, List<String> paths, String status,
        boolean dryRun) {
    public InvalidationResult {
        paths = List.copyOf(paths);
    }

    static InvalidationResult none(String distributionId, boolean dryRun) {
        return new InvalidationResult(distributionId, null, List.of(), null, dryRun);
    }

    public boolean created() {
        return invalidationId != null;
    }

    public int billedPaths() {
        return paths.size();
    }

    public int wildcards() {
        return (int) paths.stream().filter(p -> p.endsWith("*")).count();
    }

    public String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("distributionId", distributionId);
        json.put("dryRun", dryRun);
        json.put("invalidationId", invalidationId);
        json.put("status", status);
        json.put("paths", paths);
        json.put("billedPaths", billedPaths());
        return JSONObjectUtils.toJSONString(json);
    }
}
