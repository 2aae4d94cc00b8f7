package dev.edgesite.core.aws;

import dev.edgesite.core.sync.Md5;
import dev.edgesite.core.sync.ObjectHeaders;
import dev.edgesite.core.sync.SiteObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * A large file uploaded in parts, one after another, each with its Content-MD5 (a part is read
 * twice, once to hash it and once to send it, so memory stays flat). A failed upload is aborted.
 */
final class MultipartUploads {
    static final long MIN_PART_SIZE = 5L << 20;
    private static final int MAX_PARTS = 10_000;

    private final S3Client s3;
    private final String bucket;
    private final long partSize;

    MultipartUploads(S3Client s3, String bucket, long partSize) {
        this.s3 = s3;
        this.bucket = bucket;
        this.partSize = partSize;
    }

    /** Uploads the object in parts; returns the ETag of the assembled object. */
    String upload(SiteObject object, Map<String, String> metadata) {
        ObjectHeaders headers = object.headers();
        String uploadId = s3.createMultipartUpload(r -> r.bucket(bucket).key(object.key())
                .contentType(headers.contentType())
                .cacheControl(headers.cacheControl())
                .metadata(metadata)).uploadId();
        try {
            long size = Math.max(partSize, (object.size() + MAX_PARTS - 1) / MAX_PARTS);
            List<CompletedPart> parts = new ArrayList<>();
            for (long offset = 0; offset < object.size(); offset += size) {
                parts.add(part(object, uploadId, parts.size() + 1, offset, Math.min(size, object.size() - offset)));
            }
            return s3.completeMultipartUpload(r -> r.bucket(bucket).key(object.key()).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts))).eTag();
        } catch (RuntimeException e) {
            try {
                s3.abortMultipartUpload(r -> r.bucket(bucket).key(object.key()).uploadId(uploadId));
            } catch (RuntimeException abort) {
                e.addSuppressed(abort);
            }
            throw e;
        }
    }

    private CompletedPart part(SiteObject object, String uploadId, int number, long offset, long length) {
        ContentStreamProvider body = ContentStreams.slice(object.file().content(), offset, length);
        String md5;
        try (InputStream in = body.newStream()) {
            md5 = Md5.hex(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String etag = s3.uploadPart(r -> r.bucket(bucket).key(object.key()).uploadId(uploadId)
                        .partNumber(number).contentLength(length).contentMD5(Md5.base64(md5)),
                RequestBody.fromContentProvider(body, length, object.headers().contentType())).eTag();
        return CompletedPart.builder().partNumber(number).eTag(etag).build();
    }
}
