package dev.edgesite.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.edgesite.core.authorizer.AuthorizerBundle;
import dev.edgesite.core.aws.AwsClients;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.acm.model.CertificateDetail;
import software.amazon.awssdk.services.acm.model.CertificateStatus;
import software.amazon.awssdk.services.acm.model.ValidationMethod;
import software.amazon.awssdk.services.cloudfront.model.Distribution;
import software.amazon.awssdk.services.cloudfront.model.GetInvalidationResponse;
import software.amazon.awssdk.services.cloudfront.model.OriginAccessControlOriginTypes;
import software.amazon.awssdk.services.cloudfront.model.OriginAccessControlSigningBehaviors;
import software.amazon.awssdk.services.cloudfront.model.OriginAccessControlSigningProtocols;
import software.amazon.awssdk.services.cloudfront.model.ViewerProtocolPolicy;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OAuthFlowType;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/** Real round trips through SDK v2 to each AWS service the plugin uses, on moto. */
@ExtendWith(MotoExtension.class)
class MotoSmokeTest {
    /** CloudFront's managed CachingOptimized cache policy. */
    private static final String CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6";
    /** The hosted zone every CloudFront alias record targets. */
    private static final String CLOUDFRONT_ZONE = "Z2FDTNDATAQYW2";

    @Test
    void s3BucketObjectPutAndGet(AwsClients aws) {
        aws.s3().createBucket(b -> b.bucket("smoke-site"));
        aws.s3().putObject(b -> b.bucket("smoke-site").key("docs/index.html").contentType("text/html; charset=utf-8"),
                RequestBody.fromString("<h1>hello</h1>"));

        var object = aws.s3().getObjectAsBytes(b -> b.bucket("smoke-site").key("docs/index.html"));

        assertEquals("<h1>hello</h1>", object.asUtf8String());
        assertEquals("text/html; charset=utf-8", object.response().contentType());
    }

    @Test
    void cloudFrontOriginAccessControlDistributionAndInvalidation(AwsClients aws) {
        var cf = aws.cloudFront();
        String oacId = cf.createOriginAccessControl(r -> r.originAccessControlConfig(c -> c.name("smoke-oac")
                .originAccessControlOriginType(OriginAccessControlOriginTypes.S3)
                .signingBehavior(OriginAccessControlSigningBehaviors.ALWAYS)
                .signingProtocol(OriginAccessControlSigningProtocols.SIGV4))).originAccessControl().id();

        Distribution created = cf.createDistribution(r -> r.distributionConfig(c -> c
                .callerReference("edgesite-smoke")
                .comment("smoke")
                .enabled(true)
                .defaultRootObject("index.html")
                .origins(o -> o.quantity(1).items(origin -> origin.id("site")
                        .domainName("smoke-site.s3.us-east-1.amazonaws.com")
                        .originAccessControlId(oacId)
                        .s3OriginConfig(s -> s.originAccessIdentity(""))))
                .defaultCacheBehavior(b -> b.targetOriginId("site")
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                        .cachePolicyId(CACHING_OPTIMIZED)
                        .compress(true)))).distribution();

        assertTrue(created.domainName().endsWith(".cloudfront.net"), created.domainName());
        var read = cf.getDistributionConfig(r -> r.id(created.id()));
        assertFalse(read.eTag().isBlank());
        assertEquals("index.html", read.distributionConfig().defaultRootObject());
        assertEquals(oacId, cf.getOriginAccessControl(r -> r.id(oacId)).originAccessControl().id());

        String invalidationId = cf.createInvalidation(r -> r.distributionId(created.id())
                .invalidationBatch(b -> b.callerReference("smoke-1")
                        .paths(p -> p.quantity(2).items("/index.html", "/docs/*")))).invalidation().id();
        GetInvalidationResponse done = null;
        for (int i = 0; i < 50 && done == null; i++) {
            var got = cf.getInvalidation(r -> r.distributionId(created.id()).id(invalidationId));
            // AWS says "Completed"; moto says "COMPLETED" (DEVIATIONS.md).
            if (got.invalidation().status().equalsIgnoreCase("completed")) {
                done = got;
            } else {
                ServerProcess.sleep(100);
            }
        }
        assertTrue(done != null, "invalidation never completed");
        assertEquals(Set.of("/index.html", "/docs/*"),
                Set.copyOf(done.invalidation().invalidationBatch().paths().items()));
    }

    @Test
    void acmCertificateRequestedAndIssued(AwsClients aws) {
        String arn = aws.acm().requestCertificate(r -> r.domainName("docs.example.com")
                .subjectAlternativeNames("docs.example.com", "www.docs.example.com")
                .validationMethod(ValidationMethod.DNS)
                .idempotencyToken("edgesitesmoke")).certificateArn();

        CertificateDetail cert = aws.acm().describeCertificate(r -> r.certificateArn(arn)).certificate();

        assertTrue(arn.startsWith("arn:aws:acm:us-east-1:"), arn);
        assertEquals(CertificateStatus.ISSUED, cert.status());
        assertEquals("docs.example.com", cert.domainName());
        assertEquals(Set.of("docs.example.com", "www.docs.example.com"), Set.copyOf(cert.subjectAlternativeNames()));
    }

    @Test
    void cognitoPoolClientDomainAndSignedInUsersTokenVerifiesAgainstJwks(MotoServer moto, AwsClients aws)
            throws Exception {
        var cognito = aws.cognito();
        String poolId = cognito.createUserPool(r -> r.poolName("smoke-pool")).userPool().id();
        String clientId = cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName("smoke-site")
                .generateSecret(false)
                .explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_ADMIN_USER_PASSWORD_AUTH,
                        ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH)
                .allowedOAuthFlowsUserPoolClient(true)
                .allowedOAuthFlows(OAuthFlowType.CODE)
                .allowedOAuthScopes("openid", "email", "profile")
                .supportedIdentityProviders("COGNITO")
                // AWS lets a client without ReadAttributes read every attribute; moto puts none in
                // the ID token then (DEVIATIONS.md), so name the ones the authorizer reads.
                .readAttributes("email", "email_verified")
                .callbackURLs("https://docs.example.com/_edgesite/callback")).userPoolClient().clientId();
        cognito.createUserPoolDomain(r -> r.userPoolId(poolId).domain("edgesite-smoke"));
        assertEquals(poolId, cognito.describeUserPoolDomain(r -> r.domain("edgesite-smoke"))
                .domainDescription().userPoolId());

        cognito.adminCreateUser(r -> r.userPoolId(poolId).username("alice")
                .messageAction(MessageActionType.SUPPRESS)
                .userAttributes(a -> a.name("email").value("alice@example.com")));
        cognito.adminSetUserPassword(r -> r.userPoolId(poolId).username("alice").password("Sm0ke-Test-Passw0rd!")
                .permanent(true));
        String idToken = cognito.adminInitiateAuth(r -> r.userPoolId(poolId).clientId(clientId)
                .authFlow(AuthFlowType.ADMIN_USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", "alice", "PASSWORD", "Sm0ke-Test-Passw0rd!")))
                .authenticationResult().idToken();

        JWKSet jwks = JWKSet.parse(get(moto.endpoint().resolve("/" + poolId + "/.well-known/jwks.json")));
        SignedJWT jwt = SignedJWT.parse(idToken);
        assertEquals(JWSAlgorithm.RS256, jwt.getHeader().getAlgorithm());
        RSAKey key = (RSAKey) jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertTrue(jwt.verify(new RSASSAVerifier(key)), "signature");
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        // moto signs with one key for every pool, so the claims are what tie the token to this pool.
        assertEquals("https://cognito-idp.us-east-1.amazonaws.com/" + poolId, claims.getIssuer());
        assertEquals(List.of(clientId), claims.getAudience());
        assertEquals("id", claims.getStringClaim("token_use"));
        assertEquals("alice@example.com", claims.getStringClaim("email"));
        assertTrue(claims.getExpirationTime().toInstant().isAfter(Instant.now()));
    }

    @Test
    void iamRoleForLambdaAtEdge(AwsClients aws) {
        var role = aws.iam().createRole(r -> r.roleName("smoke-authorizer").assumeRolePolicyDocument(EDGE_TRUST))
                .role();

        assertEquals(role.arn(), aws.iam().getRole(r -> r.roleName("smoke-authorizer")).role().arn());
        assertTrue(role.arn().endsWith(":role/smoke-authorizer"), role.arn());
    }

    @Test
    void lambdaFunctionFromTheAuthorizerBundleAndAPublishedVersion(AwsClients aws) {
        String roleArn = aws.iam().createRole(r -> r.roleName("smoke-authorizer").assumeRolePolicyDocument(EDGE_TRUST))
                .role().arn();
        byte[] zip = AuthorizerBundle.shipped().zip(Map.of("clientId", "smoke", "issuer", "https://issuer.example"));

        var created = aws.lambda().createFunction(r -> r.functionName("smoke-authorizer")
                .runtime(Runtime.NODEJS22_X)
                .handler("index.handler")
                .role(roleArn)
                .code(c -> c.zipFile(SdkBytes.fromByteArray(zip))));
        var version = aws.lambda().publishVersion(r -> r.functionName("smoke-authorizer"));

        assertEquals(AuthorizerBundle.codeSha256(zip), created.codeSha256());
        assertEquals("1", version.version());
        assertEquals(created.functionArn() + ":1", version.functionArn());
    }

    @Test
    void route53HostedZoneAndAliasRecord(AwsClients aws) {
        String zoneId = aws.route53().createHostedZone(r -> r.name("example.com").callerReference("edgesite-smoke"))
                .hostedZone().id();

        aws.route53().changeResourceRecordSets(r -> r.hostedZoneId(zoneId).changeBatch(b -> b.changes(c -> c
                .action(ChangeAction.UPSERT)
                .resourceRecordSet(s -> s.name("docs.example.com.").type(RRType.A)
                        .aliasTarget(t -> t.hostedZoneId(CLOUDFRONT_ZONE).dnsName("d111111abcdef8.cloudfront.net.")
                                .evaluateTargetHealth(false))))));

        ResourceRecordSet record = aws.route53().listResourceRecordSets(r -> r.hostedZoneId(zoneId))
                .resourceRecordSets().stream().filter(s -> s.type() == RRType.A).findFirst().orElseThrow();
        assertEquals("docs.example.com.", record.name());
        // moto drops the alias target's trailing dot (DEVIATIONS.md); AWS keeps it.
        assertEquals("d111111abcdef8.cloudfront.net", record.aliasTarget().dnsName().replaceAll("\\.$", ""));
        assertEquals(CLOUDFRONT_ZONE, record.aliasTarget().hostedZoneId());
    }

    static final String EDGE_TRUST = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":\
            ["lambda.amazonaws.com","edgelambda.amazonaws.com"]},"Action":"sts:AssumeRole"}]}""";

    private static String get(URI uri) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), uri + " answered " + r.body());
        return r.body();
    }
}
