package dev.edgesite.core.aws;

import dev.edgesite.core.sync.ListedObject;
import dev.edgesite.core.sync.ListingPage;
import dev.edgesite.core.sync.Md5;
import dev.edgesite.core.sync.ObjectDetails;
import dev.edgesite.core.sync.ObjectHeaders;
import dev.edgesite.core.sync.SiteBucket;
import dev.edgesite.core.sync.SiteObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.xml.stream.XMLStreamException;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * A site bucket on S3. The calls a sync makes per file go out through {@link S3Calls}; files above the
 * multipart threshold go up in parts through the SDK. Every body, whole or part, is sent with its
 * Content-MD5 so that S3 rejects what arrived corrupted, and every object keeps the MD5 of its bytes
 * in metadata, since a multipart ETag is not one.
 */
public final class S3Site implements SiteBucket {
    public static final long DEFAULT_MULTIPART_THRESHOLD = 64L << 20;
    public static final long DEFAULT_PART_SIZE = 16L << 20;
    static final String MD5_METADATA = "edgesite-md5";
    private static final String MD5_HEADER = "x-amz-meta-" + MD5_METADATA;
    /** Bodies up to this size are read into memory once per attempt; larger ones are streamed from the file. */
    private static final long IN_MEMORY_BODY = 1L << 20;
    private static final long MAX_COPY_SIZE = 5L << 30;
    private static final int MAX_DELETE_BATCH = 1000;

    private final AwsClients aws;
    private final String bucket;
    private final long multipartThreshold;
    private final long partSize;

    public S3Site(AwsClients aws, String bucket) {
        this(aws, bucket, DEFAULT_MULTIPART_THRESHOLD, DEFAULT_PART_SIZE);
    }

    public S3Site(AwsClients aws, String bucket, long multipartThreshold, long partSize) {
        if (partSize < MultipartUploads.MIN_PART_SIZE || multipartThreshold < partSize) {
            throw new IllegalArgumentException("parts are at least 5 MiB and the threshold at least one part: "
                    + multipartThreshold + ", " + partSize);
        }
        this.aws = aws;
        this.bucket = bucket;
        this.multipartThreshold = multipartThreshold;
        this.partSize = partSize;
    }

    @Override
    public String name() {
        return bucket;
    }

    /** Resolves the credentials while the HTTP client is built for the first call. */
    @Override
    public void prepare() {
        aws.credentials().resolveCredentials();
    }

    @Override
    public ListingPage listPage(String prefix, String delimiter, String startAfter, String token) {
        S3Calls.Call call = new S3Calls.Call("ListObjectsV2", SdkHttpMethod.GET, bucket, null)
                .query("list-type", "2").query("encoding-type", "url");
        if (prefix != null && !prefix.isEmpty()) {
            call.query("prefix", prefix);
        }
        if (delimiter != null) {
            call.query("delimiter", delimiter);
        }
        if (startAfter != null) {
            call.query("start-after", startAfter);
        }
        if (token != null) {
            call.query("continuation-token", token);
        }
        S3Xml page = xml(call, aws.s3Calls().send(call), Set.of("Contents", "CommonPrefixes"));
        boolean encoded = "url".equals(page.text("EncodingType"));
        List<ListedObject> objects = new ArrayList<>();
        for (S3Xml.Record o : page.records("Contents")) {
            objects.add(listed(decoded(o.text("Key"), encoded), o));
        }
        List<String> prefixes = new ArrayList<>();
        for (S3Xml.Record p : page.records("CommonPrefixes")) {
            prefixes.add(decoded(p.text("Prefix"), encoded));
        }
        String next = "true".equals(page.text("IsTruncated")) ? page.text("NextContinuationToken") : null;
        return new ListingPage(objects, prefixes, next);
    }

    private static String decoded(String text, boolean encoded) {
        return encoded ? URLDecoder.decode(text, StandardCharsets.UTF_8) : text;
    }

    /** An entry as listed; what is missing or unreadable in it stays unknown, and sync uploads the object again. */
    private static ListedObject listed(String key, S3Xml.Record o) {
        String etag = o.text("ETag");
        long size;
        try {
            size = Long.parseLong(o.text("Size"));
        } catch (NumberFormatException e) {
            size = ListedObject.UNKNOWN_SIZE;
        }
        Instant lastModified;
        try {
            String text = o.text("LastModified");
            lastModified = text == null ? null : timestamp(text);
        } catch (DateTimeException e) {
            lastModified = null;
        }
        return new ListedObject(key, etag == null ? null : unquote(etag), size, lastModified);
    }

    @Override
    public Optional<ObjectDetails> head(String key) {
        S3Calls.Response head;
        try {
            head = aws.s3Calls().send(new S3Calls.Call("HeadObject", SdkHttpMethod.HEAD, bucket, key));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
        return Optional.of(new ObjectDetails(unquote(head.header("ETag").orElse("")),
                head.header("Content-Length").map(Long::parseLong).orElse(0L), head.header(MD5_HEADER).orElse(null),
                new ObjectHeaders(head.header("Content-Type").orElse(null), head.header("Cache-Control").orElse(null)),
                head.header("Last-Modified").map(S3Site::httpDate).orElse(null)));
    }

    @Override
    public Optional<byte[]> read(String key) {
        try {
            return Optional.of(aws.s3Calls().send(new S3Calls.Call("GetObject", SdkHttpMethod.GET, bucket, key)).body());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    @Override
    public String upload(SiteObject object) {
        if (object.size() > multipartThreshold) {
            return unquote(new MultipartUploads(aws.s3(), bucket, partSize)
                    .upload(object, Map.of(MD5_METADATA, object.md5())));
        }
        ObjectHeaders headers = object.headers();
        S3Calls.Call put = new S3Calls.Call("PutObject", SdkHttpMethod.PUT, bucket, object.key())
                .header("Content-Type", headers.contentType())
                .header("Cache-Control", headers.cacheControl())
                .header("Content-MD5", Md5.base64(object.md5()))
                .header(MD5_HEADER, object.md5());
        if (object.size() <= IN_MEMORY_BODY) {
            put.body(readAll(object));
        } else {
            // S3 may refuse a large body before it is sent (a wrong region, no right to write)
            put.header("Expect", "100-continue").body(object.file().content(), object.size());
        }
        return etag(put, aws.s3Calls().send(put));
    }

    @Override
    public String replaceHeaders(SiteObject object, String etag) {
        if (object.size() > MAX_COPY_SIZE) {
            return upload(object);
        }
        ObjectHeaders headers = object.headers();
        S3Calls.Call copy = new S3Calls.Call("CopyObject", SdkHttpMethod.PUT, bucket, object.key())
                .header("x-amz-copy-source", SdkHttpUtils.urlEncodeIgnoreSlashes(bucket + "/" + object.key()))
                .header("x-amz-copy-source-if-match", quote(etag))
                .header("x-amz-metadata-directive", "REPLACE")
                .header("Content-Type", headers.contentType())
                .header("Cache-Control", headers.cacheControl())
                .header(MD5_HEADER, object.md5())
                .errorsIn200();
        String copied = xml(copy, aws.s3Calls().send(copy), Set.of()).text("ETag");
        if (copied == null) {
            throw SdkClientException.create(copy.describe() + ": S3 answered without the copy's ETag");
        }
        return unquote(copied);
    }

    @Override
    public void delete(List<String> keys) {
        List<String> batched = new ArrayList<>(keys.size());
        for (String key : keys) {
            if (S3Xml.representable(key)) {
                batched.add(key);
            } else {
                // XML cannot carry this key, so DeleteObjects cannot name it: one DeleteObject does
                aws.s3Calls().send(new S3Calls.Call("DeleteObject", SdkHttpMethod.DELETE, bucket, key));
            }
        }
        for (int from = 0; from < batched.size(); from += MAX_DELETE_BATCH) {
            byte[] body = S3Xml.deleteRequest(batched.subList(from, Math.min(from + MAX_DELETE_BATCH, batched.size())));
            S3Calls.Call delete = new S3Calls.Call("DeleteObjects", SdkHttpMethod.POST, bucket, null).query("delete", "")
                    .header("Content-Type", "application/xml")
                    .header("Content-MD5", Md5.base64(Md5.hex(body)))
                    .body(body);
            List<S3Xml.Record> errors = xml(delete, aws.s3Calls().send(delete), Set.of("Error")).records("Error");
            if (!errors.isEmpty()) {
                throw notDeleted(errors);
            }
        }
    }

    @Override
    public void write(String key, byte[] content, String contentType) {
        S3Calls.Call put = new S3Calls.Call("PutObject", SdkHttpMethod.PUT, bucket, key)
                .header("Content-Type", contentType)
                .header("Content-MD5", Md5.base64(Md5.hex(content)))
                .body(content);
        aws.s3Calls().send(put);
    }

    private static byte[] readAll(SiteObject object) {
        try (var in = object.file().content().open()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Reading " + object.key() + " failed", e);
        }
    }

    private static String etag(S3Calls.Call call, S3Calls.Response response) {
        return unquote(response.header("ETag").orElseThrow(() -> SdkClientException.create(
                call.describe() + ": S3 answered without an ETag")));
    }

    private static S3Xml xml(S3Calls.Call call, S3Calls.Response response, Set<String> records) {
        try {
            return S3Xml.read(response.body(), records);
        } catch (XMLStreamException e) {
            throw SdkClientException.builder().message(call.describe() + ": S3's answer is not the XML it should be: "
                    + e.getMessage()).cause(e).build();
        }
    }

    /**
     * A listing's LastModified, {@code 2026-11-24T05:39:26.000Z} or without the fraction, read by position:
     * a listing has one per object, and the general ISO parser costs a short build more than the page.
     */
    static Instant timestamp(String text) {
        int n = text.length();
        if ((n == 20 || n == 24) && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
                && text.charAt(13) == ':' && text.charAt(16) == ':' && text.charAt(n - 1) == 'Z'
                && (n == 20 || text.charAt(19) == '.')) {
            try {
                long days = LocalDate.of(digits(text, 0, 4), digits(text, 5, 2), digits(text, 8, 2)).toEpochDay();
                long seconds = days * 86_400 + digits(text, 11, 2) * 3600L + digits(text, 14, 2) * 60L
                        + digits(text, 17, 2);
                return Instant.ofEpochSecond(seconds, n == 24 ? digits(text, 20, 3) * 1_000_000L : 0);
            } catch (NumberFormatException | DateTimeException e) {
                // not the usual shape after all: the general parser decides
            }
        }
        return Instant.parse(text);
    }

    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new NumberFormatException(text);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static Instant httpDate(String date) {
        return ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    }

    private static S3Exception notDeleted(List<S3Xml.Record> errors) {
        S3Xml.Record first = errors.get(0);
        return (S3Exception) S3Exception.builder()
                .message(errors.size() + " object(s) were not deleted, first " + first.text("Key") + ": "
                        + first.text("Message"))
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(first.text("Code"))
                        .errorMessage(first.text("Message")).serviceName("S3").build())
                .build();
    }

    private static String unquote(String etag) {
        return etag.length() > 1 && etag.startsWith("\"") && etag.endsWith("\"") ? etag.substring(1, etag.length() - 1) : etag;
    }

    private static String quote(String etag) {
        return "\"" + etag + "\"";
    }
}
