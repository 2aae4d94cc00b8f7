package dev.edgesite.core.authorizer;

/** No Node.js that can run the authorizer: the executable is missing, cannot start, or is older than 20. */
public final class NodeUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NodeUnavailableException(String message) {
        super(message);
    }

    NodeUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
