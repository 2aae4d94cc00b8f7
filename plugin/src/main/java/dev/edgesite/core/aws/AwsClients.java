package dev.edgesite.core.aws;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.utils.SdkAutoCloseable;
import dev.edgesite.core.settings.StackSettings;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.apache.ProxyConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The SDK clients of one stack, created on first use and sharing one HTTP connection pool.
 *
 * <p>The bucket and the user pool live in the configured region; the parts CloudFront uses
 * (certificate, Lambda@Edge function) live in us-east-1; IAM, Route53 and CloudFront are global.
 * With an endpoint set, every client talks to it (an emulator such as moto) with path-style S3.
 */
public final class AwsClients implements AutoCloseable {
    /** Where CloudFront takes certificates and Lambda@Edge functions from. */
    public static final Region EDGE_REGION = Region.US_EAST_1;
    /** Connections in the shared pool unless the builder says otherwise: the most requests in flight at once. */
    public static final int DEFAULT_MAX_CONNECTIONS = 64;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** The longest a request may wait for the next bytes of its answer. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private final Region region;
    private final URI endpoint;
    /** The AWS profile whose settings the clients read, or null for the SDK's default one. */
    private final String profile;
    private final AwsCredentialsProvider credentials;
    /** Whether {@link #close()} closes the credentials provider: it does for one this class made. */
    private final boolean ownsCredentials;
    private final ClientOverrideConfiguration overrides;
    private final int maxConnections;
    private final List<AutoCloseable> opened = new ArrayList<>();

    private SdkHttpClient http;
    private boolean closedCredentials;
    private S3Calls s3Calls;

    private S3Client s3;
    private CloudFrontClient cloudFront;
    private AcmClient acm;
    private CognitoIdentityProviderClient cognito;
    private IamClient iam;
    private LambdaClient lambda;
    private Route53Client route53;
    private StsClient sts;

    private AwsClients(Builder b) {
        this.region = Objects.requireNonNull(b.region, "region");
        this.endpoint = b.endpoint;
        this.profile = b.profile;
        this.credentials = b.credentials != null ? b.credentials : credentialsFor(null);
        this.ownsCredentials = b.credentials == null || b.ownsCredentials;
        this.overrides = b.overrides != null ? b.overrides : ClientOverrideConfiguration.builder().build();
        this.maxConnections = b.maxConnections;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Clients for a stack: its region, its profile (or the default credentials chain), and its
     * endpoint, falling back to {@code AWS_ENDPOINT_URL} as the AWS SDKs and CLI do.
     */
    public static AwsClients forStack(StackSettings settings) {
        URI endpoint = settings.endpoint();
        String fromEnv = System.getenv("AWS_ENDPOINT_URL");
        if (endpoint == null && fromEnv != null && !fromEnv.isBlank()) {
            endpoint = URI.create(fromEnv.strip());
        }
        ClientOverrideConfiguration.Builder overrides = ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(8).build());
        if (settings.profile() != null) {
            // the profile's own settings too (endpoint_url, FIPS, dual-stack, retries), as --profile does for the CLI
            overrides.defaultProfileName(settings.profile());
        }
        return builder()
                .region(settings.region())
                .endpoint(endpoint)
                .profile(settings.profile())
                .ownCredentials(credentialsFor(settings.profile()))
                .overrides(overrides.build())
                .build();
    }

    /**
     * The SDK's own credential sources: the profile's (static keys, IAM Identity Center, credential_process,
     * role_arn with source_profile or web identity), or the default chain without one (system properties,
     * environment, web identity, AWS_PROFILE or the default profile, container, instance). Each call makes a
     * new provider, which its user closes.
     */
    public static AwsCredentialsProvider credentialsFor(String profile) {
        return new SdkFailures(profile == null
                ? DefaultCredentialsProvider.builder().build()
                : ProfileCredentialsProvider.builder().profileName(profile).build());
    }

    /**
     * A provider whose every failure is an {@link SdkClientException}, as the goals expect of the SDK: some of the
     * SDK's own sources fail otherwise (credential_process with an {@code IllegalStateException}).
     */
    private static final class SdkFailures implements AwsCredentialsProvider, SdkAutoCloseable {
        private final AwsCredentialsProvider delegate;

        SdkFailures(AwsCredentialsProvider delegate) {
            this.delegate = delegate;
        }

        @Override
        public AwsCredentials resolveCredentials() {
            try {
                return delegate.resolveCredentials();
            } catch (SdkException e) {
                throw e;
            } catch (RuntimeException e) {
                throw SdkClientException.builder()
                        .message("Unable to load credentials from " + delegate + ": " + e.getMessage()).cause(e).build();
            }
        }

        @Override
        public void close() {
            if (delegate instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception ignored) {
                    // best effort, as for the clients
                }
            }
        }

        @Override
        public String toString() {
            return delegate.toString();
        }
    }

    public Region region() {
        return region;
    }

    AwsCredentialsProvider credentials() {
        return credentials;
    }

    /** The endpoint every client talks to, or null for AWS's own. */
    public URI endpoint() {
        return endpoint;
    }

    /**
     * S3, path-style when talking to an emulator. Uploads carry their Content-MD5 (see {@link S3Site}), so
     * the SDK adds no checksum of its own where S3 does not require one.
     */
    public synchronized S3Client s3() {
        if (s3 == null) {
            s3 = open(S3Client.builder()
                            .forcePathStyle(endpoint != null)
                            .serviceConfiguration(c -> c.chunkedEncodingEnabled(false))
                            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED),
                    region);
        }
        return s3;
    }

    /**
     * The calls a sync makes per file ({@link S3Site}), made from the SDK's parts: the same HTTP client,
     * credentials, retry strategy and endpoint settings as {@link #s3()}.
     */
    synchronized S3Calls s3Calls() {
        if (s3Calls == null) {
            RetryStrategy retries = overrides.retryStrategy().orElseGet(AwsRetryStrategy::standardRetryStrategy);
            s3Calls = new S3Calls(http(), credentials, S3Addressing.of(region, endpoint, profile), retries,
                    Clock.systemUTC());
        }
        return s3Calls;
    }

    public synchronized CloudFrontClient cloudFront() {
        if (cloudFront == null) {
            cloudFront = open(CloudFrontClient.builder(), Region.AWS_GLOBAL);
        }
        return cloudFront;
    }

    /** ACM in us-east-1, the only region whose certificates CloudFront accepts. */
    public synchronized AcmClient acm() {
        if (acm == null) {
            acm = open(AcmClient.builder(), EDGE_REGION);
        }
        return acm;
    }

    public synchronized CognitoIdentityProviderClient cognito() {
        if (cognito == null) {
            cognito = open(CognitoIdentityProviderClient.builder(), region);
        }
        return cognito;
    }

    public synchronized IamClient iam() {
        if (iam == null) {
            iam = open(IamClient.builder(), Region.AWS_GLOBAL);
        }
        return iam;
    }

    /** Lambda in us-east-1, where Lambda@Edge functions must be created. */
    public synchronized LambdaClient lambda() {
        if (lambda == null) {
            lambda = open(LambdaClient.builder(), EDGE_REGION);
        }
        return lambda;
    }

    public synchronized Route53Client route53() {
        if (route53 == null) {
            route53 = open(Route53Client.builder(), Region.AWS_GLOBAL);
        }
        return route53;
    }

    public synchronized StsClient sts() {
        if (sts == null) {
            sts = open(StsClient.builder(), region);
        }
        return sts;
    }

    private <C extends AutoCloseable, B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>> C open(B builder,
            Region clientRegion) {
        builder.region(clientRegion)
                .credentialsProvider(credentials)
                .overrideConfiguration(overrides)
                .httpClient(http());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        C client = builder.build();
        opened.add(0, client);
        return client;
    }

    /**
     * The one HTTP client of every call, sized for the sync's concurrency, through {@link #proxy}; also for the
     * odd plain request a goal makes besides the SDK clients (the user pool's keys); closed with them.
     * {@code Expect: 100-continue} is left to each request.
     */
    public synchronized SdkHttpClient http() {
        if (http == null) {
            http = ApacheHttpClient.builder()
                    .maxConnections(maxConnections)
                    .expectContinueEnabled(false)
                    .connectionTimeout(CONNECT_TIMEOUT)
                    .socketTimeout(READ_TIMEOUT)
                    .proxyConfiguration(proxy(endpoint != null && "http".equalsIgnoreCase(endpoint.getScheme())))
                    .build();
            opened.add(http);
        }
        return http;
    }

    /**
     * The proxy of every call, as the SDK's {@link ProxyConfiguration} finds it for the scheme the calls use:
     * for AWS (HTTPS) the JVM's {@code https.proxyHost}, {@code https.proxyPort}, {@code https.proxyUser},
     * {@code https.proxyPassword}, else {@code HTTPS_PROXY}; for an emulator over plain HTTP the {@code http.}
     * properties, else {@code HTTP_PROXY}; {@code http.nonProxyHosts} or {@code NO_PROXY} either way. The proxy
     * itself is spoken to as its own URL says, plain HTTP unless {@code HTTPS_PROXY} names {@code https://}: left
     * to itself, the SDK would take the calls' scheme for the proxy's and open TLS to a plain proxy.
     */
    static ProxyConfiguration proxy(boolean plainHttp) {
        String scheme = plainHttp ? "http" : "https";
        ProxyConfiguration found = ProxyConfiguration.builder().scheme(scheme)
                .useSystemPropertyValues(true).useEnvironmentVariableValues(true).build();
        ProxyConfiguration.Builder chosen = ProxyConfiguration.builder()
                .useSystemPropertyValues(false).useEnvironmentVariableValues(false);
        if (found.host() == null || found.port() <= 0) {
            return chosen.build();
        }
        String variable = plainHttp ? "HTTP_PROXY" : "HTTPS_PROXY";
        String url = Optional.ofNullable(System.getenv(variable.toLowerCase(Locale.ROOT)))
                .or(() -> Optional.ofNullable(System.getenv(variable))).orElse("");
        boolean tls = System.getProperty(scheme + ".proxyHost") == null
                && url.toLowerCase(Locale.ROOT).startsWith("https://");
        return chosen.endpoint(URI.create((tls ? "https" : "http") + "://" + found.host() + ":" + found.port()))
                .username(found.username())
                .password(found.password())
                .nonProxyHosts(found.nonProxyHosts())
                .build();
    }

    /** Closes every client, then the HTTP client, then the credentials provider if this instance made it. */
    @Override
    public synchronized void close() {
        List<AutoCloseable> closing = new ArrayList<>(opened);
        opened.clear();
        if (ownsCredentials && credentials instanceof AutoCloseable provider && !closedCredentials) {
            closedCredentials = true;
            closing.add(provider);
        }
        for (AutoCloseable c : closing) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing is best effort; nothing is left to release
            }
        }
    }

    public static final class Builder {
        private Region region;
        private URI endpoint;
        private String profile;
        private AwsCredentialsProvider credentials;
        private boolean ownsCredentials;
        private ClientOverrideConfiguration overrides;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;

        private Builder() {}

        public Builder region(Region region) {
            this.region = region;
            return this;
        }

        /** One endpoint for every service, e.g. an emulator; null for AWS itself. */
        public Builder endpoint(URI endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        /** The AWS profile whose settings (endpoint, FIPS, dual-stack) S3's addressing reads; null for the default. */
        public Builder profile(String profile) {
            this.profile = profile;
            return this;
        }

        /** Credentials the caller keeps and closes. */
        public Builder credentials(AwsCredentialsProvider credentials) {
            this.credentials = credentials;
            this.ownsCredentials = false;
            return this;
        }

        /** Credentials the clients close with themselves, as a goal's are. */
        public Builder ownCredentials(AwsCredentialsProvider credentials) {
            this.credentials = credentials;
            this.ownsCredentials = true;
            return this;
        }

        public Builder overrides(ClientOverrideConfiguration overrides) {
            this.overrides = overrides;
            return this;
        }

        public Builder maxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
            return this;
        }

        public AwsClients build() {
            return new AwsClients(this);
        }
    }
}
