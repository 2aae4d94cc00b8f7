package dev.edgesite.core.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.cloudfront.model.HttpVersion;
import software.amazon.awssdk.services.cloudfront.model.Origin;
import software.amazon.awssdk.services.cloudfront.model.ViewerProtocolPolicy;

/** The distribution's wanted config and its drift, as pure functions of what was read. */
class DistributionsTest {
    private static final Distributions.Spec SPEC = new Distributions.Spec("docs",
            "edgesite-docs-1.s3.us-west-2.amazonaws.com", "E2OAC", "arn:aws:lambda:us-east-1:1:function:f:3",
            List.of("docs.example.com"), "arn:aws:acm:us-east-1:1:certificate/c", true, "PriceClass_100");

    @Test
    void theWantedConfigHasNoDrift() {
        DistributionConfig wanted = Distributions.desired(DistributionConfig.builder().build(), SPEC);

        assertEquals(List.of(), Distributions.drift(wanted, SPEC));
        assertEquals("edgesite-docs", wanted.callerReference());
        assertEquals("edgesite:docs", wanted.comment());
        assertEquals(2, wanted.customErrorResponses().quantity());
        assertEquals(HttpVersion.HTTP2_AND3, wanted.httpVersion());
    }

    @Test
    void eachOwnedSettingIsNamedWhenItDrifts() {
        DistributionConfig wanted = Distributions.desired(DistributionConfig.builder().build(), SPEC);
        DistributionConfig drifted = wanted.toBuilder()
                .aliases(a -> a.quantity(1).items("old.example.com"))
                .httpVersion(HttpVersion.HTTP2)
                .defaultCacheBehavior(wanted.defaultCacheBehavior().toBuilder()
                        .viewerProtocolPolicy(ViewerProtocolPolicy.ALLOW_ALL)
                        .lambdaFunctionAssociations(l -> l.quantity(0).items(List.of())).build())
                .build();

        assertEquals(List.of("authorizer version", "cache behavior", "aliases", "protocols"),
                Distributions.drift(drifted, SPEC));
        assertEquals(List.of("error pages"), Distributions.drift(wanted, withoutErrorPage()));
        assertEquals(List.of("origin access control"), Distributions.drift(wanted, withOac("E2OTHER")));
    }

    @Test
    void anUpdateKeepsWhatEdgesiteDoesNotOwn() {
        DistributionConfig wanted = Distributions.desired(DistributionConfig.builder().build(), SPEC);
        Origin extra = Origin.builder().id("api").domainName("api.example.com").build();
        DistributionConfig read = wanted.toBuilder()
                .webACLId("arn:aws:wafv2:us-east-1:1:global/webacl/x")
                .origins(o -> o.quantity(2).items(wanted.origins().items().get(0), extra))
                .build();

        DistributionConfig updated = Distributions.desired(read, withOac("E2NEW"));

        assertEquals("arn:aws:wafv2:us-east-1:1:global/webacl/x", updated.webACLId());
        assertEquals(List.of("site-bucket", "api"), updated.origins().items().stream().map(Origin::id).toList());
        assertEquals("E2NEW", updated.origins().items().get(0).originAccessControlId());
    }

    private static Distributions.Spec withoutErrorPage() {
        return new Distributions.Spec(SPEC.stack(), SPEC.originDomain(), SPEC.oacId(), SPEC.functionVersionArn(),
                SPEC.aliases(), SPEC.certificateArn(), false, SPEC.priceClass());
    }

    private static Distributions.Spec withOac(String oac) {
        return new Distributions.Spec(SPEC.stack(), SPEC.originDomain(), oac, SPEC.functionVersionArn(),
                SPEC.aliases(), SPEC.certificateArn(), SPEC.has404(), SPEC.priceClass());
    }
}
