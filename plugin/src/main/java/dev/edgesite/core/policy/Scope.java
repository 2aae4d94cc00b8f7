package dev.edgesite.core.policy;

import dev.edgesite.core.aws.Roles;
import dev.edgesite.core.aws.Tags;
import dev.edgesite.core.settings.Previews;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The resources one statement of a deployer policy covers, and the condition that narrows it.
 *
 * <p>Resources whose names edgesite chooses (bucket, function, role, hosted zone) are named by ARN. Those
 * whose id AWS makes up at creation are named by ARN once they exist and the policy was printed with AWS
 * at hand (the distribution), otherwise by the stack's tag where the service evaluates
 * {@code aws:ResourceTag} (user pools, distributions, certificates). Tagging rights only ever add the
 * stack's own tag keys, and on user pools only to a pool that already carries the stack's tag, so a
 * foreign pool cannot be pulled into the stack. Reads that finding the stack needs cover the account.
 */
enum Scope {
    UNSCOPED("Lookups", t -> List.of("*"), t -> Map.of(),
            "listings and DescribeUserPoolDomain name no resource, so they take \"*\"; they read, never write"),
    BUCKET("SiteBucket", t -> List.of("arn:aws:s3:::" + t.bucket()), t -> Map.of(), null),
    OBJECTS("SiteObjects", t -> List.of("arn:aws:s3:::" + t.bucket() + "/*"), t -> Map.of(), null),
    /** The previews' objects only: what a pull-request job may write, never the main site's. */
    PREVIEW_OBJECTS("PreviewObjects", t -> List.of("arn:aws:s3:::" + t.bucket() + "/" + Previews.KEY_PREFIX + "*"),
            t -> Map.of(), null),
    DISTRIBUTION_READS("ReadDistributions", t -> List.of(t.distributionPattern()), t -> Map.of(),
            "finding the stack's distribution reads the configuration of those that carry its comment"),
    DISTRIBUTION("Distribution", t -> List.of(t.distributionArn()), Scope::distributionCondition, null),
    CREATE_DISTRIBUTION("CreateDistribution", t -> List.of(t.distributionPattern()), t -> Map.of(),
            "a distribution's id is made at creation, so creating one cannot be narrowed to the stack"),
    TAG_NEW_DISTRIBUTION("TagDistribution", t -> List.of(t.distributionPattern()),
            t -> requestTagsOnly(t, List.of(Tags.STACK)),
            "CreateDistributionWithTags needs cloudfront:TagResource; it may add only the stack's tag"),
    ORIGIN_ACCESS_CONTROLS("OriginAccess",
            t -> List.of("arn:aws:cloudfront::" + t.account() + ":origin-access-control/*"), t -> Map.of(),
            "origin access controls carry no tags and get their id at creation, so these cover the account's"),
    CERTIFICATE_READS("ReadCertificates", t -> List.of(t.certificatePattern()), t -> Map.of(), null),
    CERTIFICATES("Certificate", t -> List.of(t.certificatePattern()), t -> resourceTag(t), null),
    TAG_NEW_CERTIFICATE("TagCertificate", t -> List.of(t.certificatePattern()),
            t -> requestTagsOnly(t, List.of(Tags.STACK)), null),
    RECORDS("SiteRecords", t -> List.of(t.zoneArn()), Scope::recordCondition,
            "changes limited to A, AAAA and CNAME records of the site's names and their ACM validation names"
                    + " (the conditions hold for a listing, which changes no record)"),
    CREATE_USER_POOL("CreateUserPool", t -> List.of("*"), t -> Map.of("StringEquals",
            Map.of("aws:RequestTag/" + Tags.STACK, t.stack())), null),
    USER_POOL_READS("ReadUserPools", t -> List.of(t.userPoolPattern()), t -> Map.of(),
            "finding the stack's pool describes the pools of its name in the stack's region (not their users)"),
    USER_POOL("UserPool", t -> List.of(t.userPoolPattern()), t -> resourceTag(t), null),
    TAG_USER_POOL("TagUserPool", t -> List.of(t.userPoolPattern()), Scope::poolTagCondition, null),
    FUNCTION("Function", t -> List.of(t.functionArn(), t.functionArn() + ":*"), t -> Map.of(), null),
    ROLE("Role", t -> List.of(t.roleArn()), t -> Map.of(), null),
    CREATE_ROLE("CreateRole", t -> List.of(t.roleArn()), Scope::createRoleCondition,
            "the role can only be made with AWSLambdaBasicExecutionRole as its permissions boundary"),
    TAG_ROLE("TagRole", t -> List.of(t.roleArn()), t -> requestTagsOnly(t, List.of(Tags.STACK)), null),
    ATTACH_ROLE_POLICY("AttachRolePolicy", t -> List.of(t.roleArn()), t -> Map.of("ArnEquals",
            Map.of("iam:PolicyARN", Roles.EXECUTION_POLICY_ARN)),
            "the only policy that may be attached is AWSLambdaBasicExecutionRole"),
    PASS_ROLE("PassRole", t -> List.of(t.roleArn()),
            t -> Map.of("StringEquals", Map.of("iam:PassedToService", "lambda.amazonaws.com")), null),
    EDGE_SERVICE_ROLES("EdgeServiceRoles",
            t -> List.of("arn:aws:iam::" + t.account() + ":role/aws-service-role/*"),
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
    String note(Target target) {
        if (this == DISTRIBUTION && target.distributionId() == null) {
            return "the distribution does not exist yet, so this covers those tagged for the stack; print the policy"
                    + " again once it exists and it names the distribution by ARN";
        }
        return note;
    }

    private static Map<String, Object> resourceTag(Target target) {
        return Map.of("StringEquals", Map.of("aws:ResourceTag/" + Tags.STACK, target.stack()));
    }

    /** Only these tag keys, and the stack's tag (when given) with the stack's value. */
    private static Map<String, Object> requestTagsOnly(Target target, List<String> keys) {
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("StringEquals", Map.of("aws:RequestTag/" + Tags.STACK, target.stack()));
        condition.put("ForAllValues:StringEquals", Map.of("aws:TagKeys", keys));
        return condition;
    }

    private static Map<String, Object> distributionCondition(Target target) {
        return target.distributionId() == null ? resourceTag(target) : Map.of();
    }

    /** Pools already tagged for the stack, and only the keys edgesite writes. */
    private static Map<String, Object> poolTagCondition(Target target) {
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("StringEquals", Map.of("aws:ResourceTag/" + Tags.STACK, target.stack()));
        condition.put("ForAllValues:StringEquals", Map.of("aws:TagKeys", List.of(Tags.STACK, Tags.LOGO)));
        return condition;
    }

    private static Map<String, Object> createRoleCondition(Target target) {
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("StringEquals", Map.of("iam:PermissionsBoundary", Roles.EXECUTION_POLICY_ARN,
                "aws:RequestTag/" + Tags.STACK, target.stack()));
        condition.put("ForAllValues:StringEquals", Map.of("aws:TagKeys", List.of(Tags.STACK)));
        return condition;
    }

    /**
     * Route53 compares names lowercased, without the final dot, other characters than letters, digits, hyphen and
     * underscore as octal escapes; a validation name is {@code _<token>.<name>}. The previews' wildcard
     * {@code *.preview.<site>} is then {@code \052.preview.<site>}, which the pattern's {@code *} matches, and ACM
     * validates it with the record of {@code preview.<site>}: {@code _<token>.preview.<site>}. Those two are covered
     * whenever there is a domain ({@link Target#recordNames()}).
     */
    private static Map<String, Object> recordCondition(Target target) {
        List<String> names = target.recordNames().stream().flatMap(h -> List.of(h,
                "_*." + (h.startsWith("*.") ? h.substring(2) : h)).stream()).toList();
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("ForAllValues:StringLike",
                Map.of("route53:ChangeResourceRecordSetsNormalizedRecordNames", names));
        condition.put("ForAllValues:StringEquals",
                Map.of("route53:ChangeResourceRecordSetsRecordTypes", List.of("A", "AAAA", "CNAME")));
        return condition;
    }
}
