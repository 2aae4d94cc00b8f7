package dev.edgesite.core.provision;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesite.core.Log;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

class WaitsTest {
    @Test
    void aWaiterThatGaveUpIsATimeOutThatSaysHowToGoOn() {
        SdkClientException waiter = SdkClientException.create(
                "The waiter has exceeded the max wait time or the next retry will exceed the max wait time + ...");

        ProvisionTimeoutException e = assertThrows(ProvisionTimeoutException.class,
                () -> Waits.during(Log.NONE, "the certificate", Duration.ofMinutes(30), () -> {
                    throw waiter;
                }));

        assertSame(waiter, e.getCause());
        assertTrue(e.getMessage().contains("Gave up waiting for the certificate after 30 min"), e.getMessage());
        assertTrue(e.getMessage().contains("run provision again"), e.getMessage());
    }

    @Test
    void anyOtherFailureStaysWhatItIs() {
        IllegalStateException failed = new IllegalStateException("certificate validation failed");

        assertSame(failed, assertThrows(IllegalStateException.class,
                () -> Waits.during(Log.NONE, "the certificate", Duration.ofMinutes(30), () -> {
                    throw failed;
                })));
    }
}
