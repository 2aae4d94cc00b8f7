package dev.edgesite.core.policy;

import dev.edgesite.core.aws.AwsClients;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The resources one statement of the deployer policy covers, and the condition that narrows it.
 * Resources whose id AWS makes up at creation (distributions, origin access controls, certificates,
 * user pools) can only be named by account (and region); the note printed with the policy says so.
 */
enum Scope {
    UNSCOPED("Lookups", t -> List.of("*"), t -> Map.of(),
            "listing, CreateUserPool, RequestCertificate and DescribeUserPoolDomain name no resource,"
                    + " so they take \"*\""),
    BUCKET("SiteBucket", t -> List.of("arn:aws:s3:::" + t.bucket()), t -> Map.of(), null),
    OBJECTS("SiteObjects", t -> List.of("arn:aws:s3:::" + t.bucket() + "/*"), t -> Map.of(), null),
    DISTRIBUTIONS("Distributions", t -> List.of("arn:aws:cloudfront::" + t.account() + ":distribution/*"),
            t -> Map.of(), "a distribution's id is made at creation, so this covers the account's distributions"),
    ORIGIN_ACCESS_CONTROLS("OriginAccessControls",
            t -> List.of("arn:aws:cloudfront::" + t.account() + ":origin-access-control/*"), t -> Map.of(),
            "an origin access control's id is made at creation, so this covers the account's"),
    CERTIFICATES("Certificates",
            t -> List.of("arn:aws:acm:" + AwsClients.EDGE_REGION.id() + ":" + t.account() + ":certificate/*"),
            t -> Map.of(), "a certificate's id is made at creation, so this covers the account's in us-east-1"),
    HOSTED_ZONE("HostedZone", t -> List.of(t.zoneArn()), t -> Map.of(), null),
    RECORDS("SiteRecords", t -> List.of(t.zoneArn()), Scope::recordCondition,
            "limited to A, AAAA and CNAME records of the site's names and their ACM validation names"),
    USER_POOLS("UserPools",
            t -> List.of("arn:aws:cognito-idp:" + t.region() + ":" + t.account() + ":userpool/*"), t -> Map.of(),
            "a pool's id is made at creation, so this covers the account's pools in the stack's region"),
    FUNCTION("AuthorizerFunction", t -> List.of(t.functionArn(), t.functionArn() + ":*"), t -> Map.of(), null),
    ROLE("AuthorizerRole", t -> List.of(t.roleArn()), t -> Map.of(), null),
    PASS_ROLE("PassAuthorizerRole", t -> List.of(t.roleArn()),
            t -> Map.of("StringEquals", Map.of("iam:PassedToService", "lambda.amazonaws.com")), null),
    EDGE_SERVICE_ROLES("LambdaEdgeServiceRoles", t -> List.of(
                    "arn:aws:iam::" + t.account() + ":role/aws-service-role/replicator.lambda.amazonaws.com/"
                            + "AWSServiceRoleForLambdaReplicator",
                    "arn:aws:iam::" + t.account() + ":role/aws-service-role/logger.cloudfront.amazonaws.com/"
                            + "AWSServiceRoleForCloudFrontLogger"),
            t -> Map.of("StringEquals", Map.of("iam:AWSServiceName",
                    List.of("replicator.lambda.amazonaws.com", "logger.cloudfront.amazonaws.com"))),
            "the roles Lambda@Edge replication and logging need, made once per account");

    private final String sid;
    private final Function<Target, List<String>> resources;
    private final Function<Target, Map<String, Object>> condition;
    private final String note;

    Scope(String sid, Function<Target, List<String>> resources, Function<Target, Map<String, Object>> condition,
            String note) {
        this.sid = sid;
        this.resources = resources;
        this.condition = condition;
        this.note = note;
    }

    String sid() {
        return sid;
    }

    List<String> resources(Target target) {
        return resources.apply(target);
    }

    Map<String, Object> condition(Target target) {
        return condition.apply(target);
    }

    /** A word on the statement's reach, printed with the policy; null when it names exactly the stack's resource. */
    String note() {
        return note;
    }

    /** Route53 compares names lowercased, without the final dot; a validation name is {@code _<token>.<name>}. */
    private static Map<String, Object> recordCondition(Target target) {
        List<String> names = target.hostNames().stream().flatMap(h -> List.of(h, "_*." + h).stream()).toList();
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("ForAllValues:StringLike",
                Map.of("route53:ChangeResourceRecordSetsNormalizedRecordNames", names));
        condition.put("ForAllValues:StringEquals",
                Map.of("route53:ChangeResourceRecordSetsRecordTypes", List.of("A", "AAAA", "CNAME")));
        return condition;
    }
}
