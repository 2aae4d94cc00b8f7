package dev.edgesite.core;

import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.provision.Provisioner;
import dev.edgesite.core.provision.StackOutputs;
import dev.edgesite.core.settings.StackSettings;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudfront.model.ViewerProtocolPolicy;

/** Stacks for tests that need one provisioned on moto first. */
public final class TestStacks {
    /** CloudFront's managed CachingOptimized policy. */
    private static final String CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6";

    private TestStacks() {}

    /** Settings in us-west-2 with the default names; {@code domain} and {@code service} may be null. */
    public static StackSettings settings(String stack, String domain, String service, Path site) {
        return settings(stack, domain, service, site, new StackSettings.Auth(null, false, List.of(), List.of(),
                List.of(), false));
    }

    public static StackSettings settings(String stack, String domain, String service, Path site,
            StackSettings.Auth auth) {
        return new StackSettings(stack, Region.US_WEST_2, null, domain, service, List.of(), site, false,
                stack + "-authorizer", null, null, null, "PriceClass_100", auth);
    }

    /** Provisions as the goal does (moto deploys and issues at once, so AWS's time limits never bite). */
    public static StackOutputs provision(StackSettings settings, AwsClients aws) {
        return new Provisioner(settings, aws, Log.NONE).provision();
    }

    /**
     * A bare distribution over the bucket, as the publishing tests need one to invalidate on: its own caller
     * reference, the comment {@code comment}, the given aliases.
     */
    public static String distribution(AwsClients aws, String bucket, String callerReference, String comment,
            String... aliases) {
        return aws.cloudFront().createDistribution(r -> r.distributionConfig(c -> c
                .callerReference(callerReference)
                .comment(comment)
                .aliases(a -> a.quantity(aliases.length).items(aliases))
                .enabled(true)
                .origins(o -> o.quantity(1).items(origin -> origin.id("site")
                        .domainName(bucket + ".s3.us-east-1.amazonaws.com")
                        .s3OriginConfig(s -> s.originAccessIdentity(""))))
                .defaultCacheBehavior(b -> b.targetOriginId("site")
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                        .cachePolicyId(CACHING_OPTIMIZED)))).distribution().id();
    }
}
