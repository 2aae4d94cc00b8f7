package dev.edgesite.core.policy;

import static dev.edgesite.core.policy.Scope.*;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The IAM actions every AWS operation the goals call needs, by SDK operation ({@code Service.Operation}).
 * An operation that creates with tags also needs the service's tagging action; CloudFront associating
 * or releasing a Lambda@Edge version needs the replication actions on that version.
 */
final class Permissions {
    /** One IAM action on the resources of a scope. */
    record Permission(Scope scope, String action) {}

    private static final Map<String, List<Permission>> BY_OPERATION = Map.ofEntries(
            operation("Sts.GetCallerIdentity"),

            operation("S3.HeadBucket", on(BUCKET, "s3:ListBucket")),
            operation("S3.CreateBucket", on(BUCKET, "s3:CreateBucket", "s3:PutBucketOwnershipControls")),
            operation("S3.GetBucketTagging", on(BUCKET, "s3:GetBucketTagging")),
            operation("S3.PutBucketTagging", on(BUCKET, "s3:PutBucketTagging")),
            operation("S3.GetPublicAccessBlock", on(BUCKET, "s3:GetBucketPublicAccessBlock")),
            operation("S3.PutPublicAccessBlock", on(BUCKET, "s3:PutBucketPublicAccessBlock")),
            operation("S3.GetBucketOwnershipControls", on(BUCKET, "s3:GetBucketOwnershipControls")),
            operation("S3.PutBucketOwnershipControls", on(BUCKET, "s3:PutBucketOwnershipControls")),
            operation("S3.GetBucketEncryption", on(BUCKET, "s3:GetEncryptionConfiguration")),
            operation("S3.PutBucketEncryption", on(BUCKET, "s3:PutEncryptionConfiguration")),
            operation("S3.GetBucketPolicy", on(BUCKET, "s3:GetBucketPolicy")),
            operation("S3.PutBucketPolicy", on(BUCKET, "s3:PutBucketPolicy")),
            operation("S3.ListObjectsV2", on(BUCKET, "s3:ListBucket")),
            operation("S3.ListObjectVersions", on(BUCKET, "s3:ListBucketVersions")),
            operation("S3.ListMultipartUploads", on(BUCKET, "s3:ListBucketMultipartUploads")),
            operation("S3.DeleteBucket", on(BUCKET, "s3:DeleteBucket")),
            operation("S3.GetObject", on(OBJECTS, "s3:GetObject")),
            operation("S3.HeadObject", on(OBJECTS, "s3:GetObject")),
            operation("S3.PutObject", on(OBJECTS, "s3:PutObject")),
            operation("S3.CopyObject", on(OBJECTS, "s3:GetObject", "s3:PutObject")),
            operation("S3.CreateMultipartUpload", on(OBJECTS, "s3:PutObject")),
            operation("S3.UploadPart", on(OBJECTS, "s3:PutObject")),
            operation("S3.CompleteMultipartUpload", on(OBJECTS, "s3:PutObject")),
            operation("S3.AbortMultipartUpload", on(OBJECTS, "s3:AbortMultipartUpload")),
            operation("S3.DeleteObjects", on(OBJECTS, "s3:DeleteObject", "s3:DeleteObjectVersion")),

            operation("CloudFront.ListDistributions", on(UNSCOPED, "cloudfront:ListDistributions")),
            operation("CloudFront.GetDistribution", on(DISTRIBUTION_READS, "cloudfront:GetDistribution")),
            operation("CloudFront.GetDistributionConfig", on(DISTRIBUTION_READS, "cloudfront:GetDistributionConfig")),
            operation("CloudFront.CreateDistributionWithTags",
                    on(CREATE_DISTRIBUTION, "cloudfront:CreateDistribution"),
                    on(TAG_NEW_DISTRIBUTION, "cloudfront:TagResource"),
                    on(FUNCTION, "lambda:GetFunction", "lambda:EnableReplication"),
                    on(EDGE_SERVICE_ROLES, "iam:CreateServiceLinkedRole")),
            operation("CloudFront.UpdateDistribution",
                    on(DISTRIBUTION, "cloudfront:UpdateDistribution"),
                    on(FUNCTION, "lambda:GetFunction", "lambda:EnableReplication", "lambda:DisableReplication"),
                    on(EDGE_SERVICE_ROLES, "iam:CreateServiceLinkedRole")),
            operation("CloudFront.DeleteDistribution",
                    on(DISTRIBUTION, "cloudfront:DeleteDistribution"),
                    on(FUNCTION, "lambda:DisableReplication")),
            operation("CloudFront.CreateInvalidation", on(DISTRIBUTION, "cloudfront:CreateInvalidation")),
            operation("CloudFront.GetInvalidation", on(DISTRIBUTION, "cloudfront:GetInvalidation")),
            operation("CloudFront.ListOriginAccessControls", on(UNSCOPED, "cloudfront:ListOriginAccessControls")),
            operation("CloudFront.CreateOriginAccessControl",
                    on(ORIGIN_ACCESS_CONTROLS, "cloudfront:CreateOriginAccessControl")),
            operation("CloudFront.GetOriginAccessControl",
                    on(ORIGIN_ACCESS_CONTROLS, "cloudfront:GetOriginAccessControl")),
            operation("CloudFront.DeleteOriginAccessControl",
                    on(ORIGIN_ACCESS_CONTROLS, "cloudfront:DeleteOriginAccessControl")),

            operation("Acm.ListCertificates", on(UNSCOPED, "acm:ListCertificates")),
            operation("Acm.RequestCertificate", on(UNSCOPED, "acm:RequestCertificate"),
                    on(TAG_NEW_CERTIFICATE, "acm:AddTagsToCertificate")),
            operation("Acm.DescribeCertificate", on(CERTIFICATE_READS, "acm:DescribeCertificate")),
            operation("Acm.ListTagsForCertificate", on(CERTIFICATE_READS, "acm:ListTagsForCertificate")),
            operation("Acm.DeleteCertificate", on(CERTIFICATES, "acm:DeleteCertificate")),

            operation("Route53.ListHostedZonesByName", on(UNSCOPED, "route53:ListHostedZonesByName")),
            operation("Route53.ListResourceRecordSets", on(RECORDS, "route53:ListResourceRecordSets")),
            operation("Route53.ChangeResourceRecordSets", on(RECORDS, "route53:ChangeResourceRecordSets")),

            operation("CognitoIdentityProvider.ListUserPools", on(UNSCOPED, "cognito-idp:ListUserPools")),
            operation("CognitoIdentityProvider.DescribeUserPoolDomain",
                    on(UNSCOPED, "cognito-idp:DescribeUserPoolDomain")),
            operation("CognitoIdentityProvider.CreateUserPool", on(CREATE_USER_POOL, "cognito-idp:CreateUserPool")),
            operation("CognitoIdentityProvider.DescribeUserPool", on(USER_POOL_READS, "cognito-idp:DescribeUserPool")),
            operation("CognitoIdentityProvider.UpdateUserPool",
                    on(USER_POOL, "cognito-idp:UpdateUserPool"), on(TAG_USER_POOL, "cognito-idp:TagResource")),
            operation("CognitoIdentityProvider.DeleteUserPool", on(USER_POOL, "cognito-idp:DeleteUserPool")),
            operation("CognitoIdentityProvider.ListUserPoolClients",
                    on(USER_POOL, "cognito-idp:ListUserPoolClients")),
            operation("CognitoIdentityProvider.DescribeUserPoolClient",
                    on(USER_POOL, "cognito-idp:DescribeUserPoolClient")),
            operation("CognitoIdentityProvider.CreateUserPoolClient",
                    on(USER_POOL, "cognito-idp:CreateUserPoolClient")),
            operation("CognitoIdentityProvider.UpdateUserPoolClient",
                    on(USER_POOL, "cognito-idp:UpdateUserPoolClient")),
            operation("CognitoIdentityProvider.CreateUserPoolDomain",
                    on(USER_POOL, "cognito-idp:CreateUserPoolDomain")),
            operation("CognitoIdentityProvider.DeleteUserPoolDomain",
                    on(USER_POOL, "cognito-idp:DeleteUserPoolDomain")),
            operation("CognitoIdentityProvider.SetUICustomization",
                    on(USER_POOL, "cognito-idp:SetUICustomization")),
            operation("CognitoIdentityProvider.TagResource", on(TAG_USER_POOL, "cognito-idp:TagResource")),
            operation("CognitoIdentityProvider.ListUsers", on(USER_POOL, "cognito-idp:ListUsers")),
            operation("CognitoIdentityProvider.AdminCreateUser", on(USER_POOL, "cognito-idp:AdminCreateUser")),
            operation("CognitoIdentityProvider.AdminGetUser", on(USER_POOL, "cognito-idp:AdminGetUser")),
            operation("CognitoIdentityProvider.AdminListGroupsForUser",
                    on(USER_POOL, "cognito-idp:AdminListGroupsForUser")),
            operation("CognitoIdentityProvider.AdminAddUserToGroup",
                    on(USER_POOL, "cognito-idp:AdminAddUserToGroup")),
            operation("CognitoIdentityProvider.GetGroup", on(USER_POOL, "cognito-idp:GetGroup")),
            operation("CognitoIdentityProvider.CreateGroup", on(USER_POOL, "cognito-idp:CreateGroup")),
            operation("CognitoIdentityProvider.DescribeIdentityProvider",
                    on(USER_POOL, "cognito-idp:DescribeIdentityProvider")),
            operation("CognitoIdentityProvider.CreateIdentityProvider",
                    on(USER_POOL, "cognito-idp:CreateIdentityProvider")),
            operation("CognitoIdentityProvider.UpdateIdentityProvider",
                    on(USER_POOL, "cognito-idp:UpdateIdentityProvider")),
            operation("CognitoIdentityProvider.DeleteIdentityProvider",
                    on(USER_POOL, "cognito-idp:DeleteIdentityProvider")),
            operation("CognitoIdentityProvider.AddCustomAttributes", on(USER_POOL, "cognito-idp:AddCustomAttributes")),

            operation("Iam.GetRole", on(ROLE, "iam:GetRole")),
            operation("Iam.CreateRole", on(CREATE_ROLE, "iam:CreateRole"), on(TAG_ROLE, "iam:TagRole")),
            operation("Iam.AttachRolePolicy", on(ATTACH_ROLE_POLICY, "iam:AttachRolePolicy")),
            operation("Iam.ListRolePolicies", on(ROLE, "iam:ListRolePolicies")),
            operation("Iam.DeleteRolePolicy", on(ROLE, "iam:DeleteRolePolicy")),
            operation("Iam.ListAttachedRolePolicies", on(ROLE, "iam:ListAttachedRolePolicies")),
            operation("Iam.DetachRolePolicy", on(ROLE, "iam:DetachRolePolicy")),
            operation("Iam.DeleteRole", on(ROLE, "iam:DeleteRole")),

            operation("Lambda.GetFunction", on(FUNCTION, "lambda:GetFunction")),
            operation("Lambda.CreateFunction", on(FUNCTION, "lambda:CreateFunction", "lambda:TagResource"),
                    on(PASS_ROLE, "iam:PassRole")),
            operation("Lambda.UpdateFunctionCode", on(FUNCTION, "lambda:UpdateFunctionCode")),
            operation("Lambda.UpdateFunctionConfiguration", on(FUNCTION, "lambda:UpdateFunctionConfiguration"),
                    on(PASS_ROLE, "iam:PassRole")),
            operation("Lambda.PublishVersion", on(FUNCTION, "lambda:PublishVersion")),
            operation("Lambda.ListVersionsByFunction", on(FUNCTION, "lambda:ListVersionsByFunction")),
            operation("Lambda.DeleteFunction", on(FUNCTION, "lambda:DeleteFunction")));

    private Permissions() {}

    /** The permissions an operation needs; empty for one that needs none, absent for one not listed here. */
    static Optional<List<Permission>> of(String operation) {
        return Optional.ofNullable(BY_OPERATION.get(operation));
    }

    /**
     * What sync, invalidate and deploy call: they find the stack (its bucket, its distribution by comment),
     * read and write the bucket's objects and invalidate the distribution; nothing else.
     */
    private static final Set<String> PUBLISH = Set.of(
            "Sts.GetCallerIdentity",
            "S3.HeadBucket", "S3.ListObjectsV2", "S3.GetObject", "S3.HeadObject", "S3.PutObject", "S3.CopyObject",
            "S3.CreateMultipartUpload", "S3.UploadPart", "S3.CompleteMultipartUpload", "S3.AbortMultipartUpload",
            "S3.DeleteObjects",
            "CloudFront.ListDistributions", "CloudFront.GetDistributionConfig",
            "CloudFront.CreateInvalidation", "CloudFront.GetInvalidation");

    /** What only publishing calls: plan, provision, destroy and invite never upload or invalidate. */
    private static final Set<String> PUBLISH_ONLY = Set.of("S3.CopyObject", "S3.CreateMultipartUpload",
            "S3.UploadPart", "S3.CompleteMultipartUpload", "CloudFront.CreateInvalidation",
            "CloudFront.GetInvalidation");

    /** The permissions of every operation the goals of one policy call. */
    static Collection<List<Permission>> of(DeployerPolicy.Kind kind) {
        return BY_OPERATION.entrySet().stream().filter(e -> calledBy(kind, e.getKey()))
                .map(Map.Entry::getValue).toList();
    }

    /** Whether the goals of this policy call the operation. */
    static boolean calledBy(DeployerPolicy.Kind kind, String operation) {
        return BY_OPERATION.containsKey(operation)
                && (kind == DeployerPolicy.Kind.PROVISION ? !PUBLISH_ONLY.contains(operation) : PUBLISH.contains(operation));
    }

    @SafeVarargs
    private static Map.Entry<String, List<Permission>> operation(String name, List<Permission>... needs) {
        return Map.entry(name, Stream.of(needs).flatMap(List::stream).toList());
    }

    private static List<Permission> on(Scope scope, String... actions) {
        return Stream.of(actions).map(a -> new Permission(scope, a)).toList();
    }
}
