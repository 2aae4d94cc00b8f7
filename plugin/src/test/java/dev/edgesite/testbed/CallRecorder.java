package dev.edgesite.testbed;

import dev.edgesite.core.aws.AwsClients;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;

/**
 * Records every request that clients built with it send: the service, the operation, the object
 * key when there is one, and the HTTP request as it went out (after signing).
 */
public final class CallRecorder implements ExecutionInterceptor {
    private static final List<String> READS = List.of("Get", "List", "Describe", "Head");

    public record Call(String service, String operation, String key, SdkHttpRequest http) {
        /** {@code Service.Operation}, e.g. {@code CloudFront.UpdateDistribution}. */
        public String name() {
            return service + "." + operation;
        }

        public boolean writes() {
            return READS.stream().noneMatch(operation::startsWith);
        }
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();

    /** Clients like {@link MotoServer#clients()} with this recorder, then the given interceptors, on every call. */
    public AwsClients clients(MotoServer moto, ExecutionInterceptor... more) {
        return moto.clients(Region.US_EAST_1, Stream.concat(Stream.of(this), Stream.of(more))
                .toArray(ExecutionInterceptor[]::new));
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        calls.add(new Call(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                context.request().getValueForField("Key", String.class).orElse(null), context.httpRequest()));
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(String operation) {
        return calls.stream().filter(c -> c.operation().equals(operation)).toList();
    }

    /** Every call as {@code Service.Operation}, in the order sent. */
    public List<String> names() {
        return calls.stream().map(Call::name).toList();
    }

    /** The calls that may change something (all but Get*, List*, Describe*, Head*), as {@code Service.Operation}. */
    public List<String> writes() {
        return calls.stream().filter(Call::writes).map(Call::name).toList();
    }

    /** The keys of the calls of one operation, in the order sent. */
    public List<String> keys(String operation) {
        return calls(operation).stream().map(Call::key).toList();
    }

    public int count(String operation) {
        return calls(operation).size();
    }

    public void clear() {
        calls.clear();
    }
}
