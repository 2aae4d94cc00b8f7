package dev.edgesite.core.sync;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a site file's bytes come from; each call opens a fresh stream from the start. */
@FunctionalInterface
public interface ContentSource {
    InputStream open() throws IOException;

    static ContentSource of(Path file) {
        return () -> Files.newInputStream(file);
    }

    static ContentSource of(byte[] bytes) {
        return () -> new ByteArrayInputStream(bytes);
    }
}
