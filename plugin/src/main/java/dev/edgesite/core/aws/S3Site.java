package dev.edgesite.core.aws;

import dev.edgesite.core.sync.ListedObject;
import dev.edgesite.core.sync.Md5;
import dev.edgesite.core.sync.ObjectDetails;
import dev.edgesite.core.sync.ObjectHeaders;
import dev.edgesite.core.sync.SiteBucket;
import dev.edgesite.core.sync.SiteObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A site bucket on S3. Files above the multipart threshold go up in parts; every body, whole or
 * part, is sent with its Content-MD5 so that S3 rejects what arrived corrupted, and every object
 * keeps the MD5 of its bytes in metadata, since a multipart ETag is not one.
 */
public final class S3Site implements SiteBucket {
    public static final long DEFAULT_MULTIPART_THRESHOLD = 64L << 20;
    public static final long DEFAULT_PART_SIZE = 16L << 20;
    static final String MD5_METADATA = "edgesite-md5";
    private static final long MAX_COPY_SIZE = 5L << 30;
    private static final int MAX_DELETE_BATCH = 1000;

    private final S3Client s3;
    private final String bucket;
    private final long multipartThreshold;
    private final MultipartUploads parts;

    public S3Site(S3Client s3, String bucket) {
        this(s3, bucket, DEFAULT_MULTIPART_THRESHOLD, DEFAULT_PART_SIZE);
    }

    public S3Site(S3Client s3, String bucket, long multipartThreshold, long partSize) {
        if (partSize < MultipartUploads.MIN_PART_SIZE || multipartThreshold < partSize) {
            throw new IllegalArgumentException("parts are at least 5 MiB and the threshold at least one part: "
                    + multipartThreshold + ", " + partSize);
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.multipartThreshold = multipartThreshold;
        this.parts = new MultipartUploads(s3, bucket, partSize);
    }

    @Override
    public String name() {
        return bucket;
    }

    @Override
    public List<ListedObject> list() {
        List<ListedObject> objects = new ArrayList<>();
        for (S3Object o : s3.listObjectsV2Paginator(r -> r.bucket(bucket)).contents()) {
            objects.add(new ListedObject(o.key(), unquote(o.eTag()), o.size(), o.lastModified()));
        }
        return objects;
    }

    @Override
    public Optional<ObjectDetails> head(String key) {
        try {
            HeadObjectResponse head = s3.headObject(r -> r.bucket(bucket).key(key));
            return Optional.of(new ObjectDetails(unquote(head.eTag()), head.contentLength(),
                    head.metadata().get(MD5_METADATA), new ObjectHeaders(head.contentType(), head.cacheControl()),
                    head.lastModified()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Optional<byte[]> read(String key) {
        try {
            return Optional.of(s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    @Override
    public String upload(SiteObject object) {
        if (object.size() > multipartThreshold) {
            return unquote(parts.upload(object, Map.of(MD5_METADATA, object.md5())));
        }
        return uploadWhole(object);
    }

    @Override
    public String replaceHeaders(SiteObject object, String etag) {
        if (object.size() > MAX_COPY_SIZE) {
            return upload(object);
        }
        ObjectHeaders headers = object.headers();
        return unquote(s3.copyObject(r -> r.sourceBucket(bucket).sourceKey(object.key())
                .destinationBucket(bucket).destinationKey(object.key())
                .copySourceIfMatch(quote(etag))
                .metadataDirective(MetadataDirective.REPLACE)
                .contentType(headers.contentType())
                .cacheControl(headers.cacheControl())
                .metadata(Map.of(MD5_METADATA, object.md5()))).copyObjectResult().eTag());
    }

    @Override
    public void delete(List<String> keys) {
        for (int from = 0; from < keys.size(); from += MAX_DELETE_BATCH) {
            List<ObjectIdentifier> batch = keys.subList(from, Math.min(from + MAX_DELETE_BATCH, keys.size())).stream()
                    .map(key -> ObjectIdentifier.builder().key(key).build()).toList();
            DeleteObjectsResponse response = s3.deleteObjects(r -> r.bucket(bucket)
                    .delete(d -> d.quiet(true).objects(batch)));
            if (!response.errors().isEmpty()) {
                throw notDeleted(response.errors());
            }
        }
    }

    @Override
    public void write(String key, byte[] content, String contentType) {
        s3.putObject(r -> r.bucket(bucket).key(key).contentType(contentType)
                        .contentMD5(Md5.base64(Md5.hex(content))),
                RequestBody.fromBytes(content));
    }

    private String uploadWhole(SiteObject object) {
        ObjectHeaders headers = object.headers();
        return unquote(s3.putObject(r -> r.bucket(bucket).key(object.key())
                        .contentType(headers.contentType())
                        .cacheControl(headers.cacheControl())
                        .metadata(Map.of(MD5_METADATA, object.md5()))
                        .contentMD5(Md5.base64(object.md5()))
                        .contentLength(object.size()),
                RequestBody.fromContentProvider(ContentStreams.slice(object.file().content(), 0, object.size()),
                        object.size(), headers.contentType())).eTag());
    }

    private static S3Exception notDeleted(List<S3Error> errors) {
        S3Error first = errors.get(0);
        return (S3Exception) S3Exception.builder()
                .message(errors.size() + " object(s) were not deleted, first " + first.key() + ": " + first.message())
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(first.code()).errorMessage(first.message())
                        .serviceName("S3").build())
                .build();
    }

    private static String unquote(String etag) {
        return etag.length() > 1 && etag.startsWith("\"") && etag.endsWith("\"") ? etag.substring(1, etag.length() - 1) : etag;
    }

    private static String quote(String etag) {
        return "\"" + etag + "\"";
    }
}
