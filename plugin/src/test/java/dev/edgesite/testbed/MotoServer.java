package dev.edgesite.testbed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.edgesite.core.aws.AwsClients;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * moto's server on a free loopback port: every AWS service on one endpoint.
 *
 * <p>Python is found as shared/DESIGN.md says: {@code python3} on PATH, then pyenv's, then the virtualenv
 * under the test bed folder that the build's set-up (setup.sh beside this test bed) makes with
 * {@code moto[server]} when neither can import moto.
 */
public final class MotoServer implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static String python;

    /**
     * One AWS API request as the server received it (moto_server.py's call log): the service's signing name
     * ({@code s3}, {@code cloudfront}, {@code cognito-idp}, {@code lambda}, {@code iam}, {@code route53},
     * {@code acm}, {@code sts}), the operation, and whether it may change something (all but reads: Get*, List*,
     * Describe*, Head*, ...; for S3 and the REST services, GET and HEAD).
     */
    public record Call(String service, String operation, boolean writes) {
        @Override
        public String toString() {
            return service + "." + operation + (writes ? " (writes)" : "");
        }
    }

    private final ServerProcess process;

    private MotoServer(ServerProcess process) {
        this.process = process;
    }

    public static MotoServer start() {
        String py = python();
        int port = ServerProcess.freePort();
        ServerProcess process = ServerProcess.start("moto",
                List.of(py, launcher().toString(), "-H", "127.0.0.1", "-p", Integer.toString(port)),
                Map.of("MOTO_ACM_VALIDATION_WAIT", "0", "PYTHONUNBUFFERED", "1",
                        // AWS's managed policies (AWSLambdaBasicExecutionRole, which the authorizer's role attaches)
                        "MOTO_IAM_LOAD_MANAGED_POLICIES", "true"),
                ServerProcess.workDir(), port, "/moto-api/", Duration.ofSeconds(60));
        MotoServer moto = new MotoServer(process);
        moto.configure();
        return moto;
    }

    /**
     * moto_server.py beside the test bed (moto's server with the fixes DEVIATIONS.md lists) and the module it
     * imports, iam_evaluation.py (resources and conditions for moto's IAM enforcement).
     */
    private static Path launcher() {
        for (String file : List.of("iam_evaluation.py", "moto_server.py")) {
            try (InputStream in = MotoServer.class.getClassLoader().getResourceAsStream("testbed/" + file)) {
                if (in == null) {
                    throw new IllegalStateException("test bed resource missing: testbed/" + file);
                }
                Files.write(ServerProcess.workDir().resolve(file), in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ServerProcess.workDir().resolve("moto_server.py");
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + process.port());
    }

    /** Clients for every service pointed at this server, as the tests want them: no retries, short timeouts. */
    public AwsClients clients(Region region, ExecutionInterceptor... interceptors) {
        return clients(region, AwsBasicCredentials.create("testing", "testing"), interceptors);
    }

    /** Clients that sign with these keys (an IAM user made on this server, for {@link #enforceIam()}). */
    public AwsClients clients(Region region, AwsCredentials credentials, ExecutionInterceptor... interceptors) {
        return clients(region, credentials, AwsRetryStrategy.doNotRetry(), interceptors);
    }

    public AwsClients clients() {
        return clients(Region.US_EAST_1);
    }

    /**
     * Clients as a goal builds them ({@link AwsClients#forStack}: the SDK's standard retry strategy, 8 attempts),
     * but with short backoffs, so that tests under {@link #faults()} wait milliseconds where AWS would make
     * them wait seconds.
     */
    public AwsClients retryingClients(Region region, ExecutionInterceptor... interceptors) {
        return clients(region, AwsBasicCredentials.create("testing", "testing"),
                AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(8)
                        .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(5), Duration.ofMillis(50)))
                        .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(10),
                                Duration.ofMillis(100)))
                        .build(),
                interceptors);
    }

    private AwsClients clients(Region region, AwsCredentials credentials, RetryStrategy retries,
            ExecutionInterceptor... interceptors) {
        ClientOverrideConfiguration.Builder overrides = ClientOverrideConfiguration.builder()
                .retryStrategy(retries)
                .apiCallTimeout(Duration.ofSeconds(60));
        for (ExecutionInterceptor interceptor : interceptors) {
            overrides.addExecutionInterceptor(interceptor);
        }
        return AwsClients.builder()
                .region(region)
                .endpoint(endpoint())
                .credentials(StaticCredentialsProvider.create(credentials))
                .overrides(overrides.build())
                .maxConnections(16)
                .build();
    }

    /** A call to one of the test bed's control routes on the server at {@code endpoint}; returns the answer's body. */
    static String control(URI endpoint, String method, String path, String body) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(endpoint.resolve(path))
                    .timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("moto " + method + " " + path + " answered " + r.statusCode());
            }
            return r.body();
        } catch (IOException e) {
            throw new IllegalStateException("moto " + method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Clients whose every call {@code recorder} sees. */
    public AwsClients clients(CallRecorder recorder) {
        return clients(Region.US_EAST_1, recorder);
    }

    /**
     * Every AWS API request this server received since the last {@link #clearCalls()} (or {@link #reset()}), in
     * the order they arrived, whichever client sent them: seen where they arrive, unlike {@link CallRecorder}'s.
     */
    public List<Call> calls() {
        String json = control(endpoint(), "GET", "/_edgesite/calls", null);
        List<Call> calls = new ArrayList<>();
        try {
            for (Object o : (List<?>) JSONObjectUtils.parse("{\"c\":" + json + "}").get("c")) {
                Map<?, ?> c = (Map<?, ?>) o;
                calls.add(new Call((String) c.get("service"), (String) c.get("operation"),
                        Boolean.TRUE.equals(c.get("writes"))));
            }
        } catch (ParseException e) {
            throw new IllegalStateException("moto's call log is not JSON: " + json, e);
        }
        return calls;
    }

    /** The calls of {@link #calls()} that may change something. */
    public List<Call> writes() {
        return calls().stream().filter(Call::writes).toList();
    }

    public void clearCalls() {
        control(endpoint(), "DELETE", "/_edgesite/calls", null);
    }

    /** Forgets every resource, S3 request, call and fault; the Lambda setting (no Docker) survives a reset. */
    public void reset() {
        relaxIam();
        post("/moto-api/reset", "");
        clearCalls();
        s3Requests().clear();
        s3Requests().clearFaults();
        faults().stop();
    }

    /** Random faults in front of every service: lost answers to writes, throttling. */
    public AwsFaults faults() {
        return new AwsFaults(endpoint());
    }

    /** The S3 requests this server received, and faults to answer some with. */
    public S3Requests s3Requests() {
        return new S3Requests(endpoint());
    }

    /**
     * From now on every request must be signed by an IAM user's (or assumed role's) keys made on this server
     * and is judged against that principal's policies (moto's enforcement, with the test bed's
     * iam_evaluation.py for resources and conditions; DEVIATIONS.md says what it does not judge).
     */
    public void enforceIam() {
        post("/moto-api/reset-auth", "0");
    }

    /** Back to moto's default: any credentials, no policy checked. */
    public void relaxIam() {
        post("/moto-api/reset-auth", "1e18");
    }

    private void configure() {
        post("/moto-api/config", "{\"lambda\":{\"use_docker\":false}}");
    }

    private void post(String path, String body) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(endpoint().resolve(path))
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException("moto " + path + " answered " + r.statusCode() + ": " + r.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("moto " + path + " failed: " + e.getMessage() + "\n" + process.tail(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.close();
    }

    /** A Python interpreter that can import moto; none fails with the set-up step that makes one. */
    static synchronized String python() {
        if (python != null) {
            return python;
        }
        List<String> candidates = new ArrayList<>(List.of("python3"));
        Path pyenv = Paths.get(System.getProperty("user.home"), ".pyenv", "shims", "python3");
        if (Files.isExecutable(pyenv)) {
            candidates.add(pyenv.toString());
        }
        candidates.add(ServerProcess.workDir().resolve("moto-venv/bin/python").toString());
        for (String candidate : candidates) {
            if (importsMoto(candidate)) {
                return python = candidate;
            }
        }
        throw new IllegalStateException("No Python imports moto.server and flask (tried " + String.join(", ", candidates)
                + "). " + ServerProcess.setUp("moto"));
    }

    private static boolean importsMoto(String interpreter) {
        try {
            Process p = new ProcessBuilder(interpreter, "-c", "import moto.server, flask")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
