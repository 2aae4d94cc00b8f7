package dev.edgesite.core.aws;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Keeps {@code Expect: 100-continue} only on bodies of {@link #THRESHOLD} or more. The SDK asks S3 to
 * accept every upload before its body goes out, which costs each one a round trip; that pays off only
 * when a large body would be sent in vain. The HTTP client adds no such header of its own.
 */
final class ExpectContinue implements ExecutionInterceptor {
    static final long THRESHOLD = 1L << 20;

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        SdkHttpRequest request = context.httpRequest();
        boolean small = request.firstMatchingHeader("Content-Length").map(Long::parseLong)
                .filter(length -> length < THRESHOLD).isPresent();
        return small && request.firstMatchingHeader("Expect").isPresent()
                ? request.toBuilder().removeHeader("Expect").build()
                : request;
    }
}
