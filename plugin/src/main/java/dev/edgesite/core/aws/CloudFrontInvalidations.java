package dev.edgesite.core.aws;

import dev.edgesite.core.sync.InvalidationState;
import dev.edgesite.core.sync.Invalidations;
import java.util.List;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.Invalidation;

/** CreateInvalidation and GetInvalidation on one distribution. */
public final class CloudFrontInvalidations implements Invalidations {
    private final CloudFrontClient cloudFront;
    private final String distributionId;

    public CloudFrontInvalidations(CloudFrontClient cloudFront, String distributionId) {
        this.cloudFront = cloudFront;
        this.distributionId = distributionId;
    }

    @Override
    public String distributionId() {
        return distributionId;
    }

    @Override
    public InvalidationState create(List<String> paths, String callerReference) {
        return state(cloudFront.createInvalidation(r -> r.distributionId(distributionId)
                .invalidationBatch(b -> b.callerReference(callerReference)
                        .paths(p -> p.quantity(paths.size()).items(paths)))).invalidation());
    }

    @Override
    public InvalidationState get(String invalidationId) {
        return state(cloudFront.getInvalidation(r -> r.distributionId(distributionId).id(invalidationId)).invalidation());
    }

    private static InvalidationState state(Invalidation invalidation) {
        return new InvalidationState(invalidation.id(), invalidation.status());
    }
}
