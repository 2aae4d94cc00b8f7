package dev.edgesite.core.provision;

/** A wait ran out of time; what was done stays done, and the next provision continues from there. */
public final class ProvisionTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProvisionTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
