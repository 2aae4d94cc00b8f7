package dev.edgesite.core.sync;

import java.nio.file.Path;

/** The site directory is missing, not a directory, or holds no file to publish. */
public final class SiteDirectoryException extends SyncRefusedException {
    public enum Problem {
        MISSING("does not exist"),
        NOT_A_DIRECTORY("is not a directory"),
        EMPTY("holds no file to publish");

        private final String description;

        Problem(String description) {
            this.description = description;
        }
    }

    private final Path directory;
    private final Problem problem;

    public SiteDirectoryException(Path directory, Problem problem) {
        super("The site directory " + directory + " " + problem.description + "; nothing was synced");
        this.directory = directory;
        this.problem = problem;
    }

    public Path directory() {
        return directory;
    }

    public Problem problem() {
        return problem;
    }
}
