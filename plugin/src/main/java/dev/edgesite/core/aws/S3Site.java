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
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A site bucket on S3. The calls a sync makes per file go out through {@link S3Rest}; files above the
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
        S3Rest.Call call = new S3Rest.Call("ListObjectsV2", "GET", bucket, null)
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
        XmlElement page = xml(call, aws.s3Rest().send(call));
        boolean encoded = "url".equals(page.text("EncodingType"));
        List<ListedObject> objects = new ArrayList<>();
        for (XmlElement o : page.children("Contents")) {
            objects.add(listed(decoded(o.text("Key"), encoded), o));
        }
        List<String> prefixes = new ArrayList<>();
        for (XmlElement p : page.children("CommonPrefixes")) {
            prefixes.add(decoded(p.text("Prefix"), encoded));
        }
        String next = "true".equals(page.text("IsTruncated")) ? page.text("NextContinuationToken") : null;
        return new ListingPage(objects, prefixes, next);
    }

    private static String decoded(String text, boolean encoded) {
        return encoded ? URLDecoder.decode(text, StandardCharsets.UTF_8) : text;
    }

    /** An entry as listed; what is missing or unreadable in it stays unknown, and sync uploads the object again. */
    private static ListedObject listed(String key, XmlElement o) {
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
        S3Rest.Response head;
        try {
            head = aws.s3Rest().send(new S3Rest.Call("HeadObject", "HEAD", bucket, key));
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
            return Optional.of(aws.s3Rest().send(new S3Rest.Call("GetObject", "GET", bucket, key)).body());
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
        S3Rest.Call put = new S3Rest.Call("PutObject", "PUT", bucket, object.key())
                .header("Content-Type", headers.contentType())
                .header("Cache-Control", headers.cacheControl())
                .header("Content-MD5", Md5.base64(object.md5()))
                .header(MD5_HEADER, object.md5());
        if (object.size() <= IN_MEMORY_BODY) {
            put.body(readAll(object));
        } else {
            put.body(object.file().content(), object.size());
        }
        return etag(put, aws.s3Rest().send(put));
    }

    @Override
    public String replaceHeaders(SiteObject object, String etag) {
        if (object.size() > MAX_COPY_SIZE) {
            return upload(object);
        }
        ObjectHeaders headers = object.headers();
        S3Rest.Call copy = new S3Rest.Call("CopyObject", "PUT", bucket, object.key())
                .header("x-amz-copy-source", SigV4.encode(bucket + "/" + object.key(), false))
                .header("x-amz-copy-source-if-match", quote(etag))
                .header("x-amz-metadata-directive", "REPLACE")
                .header("Content-Type", headers.contentType())
                .header("Cache-Control", headers.cacheControl())
                .header(MD5_HEADER, object.md5())
                .errorsIn200();
        return unquote(xml(copy, aws.s3Rest().send(copy)).text("ETag"));
    }

    @Override
    public void delete(List<String> keys) {
        for (int from = 0; from < keys.size(); from += MAX_DELETE_BATCH) {
            StringBuilder xml = new StringBuilder("<Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Quiet>true</Quiet>");
            for (String key : keys.subList(from, Math.min(from + MAX_DELETE_BATCH, keys.size()))) {
                xml.append("<Object><Key>").append(escape(key)).append("</Key></Object>");
            }
            byte[] body = xml.append("</Delete>").toString().getBytes(StandardCharsets.UTF_8);
            S3Rest.Call delete = new S3Rest.Call("DeleteObjects", "POST", bucket, null).query("delete", "")
                    .header("Content-Type", "application/xml")
                    .header("Content-MD5", Md5.base64(Md5.hex(body)))
                    .body(body);
            List<XmlElement> errors = xml(delete, aws.s3Rest().send(delete)).children("Error");
            if (!errors.isEmpty()) {
                throw notDeleted(errors);
            }
        }
    }

    @Override
    public void write(String key, byte[] content, String contentType) {
        S3Rest.Call put = new S3Rest.Call("PutObject", "PUT", bucket, key)
                .header("Content-Type", contentType)
                .header("Content-MD5", Md5.base64(Md5.hex(content)))
                .body(content);
        aws.s3Rest().send(put);
    }

    private static byte[] readAll(SiteObject object) {
        try (var in = object.file().content().open()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Reading " + object.key() + " failed", e);
        }
    }

    private static String etag(S3Rest.Call call, S3Rest.Response response) {
        return unquote(response.header("ETag").orElseThrow(() -> SdkClientException.create(
                call.operation + " " + call.key + ": S3 answered without an ETag")));
    }

    private static XmlElement xml(S3Rest.Call call, S3Rest.Response response) {
        try {
            return XmlElement.parse(response.body());
        } catch (XmlElement.MalformedXmlException e) {
            throw SdkClientException.builder().message(call.operation + " s3://" + bucket(call)
                    + ": S3's answer is not the XML it should be: " + e.getMessage()).cause(e).build();
        }
    }

    private static String bucket(S3Rest.Call call) {
        return call.bucket + (call.key == null ? "" : "/" + call.key);
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

    private static S3Exception notDeleted(List<XmlElement> errors) {
        XmlElement first = errors.get(0);
        return (S3Exception) S3Exception.builder()
                .message(errors.size() + " object(s) were not deleted, first " + first.text("Key") + ": "
                        + first.text("Message"))
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(first.text("Code"))
                        .errorMessage(first.text("Message")).serviceName("S3").build())
                .build();
    }

    /** Text for an XML element: the five characters XML reserves, escaped. */
    static String escape(String text) {
        StringBuilder b = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                case '\r' -> b.append("&#13;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static String unquote(String etag) {
        return etag.length() > 1 && etag.startsWith("\"") && etag.endsWith("\"") ? etag.substring(1, etag.length() - 1) : etag;
    }

    private static String quote(String etag) {
        return "\"" + etag + "\"";
    }
}
