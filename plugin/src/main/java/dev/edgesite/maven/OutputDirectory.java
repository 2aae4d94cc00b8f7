package dev.edgesite.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoExecutionException;

/** The folder where the goals write what they did or would do: stack.json, plan.json, sync.json, invalidate.json. */
final class OutputDirectory {
    private final Path directory;

    OutputDirectory(Path directory) {
        this.directory = directory;
    }

    Path file(String fileName) {
        return directory.resolve(fileName);
    }

    Path write(String fileName, String content) throws MojoExecutionException {
        Path file = file(fileName);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw Advice.cannotWrite(file, e);
        }
        return file;
    }
}
