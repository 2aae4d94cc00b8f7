package dev.edgesite.core.users;

/** The stack has no user pool to invite into: it was never provisioned, or the settings name another stack. */
public final class PoolNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PoolNotFoundException(String stack, String pool, String region) {
        super("Stack '" + stack + "' has no user pool " + pool + " in " + region + ". Run mvn edgesite:provision"
                + " first, or check <stack> and <region>.");
    }
}
