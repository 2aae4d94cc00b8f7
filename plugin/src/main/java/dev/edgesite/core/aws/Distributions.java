package dev.edgesite.core.aws;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.CacheBehaviors;
import software.amazon.awssdk.services.cloudfront.model.CustomErrorResponse;
import software.amazon.awssdk.services.cloudfront.model.DefaultCacheBehavior;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.cloudfront.model.DistributionSummary;
import software.amazon.awssdk.services.cloudfront.model.EventType;
import software.amazon.awssdk.services.cloudfront.model.HttpVersion;
import software.amazon.awssdk.services.cloudfront.model.LambdaFunctionAssociation;
import software.amazon.awssdk.services.cloudfront.model.Method;
import software.amazon.awssdk.services.cloudfront.model.NoSuchDistributionException;
import software.amazon.awssdk.services.cloudfront.model.NoSuchOriginAccessControlException;
import software.amazon.awssdk.services.cloudfront.model.MinimumProtocolVersion;
import software.amazon.awssdk.services.cloudfront.model.Origin;
import software.amazon.awssdk.services.cloudfront.model.OriginAccessControlOriginTypes;
import software.amazon.awssdk.services.cloudfront.model.OriginAccessControlSigningBehaviors;
import software.amazon.awssdk.services.cloudfront.model.OriginAccessControlSigningProtocols;
import software.amazon.awssdk.services.cloudfront.model.OriginAccessControlSummary;
import software.amazon.awssdk.services.cloudfront.model.PriceClass;
import software.amazon.awssdk.services.cloudfront.model.SSLSupportMethod;
import software.amazon.awssdk.services.cloudfront.model.ViewerCertificate;
import software.amazon.awssdk.services.cloudfront.model.ViewerProtocolPolicy;

/** CloudFront: the origin access control and the site's distribution. */
public final class Distributions {
    /** Managed cache policy CachingOptimized. */
    static final String CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6";
    /** Managed response headers policy SecurityHeadersPolicy (HSTS, nosniff, frame options, XSS, referrer). */
    static final String SECURITY_HEADERS = "67f7725c-6f97-4210-82d7-5512b31e9d03";
    static final String ORIGIN_ID = "site-bucket";

    private final CloudFrontClient cloudFront;

    public Distributions(CloudFrontClient cloudFront) {
        this.cloudFront = cloudFront;
    }

    /** What the stack's distribution must be. {@code certificateArn} null: the *.cloudfront.net name. */
    public record Spec(String stack, String originDomain, String oacId, String functionVersionArn,
            List<String> aliases, String certificateArn, boolean has404, String priceClass) {
        public Spec {
            aliases = List.copyOf(aliases);
        }

        String callerReference() {
            return "edgesite-" + stack;
        }

        String comment() {
            return "edgesite:" + stack;
        }
    }

    /** A distribution as read, with the ETag an update must present. */
    public record Found(String id, String arn, String domainName, DistributionConfig config, String eTag) {}

    public static String oacName(String stack) {
        return "edgesite-" + stack;
    }

    public Optional<String> findOac(String name) {
        String marker = null;
        do {
            String m = marker;
            var list = cloudFront.listOriginAccessControls(r -> r.marker(m)).originAccessControlList();
            Optional<String> hit = list.items().stream().filter(o -> name.equals(o.name()))
                    .map(OriginAccessControlSummary::id).findFirst();
            if (hit.isPresent()) {
                return hit;
            }
            marker = Boolean.TRUE.equals(list.isTruncated()) ? list.nextMarker() : null;
        } while (marker != null);
        return Optional.empty();
    }

    /** Every origin access control of this name, over every page (CloudFront allows one; moto more). */
    public List<String> oacs(String name) {
        List<String> ids = new ArrayList<>();
        String marker = null;
        do {
            String m = marker;
            var list = cloudFront.listOriginAccessControls(r -> r.marker(m)).originAccessControlList();
            list.items().stream().filter(o -> name.equals(o.name())).map(OriginAccessControlSummary::id)
                    .forEach(ids::add);
            marker = Boolean.TRUE.equals(list.isTruncated()) ? list.nextMarker() : null;
        } while (marker != null);
        return ids;
    }

    /**
     * Creates the origin access control. Not idempotent: when the answer is lost, or CloudFront says one of that
     * name exists, the one of that name is adopted; it is created again only when none is found.
     */
    public String createOac(String name, String stack) {
        return Creates.createOrAdopt(() -> cloudFront.createOriginAccessControl(r -> r
                .originAccessControlConfig(c -> c.name(name)
                        .description("edgesite stack " + stack + ": CloudFront signs its requests to the bucket")
                        .originAccessControlOriginType(OriginAccessControlOriginTypes.S3)
                        .signingBehavior(OriginAccessControlSigningBehaviors.ALWAYS)
                        .signingProtocol(OriginAccessControlSigningProtocols.SIGV4))
                .overrideConfiguration(Creates.RETRY_THROTTLING_ONLY)).originAccessControl().id(),
                () -> findOac(name), Creates.code("OriginAccessControlAlreadyExists"));
    }

    /** The stack's distribution: by its comment over every page, confirmed by its caller reference. */
    public Optional<Found> find(String stack) {
        String comment = "edgesite:" + stack;
        String reference = "edgesite-" + stack;
        String marker = null;
        do {
            String m = marker;
            var list = cloudFront.listDistributions(r -> r.marker(m)).distributionList();
            for (DistributionSummary d : list.items()) {
                if (comment.equals(d.comment())) {
                    Found found = read(d.id(), d.arn(), d.domainName());
                    if (reference.equals(found.config().callerReference())) {
                        return Optional.of(found);
                    }
                }
            }
            marker = Boolean.TRUE.equals(list.isTruncated()) ? list.nextMarker() : null;
        } while (marker != null);
        return Optional.empty();
    }

    private Found read(String id, String arn, String domainName) {
        var config = cloudFront.getDistributionConfig(r -> r.id(id));
        return new Found(id, arn, domainName, config.distributionConfig(), config.eTag());
    }

    /**
     * Creates the distribution. Its caller reference is the stack's, so a retried create makes no second one
     * (CloudFront answers the first, or DistributionAlreadyExists): when the answer is lost for good, or CloudFront
     * says it exists, the stack's distribution is looked up and adopted.
     */
    public Found create(Spec spec) {
        DistributionConfig config = desired(DistributionConfig.builder().build(), spec);
        return Creates.createOrAdopt(() -> {
            var created = cloudFront.createDistributionWithTags(r -> r.distributionConfigWithTags(c -> c
                    .distributionConfig(config)
                    .tags(t -> t.items(tag -> tag.key(Tags.STACK).value(spec.stack()))))).distribution();
            return new Found(created.id(), created.arn(), created.domainName(), created.distributionConfig(), null);
        }, () -> find(spec.stack()), Creates.code("DistributionAlreadyExists"));
    }

    /** Re-reads the distribution for its ETag, then writes the wanted config over the one just read. */
    public Found update(Found found, Spec spec) {
        Found fresh = read(found.id(), found.arn(), found.domainName());
        DistributionConfig config = desired(fresh.config(), spec);
        cloudFront.updateDistribution(r -> r.id(fresh.id()).ifMatch(fresh.eTag()).distributionConfig(config));
        return read(found.id(), found.arn(), found.domainName());
    }

    /** Turns the distribution off (CloudFront deletes only disabled ones), with the ETag just read. */
    public void disable(Found found) {
        Found fresh = read(found.id(), found.arn(), found.domainName());
        DistributionConfig config = fresh.config().toBuilder().enabled(false).build();
        cloudFront.updateDistribution(r -> r.id(fresh.id()).ifMatch(fresh.eTag()).distributionConfig(config));
    }

    /** Deletes a disabled, deployed distribution, with the ETag just read. */
    public void delete(String id) {
        try {
            String eTag = cloudFront.getDistributionConfig(r -> r.id(id)).eTag();
            cloudFront.deleteDistribution(r -> r.id(id).ifMatch(eTag));
        } catch (NoSuchDistributionException e) {
            // a retry of a deletion whose answer was lost
        }
    }

    /** Deletes the origin access control, with the ETag just read; CloudFront refuses while a distribution uses it. */
    public void deleteOac(String id) {
        try {
            String eTag = cloudFront.getOriginAccessControl(r -> r.id(id)).eTag();
            cloudFront.deleteOriginAccessControl(r -> r.id(id).ifMatch(eTag));
        } catch (NoSuchOriginAccessControlException e) {
            // a retry of a deletion whose answer was lost
        }
    }

    /** Whether CloudFront is still deploying the distribution's last change to its edge locations. */
    public boolean deploying(String id) {
        return !"Deployed".equals(cloudFront.getDistribution(r -> r.id(id)).distribution().status());
    }

    public void awaitDeployed(String id, Duration timeout) {
        cloudFront.waiter().waitUntilDistributionDeployed(r -> r.id(id),
                        w -> w.waitTimeout(timeout))
                .matched().exception().ifPresent(e -> {
                    throw new IllegalStateException("distribution " + id + " did not deploy: " + e.getMessage(), e);
                });
    }

    /** {@code base} (the config just read, or empty) with every setting edgesite owns set as {@code spec} says. */
    static DistributionConfig desired(DistributionConfig base, Spec spec) {
        Origin existingOrigin = base.origins() == null ? null : base.origins().items().stream()
                .filter(o -> ORIGIN_ID.equals(o.id())).findFirst().orElse(null);
        Origin origin = (existingOrigin == null ? Origin.builder() : existingOrigin.toBuilder())
                .id(ORIGIN_ID)
                .domainName(spec.originDomain())
                .originAccessControlId(spec.oacId())
                .s3OriginConfig(s -> s.originAccessIdentity(""))
                .build();
        DefaultCacheBehavior behavior = (base.defaultCacheBehavior() == null ? DefaultCacheBehavior.builder()
                : base.defaultCacheBehavior().toBuilder())
                .targetOriginId(ORIGIN_ID)
                .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                .compress(true)
                .cachePolicyId(CACHING_OPTIMIZED)
                .responseHeadersPolicyId(SECURITY_HEADERS)
                .allowedMethods(a -> a.quantity(2).items(Method.GET, Method.HEAD)
                        .cachedMethods(c -> c.quantity(2).items(Method.GET, Method.HEAD)))
                .lambdaFunctionAssociations(l -> l.quantity(1).items(LambdaFunctionAssociation.builder()
                        .eventType(EventType.VIEWER_REQUEST)
                        .lambdaFunctionARN(spec.functionVersionArn())
                        .includeBody(false).build()))
                .build();
        List<CustomErrorResponse> errors = spec.has404()
                ? List.of(notFoundPage(403), notFoundPage(404))
                : List.of();
        ViewerCertificate certificate = spec.certificateArn() == null
                ? ViewerCertificate.builder().cloudFrontDefaultCertificate(true).build()
                : ViewerCertificate.builder().acmCertificateArn(spec.certificateArn())
                        .sslSupportMethod(SSLSupportMethod.SNI_ONLY)
                        .minimumProtocolVersion(MinimumProtocolVersion.TLS_V1_2_2021).build();
        List<Origin> otherOrigins = base.origins() == null ? List.of() : base.origins().items().stream()
                .filter(o -> !ORIGIN_ID.equals(o.id())).toList();
        List<Origin> origins = new ArrayList<>(otherOrigins);
        origins.add(0, origin);
        return base.toBuilder()
                .callerReference(base.callerReference() == null ? spec.callerReference() : base.callerReference())
                .comment(spec.comment())
                .enabled(true)
                .defaultRootObject("index.html")
                .origins(o -> o.quantity(origins.size()).items(origins))
                .defaultCacheBehavior(behavior)
                .cacheBehaviors(base.cacheBehaviors() == null
                        ? CacheBehaviors.builder().quantity(0).build()
                        : base.cacheBehaviors())
                .customErrorResponses(c -> c.quantity(errors.size()).items(errors))
                .aliases(a -> a.quantity(spec.aliases().size()).items(spec.aliases()))
                .viewerCertificate(certificate)
                .httpVersion(HttpVersion.HTTP2_AND3)
                .isIPV6Enabled(true)
                .priceClass(PriceClass.fromValue(spec.priceClass()))
                .build();
    }

    private static CustomErrorResponse notFoundPage(int status) {
        return CustomErrorResponse.builder().errorCode(status).responsePagePath("/404.html").responseCode("404")
                .errorCachingMinTTL(10L).build();
    }

    /** The settings edgesite owns that differ from {@code spec}, by name. */
    public static List<String> drift(DistributionConfig actual, Spec spec) {
        List<String> fields = new ArrayList<>();
        DistributionConfig wanted = desired(actual, spec);
        Origin origin = actual.origins() == null ? null : actual.origins().items().stream()
                .filter(o -> ORIGIN_ID.equals(o.id())).findFirst().orElse(null);
        if (origin == null || !spec.originDomain().equals(origin.domainName())) {
            fields.add("origin");
        }
        if (origin == null || !Objects.equals(spec.oacId(), origin.originAccessControlId())) {
            fields.add("origin access control");
        }
        DefaultCacheBehavior b = actual.defaultCacheBehavior();
        if (b == null || b.lambdaFunctionAssociations() == null
                || !b.lambdaFunctionAssociations().items().equals(wanted.defaultCacheBehavior()
                        .lambdaFunctionAssociations().items())) {
            fields.add("authorizer version");
        }
        if (b == null || !ORIGIN_ID.equals(b.targetOriginId()) || b.viewerProtocolPolicy() != ViewerProtocolPolicy.REDIRECT_TO_HTTPS
                || !Boolean.TRUE.equals(b.compress()) || !CACHING_OPTIMIZED.equals(b.cachePolicyId())
                || !SECURITY_HEADERS.equals(b.responseHeadersPolicyId())) {
            fields.add("cache behavior");
        }
        if (!Objects.equals(actual.customErrorResponses() == null ? List.of() : actual.customErrorResponses().items(),
                wanted.customErrorResponses().items())) {
            fields.add("error pages");
        }
        if (!new HashSet<>(actual.aliases() == null ? List.of() : actual.aliases().items())
                .equals(new HashSet<>(spec.aliases()))) {
            fields.add("aliases");
        }
        ViewerCertificate c = actual.viewerCertificate();
        boolean certificateOk = spec.certificateArn() == null
                ? c != null && Boolean.TRUE.equals(c.cloudFrontDefaultCertificate())
                : c != null && spec.certificateArn().equals(c.acmCertificateArn())
                        && c.minimumProtocolVersion() == MinimumProtocolVersion.TLS_V1_2_2021
                        && c.sslSupportMethod() == SSLSupportMethod.SNI_ONLY;
        if (!certificateOk) {
            fields.add("certificate");
        }
        if (!Boolean.TRUE.equals(actual.enabled()) || !"index.html".equals(actual.defaultRootObject())) {
            fields.add("root object");
        }
        if (actual.httpVersion() != HttpVersion.HTTP2_AND3 || !Boolean.TRUE.equals(actual.isIPV6Enabled())) {
            fields.add("protocols");
        }
        if (actual.priceClass() != PriceClass.fromValue(spec.priceClass())) {
            fields.add("price class");
        }
        return fields;
    }
}
