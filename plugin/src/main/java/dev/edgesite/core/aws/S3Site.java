package dev.edgesite.core.aws;

import dev.edgesite.core.sync.ContentSource;
import dev.edgesite.core.sync.ListedObject;
import dev.edgesite.core.sync.Md5;
import dev.edgesite.core.sync.ObjectDetails;
import dev.edgesite.core.sync.ObjectHeaders;
import dev.edgesite.core.sync.SiteBucket;
import dev.edgesite.core.sync.SiteObject;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
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
    private static final long MIN_PART_SIZE = 5L << 20;
    private static final int MAX_PARTS = 10_000;
    private static final long MAX_COPY_SIZE = 5L << 30;
    private static final int MAX_DELETE_BATCH = 1000;

    private final S3Client s3;
    private final String bucket;
    private final long multipartThreshold;
    private final long partSize;

    public S3Site(S3Client s3, String bucket) {
        this(s3, bucket, DEFAULT_MULTIPART_THRESHOLD, DEFAULT_PART_SIZE);
    }

    public S3Site(S3Client s3, String bucket, long multipartThreshold, long partSize) {
        if (partSize < MIN_PART_SIZE || multipartThreshold < partSize) {
            throw new IllegalArgumentException("parts are at least 5 MiB and the threshold at least one part: "
                    + multipartThreshold + ", " + partSize);
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.multipartThreshold = multipartThreshold;
        this.partSize = partSize;
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
                    head.metadata().get(MD5_METADATA), new ObjectHeaders(head.contentType(), head.cacheControl())));
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
        return object.size() > multipartThreshold ? uploadInParts(object) : uploadWhole(object);
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
                RequestBody.fromContentProvider(streams(object.file().content(), 0, object.size()), object.size(),
                        headers.contentType())).eTag());
    }

    private String uploadInParts(SiteObject object) {
        ObjectHeaders headers = object.headers();
        String uploadId = s3.createMultipartUpload(r -> r.bucket(bucket).key(object.key())
                .contentType(headers.contentType())
                .cacheControl(headers.cacheControl())
                .metadata(Map.of(MD5_METADATA, object.md5()))).uploadId();
        try {
            long size = Math.max(partSize, (object.size() + MAX_PARTS - 1) / MAX_PARTS);
            List<CompletedPart> parts = new ArrayList<>();
            for (long offset = 0; offset < object.size(); offset += size) {
                parts.add(uploadPart(object, uploadId, parts.size() + 1, offset, Math.min(size, object.size() - offset)));
            }
            return unquote(s3.completeMultipartUpload(r -> r.bucket(bucket).key(object.key()).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts))).eTag());
        } catch (RuntimeException e) {
            try {
                s3.abortMultipartUpload(r -> r.bucket(bucket).key(object.key()).uploadId(uploadId));
            } catch (RuntimeException abort) {
                e.addSuppressed(abort);
            }
            throw e;
        }
    }

    private CompletedPart uploadPart(SiteObject object, String uploadId, int number, long offset, long length) {
        ContentStreamProvider part = streams(object.file().content(), offset, length);
        String md5;
        try (InputStream in = part.newStream()) {
            md5 = Md5.hex(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String etag = s3.uploadPart(r -> r.bucket(bucket).key(object.key()).uploadId(uploadId)
                        .partNumber(number).contentLength(length).contentMD5(Md5.base64(md5)),
                RequestBody.fromContentProvider(part, length, object.headers().contentType())).eTag();
        return CompletedPart.builder().partNumber(number).eTag(etag).build();
    }

    private static ContentStreamProvider streams(ContentSource source, long offset, long length) {
        return ContentStreamProvider.fromInputStreamSupplier(() -> {
            try {
                InputStream in = source.open();
                in.skipNBytes(offset);
                return new Slice(in, length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
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

    /** At most {@code length} bytes of a stream. */
    private static final class Slice extends FilterInputStream {
        private long left;

        Slice(InputStream in, long length) {
            super(in);
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(buffer, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, left));
            left -= skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(super.available(), left);
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
