package dev.edgesite.core.aws;

import java.net.URI;
import software.amazon.awssdk.awscore.endpoint.AwsClientEndpointProvider;
import software.amazon.awssdk.awscore.endpoint.DualstackEnabledProvider;
import software.amazon.awssdk.awscore.endpoint.FipsEnabledProvider;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.endpoints.S3EndpointParams;

/**
 * What S3's endpoint rules are given for a bucket, read from the settings the SDK's {@code S3Client} reads,
 * in its order: the stack's {@code <endpoint>} (an emulator, addressed path-style, as {@link AwsClients#s3()}
 * is), else {@code AWS_ENDPOINT_URL_S3} / {@code aws.endpointUrlS3}, {@code AWS_ENDPOINT_URL}, the profile's
 * {@code services} section and {@code endpoint_url}; FIPS and dual-stack from {@code AWS_USE_FIPS_ENDPOINT}
 * / {@code AWS_USE_DUALSTACK_ENDPOINT}, their system properties and the profile's {@code use_fips_endpoint} /
 * {@code use_dualstack_endpoint}. The profile is the stack's, or the SDK's default one.
 */
final class S3Addressing {
    private final Region region;
    private final URI endpoint;
    private final boolean pathStyle;
    private final boolean fips;
    private final boolean dualStack;

    private S3Addressing(Region region, URI endpoint, boolean pathStyle, boolean fips, boolean dualStack) {
        this.region = region;
        this.endpoint = endpoint;
        this.pathStyle = pathStyle;
        this.fips = fips;
        this.dualStack = dualStack;
    }

    /**
     * @param explicitEndpoint the stack's own endpoint, which wins over every setting and is addressed
     *        path-style; null to take the SDK's settings
     * @param profile the stack's profile, or null for the SDK's default one
     */
    static S3Addressing of(Region region, URI explicitEndpoint, String profile) {
        ProfileFile files = profileFile();
        URI endpoint = explicitEndpoint;
        if (endpoint == null) {
            AwsClientEndpointProvider.Builder overrides = AwsClientEndpointProvider.builder()
                    .serviceEndpointOverrideEnvironmentVariable("AWS_ENDPOINT_URL_S3")
                    .serviceEndpointOverrideSystemProperty("aws.endpointUrlS3")
                    .serviceProfileProperty("s3")
                    .serviceEndpointPrefix("s3")
                    .defaultProtocol("https")
                    .region(region)
                    .profileFile(() -> files);
            if (profile != null) {
                overrides.profileName(profile);
            }
            endpoint = overrides.resolveFromOverrides().orElse(null);
        }
        FipsEnabledProvider.Builder fips = FipsEnabledProvider.builder().profileFile(() -> files);
        DualstackEnabledProvider.Builder dualStack = DualstackEnabledProvider.builder().profileFile(() -> files);
        if (profile != null) {
            fips.profileName(profile);
            dualStack.profileName(profile);
        }
        return new S3Addressing(region, endpoint, explicitEndpoint != null,
                fips.build().isFipsEnabled().orElse(false), dualStack.build().isDualstackEnabled().orElse(false));
    }

    /** The endpoint rules' parameters for requests to the bucket. */
    S3EndpointParams params(String bucket) {
        S3EndpointParams.Builder params = S3EndpointParams.builder()
                .region(region)
                .bucket(bucket)
                .useFips(fips)
                .useDualStack(dualStack)
                .forcePathStyle(pathStyle)
                .useGlobalEndpoint(false)
                .accelerate(false);
        if (endpoint != null) {
            params.endpoint(endpoint.toString());
        }
        return params.build();
    }

    /** The AWS config files as the SDK reads them; an unreadable or missing one counts as empty. */
    private static ProfileFile profileFile() {
        try {
            return ProfileFile.defaultProfileFile();
        } catch (RuntimeException unreadable) {
            return ProfileFile.aggregator().build();
        }
    }
}
