package dev.edgesite.core.aws;

import dev.edgesite.core.sync.ContentSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * S3's REST interface spoken directly over {@link Http1} and signed with {@link SigV4}: the calls a sync
 * makes thousands of times, without the SDK's per-request machinery, which costs a short build more CPU
 * than the transfers themselves. Failures come out as the SDK's own exceptions
 * ({@link S3Exception}, {@link SdkClientException}), so they are reported like every other AWS call's.
 *
 * <p>Retries what S3 asks to be retried (5xx, throttling, timeouts, dropped connections) with full-jitter
 * exponential backoff, and corrects for a skewed local clock as the SDK does. Bodies are never signed:
 * uploads carry their Content-MD5, which S3 checks, and go over TLS to AWS.
 */
final class S3Rest {
    private static final Set<Integer> RETRIED_STATUS = Set.of(429, 500, 502, 503, 504);
    private static final Set<String> RETRIED_CODES =
            Set.of("RequestTimeout", "SlowDown", "Throttling", "ThrottlingException", "InternalError");
    private static final Set<String> THROTTLING_CODES = Set.of("SlowDown", "Throttling", "ThrottlingException");
    private static final Duration BASE_DELAY = Duration.ofMillis(100);
    private static final Duration THROTTLED_BASE_DELAY = Duration.ofMillis(500);
    private static final Duration MAX_DELAY = Duration.ofSeconds(20);
    private static final String USER_AGENT = "edgesite/" + Optional.ofNullable(S3Rest.class.getPackage()
            .getImplementationVersion()).orElse("dev") + " java/" + Runtime.version().feature();

    private final Http1 http;
    private final AwsCredentialsProvider credentials;
    private final SigV4 signer;
    private final URI endpoint;
    private final String awsDomain;
    private final String region;
    private final int maxAttempts;
    private final Clock clock;
    private volatile Duration skew = Duration.ZERO;

    /**
     * @param endpoint an S3-compatible server, addressed path-style, or null for AWS itself
     * @param maxAttempts how many times a call is tried in all, at least 1
     */
    S3Rest(Http1 http, AwsCredentialsProvider credentials, Region region, URI endpoint, int maxAttempts,
            Clock clock) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
        this.http = http;
        this.credentials = credentials;
        this.region = region.id();
        this.signer = new SigV4(this.region, "s3");
        this.endpoint = endpoint;
        this.awsDomain = domain(this.region);
        this.maxAttempts = maxAttempts;
        this.clock = clock;
    }

    /**
     * The DNS suffix of the region's partition. Read from the region's name rather than the SDK's region
     * metadata, whose loading costs a short build more than the listing it serves.
     */
    static String domain(String region) {
        if (region.startsWith("cn-")) {
            return "amazonaws.com.cn";
        }
        if (region.startsWith("us-isob-")) {
            return "sc2s.sgov.gov";
        }
        if (region.startsWith("us-iso-")) {
            return "c2s.ic.gov";
        }
        if (region.startsWith("eusc-")) {
            return "amazonaws.eu";
        }
        return "amazonaws.com";
    }

    /** One call: its operation's name (for messages), what it addresses, and what it sends. */
    static final class Call {
        final String operation;
        final String method;
        final String bucket;
        final String key;
        final Map<String, String> query = new LinkedHashMap<>();
        final Map<String, String> headers = new LinkedHashMap<>();
        private byte[] bytes;
        private ContentSource source;
        private long length;
        private boolean errorsIn200;

        Call(String operation, String method, String bucket, String key) {
            this.operation = operation;
            this.method = method;
            this.bucket = bucket;
            this.key = key;
        }

        Call query(String name, String value) {
            query.put(name, value);
            return this;
        }

        Call header(String name, String value) {
            if (value != null) {
                headers.put(name, value);
            }
            return this;
        }

        Call body(byte[] content) {
            this.bytes = content;
            this.length = content.length;
            return this;
        }

        /** A body read from its source, afresh on every attempt. */
        Call body(ContentSource content, long size) {
            this.source = content;
            this.length = size;
            return this;
        }

        /** S3 may answer this call 200 and still report an error in the body (CopyObject does). */
        Call errorsIn200() {
            this.errorsIn200 = true;
            return this;
        }

        private String describe() {
            return operation + " s3://" + bucket + (key == null ? "" : "/" + key);
        }
    }

    record Response(int status, Map<String, String> headers, byte[] body) {
        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }
    }

    /** Sends the call, retrying as S3 asks; a 2xx answer is returned, anything else thrown. */
    Response send(Call call) {
        for (int attempt = 1; ; attempt++) {
            Response response;
            try {
                Http1.Response r = http.send(request(call));
                response = new Response(r.status(), r.headers(), r.body());
            } catch (IOException | UncheckedIOException e) {
                if (attempt >= maxAttempts) {
                    throw SdkClientException.builder().message(call.describe() + " failed: " + e).cause(e).build();
                }
                pause(attempt, false);
                continue;
            }
            if (Thread.currentThread().isInterrupted()) {
                throw AbortedException.builder().message(call.describe() + " was interrupted").build();
            }
            S3Exception error = error(call, response);
            if (error == null) {
                return response;
            }
            if (attempt >= maxAttempts || !retried(error)) {
                throw error;
            }
            pause(attempt, THROTTLING_CODES.contains(code(error)) || response.status() == 429);
        }
    }

    /** The call as it goes on the wire: addressed, signed. */
    Http1.Request request(Call call) {
        String path;
        URI base;
        if (endpoint != null) {
            base = endpoint;
            path = stripSlash(endpoint.getRawPath()) + "/" + call.bucket;
        } else if (call.bucket.contains(".")) {
            base = URI.create("https://s3." + region + "." + awsDomain);
            path = "/" + call.bucket;
        } else {
            base = URI.create("https://" + call.bucket + ".s3." + region + "." + awsDomain);
            path = "";
        }
        if (call.key != null) {
            path += "/" + SigV4.encode(call.key, false);
        } else if (path.isEmpty()) {
            path = "/";
        }
        String query = SigV4.canonicalQuery(call.query);
        URI uri = URI.create(base.getScheme() + "://" + base.getRawAuthority() + path + (query.isEmpty() ? "" : "?" + query));
        Map<String, String> headers = signer.sign(call.method, Http1.hostHeader(uri), path, call.query, call.headers,
                SigV4.UNSIGNED_PAYLOAD, credentials.resolveCredentials(), clock.instant().plus(skew));
        headers.remove("host");
        headers.put("user-agent", USER_AGENT);
        return new Http1.Request(call.method, uri, headers, call.bytes,
                call.source == null ? null : call.source::open, call.length);
    }

    /** The error the response reports, or null when it reports none. */
    private S3Exception error(Call call, Response response) {
        int status = response.status();
        boolean ok = status / 100 == 2;
        if (ok && !(call.errorsIn200 && looksLikeError(response.body()))) {
            return null;
        }
        String code = null;
        String message = null;
        String requestId = response.header("x-amz-request-id").orElse(null);
        if (response.body().length > 0) {
            try {
                XmlElement xml = XmlElement.parse(response.body());
                if (xml.name().equals("Error")) {
                    code = xml.text("Code");
                    message = xml.text("Message");
                    requestId = Optional.ofNullable(xml.text("RequestId")).orElse(requestId);
                } else if (ok) {
                    return null;
                }
            } catch (XmlElement.MalformedXmlException e) {
                if (ok) {
                    return null;
                }
            }
        }
        if (code == null) {
            code = status == 404 ? (call.key == null ? "NoSuchBucket" : "NoSuchKey") : statusCode(status);
        }
        if (message == null) {
            message = "HTTP " + status + " to " + call.method;
        }
        if ("RequestTimeTooSkewed".equals(code)) {
            adjustClock(response);
        }
        AwsErrorDetails details = AwsErrorDetails.builder().errorCode(code).errorMessage(message).serviceName("S3")
                .sdkHttpResponse(SdkHttpResponse.builder().statusCode(ok ? 500 : status).build()).build();
        String text = call.describe() + ": " + message + " (Service: S3, Status Code: " + status + ", Error Code: "
                + code + ", Request ID: " + requestId + ")";
        S3Exception.Builder b = "NoSuchKey".equals(code) ? NoSuchKeyException.builder() : S3Exception.builder();
        return (S3Exception) b.awsErrorDetails(details).statusCode(ok ? 500 : status).requestId(requestId)
                .message(text).build();
    }

    private static boolean looksLikeError(byte[] body) {
        int n = Math.min(body.length, 256);
        return new String(body, 0, n, StandardCharsets.UTF_8).contains("<Error>");
    }

    private static boolean retried(S3Exception error) {
        String code = code(error);
        return RETRIED_STATUS.contains(error.statusCode()) || RETRIED_CODES.contains(code)
                || "RequestTimeTooSkewed".equals(code);
    }

    private static String code(S3Exception error) {
        return error.awsErrorDetails() == null ? null : error.awsErrorDetails().errorCode();
    }

    private static String statusCode(int status) {
        return switch (status) {
            case 301 -> "PermanentRedirect";
            case 400 -> "BadRequest";
            case 403 -> "AccessDenied";
            case 412 -> "PreconditionFailed";
            default -> "HTTP" + status;
        };
    }

    /** S3 refused the request's time: take the server's clock from its Date header for the next attempts. */
    private void adjustClock(Response response) {
        response.header("Date").ifPresent(date -> {
            try {
                Instant server = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                skew = Duration.between(clock.instant(), server);
            } catch (DateTimeParseException ignored) {
                // without a readable Date the next attempt is signed with the local clock again
            }
        });
    }

    /** Full jitter: a random wait up to the exponential bound, so that concurrent retries spread out. */
    private static void pause(int attempt, boolean throttled) {
        Duration base = throttled ? THROTTLED_BASE_DELAY : BASE_DELAY;
        long bound = Math.min(MAX_DELAY.toMillis(), base.toMillis() << Math.min(attempt - 1, 16));
        Backoff.sleep(Duration.ofMillis(ThreadLocalRandom.current().nextLong(bound + 1)));
    }

    private static String stripSlash(String path) {
        if (path == null) {
            return "";
        }
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
