package dev.edgesite.core.authorizer;

/** The node process running the authorizer did not start, stopped, or gave no answer to a request. */
public final class AuthorizerProcessException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AuthorizerProcessException(String message) {
        super(message);
    }

    AuthorizerProcessException(String message, Throwable cause) {
        super(message, cause);
    }
}
