package dev.edgesite.core.sync;

import java.util.List;

/** The invalidations of one CloudFront distribution. */
public interface Invalidations {
    String distributionId();

    /** Creates an invalidation of the paths; the same caller reference never creates a second one. */
    InvalidationState create(List<String> paths, String callerReference);

    InvalidationState get(String invalidationId);
}
