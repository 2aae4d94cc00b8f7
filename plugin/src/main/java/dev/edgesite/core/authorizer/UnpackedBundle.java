package dev.edgesite.core.authorizer;

import dev.edgesite.core.Log;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The authorizer zip unpacked as Lambda would see it, with the driver beside it, in a temporary folder
 * only its owner can read (config.json holds the cookie secret). Closing deletes the folder.
 */
final class UnpackedBundle implements AutoCloseable {
    private static final String DRIVER = "dev/edgesite/node/driver.mjs";

    private final Path root;
    private final Log log;

    private UnpackedBundle(Path root, Log log) {
        this.root = root;
        this.log = log;
    }

    static UnpackedBundle of(byte[] zip, Log log) {
        UnpackedBundle bundle = new UnpackedBundle(privateTempDir(), log);
        try {
            bundle.unzip(zip);
            Files.write(bundle.driver(), driverScript());
            return bundle;
        } catch (IOException e) {
            bundle.close();
            throw new UncheckedIOException("Cannot unpack the authorizer into " + bundle.root, e);
        }
    }

    Path driver() {
        return root.resolve("driver.mjs");
    }

    Path handlerDir() {
        return root.resolve("authorizer");
    }

    private void unzip(byte[] zip) throws IOException {
        Path dir = Files.createDirectory(handlerDir());
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                Path target = dir.resolve(entry.getName()).normalize();
                if (!target.startsWith(dir) || target.equals(dir)) {
                    throw new IOException("the authorizer zip has an entry outside its folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target);
                }
            }
        }
    }

    private static Path privateTempDir() {
        try {
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                return Files.createTempDirectory("edgesite-authorizer-",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            return Files.createTempDirectory("edgesite-authorizer-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary folder for the authorizer", e);
        }
    }

    private static byte[] driverScript() throws IOException {
        try (InputStream in = UnpackedBundle.class.getClassLoader().getResourceAsStream(DRIVER)) {
            if (in == null) {
                throw new IllegalStateException(DRIVER + " is missing from the plugin");
            }
            return in.readAllBytes();
        }
    }

    /** Deletes the folder; what cannot be deleted is reported, as it may hold the cookie secret. */
    @Override
    public void close() {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException | UncheckedIOException e) {
            log.warn("Could not delete " + root + " (" + e.getMessage() + "). Delete it yourself: its config.json"
                    + " holds the authorizer's cookie secret.");
        }
    }
}
