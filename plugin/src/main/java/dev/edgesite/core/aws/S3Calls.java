package dev.edgesite.core.aws;

import dev.edgesite.core.sync.ContentSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.stream.XMLStreamException;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.endpoints.AwsEndpointAttribute;
import software.amazon.awssdk.awscore.endpoints.authscheme.EndpointAuthScheme;
import software.amazon.awssdk.awscore.endpoints.authscheme.SigV4AuthScheme;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenResponse;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.RetryToken;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;
import software.amazon.awssdk.services.s3.endpoints.S3EndpointParams;
import software.amazon.awssdk.services.s3.endpoints.S3EndpointProvider;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.utils.DateUtils;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * The S3 calls a sync makes per file, put together from the SDK's own parts rather than sent through its
 * {@code S3Client}, whose per-request pipeline costs more than the transfers of a site's small files:
 * <ul>
 *   <li>the SDK's HTTP client, the one every other client of the stack shares (proxies included);</li>
 *   <li>the SDK's S3 endpoint rules, fed as {@code S3Client} feeds them ({@link S3Addressing}), so FIPS,
 *       dual-stack, {@code AWS_ENDPOINT_URL_S3}, a profile's {@code endpoint_url} and path-style
 *       addressing for emulators resolve exactly as for the SDK's own client;</li>
 *   <li>the SDK's SigV4 signer, with S3's signing rules (no double encoding, no path normalisation,
 *       unsigned payloads over TLS: every upload carries its Content-MD5, which S3 checks);</li>
 *   <li>the SDK's retry strategy, with its retry quota and its notion of what is retryable;</li>
 *   <li>the JDK's StAX for XML ({@link S3Xml}).</li>
 * </ul>
 * Failures come out as the SDK's own exceptions ({@link S3Exception}, {@link SdkClientException}), so they
 * are reported like every other AWS call's.
 */
final class S3Calls {
    private static final Set<String> SKEW_CODES = Set.of("RequestTimeTooSkewed", "RequestExpired",
            "InvalidSignatureException", "SignatureDoesNotMatch", "AuthFailure");
    private static final String USER_AGENT = "edgesite/" + Optional.ofNullable(S3Calls.class.getPackage()
            .getImplementationVersion()).orElse("dev") + " java/" + Runtime.version().feature();

    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final S3Addressing addressing;
    private final RetryStrategy retries;
    private final Clock clock;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final Map<String, BucketEndpoint> endpoints = new ConcurrentHashMap<>();
    private volatile Duration skew = Duration.ZERO;

    S3Calls(SdkHttpClient http, AwsCredentialsProvider credentials, S3Addressing addressing, RetryStrategy retries,
            Clock clock) {
        this.http = http;
        this.credentials = credentials;
        this.addressing = addressing;
        this.retries = retries;
        this.clock = clock;
    }

    /** One call: its operation's name (for messages), what it addresses, and what it sends. */
    static final class Call {
        final String operation;
        final SdkHttpMethod method;
        final String bucket;
        final String key;
        final Map<String, String> query = new LinkedHashMap<>();
        final Map<String, String> headers = new LinkedHashMap<>();
        private ContentStreamProvider body;
        private long length;
        private boolean errorsIn200;

        Call(String operation, SdkHttpMethod method, String bucket, String key) {
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
            this.body = ContentStreamProvider.fromByteArrayUnsafe(content);
            this.length = content.length;
            return this;
        }

        /** A body read from its source, afresh on every attempt (and for the signature, over plain HTTP). */
        Call body(ContentSource content, long size) {
            this.body = ContentStreamProvider.fromInputStreamSupplier(() -> {
                try {
                    return content.open();
                } catch (IOException e) {
                    throw new UncheckedIOException("Reading the body of " + describe() + " failed", e);
                }
            });
            this.length = size;
            return this;
        }

        /** S3 may answer this call 200 and still report an error in the body (CopyObject does). */
        Call errorsIn200() {
            this.errorsIn200 = true;
            return this;
        }

        String describe() {
            return operation + " s3://" + bucket + (key == null ? "" : "/" + key);
        }
    }

    /** A 2xx answer. */
    record Response(SdkHttpResponse http, byte[] body) {
        Optional<String> header(String name) {
            return http.firstMatchingHeader(name);
        }
    }

    /** Where a bucket's requests go and how they are signed. */
    record BucketEndpoint(URI url, String signingName, String signingRegion) {}

    /** Sends the call, retrying as the retry strategy decides; a 2xx answer is returned, anything else thrown. */
    Response send(Call call) {
        RetryToken token = retries.acquireInitialToken(AcquireInitialTokenRequest.create("s3")).token();
        while (true) {
            try {
                Response response = attempt(call);
                retries.recordSuccess(RecordSuccessRequest.create(token));
                return response;
            } catch (SdkException failure) {
                if (Thread.currentThread().isInterrupted()) {
                    throw AbortedException.builder().message(call.describe() + " was interrupted").cause(failure).build();
                }
                RefreshRetryTokenResponse next;
                try {
                    next = retries.refreshRetryToken(RefreshRetryTokenRequest.builder().token(token).failure(failure)
                            .build());
                } catch (TokenAcquisitionFailedException noMore) {
                    failure.addSuppressed(noMore);
                    throw failure;
                }
                token = next.token();
                pause(call, next.delay());
            }
        }
    }

    /** Where the bucket's requests go, as S3's endpoint rules say; resolved once per bucket. */
    BucketEndpoint endpoint(String bucket) {
        return endpoints.computeIfAbsent(bucket, this::resolve);
    }

    private BucketEndpoint resolve(String bucket) {
        S3EndpointParams params = addressing.params(bucket);
        Endpoint endpoint;
        try {
            endpoint = S3EndpointProvider.defaultProvider().resolveEndpoint(params).join();
        } catch (CompletionException e) {
            // the rules refuse settings that do not go together, such as FIPS with a custom endpoint
            throw e.getCause() instanceof SdkException sdk ? sdk
                    : SdkClientException.builder().message("Resolving S3's endpoint for " + bucket + " failed: "
                            + e.getCause()).cause(e.getCause()).build();
        }
        String name = "s3";
        String region = params.region().id();
        for (EndpointAuthScheme scheme : Optional.ofNullable(endpoint.attribute(AwsEndpointAttribute.AUTH_SCHEMES))
                .orElse(java.util.List.of())) {
            if (scheme instanceof SigV4AuthScheme v4) {
                name = Optional.ofNullable(v4.signingName()).orElse(name);
                region = Optional.ofNullable(v4.signingRegion()).orElse(region);
                break;
            }
        }
        return new BucketEndpoint(endpoint.url(), name, region);
    }

    private Response attempt(Call call) {
        SignedRequest signed = sign(call);
        HttpExecuteResponse executed;
        byte[] body;
        try {
            executed = http.prepareRequest(HttpExecuteRequest.builder().request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null)).build()).call();
            body = executed.responseBody().isPresent() ? readAll(executed.responseBody().get()) : new byte[0];
        } catch (IOException | UncheckedIOException e) {
            throw SdkClientException.builder().message(call.describe() + " failed: " + e).cause(e).build();
        }
        SdkHttpResponse response = executed.httpResponse();
        S3Exception error = error(call, response, body);
        if (error != null) {
            throw error;
        }
        return new Response(response, body);
    }

    SignedRequest sign(Call call) {
        BucketEndpoint endpoint = endpoint(call.bucket);
        URI url = endpoint.url();
        String base = url.getRawPath() == null ? "" : url.getRawPath();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        String path = call.key == null ? (base.isEmpty() ? "/" : base)
                : base + "/" + SdkHttpUtils.urlEncodeIgnoreSlashes(call.key);
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder()
                .method(call.method)
                .protocol(url.getScheme())
                .host(url.getHost())
                .port(url.getPort())
                .encodedPath(path)
                .putHeader("User-Agent", USER_AGENT);
        call.query.forEach(request::putRawQueryParameter);
        call.headers.forEach(request::putHeader);
        if (call.body != null) {
            request.putHeader("Content-Length", Long.toString(call.length));
        }
        Clock signingClock = Clock.offset(clock, skew);
        return signer.sign(r -> r.identity(credentials.resolveCredentials())
                .request(request.build())
                .payload(call.body)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, endpoint.signingName())
                .putProperty(AwsV4HttpSigner.REGION_NAME, endpoint.signingRegion())
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, signingClock));
    }

    /** The error the response reports, or null when it reports none. */
    private S3Exception error(Call call, SdkHttpResponse response, byte[] body) {
        int status = response.statusCode();
        boolean ok = response.isSuccessful();
        if (ok && !call.errorsIn200) {
            return null;
        }
        String code = null;
        String message = null;
        String requestId = response.firstMatchingHeader("x-amz-request-id").orElse(null);
        if (body.length > 0) {
            try {
                S3Xml xml = S3Xml.read(body, Set.of());
                if (xml.root().equals("Error")) {
                    code = xml.text("Code");
                    message = xml.text("Message");
                    requestId = Optional.ofNullable(xml.text("RequestId")).orElse(requestId);
                } else if (ok) {
                    return null;
                }
            } catch (XMLStreamException e) {
                if (ok) {
                    return null;
                }
            }
        } else if (ok) {
            return null;
        }
        if (code == null) {
            code = status == 404 ? (call.key == null ? "NoSuchBucket" : "NoSuchKey") : statusCode(status);
        }
        if (message == null) {
            message = "HTTP " + status + " to " + call.method;
        }
        if (SKEW_CODES.contains(code)) {
            adjustClock(response);
        }
        // an error inside a 200 is S3 failing after it accepted the call: a server error, as the SDK treats it
        int reported = ok ? 500 : status;
        AwsErrorDetails details = AwsErrorDetails.builder().errorCode(code).errorMessage(message).serviceName("S3")
                .sdkHttpResponse(response.toBuilder().statusCode(reported).build()).build();
        String text = call.describe() + ": " + message + " (Service: S3, Status Code: " + status + ", Error Code: "
                + code + ", Request ID: " + requestId + ")";
        S3Exception.Builder b = "NoSuchKey".equals(code) ? NoSuchKeyException.builder() : S3Exception.builder();
        return (S3Exception) b.awsErrorDetails(details).statusCode(reported).requestId(requestId)
                .extendedRequestId(response.firstMatchingHeader("x-amz-id-2").orElse(null))
                .message(text).build();
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

    /**
     * S3 refused the request's time: sign the next attempts by the server's clock, read from its Date
     * header, as the SDK's clients do.
     */
    private void adjustClock(SdkHttpResponse response) {
        response.firstMatchingHeader("Date").ifPresent(date -> {
            try {
                Instant server = DateUtils.parseRfc822Date(date);
                Duration difference = Duration.between(clock.instant(), server);
                if (difference.abs().compareTo(Duration.ofMinutes(4)) > 0) {
                    skew = difference;
                }
            } catch (RuntimeException unreadable) {
                // without a readable Date the next attempt is signed with the local clock again
            }
        });
    }

    private static void pause(Call call, Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AbortedException.builder().message(call.describe() + " was interrupted").cause(e).build();
        }
    }

    private static byte[] readAll(InputStream body) throws IOException {
        try (body) {
            return body.readAllBytes();
        }
    }
}
