package dev.edgesite.core.provision;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What provision leaves behind for people and the other goals: {@code target/edgesite/stack.json}. A dry run
 * writes the same file, marked {@code "dryRun": true}, with what exists already and null for what it would
 * create; the other goals do not take their stack from such a file.
 */
public record StackOutputs(
        String stack,
        String siteUrl,
        String loginUrl,
        String bucket,
        String distributionId,
        String distributionDomain,
        String userPoolId,
        String clientId,
        String certificateArn,
        String functionVersionArn,
        boolean dryRun) {
    public static final String FILE = "stack.json";

    /** What a provision that ran did. */
    public StackOutputs(String stack, String siteUrl, String loginUrl, String bucket, String distributionId,
            String distributionDomain, String userPoolId, String clientId, String certificateArn,
            String functionVersionArn) {
        this(stack, siteUrl, loginUrl, bucket, distributionId, distributionDomain, userPoolId, clientId, certificateArn,
                functionVersionArn, false);
    }

    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stack", stack);
        if (dryRun) {
            m.put("dryRun", true);
        }
        m.put("siteUrl", siteUrl);
        m.put("loginUrl", loginUrl);
        m.put("bucket", bucket);
        m.put("distributionId", distributionId);
        m.put("distributionDomain", distributionDomain);
        m.put("userPoolId", userPoolId);
        m.put("clientId", clientId);
        if (certificateArn != null) {
            m.put("certificateArn", certificateArn);
        }
        m.put("functionVersionArn", functionVersionArn);
        return JSONObjectUtils.toJSONString(m);
    }

    public static StackOutputs fromJson(String json) throws java.text.ParseException {
        Map<String, Object> m = JSONObjectUtils.parse(json);
        return new StackOutputs((String) m.get("stack"), (String) m.get("siteUrl"), (String) m.get("loginUrl"),
                (String) m.get("bucket"), (String) m.get("distributionId"), (String) m.get("distributionDomain"),
                (String) m.get("userPoolId"), (String) m.get("clientId"), (String) m.get("certificateArn"),
                (String) m.get("functionVersionArn"), Boolean.TRUE.equals(m.get("dryRun")));
    }
}
