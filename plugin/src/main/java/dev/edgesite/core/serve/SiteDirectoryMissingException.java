package dev.edgesite.core.serve;

import java.nio.file.Path;

/** There is no site to serve: the site directory does not exist (yet), or is not a directory. */
public final class SiteDirectoryMissingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Path directory;

    SiteDirectoryMissingException(Path directory) {
        super("The site directory " + directory + " does not exist or is not a directory");
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }
}
