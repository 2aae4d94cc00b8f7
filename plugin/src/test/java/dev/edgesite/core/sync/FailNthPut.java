package dev.edgesite.core.sync;

import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Breaks the connection on the Nth PutObject: either before it is sent (nothing lands) or after
 * S3 stored it (it landed, but the caller sees a failure), as a dropped connection would.
 */
public final class FailNthPut implements ExecutionInterceptor {
    public enum When { BEFORE_SENDING, AFTER_LANDING }

    private final int n;
    private final When when;
    private final AtomicInteger puts = new AtomicInteger();

    public FailNthPut(int n, When when) {
        this.n = n;
        this.when = when;
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (when == When.BEFORE_SENDING && isNthPut(attributes)) {
            throw SdkClientException.create("connection reset before the body was sent");
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (when == When.AFTER_LANDING && isNthPut(attributes)) {
            throw SdkClientException.create("connection reset before the response was read");
        }
    }

    private boolean isNthPut(ExecutionAttributes attributes) {
        return "PutObject".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))
                && puts.incrementAndGet() == n;
    }
}
