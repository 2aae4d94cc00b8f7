package dev.edgesite.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.edgesite.core.authorizer.AuthorizerBundle;
import dev.edgesite.core.aws.AwsClients;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.acm.model.ValidationMethod;
import software.amazon.awssdk.services.cloudfront.model.OriginAccessControlOriginTypes;
import software.amazon.awssdk.services.cloudfront.model.OriginAccessControlSigningBehaviors;
import software.amazon.awssdk.services.cloudfront.model.OriginAccessControlSigningProtocols;
import software.amazon.awssdk.services.cloudfront.model.ViewerProtocolPolicy;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.TagResourceType;

/**
 * moto's call log (moto_server.py, {@link MotoServer#calls()}) with real SDK calls of every service the plugin
 * uses: each is logged where it arrives, in order, with its operation, and reads are told from writes, the
 * REST services' (by method and path) and Cognito's Admin* reads included.
 */
@ExtendWith(MotoExtension.class)
class MotoCallLogTest {
    private static final String CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6";
    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":[\"lambda.amazonaws.com\",\"edgelambda.amazonaws.com\"]},"
            + "\"Action\":\"sts:AssumeRole\"}]}";

    @Test
    void s3ByMethodAndQuery(MotoServer moto, AwsClients aws) {
        var s3 = aws.s3();
        s3.createBucket(r -> r.bucket("calls"));
        s3.putBucketTagging(r -> r.bucket("calls").tagging(t -> t.tagSet(s -> s.key("k").value("v"))));
        s3.putObject(r -> r.bucket("calls").key("a.txt"), RequestBody.fromString("a"));
        s3.headObject(r -> r.bucket("calls").key("a.txt"));
        s3.getObjectAsBytes(r -> r.bucket("calls").key("a.txt"));
        s3.listObjectsV2(r -> r.bucket("calls"));
        s3.getBucketTagging(r -> r.bucket("calls"));
        s3.copyObject(r -> r.sourceBucket("calls").sourceKey("a.txt").destinationBucket("calls").destinationKey("b.txt"));
        s3.deleteObjects(r -> r.bucket("calls").delete(d -> d.objects(o -> o.key("b.txt"))));
        s3.deleteObject(r -> r.bucket("calls").key("a.txt"));
        s3.listBuckets();
        s3.deleteBucket(r -> r.bucket("calls"));

        assertEquals(List.of(w("s3", "CreateBucket"), w("s3", "PutBucketTagging"), w("s3", "PutObject"),
                r("s3", "HeadObject"), r("s3", "GetObject"), r("s3", "ListObjectsV2"), r("s3", "GetBucketTagging"),
                w("s3", "CopyObject"), w("s3", "DeleteObjects"), w("s3", "DeleteObject"), r("s3", "ListBuckets"),
                w("s3", "DeleteBucket")), moto.calls());
        assertEquals(List.of(w("s3", "CreateBucket"), w("s3", "PutBucketTagging"), w("s3", "PutObject"),
                w("s3", "CopyObject"), w("s3", "DeleteObjects"), w("s3", "DeleteObject"), w("s3", "DeleteBucket")),
                moto.writes());
    }

    @Test
    void cloudFrontByMethodAndPath(MotoServer moto, AwsClients aws) {
        var cf = aws.cloudFront();
        String oac = cf.createOriginAccessControl(r -> r.originAccessControlConfig(c -> c.name("calls")
                .originAccessControlOriginType(OriginAccessControlOriginTypes.S3)
                .signingBehavior(OriginAccessControlSigningBehaviors.ALWAYS)
                .signingProtocol(OriginAccessControlSigningProtocols.SIGV4))).originAccessControl().id();
        cf.listOriginAccessControls(r -> {});
        cf.getOriginAccessControl(r -> r.id(oac));
        var created = cf.createDistributionWithTags(r -> r.distributionConfigWithTags(d -> d
                .tags(t -> t.items(tag -> tag.key("edgesite:stack").value("calls")))
                .distributionConfig(c -> c.callerReference("calls").comment("calls").enabled(true)
                        .origins(o -> o.quantity(1).items(origin -> origin.id("site")
                                .domainName("calls.s3.us-east-1.amazonaws.com").originAccessControlId(oac)
                                .s3OriginConfig(s -> s.originAccessIdentity(""))))
                        .defaultCacheBehavior(b -> b.targetOriginId("site")
                                .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                                .cachePolicyId(CACHING_OPTIMIZED))))).distribution();
        String id = created.id();
        cf.listDistributions(r -> {});
        cf.getDistribution(r -> r.id(id));
        var config = cf.getDistributionConfig(r -> r.id(id));
        cf.updateDistribution(r -> r.id(id).ifMatch(config.eTag())
                .distributionConfig(config.distributionConfig().toBuilder().enabled(false).build()));
        String invalidation = cf.createInvalidation(r -> r.distributionId(id).invalidationBatch(b -> b
                .callerReference("calls-1").paths(p -> p.quantity(1).items("/*")))).invalidation().id();
        cf.getInvalidation(r -> r.distributionId(id).id(invalidation));
        cf.listInvalidations(r -> r.distributionId(id));
        cf.listTagsForResource(r -> r.resource(created.arn()));
        cf.tagResource(r -> r.resource(created.arn()).tags(t -> t.items(tag -> tag.key("more").value("x"))));
        cf.untagResource(r -> r.resource(created.arn()).tagKeys(k -> k.items("more")));
        cf.deleteDistribution(r -> r.id(id).ifMatch(config.eTag()));
        cf.deleteOriginAccessControl(r -> r.id(oac).ifMatch("E1"));

        String s = "cloudfront";
        assertEquals(List.of(w(s, "CreateOriginAccessControl"), r(s, "ListOriginAccessControls"),
                r(s, "GetOriginAccessControl"), w(s, "CreateDistributionWithTags"), r(s, "ListDistributions"),
                r(s, "GetDistribution"), r(s, "GetDistributionConfig"), w(s, "UpdateDistribution"),
                w(s, "CreateInvalidation"), r(s, "GetInvalidation"), r(s, "ListInvalidations"),
                r(s, "ListTagsForResource"), w(s, "TagResource"), w(s, "UntagResource"), w(s, "DeleteDistribution"),
                w(s, "DeleteOriginAccessControl")), moto.calls());
    }

    @Test
    void cognitoByTargetWithItsAdminReads(MotoServer moto, AwsClients aws) {
        var cognito = aws.cognito();
        String pool = cognito.createUserPool(r -> r.poolName("calls")).userPool().id();
        cognito.describeUserPool(r -> r.userPoolId(pool));
        cognito.listUserPools(r -> r.maxResults(10));
        cognito.createGroup(r -> r.userPoolId(pool).groupName("staff"));
        cognito.getGroup(r -> r.userPoolId(pool).groupName("staff"));
        cognito.adminCreateUser(r -> r.userPoolId(pool).username("jane@example.com"));
        cognito.adminGetUser(r -> r.userPoolId(pool).username("jane@example.com"));
        cognito.adminAddUserToGroup(r -> r.userPoolId(pool).username("jane@example.com").groupName("staff"));
        cognito.adminListGroupsForUser(r -> r.userPoolId(pool).username("jane@example.com"));
        cognito.listUsers(r -> r.userPoolId(pool));
        cognito.deleteUserPool(r -> r.userPoolId(pool));

        String s = "cognito-idp";
        assertEquals(List.of(w(s, "CreateUserPool"), r(s, "DescribeUserPool"), r(s, "ListUserPools"),
                w(s, "CreateGroup"), r(s, "GetGroup"), w(s, "AdminCreateUser"), r(s, "AdminGetUser"),
                w(s, "AdminAddUserToGroup"), r(s, "AdminListGroupsForUser"), r(s, "ListUsers"),
                w(s, "DeleteUserPool")), moto.calls());
    }

    @Test
    void lambdaByMethodAndPath(MotoServer moto, AwsClients aws) {
        String role = aws.iam().createRole(r -> r.roleName("calls").assumeRolePolicyDocument(TRUST)).role().arn();
        byte[] zip = AuthorizerBundle.shipped().zip(Map.of("clientId", "calls", "issuer", "https://issuer.example"));
        moto.clearCalls();
        var lambda = aws.lambda();
        String arn = lambda.createFunction(r -> r.functionName("calls").runtime(Runtime.NODEJS22_X)
                .handler("index.handler").role(role).code(c -> c.zipFile(SdkBytes.fromByteArray(zip))))
                .functionArn();
        lambda.getFunction(r -> r.functionName("calls"));
        lambda.listFunctions();
        lambda.updateFunctionConfiguration(r -> r.functionName("calls").description("calls"));
        lambda.publishVersion(r -> r.functionName("calls"));
        lambda.listVersionsByFunction(r -> r.functionName("calls"));
        lambda.tagResource(r -> r.resource(arn).tags(Map.of("k", "v")));
        lambda.listTags(r -> r.resource(arn));
        lambda.deleteFunction(r -> r.functionName("calls"));

        String s = "lambda";
        assertEquals(List.of(w(s, "CreateFunction"), r(s, "GetFunction"), r(s, "ListFunctions"),
                w(s, "UpdateFunctionConfiguration"), w(s, "PublishVersion"), r(s, "ListVersionsByFunction"),
                w(s, "TagResource"), r(s, "ListTags"), w(s, "DeleteFunction")), moto.calls());
    }

    @Test
    void iamAndStsByAction(MotoServer moto, AwsClients aws) {
        var iam = aws.iam();
        String managed = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";
        iam.createRole(r -> r.roleName("calls").assumeRolePolicyDocument(TRUST));
        iam.getRole(r -> r.roleName("calls"));
        iam.listRoles();
        iam.putRolePolicy(r -> r.roleName("calls").policyName("inline").policyDocument("{\"Version\":\"2012-10-17\","
                + "\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}"));
        iam.listRolePolicies(r -> r.roleName("calls"));
        iam.attachRolePolicy(r -> r.roleName("calls").policyArn(managed));
        iam.listAttachedRolePolicies(r -> r.roleName("calls"));
        iam.detachRolePolicy(r -> r.roleName("calls").policyArn(managed));
        iam.deleteRolePolicy(r -> r.roleName("calls").policyName("inline"));
        iam.deleteRole(r -> r.roleName("calls"));
        aws.sts().getCallerIdentity();

        String s = "iam";
        assertEquals(List.of(w(s, "CreateRole"), r(s, "GetRole"), r(s, "ListRoles"), w(s, "PutRolePolicy"),
                r(s, "ListRolePolicies"), w(s, "AttachRolePolicy"), r(s, "ListAttachedRolePolicies"),
                w(s, "DetachRolePolicy"), w(s, "DeleteRolePolicy"), w(s, "DeleteRole"),
                r("sts", "GetCallerIdentity")), moto.calls());
    }

    @Test
    void route53ByMethodAndPathWithAPostThatReads(MotoServer moto, AwsClients aws) {
        var route53 = aws.route53();
        String zone = route53.createHostedZone(r -> r.name("example.com").callerReference("calls")).hostedZone().id()
                .replace("/hostedzone/", "");
        route53.listHostedZones();
        route53.listHostedZonesByName(r -> r.dnsName("example.com"));
        route53.getHostedZone(r -> r.id(zone));
        String change = route53.changeResourceRecordSets(r -> r.hostedZoneId(zone).changeBatch(b -> b.changes(c -> c
                .action("UPSERT").resourceRecordSet(set -> set.name("www.example.com").type(RRType.CNAME).ttl(60L)
                        .resourceRecords(v -> v.value("example.org")))))).changeInfo().id().replace("/change/", "");
        route53.getChange(r -> r.id(change));
        route53.listResourceRecordSets(r -> r.hostedZoneId(zone));
        route53.changeTagsForResource(r -> r.resourceType(TagResourceType.HOSTEDZONE).resourceId(zone)
                .addTags(t -> t.key("k").value("v")));
        route53.listTagsForResource(r -> r.resourceType(TagResourceType.HOSTEDZONE).resourceId(zone));
        route53.listTagsForResources(r -> r.resourceType(TagResourceType.HOSTEDZONE).resourceIds(zone));
        route53.changeResourceRecordSets(r -> r.hostedZoneId(zone).changeBatch(b -> b.changes(c -> c
                .action("DELETE").resourceRecordSet(set -> set.name("www.example.com").type(RRType.CNAME).ttl(60L)
                        .resourceRecords(v -> v.value("example.org"))))));
        route53.deleteHostedZone(r -> r.id(zone));

        String s = "route53";
        assertEquals(List.of(w(s, "CreateHostedZone"), r(s, "ListHostedZones"), r(s, "ListHostedZonesByName"),
                r(s, "GetHostedZone"), w(s, "ChangeResourceRecordSets"), r(s, "GetChange"),
                r(s, "ListResourceRecordSets"), w(s, "ChangeTagsForResource"), r(s, "ListTagsForResource"),
                r(s, "ListTagsForResources"), w(s, "ChangeResourceRecordSets"), w(s, "DeleteHostedZone")),
                moto.calls());
    }

    @Test
    void acmByTarget(MotoServer moto, AwsClients aws) {
        var acm = aws.acm();
        String arn = acm.requestCertificate(r -> r.domainName("calls.example.com")
                .validationMethod(ValidationMethod.DNS)).certificateArn();
        acm.describeCertificate(r -> r.certificateArn(arn));
        acm.listCertificates(r -> {});
        acm.addTagsToCertificate(r -> r.certificateArn(arn).tags(t -> t.key("k").value("v")));
        acm.listTagsForCertificate(r -> r.certificateArn(arn));
        acm.deleteCertificate(r -> r.certificateArn(arn));

        String s = "acm";
        assertEquals(List.of(w(s, "RequestCertificate"), r(s, "DescribeCertificate"), r(s, "ListCertificates"),
                w(s, "AddTagsToCertificate"), r(s, "ListTagsForCertificate"), w(s, "DeleteCertificate")),
                moto.calls());
    }

    @Test
    void clearedByClearCallsAndByReset(MotoServer moto, AwsClients aws) {
        aws.s3().listBuckets();
        assertEquals(List.of(r("s3", "ListBuckets")), moto.calls());

        moto.clearCalls();
        assertEquals(List.of(), moto.calls());

        aws.s3().createBucket(r -> r.bucket("calls"));
        moto.reset();
        assertEquals(List.of(), moto.calls());
    }

    private static MotoServer.Call r(String service, String operation) {
        return new MotoServer.Call(service, operation, false);
    }

    private static MotoServer.Call w(String service, String operation) {
        return new MotoServer.Call(service, operation, true);
    }
}
