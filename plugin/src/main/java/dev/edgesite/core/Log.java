package dev.edgesite.core;

/**
 * Where the core reports: lifecycle lines at info, details at debug. The Maven layer forwards
 * these to Maven's log; tests collect them. Never pass a token, secret or key.
 */
public interface Log {
    void info(String message);

    void debug(String message);

    void warn(String message);

    /** Whether progress may redraw one line (an interactive terminal) rather than print lines. */
    default boolean interactive() {
        return false;
    }

    Log NONE = new Log() {
        @Override
        public void info(String message) {}

        @Override
        public void debug(String message) {}

        @Override
        public void warn(String message) {}
    };
}
