package dev.edgesite.core.authorizer;

import dev.edgesite.core.Log;
import java.lang.System.Logger.Level;

/** The JDK's platform logger as a {@link Log}, for callers that pass no sink of their own. */
final class PlatformLog implements Log {
    private final System.Logger logger = System.getLogger(NodeAuthorizer.class.getName());

    @Override
    public void info(String message) {
        logger.log(Level.INFO, message);
    }

    @Override
    public void debug(String message) {
        logger.log(Level.DEBUG, message);
    }

    @Override
    public void warn(String message) {
        logger.log(Level.WARNING, message);
    }
}
