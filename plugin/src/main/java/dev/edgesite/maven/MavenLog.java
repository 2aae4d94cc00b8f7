package dev.edgesite.maven;

import dev.edgesite.core.Log;

/** The core's log, written to Maven's. */
final class MavenLog implements Log {
    private final org.apache.maven.plugin.logging.Log maven;
    private final boolean interactive;

    MavenLog(org.apache.maven.plugin.logging.Log maven, boolean interactive) {
        this.maven = maven;
        this.interactive = interactive;
    }

    @Override
    public void info(String message) {
        maven.info(message);
    }

    @Override
    public void debug(String message) {
        maven.debug(message);
    }

    @Override
    public void warn(String message) {
        maven.warn(message);
    }

    @Override
    public boolean interactive() {
        return interactive;
    }
}
