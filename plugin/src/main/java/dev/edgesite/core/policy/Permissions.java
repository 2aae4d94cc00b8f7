package dev.edgesite.core.policy;

import static dev.edgesite.core.policy.Scope.BUCKET;
import static dev.edgesite.core.policy.Scope.CERTIFICATES;
import static dev.edgesite.core.policy.Scope.DISTRIBUTIONS;
import static dev.edgesite.core.policy.Scope.EDGE_SERVICE_ROLES;
import static dev.edgesite.core.policy.Scope.FUNCTION;
import static dev.edgesite.core.policy.Scope.HOSTED_ZONE;
import static dev.edgesite.core.policy.Scope.OBJECTS;
import static dev.edgesite.core.policy.Scope.ORIGIN_ACCESS_CONTROLS;
import static dev.edgesite.core.policy.Scope.PASS_ROLE;
import static dev.edgesite.core.policy.Scope.RECORDS;
import static dev.edgesite.core.policy.Scope.ROLE;
import static dev.edgesite.core.policy.Scope.UNSCOPED;
import static dev.edgesite.core.policy.Scope.USER_POOLS;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
            operation("CloudFront.GetDistribution", on(DISTRIBUTIONS, "cloudfront:GetDistribution")),
            operation("CloudFront.GetDistributionConfig", on(DISTRIBUTIONS, "cloudfront:GetDistributionConfig")),
            operation("CloudFront.CreateDistributionWithTags",
                    on(DISTRIBUTIONS, "cloudfront:CreateDistribution", "cloudfront:TagResource"),
                    on(FUNCTION, "lambda:GetFunction", "lambda:EnableReplication*"),
                    on(EDGE_SERVICE_ROLES, "iam:CreateServiceLinkedRole")),
            operation("CloudFront.UpdateDistribution",
                    on(DISTRIBUTIONS, "cloudfront:UpdateDistribution"),
                    on(FUNCTION, "lambda:GetFunction", "lambda:EnableReplication*", "lambda:DisableReplication*"),
                    on(EDGE_SERVICE_ROLES, "iam:CreateServiceLinkedRole")),
            operation("CloudFront.DeleteDistribution",
                    on(DISTRIBUTIONS, "cloudfront:DeleteDistribution"),
                    on(FUNCTION, "lambda:DisableReplication*")),
            operation("CloudFront.CreateInvalidation", on(DISTRIBUTIONS, "cloudfront:CreateInvalidation")),
            operation("CloudFront.GetInvalidation", on(DISTRIBUTIONS, "cloudfront:GetInvalidation")),
            operation("CloudFront.ListOriginAccessControls", on(UNSCOPED, "cloudfront:ListOriginAccessControls")),
            operation("CloudFront.CreateOriginAccessControl",
                    on(ORIGIN_ACCESS_CONTROLS, "cloudfront:CreateOriginAccessControl")),
            operation("CloudFront.GetOriginAccessControl",
                    on(ORIGIN_ACCESS_CONTROLS, "cloudfront:GetOriginAccessControl")),
            operation("CloudFront.DeleteOriginAccessControl",
                    on(ORIGIN_ACCESS_CONTROLS, "cloudfront:DeleteOriginAccessControl")),

            operation("Acm.ListCertificates", on(UNSCOPED, "acm:ListCertificates")),
            operation("Acm.RequestCertificate", on(UNSCOPED, "acm:RequestCertificate"),
                    on(CERTIFICATES, "acm:AddTagsToCertificate")),
            operation("Acm.DescribeCertificate", on(CERTIFICATES, "acm:DescribeCertificate")),
            operation("Acm.ListTagsForCertificate", on(CERTIFICATES, "acm:ListTagsForCertificate")),
            operation("Acm.DeleteCertificate", on(CERTIFICATES, "acm:DeleteCertificate")),

            operation("Route53.ListHostedZonesByName", on(UNSCOPED, "route53:ListHostedZonesByName")),
            operation("Route53.ListResourceRecordSets", on(HOSTED_ZONE, "route53:ListResourceRecordSets")),
            operation("Route53.ChangeResourceRecordSets", on(RECORDS, "route53:ChangeResourceRecordSets")),

            operation("CognitoIdentityProvider.ListUserPools", on(UNSCOPED, "cognito-idp:ListUserPools")),
            operation("CognitoIdentityProvider.DescribeUserPoolDomain",
                    on(UNSCOPED, "cognito-idp:DescribeUserPoolDomain")),
            operation("CognitoIdentityProvider.CreateUserPool", on(UNSCOPED, "cognito-idp:CreateUserPool"),
                    on(USER_POOLS, "cognito-idp:TagResource")),
            operation("CognitoIdentityProvider.DescribeUserPool", on(USER_POOLS, "cognito-idp:DescribeUserPool")),
            operation("CognitoIdentityProvider.UpdateUserPool",
                    on(USER_POOLS, "cognito-idp:UpdateUserPool", "cognito-idp:TagResource")),
            operation("CognitoIdentityProvider.DeleteUserPool", on(USER_POOLS, "cognito-idp:DeleteUserPool")),
            operation("CognitoIdentityProvider.ListUserPoolClients",
                    on(USER_POOLS, "cognito-idp:ListUserPoolClients")),
            operation("CognitoIdentityProvider.DescribeUserPoolClient",
                    on(USER_POOLS, "cognito-idp:DescribeUserPoolClient")),
            operation("CognitoIdentityProvider.CreateUserPoolClient",
                    on(USER_POOLS, "cognito-idp:CreateUserPoolClient")),
            operation("CognitoIdentityProvider.UpdateUserPoolClient",
                    on(USER_POOLS, "cognito-idp:UpdateUserPoolClient")),
            operation("CognitoIdentityProvider.CreateUserPoolDomain",
                    on(USER_POOLS, "cognito-idp:CreateUserPoolDomain")),
            operation("CognitoIdentityProvider.DeleteUserPoolDomain",
                    on(USER_POOLS, "cognito-idp:DeleteUserPoolDomain")),
            operation("CognitoIdentityProvider.SetUICustomization",
                    on(USER_POOLS, "cognito-idp:SetUICustomization")),
            operation("CognitoIdentityProvider.TagResource", on(USER_POOLS, "cognito-idp:TagResource")),
            operation("CognitoIdentityProvider.ListUsers", on(USER_POOLS, "cognito-idp:ListUsers")),
            operation("CognitoIdentityProvider.AdminCreateUser", on(USER_POOLS, "cognito-idp:AdminCreateUser")),
            operation("CognitoIdentityProvider.AdminGetUser", on(USER_POOLS, "cognito-idp:AdminGetUser")),
            operation("CognitoIdentityProvider.AdminListGroupsForUser",
                    on(USER_POOLS, "cognito-idp:AdminListGroupsForUser")),
            operation("CognitoIdentityProvider.AdminAddUserToGroup",
                    on(USER_POOLS, "cognito-idp:AdminAddUserToGroup")),
            operation("CognitoIdentityProvider.GetGroup", on(USER_POOLS, "cognito-idp:GetGroup")),
            operation("CognitoIdentityProvider.CreateGroup", on(USER_POOLS, "cognito-idp:CreateGroup")),

            operation("Iam.GetRole", on(ROLE, "iam:GetRole")),
            operation("Iam.CreateRole", on(ROLE, "iam:CreateRole", "iam:TagRole")),
            operation("Iam.GetRolePolicy", on(ROLE, "iam:GetRolePolicy")),
            operation("Iam.PutRolePolicy", on(ROLE, "iam:PutRolePolicy")),
            operation("Iam.UpdateAssumeRolePolicy", on(ROLE, "iam:UpdateAssumeRolePolicy")),
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

    static Collection<List<Permission>> all() {
        return BY_OPERATION.values();
    }

    @SafeVarargs
    private static Map.Entry<String, List<Permission>> operation(String name, List<Permission>... needs) {
        return Map.entry(name, Stream.of(needs).flatMap(List::stream).toList());
    }

    private static List<Permission> on(Scope scope, String... actions) {
        return Stream.of(actions).map(a -> new Permission(scope, a)).toList();
    }
}
