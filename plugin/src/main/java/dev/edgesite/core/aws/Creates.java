package dev.edgesite.core.aws;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkServiceClientConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryUtils;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * Creates that AWS does not make idempotent: a user pool, an app client, a login domain, an origin access
 * control, a role, a function. When such a call's answer is lost (a 5xx after AWS did the work, a reset
 * connection, a timeout), sending it again makes a second one, or fails on the first. So the SDK does not
 * retry these calls except when AWS throttled them (a throttled call is refused before anything is done);
 * instead {@link #createOrAdopt} looks the resource up by its tag or name, adopts what it finds, and creates
 * again only when nothing is there.
 */
public final class Creates {
    /** How many times a create is sent at most, each after a look-up found nothing. */
    static final int ATTEMPTS = 3;

    /**
     * The per-call override for such a create: the client's own retry strategy (attempts, backoff, quota),
     * told not to retry a failure that is not throttling.
     */
    public static final Consumer<AwsRequestOverrideConfiguration.Builder> RETRY_THROTTLING_ONLY =
            o -> o.addPlugin(Creates::retryThrottlingOnly);

    private Creates() {}

    private static void retryThrottlingOnly(SdkServiceClientConfiguration.Builder config) {
        RetryStrategy current = config.overrideConfiguration().retryStrategy()
                .orElseGet(AwsRetryStrategy::defaultRetryStrategy);
        RetryStrategy strict;
        try {
            strict = current.toBuilder().doNotRetryWhen(r -> !throttled(r.failure())).build();
        } catch (UnsupportedOperationException e) {
            strict = AwsRetryStrategy.doNotRetry();
        }
        RetryStrategy chosen = strict;
        config.overrideConfiguration(c -> c.retryStrategy(chosen));
    }

    static boolean throttled(Throwable failure) {
        return failure instanceof SdkException e && RetryUtils.isThrottlingException(e);
    }

    /**
     * Creates once; when the answer is lost, or AWS answers that it {@code exists} already, looks it up and
     * returns what it finds. Only when the look-up finds nothing is the create sent again (at most
     * {@link #ATTEMPTS} times in all). A refusal (a 4xx other than throttling) is thrown at once: AWS did nothing.
     */
    public static <T> T createOrAdopt(Supplier<T> create, Supplier<Optional<T>> lookUp,
            Predicate<AwsServiceException> exists) {
        SdkException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                return create.get();
            } catch (AwsServiceException e) {
                boolean alreadyThere = exists.test(e);
                if (!alreadyThere && refused(e)) {
                    throw e;
                }
                Optional<T> found = lookUp.get();
                if (found.isPresent()) {
                    return found.get();
                }
                if (alreadyThere) {
                    throw e;
                }
                last = e;
            } catch (SdkException e) {
                Optional<T> found = lookUp.get();
                if (found.isPresent()) {
                    return found.get();
                }
                last = e;
            }
        }
        throw last;
    }

    /** Whether AWS refused the call (so did nothing): a 4xx that is not throttling. */
    static boolean refused(AwsServiceException e) {
        return e.statusCode() >= 400 && e.statusCode() < 500 && !e.isThrottlingException();
    }

    /** An error code test for {@link #createOrAdopt}'s {@code exists}. */
    public static Predicate<AwsServiceException> code(String... codes) {
        return e -> {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            for (String c : codes) {
                if (c.equals(code)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** For creates whose "already exists" answer is not told apart. */
    public static Predicate<AwsServiceException> never() {
        return e -> false;
    }
}
