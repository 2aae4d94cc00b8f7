package dev.edgesite.core.aws;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.Runtime;

/** Lambda in us-east-1: the authorizer function and its published versions (CloudFront needs a version). */
public final class EdgeFunctions {
    static final Runtime RUNTIME = Runtime.NODEJS22_X;
    static final String HANDLER = "index.handler";
    /** Viewer-request triggers may run at most 5 s with at most 128 MB. */
    static final int TIMEOUT_SECONDS = 5;
    static final int MEMORY_MB = 128;

    private final LambdaClient lambda;
    private final Duration roleWait;

    public EdgeFunctions(LambdaClient lambda, Duration roleWait) {
        this.lambda = lambda;
        this.roleWait = roleWait;
    }

    public Optional<FunctionConfiguration> find(String name) {
        try {
            return Optional.of(lambda.getFunction(r -> r.functionName(name)).configuration());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    /** The function with its tags, if it exists. */
    public Optional<GetFunctionResponse> describe(String name) {
        try {
            return Optional.of(lambda.getFunction(r -> r.functionName(name)));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    /** What became of a deletion. */
    public enum Deletion { DELETED, ALREADY_ABSENT, REPLICAS_REMAIN }

    /**
     * Deletes the function with every version. Lambda refuses while CloudFront still holds replicas
     * of a version at its edge locations, which it removes within hours of the distribution's deletion.
     */
    public Deletion delete(String name) {
        try {
            lambda.deleteFunction(r -> r.functionName(name));
            return Deletion.DELETED;
        } catch (ResourceNotFoundException e) {
            return Deletion.ALREADY_ABSENT;
        } catch (InvalidParameterValueException e) {
            if (e.getMessage() != null && e.getMessage().contains("replicated function")) {
                return Deletion.REPLICAS_REMAIN;
            }
            throw e;
        }
    }

    /**
     * Creates the function and publishes version 1. A role created moments ago may not be
     * assumable yet (IAM is eventually consistent): that refusal is retried with backoff. CreateFunction is
     * not idempotent (sent again it fails with ResourceConflictException): when its answer is lost, the function
     * of that name is looked up and adopted, with its newest version of its code (published if there is none).
     */
    public String create(String name, String roleArn, byte[] zip, String stack) {
        return Creates.createOrAdopt(() -> {
            var created = whileRolePropagates(() -> lambda.createFunction(r -> r.functionName(name)
                    .runtime(RUNTIME)
                    .handler(HANDLER)
                    .role(roleArn)
                    .timeout(TIMEOUT_SECONDS)
                    .memorySize(MEMORY_MB)
                    .description("edgesite authorizer of stack " + stack)
                    .publish(true)
                    .tags(Map.of(Tags.STACK, stack))
                    .code(c -> c.zipFile(SdkBytes.fromByteArray(zip)))
                    .overrideConfiguration(Creates.RETRY_THROTTLING_ONLY)), name);
            lambda.waiter().waitUntilFunctionActiveV2(r -> r.functionName(name));
            return versionArn(created.functionArn(), created.version());
        }, () -> find(name).map(f -> {
            lambda.waiter().waitUntilFunctionActiveV2(r -> r.functionName(name));
            return publishedVersion(name, f.codeSha256()).orElseGet(() -> publish(name, f.codeSha256()));
        }), Creates.code("ResourceConflictException"));
    }

    /** New code, published as a new version. */
    public String updateCode(String name, byte[] zip) {
        var updated = lambda.updateFunctionCode(r -> r.functionName(name)
                .zipFile(SdkBytes.fromByteArray(zip)).publish(true));
        lambda.waiter().waitUntilFunctionUpdatedV2(r -> r.functionName(name));
        return versionArn(updated.functionArn(), updated.version());
    }

    /** The newest published version running exactly this code, if any. */
    public Optional<String> publishedVersion(String name, String codeSha256) {
        return lambda.listVersionsByFunctionPaginator(r -> r.functionName(name)).versions().stream()
                .filter(v -> !"$LATEST".equals(v.version()) && codeSha256.equals(v.codeSha256()))
                .max(Comparator.comparingLong(v -> Long.parseLong(v.version())))
                .map(FunctionConfiguration::functionArn);
    }

    public String publish(String name, String codeSha256) {
        return lambda.publishVersion(r -> r.functionName(name).codeSha256(codeSha256)).functionArn();
    }

    public static List<String> configDrift(FunctionConfiguration f, String roleArn) {
        List<String> fields = new ArrayList<>();
        if (f.runtime() != RUNTIME) {
            fields.add("runtime");
        }
        if (!HANDLER.equals(f.handler())) {
            fields.add("handler");
        }
        if (!Objects.equals(roleArn, f.role())) {
            fields.add("role");
        }
        if (!Objects.equals(f.timeout(), TIMEOUT_SECONDS) || !Objects.equals(f.memorySize(), MEMORY_MB)) {
            fields.add("limits");
        }
        return fields;
    }

    public void updateConfiguration(String name, String roleArn) {
        whileRolePropagates(() -> lambda.updateFunctionConfiguration(r -> r.functionName(name).runtime(RUNTIME)
                .handler(HANDLER).role(roleArn).timeout(TIMEOUT_SECONDS).memorySize(MEMORY_MB)), name);
        lambda.waiter().waitUntilFunctionUpdatedV2(r -> r.functionName(name));
    }

    private <T> T whileRolePropagates(Supplier<T> call, String name) {
        long deadline = System.nanoTime() + roleWait.toNanos();
        Duration pause = Duration.ofSeconds(2);
        while (true) {
            try {
                return call.get();
            } catch (InvalidParameterValueException e) {
                boolean roleNotReady = e.getMessage() != null && e.getMessage().contains("cannot be assumed");
                if (!roleNotReady || System.nanoTime() > deadline) {
                    throw e;
                }
                Backoff.sleep(pause);
                pause = pause.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10)
                        : pause.multipliedBy(2);
            }
        }
    }

    /** A published configuration's ARN ends in its version; some answers give the bare ARN. */
    private static String versionArn(String arn, String version) {
        if (version == null || "$LATEST".equals(version) || arn.endsWith(":" + version)) {
            return arn;
        }
        return arn + ":" + version;
    }
}
