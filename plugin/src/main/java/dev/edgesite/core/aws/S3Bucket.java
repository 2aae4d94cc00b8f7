package dev.edgesite.core.aws;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.edgesite.core.settings.Previews;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.Tag;

/** The site's bucket: private, owner-enforced, encrypted, tagged; its policy; the stack's kept secret. */
public final class S3Bucket {
    /** Keys under this prefix are edgesite's own and never served (the bucket policy denies them). */
    public static final String INTERNAL_PREFIX = ".edgesite/";
    static final String COOKIE_SECRET_KEY = INTERNAL_PREFIX + "cookie-secret";
    /** The most keys one DeleteObjects request takes. */
    private static final int MAX_DELETE_BATCH = 1000;

    private final S3Client s3;
    private final Region region;
    private final String bucket;

    public S3Bucket(S3Client s3, Region region, String bucket) {
        this.s3 = s3;
        this.region = region;
        this.bucket = bucket;
    }

    /** The bucket provision makes when {@code <bucket>} is not set: bucket names are global. */
    public static String defaultName(String stack, String account) {
        return "edgesite-" + stack + "-" + account;
    }

    public String name() {
        return bucket;
    }

    /** The origin domain CloudFront reaches the bucket at. */
    public String regionalDomain() {
        return bucket + ".s3." + region.id() + ".amazonaws.com";
    }

    /** Whether the bucket exists and is ours; a name held by another account is an error. */
    public boolean exists() {
        try {
            s3.headBucket(r -> r.bucket(bucket));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            if (e.statusCode() == 403) {
                throw new BucketNameTakenException(bucket, e);
            }
            throw e;
        }
    }

    /** What differs from a private, owner-enforced, SSE-S3, tagged bucket. */
    public List<String> drift(String stack) {
        List<String> fields = new ArrayList<>();
        if (!fullyBlocked()) {
            fields.add("public access block");
        }
        if (!ownerEnforced()) {
            fields.add("object ownership");
        }
        if (!encrypted()) {
            fields.add("encryption");
        }
        if (!Objects.equals(Tags.read(() -> s3.getBucketTagging(r -> r.bucket(bucket)).tagSet(), Tag::key, Tag::value)
                .get(Tags.STACK), stack)) {
            fields.add("tags");
        }
        return fields;
    }

    /**
     * Creates the bucket. A create retried after its answer was lost is told the bucket is already this account's
     * (outside us-east-1; there it simply succeeds): that is the bucket, adopted.
     */
    public void create(String stack) {
        try {
            s3.createBucket(r -> {
                r.bucket(bucket).objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED);
                if (!Region.US_EAST_1.equals(region)) {
                    r.createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.fromValue(region.id())));
                }
            });
        } catch (BucketAlreadyOwnedByYouException e) {
            // ours already: a retry of a create whose answer was lost
        }
        s3.waiter().waitUntilBucketExists(r -> r.bucket(bucket));
        repair(List.of("public access block", "object ownership", "encryption", "tags"), stack);
    }

    public void repair(List<String> fields, String stack) {
        if (fields.contains("public access block")) {
            s3.putPublicAccessBlock(r -> r.bucket(bucket).publicAccessBlockConfiguration(c -> c
                    .blockPublicAcls(true).ignorePublicAcls(true).blockPublicPolicy(true).restrictPublicBuckets(true)));
        }
        if (fields.contains("object ownership")) {
            s3.putBucketOwnershipControls(r -> r.bucket(bucket).ownershipControls(c -> c
                    .rules(rule -> rule.objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED))));
        }
        if (fields.contains("encryption")) {
            s3.putBucketEncryption(r -> r.bucket(bucket).serverSideEncryptionConfiguration(c -> c
                    .rules(rule -> rule.applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AES256)))));
        }
        if (fields.contains("tags")) {
            s3.putBucketTagging(r -> r.bucket(bucket).tagging(t -> t.tagSet(Tag.builder().key(Tags.STACK).value(stack).build())));
        }
    }

    private boolean fullyBlocked() {
        try {
            PublicAccessBlockConfiguration c = s3.getPublicAccessBlock(r -> r.bucket(bucket))
                    .publicAccessBlockConfiguration();
            return Boolean.TRUE.equals(c.blockPublicAcls()) && Boolean.TRUE.equals(c.ignorePublicAcls())
                    && Boolean.TRUE.equals(c.blockPublicPolicy()) && Boolean.TRUE.equals(c.restrictPublicBuckets());
        } catch (S3Exception e) {
            return missing(e);
        }
    }

    private boolean ownerEnforced() {
        try {
            return s3.getBucketOwnershipControls(r -> r.bucket(bucket)).ownershipControls().rules().stream()
                    .anyMatch(rule -> rule.objectOwnership() == ObjectOwnership.BUCKET_OWNER_ENFORCED);
        } catch (S3Exception e) {
            return missing(e);
        }
    }

    private boolean encrypted() {
        try {
            return s3.getBucketEncryption(r -> r.bucket(bucket)).serverSideEncryptionConfiguration().rules().stream()
                    .anyMatch(rule -> rule.applyServerSideEncryptionByDefault() != null);
        } catch (S3Exception e) {
            return missing(e);
        }
    }

    /** A 404 on a bucket sub-resource means "not configured": drift, not failure. */
    private static boolean missing(S3Exception e) {
        if (e.statusCode() == 404) {
            return false;
        }
        throw e;
    }

    /**
     * The policy that lets only this distribution read the site, and never edgesite's own objects: the site's
     * {@code .edgesite/} and each preview's ({@code _previews/<name>/.edgesite/}, whose manifest would list every
     * file of the preview, those behind access rules included).
     */
    public String policyFor(String distributionArn) {
        String objects = "arn:aws:s3:::" + bucket + "/*";
        return JSONObjectUtils.toJSONString(Map.of(
                "Version", "2012-10-17",
                "Statement", List.of(
                        Map.of("Sid", "CloudFrontReadsSite",
                                "Effect", "Allow",
                                "Principal", Map.of("Service", "cloudfront.amazonaws.com"),
                                "Action", "s3:GetObject",
                                "Resource", objects,
                                "Condition", Map.of("StringEquals", Map.of("AWS:SourceArn", distributionArn))),
                        Map.of("Sid", "NeverServeEdgesiteFiles",
                                "Effect", "Deny",
                                "Principal", Map.of("Service", "cloudfront.amazonaws.com"),
                                "Action", "s3:GetObject",
                                "Resource", List.of("arn:aws:s3:::" + bucket + "/" + INTERNAL_PREFIX + "*",
                                        "arn:aws:s3:::" + bucket + "/" + Previews.KEY_PREFIX + "*/" + INTERNAL_PREFIX
                                                + "*")))));
    }

    /** The bucket's policy, or null when it has none. */
    public String policy() {
        try {
            return s3.getBucketPolicy(r -> r.bucket(bucket)).policy();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return null;
            }
            throw e;
        }
    }

    /** Whether the bucket's policy is {@code wanted}, whatever its layout. */
    public boolean hasPolicy(String wanted) {
        return Documents.same(policy(), wanted);
    }

    public void putPolicy(String policy) {
        s3.putBucketPolicy(r -> r.bucket(bucket).policy(policy));
    }

    /** The stack named by the bucket's {@code edgesite:stack} tag, or null when it has none. */
    public String stackTag() {
        return Tags.read(() -> s3.getBucketTagging(r -> r.bucket(bucket)).tagSet(), Tag::key, Tag::value)
                .get(Tags.STACK);
    }

    /**
     * Deletes every object version and delete marker, page by page, and aborts unfinished multipart
     * uploads: all of them keep a bucket from being deleted. Returns how many object versions went.
     */
    public long empty() {
        long deleted = 0;
        for (ListObjectVersionsResponse page : s3.listObjectVersionsPaginator(r -> r.bucket(bucket))) {
            List<ObjectIdentifier> ids = new ArrayList<>();
            page.versions().forEach(v -> ids.add(objectId(v.key(), v.versionId())));
            page.deleteMarkers().forEach(m -> ids.add(objectId(m.key(), m.versionId())));
            for (int from = 0; from < ids.size(); from += MAX_DELETE_BATCH) {
                deleteObjects(ids.subList(from, Math.min(ids.size(), from + MAX_DELETE_BATCH)));
            }
            deleted += page.versions().size();
        }
        for (MultipartUpload upload : s3.listMultipartUploadsPaginator(r -> r.bucket(bucket)).uploads()) {
            s3.abortMultipartUpload(r -> r.bucket(bucket).key(upload.key()).uploadId(upload.uploadId()));
        }
        return deleted;
    }

    /** How many object versions the bucket holds, as {@link #empty()} would count them; reads only. */
    public long versions() {
        long versions = 0;
        for (ListObjectVersionsResponse page : s3.listObjectVersionsPaginator(r -> r.bucket(bucket))) {
            versions += page.versions().size();
        }
        return versions;
    }

    /** What the bucket holds under a prefix: every object version and delete marker, to delete them all. */
    public record PrefixContents(String prefix, List<String> keys, long objects, long bytes,
            List<ObjectIdentifier> ids) {
        public PrefixContents {
            keys = List.copyOf(keys);
            ids = List.copyOf(ids);
        }

        public boolean isEmpty() {
            return ids.isEmpty();
        }
    }

    /**
     * Every object version and delete marker under {@code prefix}, over every page of the listing: the keys of
     * the current objects, how many object versions and how many bytes they hold. Reads only.
     */
    public PrefixContents contents(String prefix) {
        List<String> keys = new ArrayList<>();
        List<ObjectIdentifier> ids = new ArrayList<>();
        long objects = 0;
        long bytes = 0;
        for (ListObjectVersionsResponse page : s3.listObjectVersionsPaginator(r -> r.bucket(bucket).prefix(prefix))) {
            for (var v : page.versions()) {
                ids.add(objectId(v.key(), v.versionId()));
                objects++;
                bytes += v.size() == null ? 0 : v.size();
                if (Boolean.TRUE.equals(v.isLatest())) {
                    keys.add(v.key());
                }
            }
            page.deleteMarkers().forEach(m -> ids.add(objectId(m.key(), m.versionId())));
        }
        return new PrefixContents(prefix, keys, objects, bytes, ids);
    }

    /** Deletes what {@link #contents} found, in batches of at most 1,000 keys. */
    public void delete(PrefixContents contents) {
        List<ObjectIdentifier> ids = contents.ids();
        for (int from = 0; from < ids.size(); from += MAX_DELETE_BATCH) {
            deleteObjects(ids.subList(from, Math.min(ids.size(), from + MAX_DELETE_BATCH)));
        }
    }

    /**
     * Always with the version id listed, even S3's {@code null} for objects written while versioning was
     * off: without one, a versioned bucket would only gain a delete marker.
     */
    private static ObjectIdentifier objectId(String key, String versionId) {
        return ObjectIdentifier.builder().key(key).versionId(versionId).build();
    }

    private void deleteObjects(List<ObjectIdentifier> ids) {
        DeleteObjectsResponse response = s3.deleteObjects(r -> r.bucket(bucket)
                .delete(d -> d.objects(ids).quiet(true)));
        if (!response.errors().isEmpty()) {
            S3Error first = response.errors().get(0);
            throw (S3Exception) S3Exception.builder()
                    .message(response.errors().size() + " object(s) of " + bucket + " were not deleted, first "
                            + first.key() + ": " + first.message())
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode(first.code()).errorMessage(first.message())
                            .serviceName("S3").build())
                    .build();
        }
    }

    /** Deletes the bucket, which must be empty. */
    public void delete() {
        try {
            s3.deleteBucket(r -> r.bucket(bucket));
        } catch (NoSuchBucketException e) {
            // deleted by the attempt whose answer was lost
        }
    }

    /** The stack's cookie-signing secret, or null when none was kept yet. */
    public String cookieSecret() {
        try {
            return s3.getObjectAsBytes(r -> r.bucket(bucket).key(COOKIE_SECRET_KEY)).asUtf8String().strip();
        } catch (NoSuchKeyException e) {
            return null;
        }
    }

    /** A new random 32-byte secret, base64: kept in the bucket so every run signs with the same one. */
    public static String newCookieSecret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return Base64.getEncoder().encodeToString(secret);
    }

    public void keepCookieSecret(String secret) {
        s3.putObject(r -> r.bucket(bucket).key(COOKIE_SECRET_KEY).contentType("text/plain")
                .serverSideEncryption(ServerSideEncryption.AES256), RequestBody.fromString(secret));
    }

    /** The bucket name is held by another account (or this account may not read it). */
    public static final class BucketNameTakenException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BucketNameTakenException(String bucket, Throwable cause) {
            super("The bucket name " + bucket + " belongs to another AWS account (or this one may not read it)", cause);
        }
    }
}
