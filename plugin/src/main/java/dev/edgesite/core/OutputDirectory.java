package dev.edgesite.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The folder where the goals write what they did or would do ({@code stack.json}, {@code plan.json},
 * {@code sync.json}, {@code invalidate.json}, {@code destroy.json}) and what the next run reads back.
 */
public final class OutputDirectory {
    private final Path directory;

    public OutputDirectory(Path directory) {
        this.directory = directory;
    }

    /** A folder inside this one, such as {@code previews/pr-7} for what a preview's goals write. */
    public OutputDirectory subdirectory(String path) {
        return new OutputDirectory(directory.resolve(path));
    }

    public Path file(String fileName) {
        return directory.resolve(fileName);
    }

    /** Writes the file, making the folder first; {@link CannotWriteException} when the disk refuses. */
    public Path write(String fileName, String content) {
        Path file = file(fileName);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new CannotWriteException(file, e);
        }
        return file;
    }

    /** An output file could not be written. */
    public static final class CannotWriteException extends UncheckedIOException {
        private static final long serialVersionUID = 1L;
        private final transient Path file;

        public CannotWriteException(Path file, IOException cause) {
            super("Could not write " + file + ": " + cause.getMessage(), cause);
            this.file = file;
        }

        public Path file() {
            return file;
        }
    }
}
